"""Time expressions in a parsed article, with how each sentence uses them.

spaCy's DATE and TIME entities are where the resolver's phrases come from,
but as they stand they date events wrongly in ways a reader never would:

- boundaries: "Tuesday" is DATE and "morning" TIME in "Tuesday morning", so
  the whole expression is joined ("Tuesday morning" is that Tuesday); a TIME
  entity that names a day ("Sunday night", "last night") is kept; "last
  month's" loses its possessive; "the quarter ended Sept. 30" is two
  expressions, split at the verb;
- numbers that are not years: a house number before a street ("1119 Eighth
  St.") or a number after a label ("Resolution 1441") is no time at all;
- uses that are not the event's time: a target or deadline ("by 2024", "a
  goal for 2050") and a decade or century written before a noun ("the 11th
  century temple") stay times of the article but do not date its events.

The tables are data (``data/dates/event_context.yaml``). ``timeline`` also
resolves every expression in text order, each against the last date resolved
before it (``anchors``), and caches the result on the Doc.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from eventwire.records import DateRange
from eventwire.resolve.dates.anchors import anchor_of
from eventwire.resolve.dates.normalise import _normalise
from eventwire.resolve.dates.tables import _read_yaml, _tables

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

Role = Literal["adjunct", "target", "premodifier"]

# A decade or century is a range of at least this many days (a century: 36,524).
CENTURY_DAYS = 36000
_TIMELINE_KEY = "eventwire.dates.timeline"
_DAY_WORDS = frozenset({"today", "tonight", "yesterday", "tomorrow"})


@dataclass(frozen=True)
class TimeSpan:
    """One time expression: tokens [start, end), its text and offsets, and its use.

    No spaCy objects are kept, so the spans can live in ``Doc.user_data``.
    """

    start: int
    end: int
    root: int
    text: str
    start_char: int
    end_char: int
    role: Role
    tense: str | None


@dataclass(frozen=True)
class TimelineEntry:
    """A time expression with its resolution and the anchor it was read against."""

    span: TimeSpan
    date: DateRange | None
    anchor: DateRange | None

    @property
    def dates_events(self) -> bool:
        """Whether this expression may be the time of an event of its sentence."""
        if self.span.role == "target":
            return False
        return not (self.span.role == "premodifier" and _is_period_label(self.date))


@dataclass(frozen=True)
class _Context:
    street_words: frozenset[str]
    max_between: int
    number_labels: frozenset[str]
    target_preps: tuple[tuple[str, ...], ...]
    target_nouns: frozenset[str]
    modifier_granularities: frozenset[str]


@functools.cache
def _context() -> _Context:
    data: dict[str, Any] = _read_yaml("event_context.yaml")
    preps = [tuple(str(w).split()) for w in data["target_prepositions"]["words"]]
    return _Context(
        street_words=frozenset(str(w) for w in data["street_words"]["words"]),
        max_between=int(data["street_words"]["max_words_between"]),
        number_labels=frozenset(str(w) for w in data["number_labels"]["words"]),
        target_preps=tuple(sorted(preps, key=len, reverse=True)),
        target_nouns=frozenset(str(w) for w in data["target_nouns"]["words"]),
        modifier_granularities=frozenset(str(w) for w in data["modifier_granularities"]["values"]),
    )


def _is_period_label(found: DateRange | None) -> bool:
    """A decade or a century: what "the 1960s-era rifle" or "the 11th century temple" name."""
    if found is None or found.start is None or found.end is None:
        return False
    kinds = _context().modifier_granularities
    if found.granularity == "decade":
        return "decade" in kinds
    days = (dt.date.fromisoformat(found.end) - dt.date.fromisoformat(found.start)).days
    return "century" in kinds and found.granularity == "range" and days >= CENTURY_DAYS


def verb_tense(verb: Token) -> str | None:
    """ "past", "future" or None (present or unknown) for the clause a verb heads."""
    auxes = {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}
    if auxes & {"will", "shall", "'ll"}:
        return "future"
    if verb.tag_ == "VBD" or auxes & {"had", "did", "was", "were"}:
        return "past"
    if verb.tag_ == "VBN" and auxes & {"has", "have"}:
        return "past"
    return None


def _tense_at(token: Token) -> str | None:
    """The tense of the verb a time expression modifies, when it modifies one directly.

    Only a time that is an adjunct of its verb ("was shot on Tuesday", "met
    last week") takes that verb's tense. A time that is the verb's object or
    hangs from a noun or adjective ("has set Nov. 10 as the deadline",
    "payable Dec. 7") says when something else is due, often after a
    past-tense verb: it gets no tense and the nearest occurrence is taken.
    """
    node = token
    if node.dep_ == "pobj" and node.head.pos_ == "ADP":
        node = node.head
    if node.dep_ in _ADJUNCT_DEPS and node.head.pos_ in {"VERB", "AUX"}:
        return verb_tense(node.head)
    return None


def _is_duration(tokens: list[Token]) -> bool:
    """A TIME entity counting hours or minutes ("six hours") is a duration, not part of a date:
    "met for six hours Wednesday" is dated by "Wednesday" alone."""
    sub_day = _tables().sub_day
    return any(_word(t) in sub_day for t in tokens)


def _is_holiday(text: str) -> bool:
    """Whether an entity is a named day: the small model tags "Easter Sunday" FAC and
    "Thanksgiving Day" EVENT, and such an entity is a time all the same."""
    tables = _tables()
    norm = _normalise(text, tables.lex).removeprefix("the ")
    return norm in tables.holidays


def _word(token: Token) -> str:
    return token.lower_.rstrip(".")


def _names_a_day(tokens: list[Token]) -> bool:
    """Whether a TIME entity also names its day ("Sunday night", "last night", "10 a.m. Tuesday")."""
    tables = _tables()
    words = [_word(t) for t in tokens]
    if any(w in tables.weekdays or w in tables.months or w in _DAY_WORDS for w in words):
        return True
    return " ".join(words) in tables.relative_days


def _house_or_label_number(doc: Doc, start: int, end: int) -> bool:
    """A bare number that is a house number ("1119 Eighth St.") or a label's ("Flight 2134")."""
    if end - start != 1 or not doc[start].text.isdigit():
        return False
    ctx = _context()
    if start > 0 and _word(doc[start - 1]) in ctx.number_labels:
        return True
    for j in range(start + 1, min(len(doc), start + 2 + ctx.max_between)):
        token = doc[j]
        if _word(token) in ctx.street_words and j > start + 1:
            return True
        if not (token.text[:1].isupper() or token.text[:1].isdigit()):
            return False
    return False


def _role(doc: Doc, start: int, end: int, root: Token) -> Role:
    ctx = _context()
    before = [_word(t) for t in doc[max(0, start - 3) : start]]
    inside = [_word(t) for t in doc[start:end]]
    for prep in ctx.target_preps:
        n = len(prep)
        if tuple(before[-n:]) == prep or tuple(inside[:n]) == prep:
            return "target"
    head = root.head
    if head.i >= end and _word(head) in ctx.target_nouns:
        return "target"
    if head.pos_ == "ADP" and head.head.i != head.i and _word(head.head) in ctx.target_nouns:
        return "target"
    if end < len(doc) and _word(doc[end]) in ctx.target_nouns and doc[end].pos_ == "NOUN":
        return "target"
    if head.i >= end and head.pos_ in {"NOUN", "PROPN"} and root.dep_ in _MODIFIER_DEPS:
        return "premodifier"
    return "adjunct"


# A verb heading a clause inside a DATE entity separates two expressions ("the quarter
# ended Sept. 30"); a participle used as an adjective ("the following year") does not.
_CLAUSE_DEPS = frozenset({"acl", "relcl", "advcl"})
# The arcs by which a time modifies a verb (directly or through its preposition).
_ADJUNCT_DEPS = frozenset({"npadvmod", "advmod", "prep", "tmod", "obl", "nmod:tmod"})
# The arcs by which a phrase before a noun describes it ("the 11th century temple").
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "det", "nummod"})


def _pieces(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Split at clause verbs inside ("the quarter ended Sept. 30"), trim possessives and punctuation."""
    out: list[tuple[int, int]] = []
    begin = start
    for i in range(start, end + 1):
        if i == end or (doc[i].pos_ == "VERB" and doc[i].dep_ in _CLAUSE_DEPS):
            a, b = begin, i
            while a < b and (doc[a].is_punct or doc[a].tag_ == "POS"):
                a += 1
            while b > a and (doc[b - 1].is_punct or doc[b - 1].tag_ == "POS"):
                b -= 1
            if b > a and any(ch.isalnum() for ch in doc[a:b].text):
                out.append((a, b))
            begin = i + 1
    return out


def _span_root(doc: Doc, start: int, end: int) -> Token:
    for token in doc[start:end]:
        if not start <= token.head.i < end or token.head == token:
            return token
    return doc[start]


def time_spans(doc: Doc) -> list[TimeSpan]:
    """The article's time expressions in text order (see the module docstring)."""
    ents = [e for e in doc.ents if e.label_ in {"DATE", "TIME"} or _is_holiday(e.text)]
    joined: list[tuple[int, int]] = []
    i = 0
    while i < len(ents):
        start, end = ents[i].start, ents[i].end
        labels = {ents[i].label_}
        has_day = ents[i].label_ != "TIME" or _names_a_day(list(ents[i]))
        # "Tuesday" (DATE) + "morning" (TIME), "10 a.m." (TIME) + "Tuesday" (DATE): one expression
        while (
            i + 1 < len(ents)
            and ents[i + 1].start == end
            and ents[i + 1].label_ not in labels
            and not _is_duration(list(ents[i]))
            and not _is_duration(list(ents[i + 1]))
        ):
            i += 1
            end = ents[i].end
            labels.add(ents[i].label_)
            has_day = has_day or ents[i].label_ == "DATE" or _names_a_day(list(ents[i]))
        i += 1
        if has_day:
            joined.append((start, end))
    spans: list[TimeSpan] = []
    for start, end in joined:
        for a, b in _pieces(doc, start, end):
            if _house_or_label_number(doc, a, b):
                continue
            root = _span_root(doc, a, b)
            span = doc[a:b]
            spans.append(
                TimeSpan(
                    start=a,
                    end=b,
                    root=root.i,
                    text=span.text,
                    start_char=span.start_char,
                    end_char=span.end_char,
                    role=_role(doc, a, b, root),
                    tense=_tense_at(root),
                )
            )
    return spans


def timeline(doc: Doc, reference: dt.date | None) -> list[TimelineEntry]:
    """Every time expression resolved in text order, each against the last date before it.

    Cached on the Doc per reference: the coder asks once per event, annotate once.
    """
    from eventwire.resolve.dates import resolve_date

    cache: dict[Any, list[TimelineEntry]] = doc.user_data.setdefault(_TIMELINE_KEY, {})
    key = reference.isoformat() if reference is not None else None
    if key in cache:
        return cache[key]
    entries: list[TimelineEntry] = []
    anchor: DateRange | None = None
    for span in time_spans(doc):
        found = resolve_date(span.text, reference, tense=span.tense, anchor=anchor)
        entries.append(TimelineEntry(span, found, anchor))
        if found is not None and anchor_of(found) is not None and not _is_period_label(found):
            anchor = found
    cache[key] = entries
    return entries


def entries_in(doc: Doc, reference: dt.date | None, start: int, end: int) -> list[TimelineEntry]:
    """The timeline entries whose expression starts inside tokens [start, end) (a sentence)."""
    return [e for e in timeline(doc, reference) if start <= e.span.start < end]
