"""Plain text with page furniture: which lines are the article, which are not.

A plain-text capture of a web page holds the article among lines that are not
article text. The line classifier, whose patterns live in
``data/clean/text_rules.yaml``, sorts them:

1. the first line is the title only when it looks like one (short, no closing
   full stop, followed by a blank line, an outlet line or a dateline);
2. outlet lines ("Via Example news wire") and datelines ("Friday 3 May 2024
   10:15 BST") near the top give the outlet and the publication time; a
   summary between the title and that metadata block is a standfirst;
3. furniture lines (appeals, subscription offers, login prompts, sharing and
   copyright lines) are dropped, and so are short lines repeated in the page
   and lines learnt as the outlet's own furniture;
4. a line ending in a photo credit is a caption (the credit split off), and the
   short label line just before it is dropped; contributor lines are credits;
   correction notices are parsed into date and text;
5. short lines without sentence punctuation (tag lists, labels) are dropped.

Every kept body line is a line of the input, unchanged, so offsets stay true.
Every dropped line is counted, in words, under the reason it was dropped for,
so that an article says what cleaning took from it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from eventwire.records import Correction, Source

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
OUTLET_MIN_SHARE = 0.5
# Formats whose documents are lines of one outlet's pages and so may share
# its furniture: plain-text captures and feed entries.
LEARNT_FORMATS = frozenset({"text", "feed"})
_SENTENCE_END = re.compile(r"[.!?…\"'”’):]\s*$")
# what a title may not end with: the punctuation that closes a sentence or a clause
_TITLE_END = re.compile(r"[.,;:]\s*$")
# where a caption's sentence ends and its credit begins
_CREDIT_BOUNDARY = re.compile(r"[.!?]\s+(?=[A-Z])")
_WORD = re.compile(r"\w")
_MONTH_DAY = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s*(\d{1,2})\b(?:,?\s*(\d{4}))?"
)


@dataclass(frozen=True)
class TextRules:
    """The compiled rules of ``data/clean/text_rules.yaml``."""

    furniture: tuple[tuple[str, re.Pattern[str]], ...]
    article_signals: tuple[re.Pattern[str], ...]
    max_furniture_words: int
    photo_credit: re.Pattern[str]
    contributor: re.Pattern[str]
    correction: re.Pattern[str]
    outlet: re.Pattern[str]
    dateline_dmy: re.Pattern[str]
    dateline_mdy: re.Pattern[str]
    zones: dict[str, str]
    max_label_words: int
    max_title_words: int
    warn_dropped_share: float


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
        article_signals=tuple(re.compile(p, flags) for p in raw["article_signals"]),
        max_furniture_words=int(raw["max_furniture_words"]),
        photo_credit=re.compile(raw["photo_credit"]),
        contributor=re.compile(raw["contributor"], flags),
        correction=re.compile(raw["correction"], flags),
        outlet=re.compile(raw["outlet"], flags),
        dateline_dmy=re.compile(raw["dateline_dmy"], flags),
        dateline_mdy=re.compile(raw["dateline_mdy"], flags),
        zones={k.lower(): v for k, v in raw["zones"].items()},
        max_label_words=int(raw["max_label_words"]),
        max_title_words=int(raw["max_title_words"]),
        warn_dropped_share=float(raw["warn_dropped_share"]),
    )


@dataclass
class Parts:
    """What the line classifier found in one text; ``dropped`` counts words per reason."""

    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    body: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    dropped: Counter[str] = field(default_factory=Counter)


def words(text: str) -> int:
    """Whitespace-separated tokens holding a letter or digit (a bullet is no word)."""
    return sum(1 for token in text.split() if _WORD.search(token))


def furniture_kind(line: str, rules: TextRules | None = None) -> str | None:
    """Return the furniture group a short line belongs to, or None.

    A line that quotes someone or reports what someone said is article text
    whatever words it uses ("Every contribution counts," the mayor said).
    """
    rules = rules or load_rules()
    if words(line) > rules.max_furniture_words:
        return None
    if any(signal.search(line) for signal in rules.article_signals):
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


def split_caption(line: str, rules: TextRules) -> tuple[str, str] | None:
    """(caption, credit) of a line that ends in a photo credit, else None."""
    match = rules.photo_credit.search(line)
    if not match or words(line) < 4:
        return None
    # up to the credit's first letter, so that a credit opening right after the
    # caption's full stop ("... on Saturday. Photo: Tom Reyes") is found too
    boundaries = [m.end() for m in _CREDIT_BOUNDARY.finditer(line, 0, match.start() + 1)]
    if not boundaries:
        return None
    cut = boundaries[-1]
    caption, credit = line[:cut].strip(), line[cut:].strip()
    return (caption, credit) if caption and credit else None


def _outlet(line: str, rules: TextRules) -> str | None:
    match = rules.outlet.match(line)
    return match.group(1).strip() if match and words(line) <= 6 else None


def _is_metadata(line: str, rules: TextRules) -> bool:
    return _outlet(line, rules) is not None or parse_dateline(line, rules) is not None


def looks_like_title(text: str, rules: TextRules | None = None) -> bool:
    """True when the first non-empty line of ``text`` reads as a headline.

    A headline is short and closes without a full stop; on its own line, it is
    followed by a blank line or by the outlet or dateline. A first line that
    runs straight into the next, or ends like a sentence, is the body's first
    paragraph (a one-paragraph text has no title).
    """
    rules = rules or load_rules()
    raw = [line.strip() for line in text.splitlines()]
    first = next((i for i, line in enumerate(raw) if line), None)
    if first is None:
        return False
    line = raw[first]
    if words(line) == 0 or words(line) > rules.max_title_words or _TITLE_END.search(line):
        return False
    after = raw[first + 1 :]
    if not any(after):
        return False  # nothing follows: the line is the whole text
    if after[0] == "":
        return True
    return _is_metadata(after[0], rules)


def _metadata_block(lines: list[str], first: int, rules: TextRules) -> tuple[int, str | None, str | None]:
    """Find the outlet/dateline lines near the top: (index after them, outlet, published).

    With a title (``first`` = 1), the block may start a few lines down, after a
    standfirst; without one it must open the text, or the first paragraphs
    would be taken for a standfirst.
    """
    outlet = published = None
    last = first - 1
    for index in range(first, min(len(lines), METADATA_WINDOW)):
        line = lines[index]
        name = _outlet(line, rules)
        stamp = None if name else parse_dateline(line, rules)
        if name:
            outlet, last = name, index
        elif stamp:
            published, last = stamp, index
        elif not first:
            break  # without a title the block is the opening lines only
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


class OutletFurniture:
    """Lines that repeat across one outlet's documents: its own furniture.

    A short line (at most ``max_furniture_words`` words) found in at least
    ``OUTLET_MIN_DOCUMENTS`` documents of the same outlet, and in at least
    ``OUTLET_MIN_SHARE`` of them, is a sign-off, menu or promotion of that
    outlet, not news: article sentences do not repeat across stories.

    Documents are added one at a time and only counts are kept, so the lines
    learnt depend on which documents were seen, never on their order.
    """

    def __init__(self, rules: TextRules | None = None) -> None:
        self.rules = rules or load_rules()
        self.documents: Counter[str] = Counter()
        self.lines: dict[str, Counter[str]] = {}

    def add(self, source: Source) -> None:
        """Count the short lines of one plain-text page or feed entry."""
        if source.format not in LEARNT_FORMATS:
            return
        key = outlet_key(source)
        self.documents[key] += 1
        short = {line.strip() for line in source.text.splitlines()}
        counts = self.lines.setdefault(key, Counter())
        counts.update(line for line in short if line and words(line) <= self.rules.max_furniture_words)

    def learned(self) -> dict[str, frozenset[str]]:
        """Each outlet's repeated lines (outlets with none are left out)."""
        found: dict[str, frozenset[str]] = {}
        for key, documents in self.documents.items():
            if documents < OUTLET_MIN_DOCUMENTS:
                continue
            needed = max(OUTLET_MIN_DOCUMENTS, OUTLET_MIN_SHARE * documents)
            repeated = frozenset(line for line, n in self.lines[key].items() if n >= needed)
            if repeated:
                found[key] = repeated
        return found


def learn_outlet_furniture(
    sources: Iterable[Source], rules: TextRules | None = None
) -> dict[str, frozenset[str]]:
    """The repeated lines of each outlet among ``sources`` (see ``OutletFurniture``)."""
    learner = OutletFurniture(rules)
    for source in sources:
        learner.add(source)
    return learner.learned()


def _line_kind(
    line: str, nxt: str, counts: Counter[str], rules: TextRules, outlet_lines: frozenset[str]
) -> str:
    """The reason a body-position line is dropped, or a kind that keeps it somewhere."""
    kind = furniture_kind(line, rules)
    if kind:
        return kind
    if line in outlet_lines:
        return "outlet_line"
    if counts[line] > 1 and words(line) <= rules.max_label_words * 2:
        return "repeated_line"  # names, menus, offers printed twice
    if rules.contributor.match(line):
        return "credit"
    correction = rules.correction.match(line)
    if correction and words(line) <= 60:
        return "correction"
    if split_caption(line, rules) is not None:
        return "caption"
    if words(line) <= rules.max_label_words and not _SENTENCE_END.search(line):
        return "label"  # a label, tag list or heading (also the label of a caption below)
    if split_caption(nxt, rules) is not None and words(line) <= rules.max_label_words:
        return "caption_label"
    return "body"


def classify_lines(
    text: str, rules: TextRules | None = None, outlet_lines: frozenset[str] = frozenset()
) -> Parts:
    """Split plain text into title, body lines, captions, credits, corrections and metadata.

    ``outlet_lines`` are lines learnt as this outlet's own furniture (see
    ``learn_outlet_furniture``); they are dropped wherever they stand. What is
    dropped is counted in ``Parts.dropped`` (words per reason).
    """
    rules = rules or load_rules()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    parts = Parts()
    if not lines:
        return parts
    first = 1 if looks_like_title(text, rules) else 0
    if first:
        parts.title = lines[0]
    start, parts.outlet, parts.published = _metadata_block(lines, first, rules)
    for line in lines[first:start]:
        if not _is_metadata(line, rules):
            parts.dropped["standfirst"] += words(line)
    counts = Counter(lines)
    candidates = lines[start:]
    for index, line in enumerate(candidates):
        nxt = candidates[index + 1] if index + 1 < len(candidates) else ""
        kind = _line_kind(line, nxt, counts, rules, outlet_lines)
        if kind == "body":
            parts.body.append(line)
        elif kind == "credit":
            contributor = rules.contributor.match(line)
            assert contributor is not None
            parts.credits.append(contributor.group(1).strip())
        elif kind == "correction":
            correction = rules.correction.match(line)
            assert correction is not None
            date = _parse_us_date(correction.group(1)) if correction.group(1) else None
            parts.corrections.append(Correction(date=date, text=correction.group(2).strip()))
        elif kind == "caption":
            caption = split_caption(line, rules)
            assert caption is not None
            parts.captions.append(caption[0])
            parts.credits.append(caption[1])
        else:
            parts.dropped[kind] += words(line)
    return parts


def inferred_range(parts: Parts, body: str) -> dict[str, str] | None:
    """Bounds on an unstated publication date from the dates inside the page.

    A correction was written after the article, so the earliest correction date
    is the upper bound; the latest explicit date before it that the article or
    its captions mention is taken as the lower bound (the page reports things
    that happened then). Without a correction there is no bound.
    """
    dated = [c.date for c in parts.corrections if c.date]
    if not dated:
        return None
    end = min(dated)
    year = int(end[:4])
    mentioned = []
    for match in _MONTH_DAY.finditer(body + "\n" + "\n".join(parts.captions)):
        month = MONTHS[match.group(1).lower()]
        try:
            day = dt.date(int(match.group(3) or year), month, int(match.group(2)))
        except ValueError:
            continue
        if day.isoformat() < end:
            mentioned.append(day.isoformat())
    return {"start": max(mentioned) if mentioned else end, "end": end}
