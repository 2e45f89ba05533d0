"""RSS and Atom feed files: one entry, one document.

Each entry's richest content (full content, else summary) is turned from HTML
into plain paragraphs, which are the Source's text (format ``feed``); the
entry's title, link, id and publication time and the feed's title (as outlet)
go to its metadata. The title stays out of the text, so the cleaner never
takes a first paragraph for it nor gives the body twice.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from eventwire.records import ErrorRecord, Source

_FEED_START = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(rss|feed|rdf:RDF)\b", re.DOTALL)


def looks_like_feed(data: bytes) -> bool:
    """True when the document is an RSS or Atom feed."""
    return bool(_FEED_START.match(data[:4096]))


def _html_to_text(fragment: str) -> str:
    import lxml.html

    if "<" not in fragment:
        return fragment.strip()
    root = lxml.html.fromstring(f"<div>{fragment}</div>")
    blocks = [
        " ".join(el.text_content().split()) for el in root.iter("p", "li", "h1", "h2", "h3", "blockquote")
    ]
    blocks = [b for b in blocks if b]
    return "\n\n".join(blocks) if blocks else " ".join(root.text_content().split())


def _published(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    year, month, day, hour, minute, second = parsed[:6]
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC).isoformat()


def read_feed(path: Path, data: bytes) -> Iterator[Source | ErrorRecord]:
    """Yield one ``feed`` Source per feed entry that has text; ``line`` is the entry's number."""
    import feedparser

    parsed = feedparser.parse(data)
    outlet = parsed.feed.get("title")
    if not parsed.entries:
        yield ErrorRecord(str(path), "ingest", "feed has no entries", error_type="InputError")
        return
    for number, entry in enumerate(parsed.entries, start=1):
        contents = [c.get("value", "") for c in entry.get("content", [])]
        html = max(contents, key=len) if contents else entry.get("summary", "")
        text = _html_to_text(html)
        if not text:
            yield ErrorRecord(
                str(path), "ingest", "feed entry has no text", line=number, error_type="EmptyInputError"
            )
            continue
        title = entry.get("title")
        meta = {
            k: v
            for k, v in {
                "id": entry.get("id") or entry.get("link"),
                "title": title,
                "url": entry.get("link"),
                "published": _published(entry),
                "outlet": outlet,
            }.items()
            if v
        }
        yield Source(origin=str(path), format="feed", text=text, line=number, meta=meta)
