"""Plain-text files: one file, one document."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from eventwire.ingest.decode import decode_bytes
from eventwire.records import ErrorRecord, Source


def source_from_bytes(origin: str, data: bytes, fmt: str) -> Source:
    """Decode a whole document; raises InputError when it is not readable text."""
    text, warning = decode_bytes(data)
    meta = {"warning": warning} if warning else {}
    return Source(origin=origin, format=fmt, text=text, meta=meta)


def read_text(path: Path, data: bytes) -> Iterator[Source | ErrorRecord]:
    """Yield the file as one ``text`` Source."""
    yield source_from_bytes(str(path), data, "text")
