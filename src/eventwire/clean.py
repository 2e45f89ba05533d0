"""Source to Article: keep the article, drop the page furniture, find the metadata.

Three kinds of source, three treatments:

- an HTML page (a file or a WARC response) goes through trafilatura
  (``clean_html``): body, title, canonical URL, site name, date, author;
- a corpus record (a JSONL line, a CSV row) is an article already: its text is
  the body, whole, and it has a title only when the record gives one. A first
  paragraph that repeats that title is the title, not body;
- a feed entry is a record too, but its text is the publisher's HTML, which
  can carry the outlet's sharing and subscription lines: those lines, and lines
  the entries of one feed all repeat, are dropped, and counted;
- plain text is a page capture: the line classifier (``clean_text``) finds
  title, outlet, dateline, captions, credits and corrections and drops the
  furniture.

Every article names its language (an ISO 639-1 code, ``language.py``) and
says, in ``dropped_words``, how many words cleaning dropped and why; when that
is most of the document the article carries a warning.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from typing import Any

from eventwire.clean_html import MIN_HTML_ARTICLE_WORDS, extract_page, text_size
from eventwire.clean_text import (
    Parts,
    TextRules,
    classify_lines,
    furniture_kind,
    inferred_range,
    learn_outlet_furniture,
    load_rules,
    looks_like_title,
    outlet_key,
    parse_dateline,
    words,
)
from eventwire.errors import CleanError
from eventwire.language import has_letters, identify_language
from eventwire.records import Article, Source

__all__ = [
    "MIN_HTML_ARTICLE_WORDS",
    "Parts",
    "TextRules",
    "article_id",
    "article_language",
    "classify_lines",
    "clean_source",
    "furniture_kind",
    "learn_outlet_furniture",
    "load_rules",
    "looks_like_title",
    "outlet_key",
    "parse_dateline",
    "text_size",
]

logger = logging.getLogger(__name__)

# Corpus records: the record says what the text is, and it is kept whole.
RECORD_FORMATS = frozenset({"jsonl", "csv"})
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def article_id(source: Source, body: str) -> str:
    """The corpus id when given, else a hash of the normalised body and the origin."""
    if source.meta.get("id"):
        return source.meta["id"]
    normalised = " ".join(body.split()).lower()
    return hashlib.sha256(f"{source.origin}\n{normalised}".encode()).hexdigest()[:16]


def article_language(text: str) -> str:
    """The ISO 639-1 code of the text's language; raises CleanError for text with no letters."""
    if not has_letters(text):
        raise CleanError("no letters in the text: nothing in any language to read")
    return identify_language(text)[0]


def _source_field(source: Source, found_url: str | None = None) -> dict[str, Any]:
    """Where the article came from: the file, the record's line in it, the URL.

    The URL is the one the container states (WARC target, feed link, corpus
    field), else the one the page names as its own (canonical link).
    """
    field: dict[str, Any] = {"path": source.origin, "format": source.format}
    if source.line is not None:
        field["line"] = source.line
    url = source.meta.get("url") or found_url
    if url:
        field["url"] = url
    return field


def _drop_summary(dropped: Counter[str]) -> str:
    return ", ".join(f"{reason}: {n}" for reason, n in dropped.most_common())


def _warnings(source: Source, dropped: Counter[str], rules: TextRules) -> list[str]:
    """The document's warnings: how it was decoded, and a drop of most of its words."""
    warnings = [source.meta["warning"]] if source.meta.get("warning") else []
    lost = sum(dropped.values())
    total = words(source.text)
    if total and lost > rules.warn_dropped_share * total:
        warnings.append(f"cleaning dropped {lost} of {total} words ({_drop_summary(dropped)})")
    return warnings


def _nothing_left(dropped: Counter[str]) -> CleanError:
    if not dropped:
        return CleanError("no article text in the document")
    lost = sum(dropped.values())
    return CleanError(f"no article text left: all {lost} words dropped ({_drop_summary(dropped)})")


def _clean_html(source: Source, rules: TextRules) -> Article:
    page = extract_page(source.text, rules)
    return Article(
        id=article_id(source, page.body),
        source=_source_field(source, page.url),
        title=source.meta.get("title") or page.title,
        outlet=source.meta.get("outlet") or page.sitename,
        published=source.meta.get("published") or page.date,
        byline=page.author,
        body=page.body,
        captions=page.captions,
        credits=page.credits,
        language=article_language("\n".join(filter(None, [page.title, page.body]))),
        errors=_warnings(source, Counter(), rules),
    )


def _split_title(text: str, title: str | None) -> str:
    """The text without a first paragraph that only repeats the record's title."""
    if not title:
        return text
    parts = _PARAGRAPH_BREAK.split(text, maxsplit=1)
    if len(parts) == 2 and " ".join(parts[0].split()) == " ".join(title.split()):
        return parts[1].strip()
    return text


def _record_article(source: Source, rules: TextRules, outlet_lines: frozenset[str]) -> Article:
    """A corpus record or feed entry: its text is the body; its title only the one it gives.

    Corpus records are kept whole. A feed entry's paragraphs that are furniture
    (or lines every entry of the feed repeats) are dropped and counted.
    """
    title = source.meta.get("title")
    body = _split_title(source.text.strip(), title)
    dropped: Counter[str] = Counter()
    if source.format not in RECORD_FORMATS:
        kept = []
        for paragraph in _PARAGRAPH_BREAK.split(body):
            line = paragraph.strip()
            reason = furniture_kind(line, rules) or ("outlet_line" if line in outlet_lines else None)
            if reason:
                dropped[reason] += words(line)
            elif line:
                kept.append(line)
        body = "\n\n".join(kept)
    if not body.strip():
        raise _nothing_left(dropped)
    return Article(
        id=article_id(source, body),
        source=_source_field(source),
        title=title,
        outlet=source.meta.get("outlet"),
        published=source.meta.get("published"),
        body=body,
        language=article_language("\n".join(filter(None, [title, body]))),
        dropped_words=dict(dropped),
        errors=_warnings(source, dropped, rules),
    )


def _text_article(source: Source, rules: TextRules, outlet_lines: frozenset[str]) -> Article:
    parts = classify_lines(source.text, rules, outlet_lines)
    body = "\n\n".join(parts.body)
    if not body.strip():
        raise _nothing_left(parts.dropped)
    published = source.meta.get("published") or parts.published
    inferred = None if published else inferred_range(parts, body)
    title = source.meta.get("title") or parts.title
    return Article(
        id=article_id(source, body),
        source=_source_field(source),
        title=title,
        outlet=source.meta.get("outlet") or parts.outlet,
        published=published,
        published_inferred=inferred,
        body=body,
        captions=parts.captions,
        credits=parts.credits,
        corrections=parts.corrections,
        language=article_language("\n".join(filter(None, [title, body]))),
        dropped_words=dict(parts.dropped),
        errors=_warnings(source, parts.dropped, rules),
    )


def clean_source(source: Source, outlet_lines: frozenset[str] = frozenset()) -> Article:
    """Turn a Source into an Article; raises CleanError when no article text remains.

    ``outlet_lines`` are lines learnt as the outlet's furniture from the other
    documents of the batch (plain text and feed entries only).
    """
    rules = load_rules()
    if source.format == "html":
        return _clean_html(source, rules)
    if source.format in RECORD_FORMATS or source.format == "feed":
        return _record_article(source, rules, outlet_lines)
    return _text_article(source, rules, outlet_lines)
