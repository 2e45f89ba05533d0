"""Saved HTML pages: one page, one document; the raw HTML goes to the cleaner."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from eventwire.ingest.text import source_from_bytes
from eventwire.records import ErrorRecord, Source

_HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<meta|<article|<div|<p[ >])", re.IGNORECASE)


def looks_like_html(data: bytes) -> bool:
    """True when the document starts like an HTML page."""
    return bool(_HTML_START.match(data[:2048]))


def read_html(path: Path, data: bytes) -> Iterator[Source | ErrorRecord]:
    """Yield the page as one ``html`` Source."""
    yield source_from_bytes(str(path), data, "html")
