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


# Elements that open a paragraph of their own in an entry's HTML.
_BLOCKS = frozenset(
    {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table"}
    | {"tr", "section", "article", "figure", "figcaption", "dd", "dt"}
)


# characters XML 1.0 cannot hold: C0 controls but tab, newline and carriage return
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _html_to_text(fragment: str) -> str:
    """The entry's HTML as plain paragraphs separated by blank lines.

    Every piece of text is kept once: a block (paragraph, list item, quote)
    starts and ends a paragraph, ``<br>`` breaks a line, and text outside any
    block is a paragraph of its own. Nested blocks (a quote's paragraphs) give
    their text once, not once per level.
    """
    import lxml.html

    # XML cannot hold control characters (lxml refuses them); news text has no use for them
    fragment = _CONTROLS.sub(" ", fragment)
    if "<" not in fragment:
        return "\n\n".join(p for p in (" ".join(b.split()) for b in re.split(r"\n\s*\n", fragment)) if p)
    root = lxml.html.fromstring(f"<div>{fragment}</div>")
    for node in list(root.iter("script", "style")):
        node.drop_tree()
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue  # comments and processing instructions
        if node.tag in _BLOCKS:
            node.text = "\n\n" + (node.text or "")
            node.tail = "\n\n" + (node.tail or "")
        elif node.tag == "br":
            node.tail = "\n" + (node.tail or "")
    paragraphs = (" ".join(block.split()) for block in re.split(r"\n\s*\n", root.text_content()))
    return "\n\n".join(p for p in paragraphs if p)


def entry_published(entry: Any) -> str | None:
    """A feed entry's publication (or update) time as ISO 8601 UTC, or None."""
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
                "published": entry_published(entry),
                "outlet": outlet,
            }.items()
            if v
        }
        yield Source(origin=str(path), format="feed", text=text, line=number, meta=meta)
