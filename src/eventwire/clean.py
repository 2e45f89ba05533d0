"""Source to Article: keep the article, drop the page furniture, find the metadata.

HTML pages go through trafilatura (body, title, date, author, site name). Plain
text that still carries page furniture goes through our own line classifier,
whose patterns live in ``data/clean/text_rules.yaml``:

1. the first non-empty line is the title;
2. outlet lines ("Via AP news wire") and datelines ("Friday 24 September 2021
   05:19 BST") give the outlet and the publication time; any summary between
   the title and that metadata block is a standfirst, not body;
3. furniture lines (appeals, subscription offers, login prompts, sharing and
   copyright lines) are dropped, and so are short lines repeated in the page;
4. a line ending in a photo credit is a caption (the credit split off), and the
   short label line just before it is dropped; contributor lines are credits;
   correction notices are parsed into date and text;
5. short lines without sentence punctuation (tag lists, labels) are dropped.

Every kept body line is a line of the input, unchanged, so offsets stay true.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import re
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from eventwire.errors import CleanError
from eventwire.records import Article, Correction, Source

logger = logging.getLogger(__name__)

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
# How far into the page the metadata block (outlet, dateline) may start.
METADATA_WINDOW = 10
# A line repeated in this many documents of one outlet in a batch, and in this
# share of them, is that outlet's furniture. Three documents is the smallest
# count at which a repeat is unlikely to be a quoted sentence shared by two
# stories; half keeps lines of a running series (shared by a few) in.
OUTLET_MIN_DOCUMENTS = 3
# What trafilatura keeps of a page with no article (a menu, a cookie notice)
# is a handful of words; the shortest news briefs run to several sentences.
MIN_HTML_ARTICLE_WORDS = 20
OUTLET_MIN_SHARE = 0.5
_SENTENCE_END = re.compile(r"[.!?…\"'”’):]\s*$")
# where a caption's sentence ends and its credit begins
_CREDIT_BOUNDARY = re.compile(r"[.!?]\s+(?=[A-Z])")
_MONTH_DAY = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s*(\d{1,2})\b(?:,?\s*(\d{4}))?"
)


@dataclass(frozen=True)
class TextRules:
    """The compiled rules of ``data/clean/text_rules.yaml``."""

    furniture: tuple[tuple[str, re.Pattern[str]], ...]
    max_furniture_words: int
    photo_credit: re.Pattern[str]
    contributor: re.Pattern[str]
    correction: re.Pattern[str]
    outlet: re.Pattern[str]
    dateline_dmy: re.Pattern[str]
    dateline_mdy: re.Pattern[str]
    zones: dict[str, str]
    max_label_words: int
    english_words: frozenset[str]
    english_min_share: float


@functools.cache
def load_rules() -> TextRules:
    """Load and compile the text-cleaning rules once per process."""
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("eventwire").joinpath("data/clean/text_rules.yaml").read_text("utf-8")
    )
    flags = re.IGNORECASE
    furniture = tuple(
        (group, re.compile(pattern, flags))
        for group, patterns in raw["furniture"].items()
        for pattern in patterns
    )
    return TextRules(
        furniture=furniture,
        max_furniture_words=int(raw["max_furniture_words"]),
        photo_credit=re.compile(raw["photo_credit"]),
        contributor=re.compile(raw["contributor"], flags),
        correction=re.compile(raw["correction"], flags),
        outlet=re.compile(raw["outlet"], flags),
        dateline_dmy=re.compile(raw["dateline_dmy"], flags),
        dateline_mdy=re.compile(raw["dateline_mdy"], flags),
        zones={k.lower(): v for k, v in raw["zones"].items()},
        max_label_words=int(raw["max_label_words"]),
        english_words=frozenset(raw["english_words"]),
        english_min_share=float(raw["english_min_share"]),
    )


@dataclass
class _Parts:
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    body: list[str] | None = None
    captions: list[str] | None = None
    credits: list[str] | None = None
    corrections: list[Correction] | None = None


def _words(line: str) -> int:
    return len(line.split())


def furniture_kind(line: str, rules: TextRules) -> str | None:
    """Return the furniture group a short line belongs to, or None."""
    if _words(line) > rules.max_furniture_words:
        return None
    for group, pattern in rules.furniture:
        if pattern.search(line):
            return group
    return None


def _zone_offset(zone: str | None, month: int, rules: TextRules) -> str | None:
    if not zone:
        return None
    zone = zone.lower()
    if zone in {"et", "ct", "pt", "mt"}:
        summer = 3 <= month <= 10
        base = {"et": -5, "ct": -6, "mt": -7, "pt": -8}[zone] + (1 if summer else 0)
        return f"{base:+03d}:00"
    if re.fullmatch(r"[+-]\d{2}:?\d{2}", zone):
        return zone[:3] + ":" + zone[-2:]
    return rules.zones.get(zone)


def parse_dateline(line: str, rules: TextRules | None = None) -> str | None:
    """Return an ISO 8601 timestamp for a dateline line, or None when it is not one."""
    rules = rules or load_rules()
    line = line.strip()
    match = rules.dateline_dmy.match(line)
    if match:
        day_s, month_s, year_s, hour_s, minute_s, ampm, zone = match.groups()
    else:
        match = rules.dateline_mdy.match(line)
        if not match:
            return None
        month_s, day_s, year_s, hour_s, minute_s, ampm, zone = match.groups()
    month = MONTHS.get(month_s.lower().rstrip("."))
    if month is None:
        return None
    try:
        day = dt.date(int(year_s), month, int(day_s))
    except ValueError:
        return None
    if hour_s is None:
        return day.isoformat()
    hour = int(hour_s) % 12 + (12 if ampm and ampm.lower().startswith("p") else 0) if ampm else int(hour_s)
    stamp = f"{day.isoformat()}T{hour:02d}:{int(minute_s):02d}:00"
    offset = _zone_offset(zone, month, rules)
    return stamp + (offset or "")


def _parse_us_date(text: str) -> str | None:
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2,4})", text)
    if not match:
        return None
    month, day, year = (int(g) for g in match.groups())
    year += 2000 if year < 100 else 0
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _split_caption(line: str, rules: TextRules) -> tuple[str, str] | None:
    match = rules.photo_credit.search(line)
    if not match or _words(line) < 4:
        return None
    boundaries = [m.end() for m in _CREDIT_BOUNDARY.finditer(line, 0, match.start())]
    if not boundaries:
        return None
    cut = boundaries[-1]
    caption, credit = line[:cut].strip(), line[cut:].strip()
    return (caption, credit) if caption and credit else None


def _metadata_block(lines: list[str], rules: TextRules) -> tuple[int, str | None, str | None]:
    """Find the outlet/dateline lines near the top: (index after them, outlet, published)."""
    outlet = published = None
    last = -1
    for index, line in enumerate(lines[:METADATA_WINDOW]):
        if index == 0:
            continue
        outlet_match = rules.outlet.match(line)
        stamp = parse_dateline(line, rules)
        if outlet_match and _words(line) <= 6:
            outlet = outlet_match.group(1).strip()
            last = index
        elif stamp:
            published = stamp
            last = index
    return last + 1, outlet, published


def outlet_key(source: Source) -> str:
    """What groups documents of one outlet in a batch: the stated outlet, the
    URL's host, or else the folder the file lies in."""
    if source.meta.get("outlet"):
        return "outlet:" + source.meta["outlet"].lower()
    url = source.meta.get("url", "")
    if "://" in url:
        return "host:" + url.split("://", 1)[1].split("/", 1)[0].lower()
    return "folder:" + source.origin.rsplit("/", 1)[0]


def learn_outlet_furniture(
    sources: list[Source], rules: TextRules | None = None
) -> dict[str, frozenset[str]]:
    """Lines that repeat across one outlet's documents in a batch: its own furniture.

    A short line (at most ``max_furniture_words`` words) found in at least
    ``OUTLET_MIN_DOCUMENTS`` documents of the same outlet, and in at least
    ``OUTLET_MIN_SHARE`` of them, is a sign-off, menu or promotion of that
    outlet, not news: article sentences do not repeat across stories.
    """
    rules = rules or load_rules()
    by_key: dict[str, list[Source]] = {}
    for source in sources:
        if source.format == "text":
            by_key.setdefault(outlet_key(source), []).append(source)
    learned: dict[str, frozenset[str]] = {}
    for key, group in by_key.items():
        if len(group) < OUTLET_MIN_DOCUMENTS:
            continue
        counts: Counter[str] = Counter()
        for source in group:
            lines = {line.strip() for line in source.text.splitlines()}
            counts.update(line for line in lines if line and _words(line) <= rules.max_furniture_words)
        needed = max(OUTLET_MIN_DOCUMENTS, OUTLET_MIN_SHARE * len(group))
        repeated = frozenset(line for line, n in counts.items() if n >= needed)
        if repeated:
            learned[key] = repeated
    return learned


def classify_lines(
    text: str, rules: TextRules | None = None, outlet_lines: frozenset[str] = frozenset()
) -> _Parts:
    """Split plain text into title, body lines, captions, credits, corrections and metadata.

    ``outlet_lines`` are lines learnt as this outlet's own furniture (see
    ``learn_outlet_furniture``); they are dropped wherever they stand.
    """
    rules = rules or load_rules()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    parts = _Parts(body=[], captions=[], credits=[], corrections=[])
    assert parts.body is not None and parts.captions is not None
    assert parts.credits is not None and parts.corrections is not None
    if not lines:
        return parts
    parts.title = lines[0]
    start, parts.outlet, parts.published = _metadata_block(lines, rules)
    if start == 0:
        start = 1
    counts = Counter(lines)
    candidates = lines[start:]
    for index, line in enumerate(candidates):
        nxt = candidates[index + 1] if index + 1 < len(candidates) else ""
        if furniture_kind(line, rules) or line in outlet_lines:
            continue
        if counts[line] > 1 and _words(line) <= rules.max_label_words * 2:
            continue  # repeated short lines: names, menus, offers
        contributor = rules.contributor.match(line)
        if contributor:
            parts.credits.append(contributor.group(1).strip())
            continue
        correction = rules.correction.match(line)
        if correction and _words(line) <= 60:
            date = _parse_us_date(correction.group(1)) if correction.group(1) else None
            parts.corrections.append(Correction(date=date, text=correction.group(2).strip()))
            continue
        caption = _split_caption(line, rules)
        if caption is not None:
            parts.captions.append(caption[0])
            parts.credits.append(caption[1])
            continue
        if _words(line) <= rules.max_label_words and not _SENTENCE_END.search(line):
            continue  # a label, tag list or heading (also the label of a caption below)
        if _split_caption(nxt, rules) is not None and _words(line) <= rules.max_label_words:
            continue
        parts.body.append(line)
    return parts


def _inferred_range(parts: _Parts, body: str) -> dict[str, str] | None:
    """Bounds on an unstated publication date from the dates inside the page.

    A correction was written after the article, so the earliest correction date
    is the upper bound; the latest explicit date before it that the article or
    its captions mention is taken as the lower bound (the page reports things
    that happened then). Without a correction there is no bound.
    """
    dated = [c.date for c in parts.corrections or [] if c.date]
    if not dated:
        return None
    end = min(dated)
    year = int(end[:4])
    mentioned = []
    for match in _MONTH_DAY.finditer(body + "\n" + "\n".join(parts.captions or [])):
        month = MONTHS[match.group(1).lower()]
        try:
            day = dt.date(int(match.group(3) or year), month, int(match.group(2)))
        except ValueError:
            continue
        if day.isoformat() < end:
            mentioned.append(day.isoformat())
    return {"start": max(mentioned) if mentioned else end, "end": end}


# Below this many words a text is too short to tell its language.
MIN_WORDS_FOR_LANGUAGE = 20


def detect_language(text: str, rules: TextRules | None = None) -> str | None:
    """Return "en" when English function words are common enough, "und" (another
    language, undetermined) when they are not, None when the text is too short to tell."""
    rules = rules or load_rules()
    words = re.findall(r"[^\W\d_']+", text.lower())
    if len(words) < MIN_WORDS_FOR_LANGUAGE:
        return None
    share = sum(w in rules.english_words for w in words) / len(words)
    return "en" if share >= rules.english_min_share else "und"


def article_id(source: Source, body: str) -> str:
    """The corpus id when given, else a hash of the normalised body and the origin."""
    if source.meta.get("id"):
        return source.meta["id"]
    normalised = " ".join(body.split()).lower()
    return hashlib.sha256(f"{source.origin}\n{normalised}".encode()).hexdigest()[:16]


def _source_field(source: Source) -> dict[str, str]:
    if source.meta.get("url"):
        return {"url": source.meta["url"], "format": source.format}
    return {"path": source.origin, "format": source.format}


def _html_captions(html: str, rules: TextRules) -> tuple[list[str], list[str]]:
    """Captions and photo credits the page marks up (<figcaption>, credit classes)."""
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return [], []
    captions: list[str] = []
    credits: list[str] = []
    for node in root.iter("figcaption"):
        credit_nodes = [
            n for n in node.iter() if "credit" in (n.get("class") or "").lower() and n is not node
        ]
        for credit_node in credit_nodes:
            credit = " ".join(credit_node.text_content().split())
            if credit:
                credits.append(credit)
            credit_node.drop_tree()
        text = " ".join(node.text_content().split())
        split = _split_caption(text, rules)
        if split is not None:
            text = split[0]
            credits.append(split[1])
        if text:
            captions.append(text)
    return captions, credits


def _clean_html(source: Source) -> Article:
    import trafilatura

    document = trafilatura.bare_extraction(source.text, with_metadata=True, include_comments=False)
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        raise CleanError("no article text found in the page")
    captions, credits = _html_captions(source.text, load_rules())
    caption_set = {" ".join(c.split()) for c in captions}
    lines = [line for line in text.strip().splitlines() if " ".join(line.split()) not in caption_set]
    body = "\n".join(lines).strip()
    if len(body.split()) < MIN_HTML_ARTICLE_WORDS:
        raise CleanError(f"no article text found in the page (only {len(body.split())} words left)")
    published = source.meta.get("published") or getattr(document, "date", None)
    return Article(
        id=article_id(source, body),
        source=_source_field(source),
        title=source.meta.get("title") or getattr(document, "title", None),
        outlet=source.meta.get("outlet") or getattr(document, "sitename", None),
        published=published,
        byline=getattr(document, "author", None),
        body=body,
        captions=captions,
        credits=credits,
        language=detect_language(body),
        errors=[source.meta["warning"]] if source.meta.get("warning") else [],
    )


def clean_source(source: Source, outlet_lines: frozenset[str] = frozenset()) -> Article:
    """Turn a Source into an Article; raises CleanError when no article text remains.

    ``outlet_lines`` are lines learnt as the outlet's furniture from the other
    documents of the batch.
    """
    if source.format == "html":
        return _clean_html(source)
    rules = load_rules()
    if source.format in {"jsonl", "csv"}:
        return _record_article(source, rules)
    parts = classify_lines(source.text, rules, outlet_lines)
    body_lines = parts.body or []
    if source.meta.get("title") and not body_lines and parts.title:
        body_lines = [parts.title]
    if source.meta.get("title") and parts.title and parts.title != source.meta["title"]:
        body_lines = [parts.title, *body_lines]
    body = "\n\n".join(body_lines)
    if not body.strip():
        raise CleanError("no article text left after removing page furniture")
    published = source.meta.get("published") or parts.published
    inferred = None if published else _inferred_range(parts, body)
    return Article(
        id=article_id(source, body),
        source=_source_field(source),
        title=source.meta.get("title") or parts.title,
        outlet=source.meta.get("outlet") or parts.outlet,
        published=published,
        published_inferred=inferred,
        body=body,
        captions=parts.captions or [],
        credits=parts.credits or [],
        corrections=parts.corrections or [],
        language=detect_language(body, rules),
        errors=[source.meta["warning"]] if source.meta.get("warning") else [],
    )


def _record_article(source: Source, rules: TextRules) -> Article:
    """A corpus record: its text is the body, whole; its title only the one it gives."""
    body = source.text.strip()
    if not body:
        raise CleanError("record text is empty")
    return Article(
        id=article_id(source, body),
        source=_source_field(source),
        title=source.meta.get("title"),
        outlet=source.meta.get("outlet"),
        published=source.meta.get("published"),
        body=body,
        language=detect_language(body, rules),
        errors=[source.meta["warning"]] if source.meta.get("warning") else [],
    )
