"""Handlers for dates counted from the reference: weekdays, weekends, "yesterday",
"now", "two weeks ago", "the past three years", "earlier this month", "recently".

Everything here needs the publication date (basis ``relative``) and returns
None without one: a relative phrase with nothing to be relative to names no date.
"""

from __future__ import annotations

import datetime as dt
import re

from eventwire.records import DateBasis
from eventwire.resolve.dates.calendar_math import _UNIT_GRANULARITY, Span, Unit, _shift, _unit_span
from eventwire.resolve.dates.choice import (
    Outcome,
    _choose,
    _choose_by_mod,
    _count,
    _Ctx,
    _group,
    _make,
    _year_expr,
)


def _h_relative_day(m: re.Match[str], ctx: _Ctx) -> Outcome:
    if ctx.ref is None:
        return None
    day = ctx.ref + dt.timedelta(days=ctx.tables.relative_days[m["word"]])
    return _make(ctx, (day, day), "day", "relative")


def _h_present(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """Resolve "now", "currently": the reference day (TimeML's PRESENT_REF)."""
    if ctx.ref is None:
        return None
    return _make(ctx, (ctx.ref, ctx.ref), "day", "relative")


def _h_weekday(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """Weekdays. Past tense: the latest such day up to the reference, the reference day
    included (a Thursday paper's past-tense "Thursday" is that day); future: the first
    from the reference on; no tense: the reference day when the names agree, else the
    nearest one."""
    ref = ctx.ref
    if ref is None:
        return None
    tables = ctx.tables
    wanted = tables.weekdays[_group(m, "weekday") or ""]
    week_mod = _group(m, "wmod")
    if week_mod is not None:
        monday = _unit_span(_shift(ref, "week", tables.calmods[week_mod]), "week")[0]
        day = monday + dt.timedelta(days=wanted)
        return _make(ctx, (day, day), "day", "relative")
    cands: list[Span] = []
    for offset in range(-14, 15):
        day = ref + dt.timedelta(days=offset)
        if day.weekday() == wanted:
            cands.append((day, day))
    mod_word = m.groupdict().get("mod")
    if mod_word:
        mod = tables.calmods[mod_word]
        if mod == 0:
            monday = _unit_span(ref, "week")[0]
            day = monday + dt.timedelta(days=wanted)
            chosen: Span | None = (day, day)
        else:
            chosen = _choose_by_mod(cands, ref, mod)
    else:
        # the same day counts: wire copy of a Thursday names that day "Thursday"
        chosen = _choose(cands, ctx)
    return None if chosen is None else _make(ctx, chosen, "day", "relative")


def _h_weekend(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """Saturday and Sunday (granularity "range"). Past tense: the latest weekend begun
    before the reference day; future: the first not over; "this": the one of this week."""
    ref = ctx.ref
    if ref is None:
        return None
    cands: list[Span] = []
    for offset in range(-21, 22):
        day = ref + dt.timedelta(days=offset)
        if day.weekday() == 5:
            cands.append((day, day + dt.timedelta(days=1)))
    mod_word = m.groupdict().get("mod")
    if mod_word:
        mod = ctx.tables.calmods[mod_word]
        if mod == 0:
            saturday = _unit_span(ref, "week")[0] + dt.timedelta(days=5)
            chosen: Span | None = (saturday, saturday + dt.timedelta(days=1))
        else:
            chosen = _choose_by_mod(cands, ref, mod)
    elif ctx.direction == "past":
        pool = [c for c in cands if c[0] < ref]
        chosen = max(pool) if pool else None
    elif ctx.direction == "future":
        pool = [c for c in cands if c[1] > ref]
        chosen = min(pool) if pool else None
    else:
        chosen = _choose(cands, ctx)
    return None if chosen is None else _make(ctx, chosen, "range", "relative")


def _unit_of(word: str, ctx: _Ctx) -> tuple[Unit, int]:
    return ctx.tables.units[word]


def _h_offset(m: re.Match[str], ctx: _Ctx, ahead: bool | None = None) -> Outcome:
    """Resolve "two days ago" -> that day; "six weeks ago" -> that ISO week; "a decade ago" -> that
    year (a decade-wide answer would claim less than the writer said)."""
    ref = ctx.ref
    counts = _count(m, ctx) or (1, 1)
    if ref is None:
        return None
    unit, per = _unit_of(m["unit"], ctx)
    if ahead is None:
        ahead = ctx.tables.offset_directions.get(m.groupdict().get("dir") or "", -1) > 0
    sign = 1 if ahead else -1
    low, high = counts[0] * per, counts[1] * per
    target_unit: Unit = "year" if unit in ("decade", "century") else unit
    if low == high:
        span = _unit_span(_shift(ref, unit, sign * low), target_unit)
        return _make(ctx, span, _UNIT_GRANULARITY[target_unit], "relative")
    near = _unit_span(_shift(ref, unit, sign * low), target_unit)
    far = _unit_span(_shift(ref, unit, sign * high), target_unit)
    return _make(ctx, (min(near[0], far[0]), max(near[1], far[1])), "range", "relative")


def _h_in_future(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """Treat "in two weeks" as a date only when the sentence looks ahead; otherwise it is a duration."""
    if ctx.direction != "future" and not (ctx.direction is None and not ctx.prefer_past):
        return None
    return _h_offset(m, ctx, ahead=True)


def _h_rolling(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """Resolve "over the last two years": from two years before the reference to the reference."""
    ref = ctx.ref
    if ref is None:
        return None
    tables = ctx.tables
    sign = tables.rollmods.get(m.groupdict().get("mod") or "past", -1)
    unit_word = _group(m, "unit") or ""
    counts = _count(m, ctx)
    if counts is None:
        # "the past months": a plural with no count is a few of them
        counts = tables.vague_counts.get("few", (2, 5)) if unit_word.endswith("s") else (1, 1)
    unit, per = _unit_of(unit_word, ctx)
    far = _shift(ref, unit, sign * counts[1] * per)
    return _make(ctx, (min(far, ref), max(far, ref)), "range", "relative")


def _h_part_of_unit(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """Resolve "earlier this year" = 1 January to the reference; "later this month" = the reference
    to the month's end. With last/next the whole unit (the part is vaguer than the unit)."""
    ref = ctx.ref
    if ref is None:
        return None
    rel = _group(m, "rel")
    unit_word = _group(m, "unit") or "year"
    unit, _ = _unit_of(unit_word, ctx)
    mod_word = m.groupdict().get("mod")
    mod = ctx.tables.calmods[mod_word] if mod_word else 0
    span = _unit_span(_shift(ref, unit, mod), unit)
    if mod != 0:
        return _make(ctx, span, _UNIT_GRANULARITY[unit], "relative")
    part = (span[0], ref) if rel == "earlier" else (ref, span[1])
    return _make(ctx, part, "range", "relative")


def _h_calendar_unit(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """Resolve "last week" = the previous ISO week; "this month", "next year", "the year" (this one)."""
    ref = ctx.ref
    if ref is None:
        return None
    mod_word = m.groupdict().get("mod")
    mod = ctx.tables.calmods[mod_word] if mod_word else 0
    unit, _ = _unit_of(m["unit"], ctx)
    span = _unit_span(_shift(ref, unit, mod), unit)
    return _make(ctx, span, _UNIT_GRANULARITY[unit], "relative")


def _h_vague(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """Resolve "recently", "soon", "in recent years": windows of words.yaml vague_spans."""
    ref = ctx.ref
    if ref is None:
        return None
    before, after = ctx.tables.vague_spans[m["word"]]
    span = (ref - dt.timedelta(days=before), ref + dt.timedelta(days=after))
    return _make(ctx, span, "range", "relative")


def _h_week_of_month(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """Resolve "the first week of May" = 1-7 May; "the last week of May" = its last seven days."""
    tables = ctx.tables
    nth = tables.ordinals.get(m["ord"], 0)
    month = tables.months[m["month"]]
    yexpr = m.groupdict().get("yexpr")
    if yexpr:
        year = _year_expr(yexpr, ctx)
        if year is None:
            return None
        month_span = _unit_span(dt.date(year[0], month, 1), "month")
        basis: DateBasis = "stated" if year[1] else "relative"
    else:
        if ctx.ref is None:
            return None
        cands = [_unit_span(dt.date(y, month, 1), "month") for y in range(ctx.ref.year - 1, ctx.ref.year + 2)]
        chosen = _choose(cands, ctx)
        if chosen is None:
            return None
        month_span, basis = chosen, "relative"
    if nth == -1:
        span = (month_span[1] - dt.timedelta(days=6), month_span[1])
    elif 1 <= nth <= 4:
        first = month_span[0] + dt.timedelta(days=7 * (nth - 1))
        span = (first, first + dt.timedelta(days=6))
    else:
        return None
    return _make(ctx, span, "range", basis)
