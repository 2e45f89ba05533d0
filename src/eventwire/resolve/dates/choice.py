"""What a handler knows (the reference, the tense) and how it picks one occurrence.

"Friday", "July" and "the third quarter" recur: which one a writer means depends
on the publication date and the tense of the sentence. The choice rules live
here, in one place, so every recurring expression (weekdays, months, seasons,
holidays) follows the same convention (``data/dates/README.md``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from eventwire.records import DateBasis, DateRange, Granularity
from eventwire.resolve.dates.calendar_math import Span

if TYPE_CHECKING:
    from eventwire.resolve.dates.tables import _Tables

# With no tense, a candidate in the direction the caller does not prefer
# counts as this many times further away than it is. 2.0 lets "December" in
# a late-October article be this December (35 days ahead beats 330 back) but
# keeps "Friday" in a Monday article on last Friday (3 days back beats 4x2).
# On TimeBank 1.2 (benchmarks/bench_timebank.py) the exact share is 0.829 at
# 1.0, 0.840 at 1.5, 0.843 at 2.0-2.5 and 0.842-0.845 at 3.0-4.0: a plateau, so
# the round value in it was taken rather than the best single number.
AWAY_FROM_PREFERENCE_WEIGHT: Final = 2.0
# Phrases longer than this are sentences, not time expressions: not resolved.
# A two-digit year is placed in the century that puts it no more than this
# many years after the reference ("'25" in 2021 -> 2025, "'85" -> 1985).
TWO_DIGIT_YEAR_FUTURE_WINDOW: Final = 10
# Without a reference, two-digit years up to this are 20xx, above it 19xx.
TWO_DIGIT_YEAR_PIVOT: Final = 69
# Consecutive terms of one person separated by at most this many days are one


class _Pass:
    """Returned by a handler whose pattern matched but does not apply: keep looking."""


_PASS: Final = _Pass()
Outcome = DateRange | None | _Pass


@dataclass(frozen=True)
class _Ctx:
    """What a handler knows: the reference, which way the sentence points, the raw text."""

    tables: _Tables
    ref: dt.date | None
    direction: str | None
    prefer_past: bool
    text: str
    depth: int = 0


def _make(ctx: _Ctx, span: Span, granularity: Granularity, basis: DateBasis) -> DateRange:
    start, end = span
    if end < start:
        start, end = end, start
    return DateRange(start.isoformat(), end.isoformat(), granularity, ctx.text, basis)


def _cost(span: Span, ref: dt.date, prefer_past: bool) -> float:
    """Distance from the reference, inflated in the dispreferred direction."""
    start, end = span
    if start <= ref <= end:
        return 0.0
    if end < ref:
        days = (ref - end).days
        return days if prefer_past else days * AWAY_FROM_PREFERENCE_WEIGHT
    days = (start - ref).days
    return days * AWAY_FROM_PREFERENCE_WEIGHT if prefer_past else days


def _choose(cands: list[Span], ctx: _Ctx, *, strict: bool = False) -> Span | None:
    """Pick the occurrence the sentence means among recurring ones (Julys, Fridays).

    Past: the latest one begun by the reference (strict: over before it).
    Future: the first one not over (strict: begun after it). No tense: nearest.
    """
    ref = ctx.ref
    if ref is None or not cands:
        return None
    if ctx.direction == "past":
        pool = [c for c in cands if (c[1] < ref if strict else c[0] <= ref)]
        return max(pool, key=lambda c: c[0]) if pool else None
    if ctx.direction == "future":
        pool = [c for c in cands if (c[0] > ref if strict else c[1] >= ref)]
        return min(pool, key=lambda c: c[0]) if pool else None
    sign = 1 if ctx.prefer_past else -1
    return min(cands, key=lambda c: (_cost(c, ref, ctx.prefer_past), -sign * c[0].toordinal()))


def _choose_by_mod(cands: list[Span], ref: dt.date, mod: int) -> Span | None:
    """last -> the latest one over before the reference; next -> the first begun after it;
    this -> the one holding the reference (or, failing that, the nearest)."""
    if mod < 0:
        pool = [c for c in cands if c[1] < ref]
        return max(pool, key=lambda c: c[0]) if pool else None
    if mod > 0:
        pool = [c for c in cands if c[0] > ref]
        return min(pool, key=lambda c: c[0]) if pool else None
    holding = [c for c in cands if c[0] <= ref <= c[1]]
    if holding:
        return holding[0]
    return min(cands, key=lambda c: _cost(c, ref, True)) if cands else None


def _group(m: re.Match[str], name: str) -> str | None:
    """The first non-empty of ``name``, ``name2``, ... (alternatives in one pattern)."""
    groups = m.groupdict()
    for key in (name, *(f"{name}{i}" for i in range(2, 10))):
        value = groups.get(key)
        if value:
            return value
    return None


def _two_digit_year(yy: int, ref: dt.date | None) -> int:
    if ref is None:
        return 2000 + yy if yy <= TWO_DIGIT_YEAR_PIVOT else 1900 + yy
    year = ref.year // 100 * 100 + yy
    if year > ref.year + TWO_DIGIT_YEAR_FUTURE_WINDOW:
        year -= 100
    return year


def _year_expr(text: str, ctx: _Ctx) -> tuple[int, bool] | None:
    """(year, stated) for "2014", "'14", "last year", "the current year"; None without a reference."""
    text = text.strip()
    if text.isdigit():
        return int(text), True
    if text.startswith("'") and text[1:].isdigit():
        return _two_digit_year(int(text[1:]), ctx.ref), True
    if ctx.ref is None:
        return None
    words = text.removeprefix("the ").removesuffix(" year").strip()
    mod = ctx.tables.calmods.get(words)
    if mod is None:
        return None
    return ctx.ref.year + mod, False


def _count(m: re.Match[str], ctx: _Ctx) -> tuple[int, int] | None:
    """(low, high) from a number ("2", "a") or a vague count ("a few")."""
    number = _group(m, "n")
    if number is not None:
        value = int(number) if number.isdigit() else 1
        return value, value
    vague = _group(m, "count")
    if vague is not None:
        return ctx.tables.vague_counts[vague]
    return None
