"""Terms of office: "the Obama administration", "the final months of Trump's presidency".

A leader's time in office is a dated period news refers to by name. The table
(``data/dates/terms.csv``) and the reading rules (``term_words.yaml``) are data;
this module joins consecutive terms and cuts the part a phrase names.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import logging
import re
from dataclasses import dataclass
from typing import Any, Final

from eventwire.records import DateRange
from eventwire.resolve.dates.calendar_math import _add_months
from eventwire.resolve.dates.normalise import _normalise
from eventwire.resolve.dates.tables import _alternation, _read_text, _read_yaml, _tables

logger = logging.getLogger(__name__)

# continuous time in office (an acting period before the inauguration).
TERM_MERGE_GAP_DAYS: Final = 31

MAX_TEXT_CHARS: Final = 200
# How many leading/trailing words may be peeled off before giving up.


@dataclass(frozen=True)
class _Term:
    person: str
    office: str
    country: str
    start: dt.date
    end: dt.date | None
    acting: bool


@dataclass(frozen=True)
class _TermPart:
    regex: re.Pattern[str]
    anchor: str
    days: int
    months: int


@dataclass(frozen=True)
class _TermTables:
    terms: tuple[_Term, ...]
    alias_regex: re.Pattern[str]
    alias_people: dict[str, frozenset[str]]
    keywords: dict[str, tuple[str, str]]
    keyword_regex: re.Pattern[str]
    under_regex: re.Pattern[str]
    ordinal_regex: re.Pattern[str]
    ordinals: dict[str, int]
    parts: tuple[_TermPart, ...]


def _normalise_name(text: str) -> str:
    """Names and term phrases: folded, periods and possessives dropped, numbers as digits."""
    return _normalise(text, _tables().lex)


@functools.cache
def _term_tables() -> _TermTables:
    """Load terms.csv and term_words.yaml (once per process)."""
    rules: dict[str, Any] = _read_yaml("term_words.yaml")
    terms: list[_Term] = []
    alias_people: dict[str, set[str]] = {}
    for row in csv.DictReader(io.StringIO(_read_text("terms.csv"))):
        person = row["person"].strip()
        end = row["end"].strip()
        terms.append(
            _Term(
                person=person,
                office=row["office"].strip(),
                country=row["country"].strip(),
                start=dt.date.fromisoformat(row["start"].strip()),
                end=dt.date.fromisoformat(end) if end else None,
                acting=row.get("note", "").strip().startswith("acting"),
            )
        )
        for alias in [person, *row["aliases"].split(";")]:
            key = _normalise_name(alias)
            if key:
                alias_people.setdefault(key, set()).add(person)
    keywords = {_normalise_name(k): (str(v["office"]), str(v["scope"])) for k, v in rules["keywords"].items()}
    ordinals = {str(k): int(v) for k, v in rules["ordinal_terms"].items()}
    parts = tuple(
        _TermPart(
            regex=re.compile(rf"\b{p['pattern']}\b"),
            anchor=str(p["anchor"]),
            days=int(p.get("days", 0)),
            months=int(p.get("months", 0)),
        )
        for p in rules["parts"]
    )
    ordinal_alt = _alternation(ordinals)
    return _TermTables(
        terms=tuple(sorted(terms, key=lambda t: t.start)),
        alias_regex=re.compile(rf"\b{_alternation(alias_people)}\b"),
        alias_people={k: frozenset(v) for k, v in alias_people.items()},
        keywords=keywords,
        keyword_regex=re.compile(rf"\b{_alternation(keywords)}\b"),
        under_regex=re.compile(str(rules["under_pattern"])),
        ordinal_regex=re.compile(
            rf"\b(?P<ord>{ordinal_alt}) (?:\w+ ){{0,3}}?(?:term|administration|government)\b"
        ),
        ordinals=ordinals,
        parts=parts,
    )


def _term_keyword_in(norm: str) -> bool:
    return _term_tables().keyword_regex.search(norm) is not None


def _merge_terms(terms: list[_Term]) -> list[tuple[dt.date, dt.date | None]]:
    """Join consecutive terms (gap up to TERM_MERGE_GAP_DAYS) into continuous tenures."""
    blocks: list[tuple[dt.date, dt.date | None]] = []
    for term in sorted(terms, key=lambda t: t.start):
        if blocks:
            start, end = blocks[-1]
            if end is None or term.start <= end + dt.timedelta(days=TERM_MERGE_GAP_DAYS):
                new_end = None if end is None or term.end is None else max(end, term.end)
                blocks[-1] = (start, new_end)
                continue
        blocks.append((term.start, term.end))
    return blocks


def resolve_term_range(text: str, *, reference: dt.date | None = None) -> DateRange | None:
    """Resolve a phrase about a leader's time in office to a date range ("range").

    "the final months of Donald Trump's presidency" -> the last four months of
    his first term; "the Obama administration" -> 2009-01-20..2017-01-20;
    "Obama's second term"; "the Putin era" (every office he held, joined).
    The table (``data/dates/terms.csv``) covers heads of state and government
    of major countries since about 1990. With a ``reference`` date, terms
    starting after it are ignored (and, for "final months", terms not yet over);
    without one, a completed term is preferred to one still running. An
    ongoing term ends at the reference, or has no end without one.
    """
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT_CHARS:
        return None
    if isinstance(reference, dt.datetime):
        reference = reference.date()
    try:
        return _resolve_term(text, reference)
    except (ValueError, OverflowError) as err:
        logger.debug("term resolution failed on %r: %s", text, err)
        return None


def narrow_to_part(text: str, start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """Narrow a period to the part a phrase names ("the final days of ...", "the
    first months of ..."), with the parts table of ``data/dates/term_words.yaml``;
    the whole period when the phrase names no part."""
    norm = _normalise_name(text)
    part = next((p for p in _term_tables().parts if p.regex.search(norm)), None)
    if part is None:
        return start, end
    if part.anchor == "end":
        cut = _add_months(end, -part.months) - dt.timedelta(days=part.days)
        return max(start, cut), end
    stop = _add_months(start, part.months) + dt.timedelta(days=part.days)
    return start, min(end, stop)


def _resolve_term(text: str, reference: dt.date | None) -> DateRange | None:
    tables = _term_tables()
    norm = _normalise_name(text)
    keyword_hits = [tables.keywords[k.group(0)] for k in tables.keyword_regex.finditer(norm)]
    under = tables.under_regex.search(norm) is not None
    if not keyword_hits and not under:
        return None
    # the most specific keyword wins: an office, then one term, then time in power
    office, scope = min(
        keyword_hits or [("any", "power")],
        key=lambda kw: (kw[0] == "any", kw[1] == "power"),
    )
    names = [m.group(0) for m in tables.alias_regex.finditer(norm)]
    if not names:
        return None
    people = tables.alias_people[max(names, key=len)]
    terms = [t for t in tables.terms if t.person in people and (office == "any" or t.office == office)]
    if not terms:
        return None

    ordinal = tables.ordinal_regex.search(norm)
    if ordinal is not None:
        by_person: dict[tuple[str, str], list[_Term]] = {}
        for term in terms:
            if not term.acting:
                by_person.setdefault((term.person, term.office), []).append(term)
        nth = tables.ordinals[ordinal.group("ord")]
        picked = [ts[nth - 1] for ts in by_person.values() if len(ts) >= nth]
        blocks = [(t.start, t.end) for t in picked]
    else:
        blocks = []
        for person in sorted({t.person for t in terms}):
            mine = [t for t in terms if t.person == person]
            if scope == "power":
                blocks.extend(_merge_terms(mine))
            else:
                for held in sorted({t.office for t in mine}):
                    blocks.extend(_merge_terms([t for t in mine if t.office == held]))

    part = next((p for p in tables.parts if p.regex.search(norm)), None)
    if part is not None and part.anchor == "end":
        blocks = [b for b in blocks if b[1] is not None and (reference is None or b[1] <= reference)]
    elif reference is not None:
        blocks = [b for b in blocks if b[0] <= reference]
    elif blocks and any(b[1] is not None for b in blocks):
        blocks = [b for b in blocks if b[1] is not None]
    if not blocks:
        return None
    start, end = max(blocks, key=lambda b: b[0])
    if end is None and reference is not None:
        end = reference
    if part is not None:
        if part.anchor == "end" and end is not None:
            cut = _add_months(end, -part.months) - dt.timedelta(days=part.days)
            start = max(start, cut)
        elif part.anchor == "start":
            stop = _add_months(start, part.months) + dt.timedelta(days=part.days)
            end = stop if end is None else min(end, stop)
    return DateRange(start.isoformat(), end.isoformat() if end else None, "range", text.strip(), "stated")
