"""Handlers for dates named by the calendar: numeric and named days, months,
years, decades, centuries, quarters, halves and seasons.

Each handler turns the named groups of one pattern of ``patterns.yaml`` into a
DateRange (or None when the phrase is understood and names no date, or
``_PASS`` when the pattern matched by accident and the next one should try).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from eventwire.resolve.dates.calendar_math import Span, _add_months, _season_span, _shift, _unit_span
from eventwire.resolve.dates.choice import (
    _PASS,
    Outcome,
    _choose,
    _choose_by_mod,
    _Ctx,
    _group,
    _make,
    _two_digit_year,
    _year_expr,
)


def _h_none(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """The phrase is understood and names no date of its own ("before the war")."""
    return None


def _h_ymd(m: re.Match[str], ctx: _Ctx) -> Outcome:
    try:
        day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    return _make(ctx, (day, day), "day", "stated")


def _h_numeric(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """Slash dates: month first (US copy) unless the first number cannot be a month."""
    a, b = int(m["a"]), int(m["b"])
    month, day = (b, a) if a > 12 >= b else (a, b)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    y = m.groupdict().get("y")
    if y:
        year = int(y) if len(y) == 4 else _two_digit_year(int(y), ctx.ref)
        try:
            found = dt.date(year, month, day)
        except ValueError:
            return None
        return _make(ctx, (found, found), "day", "stated")
    return _infer_day(month, day, m.groupdict().get("weekday"), ctx)


def _infer_day(month: int, day: int, weekday: str | None, ctx: _Ctx) -> Outcome:
    """A month and day with no year: the year the tense (or nearness) picks.

    A weekday given with it ("Wednesday, Sept. 22") narrows the years to those
    where the names agree.
    """
    ref = ctx.ref
    if ref is None:
        return None
    cands: list[Span] = []
    for year in range(ref.year - 1, ref.year + 2):
        try:
            found = dt.date(year, month, day)
        except ValueError:
            continue
        cands.append((found, found))
    if weekday is not None:
        wanted = ctx.tables.weekdays[weekday]
        agreeing = [c for c in cands if c[0].weekday() == wanted]
        cands = agreeing or cands
    chosen = _choose(cands, ctx)
    return None if chosen is None else _make(ctx, chosen, "day", "relative")


def _h_named_date(m: re.Match[str], ctx: _Ctx) -> Outcome:
    digits = m.groupdict().get("day")
    day = int(digits) if digits else ctx.tables.ordinals.get(m.groupdict().get("dayword") or "", 0)
    month_word = m.groupdict().get("month")
    weekday = m.groupdict().get("weekday")
    if month_word is None:
        return _ordinal_day(day, ctx)
    month = ctx.tables.months[month_word]
    yexpr = m.groupdict().get("yexpr")
    if yexpr:
        year = _year_expr(yexpr, ctx)
        if year is None:
            return None
        try:
            found = dt.date(year[0], month, day)
        except ValueError:
            return None
        return _make(ctx, (found, found), "day", "stated" if year[1] else "relative")
    if not 1 <= day <= 31:
        return None
    return _infer_day(month, day, weekday, ctx)


def _ordinal_day(day: int, ctx: _Ctx) -> Outcome:
    """Resolve "the 22nd": that day of the reference's month or a neighbouring one."""
    ref = ctx.ref
    if ref is None or not 1 <= day <= 31:
        return None
    cands: list[Span] = []
    for offset in (-1, 0, 1):
        first = _add_months(ref.replace(day=1), offset)
        try:
            found = first.replace(day=day)
        except ValueError:
            continue
        cands.append((found, found))
    chosen = _choose(cands, ctx)
    return None if chosen is None else _make(ctx, chosen, "day", "relative")


def _h_month(m: re.Match[str], ctx: _Ctx) -> Outcome:
    tables = ctx.tables
    word = m.groupdict().get("month")
    number = _group(m, "m")
    month = tables.months[word] if word else int(number or 0)
    if not 1 <= month <= 12:
        return _PASS  # "2014-16" is a span of years, not a sixteenth month
    year_text = _group(m, "year") or _group(m, "yexpr")
    if year_text:
        year = _year_expr(year_text, ctx)
        if year is None:
            return None
        span = _unit_span(dt.date(year[0], month, 1), "month")
        return _make(ctx, span, "month", "stated" if year[1] else "relative")
    ref = ctx.ref
    if ref is None:
        return None
    cands = [_unit_span(dt.date(y, month, 1), "month") for y in range(ref.year - 2, ref.year + 3)]
    mod_word = m.groupdict().get("mod")
    if mod_word:
        mod = tables.calmods[mod_word]
        chosen = (
            _unit_span(dt.date(ref.year, month, 1), "month") if mod == 0 else _choose_by_mod(cands, ref, mod)
        )
    else:
        chosen = _choose(cands, ctx)
    return None if chosen is None else _make(ctx, chosen, "month", "relative")


def _h_year(m: re.Match[str], ctx: _Ctx) -> Outcome:
    year_text = m.groupdict().get("year")
    year = int(year_text) if year_text else _two_digit_year(int(m["yy"]), ctx.ref)
    return _make(ctx, _unit_span(dt.date(year, 1, 1), "year"), "year", "stated")


# Without a reference, "the X00s" is a century when X00 is before this year
# (so "the 1900s" stays the decade 1900-1909 in undated text, "the 1300s" never does).
CENTURY_READING_WITHOUT_REFERENCE = 2000


def _h_decade(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """Decades: "the 1990s" as stated; "the '90s"/"the nineties" in the latest century
    where that decade has begun by the reference (the 1900s without one). A
    hundred's "s" ("the 1300s") is a century once that century is over."""
    full = m.groupdict().get("decade")
    if full:
        start = int(full)
        base_year = ctx.ref.year if ctx.ref is not None else CENTURY_READING_WITHOUT_REFERENCE
        if start % 100 == 0 and start + 100 <= base_year:
            # "the 1300s" is the fourteenth century, as is "the 1900s" written after 1999;
            # "the 2000s" written in 2021 is still its first decade
            return _make(ctx, (dt.date(max(start, 1), 1, 1), dt.date(start + 99, 12, 31)), "range", "stated")
    else:
        word = m.groupdict().get("decade_word")
        tens = ctx.tables.decade_words[word] if word else int(m["dd"])
        base = ctx.ref.year if ctx.ref is not None else 1999
        start = base // 100 * 100 + tens
        if start > base:
            start -= 100
    if start < 1:
        return None
    return _make(ctx, _unit_span(dt.date(start, 1, 1), "decade"), "decade", "stated")


def _h_century(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """The Nth century = years (N-1)00..(N-1)99, the popular reading (TimeML agrees)."""
    number = m.groupdict().get("n")
    nth = int(number) if number else ctx.tables.ordinals.get(m.groupdict().get("ord") or "", 0)
    if not 1 <= nth <= 21:
        return None
    start = max((nth - 1) * 100, 1)
    return _make(ctx, (dt.date(start, 1, 1), dt.date((nth - 1) * 100 + 99, 12, 31)), "range", "stated")


def _quarter_span(year: int, quarter: int) -> Span:
    return _unit_span(dt.date(year, 3 * quarter - 2, 1), "quarter")


def _latest_completed_quarter(ref: dt.date) -> Span:
    current = _unit_span(ref, "quarter")
    return _unit_span(current[0] - dt.timedelta(days=1), "quarter")


def _quarter_number(m: re.Match[str], ctx: _Ctx) -> int | None:
    digits = _group(m, "q")
    if digits:
        return int(digits)
    word = _group(m, "ord")
    if word is None:
        return None
    nth = ctx.tables.ordinals.get(word, 0)
    return 4 if nth == -1 else nth if 1 <= nth <= 4 else 0


def _h_quarter(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """Quarters (granularity "range"). "The quarter"/"the latest quarter" in news is the
    one just reported, i.e. the latest completed; in a future-tense sentence the current one."""
    quarter = _quarter_number(m, ctx)
    if quarter == 0:
        return None
    yexpr = _group(m, "yexpr")
    if quarter is not None and yexpr:
        year = _year_expr(yexpr, ctx)
        if year is None:
            return None
        return _make(ctx, _quarter_span(year[0], quarter), "range", "stated" if year[1] else "relative")
    ref = ctx.ref
    if ref is None:
        return None
    if quarter is not None:
        cands = [_quarter_span(y, quarter) for y in range(ref.year - 1, ref.year + 2)]
        # a quarter named without a year or a tense is a reporting period, and news
        # reports a quarter once it has begun: the latest one begun by the reference
        chosen = _choose(cands, ctx if ctx.direction else dataclasses.replace(ctx, direction="past"))
        return None if chosen is None else _make(ctx, chosen, "range", "relative")
    mod_word = m.groupdict().get("mod")
    mod = ctx.tables.calmods[mod_word] if mod_word else None
    if mod is None:
        span = _unit_span(ref, "quarter") if ctx.direction == "future" else _latest_completed_quarter(ref)
    else:
        span = _unit_span(_shift(ref, "quarter", mod), "quarter")
    return _make(ctx, span, "range", "relative")


def _h_year_ago_quarter(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """Resolve "the year-ago quarter": the quarter just reported (the latest completed, or the
    named one) a year earlier; "the 1988 quarter": that same quarter in 1988."""
    ref = ctx.ref
    if ref is None:
        return None
    quarter = _quarter_number(m, ctx)
    if quarter == 0:
        return None
    if quarter is None:
        latest = _latest_completed_quarter(ref)
    else:
        past = [
            c for c in (_quarter_span(y, quarter) for y in range(ref.year - 1, ref.year + 1)) if c[0] <= ref
        ]
        latest = max(past, key=lambda c: c[0])
    yexpr = _group(m, "yexpr")
    if yexpr:
        year = _year_expr(yexpr, ctx)
        if year is None:
            return None
        span = _unit_span(latest[0].replace(year=year[0]), "quarter")
        return _make(ctx, span, "range", "relative")
    return _make(ctx, _unit_span(_shift(latest[0], "year", -1), "quarter"), "range", "relative")


def _h_quarters_span(m: re.Match[str], ctx: _Ctx) -> Outcome:
    count = int(m["n"])
    if not 1 <= count <= 4:
        return None
    yexpr = _group(m, "yexpr")
    if yexpr:
        year = _year_expr(yexpr, ctx)
        if year is None:
            return None
        year_number, stated = year
    elif ctx.ref is not None:
        year_number, stated = ctx.ref.year, False
    else:
        return None
    span = (_quarter_span(year_number, 1)[0], _quarter_span(year_number, count)[1])
    return _make(ctx, span, "range", "stated" if stated else "relative")


def _h_half(m: re.Match[str], ctx: _Ctx) -> Outcome:
    digits = _group(m, "h")
    nth = int(digits) if digits else ctx.tables.ordinals.get(_group(m, "ord") or "", 0)
    half = 2 if nth == -1 else nth
    if half not in (1, 2):
        return None
    yexpr = _group(m, "yexpr")
    if yexpr:
        year = _year_expr(yexpr, ctx)
        if year is None:
            return None
        span = _unit_span(dt.date(year[0], 6 * half - 5, 1), "half")
        return _make(ctx, span, "range", "stated" if year[1] else "relative")
    ref = ctx.ref
    if ref is None:
        return None
    cands = [_unit_span(dt.date(y, 6 * half - 5, 1), "half") for y in range(ref.year - 1, ref.year + 2)]
    chosen = _choose(cands, ctx)
    return None if chosen is None else _make(ctx, chosen, "range", "relative")


def _h_season(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """Seasons are meteorological; a winter is named by the year of its December."""
    tables = ctx.tables
    name = _group(m, "season")
    if name is None:
        return None
    months = tables.seasons[name]
    yexpr = _group(m, "yexpr")
    if yexpr:
        year = _year_expr(yexpr, ctx)
        if year is None:
            return None
        return _make(ctx, _season_span(year[0], months), "season", "stated" if year[1] else "relative")
    ref = ctx.ref
    if ref is None:
        return None
    cands = [_season_span(y, months) for y in range(ref.year - 2, ref.year + 2)]
    mod_word = m.groupdict().get("mod")
    if mod_word:
        mod = tables.calmods[mod_word]
        if mod == 0:
            # "this winter": the one holding the reference, else the one ahead
            holding = [c for c in cands if c[0] <= ref <= c[1]]
            ahead = [c for c in cands if c[0] > ref and c[0].year == ref.year]
            same_year = [c for c in cands if c[0].year == ref.year]
            pool = holding or ahead or same_year
            chosen = pool[0] if pool else None
        else:
            chosen = _choose_by_mod(cands, ref, mod)
    else:
        chosen = _choose(cands, ctx)
    return None if chosen is None else _make(ctx, chosen, "season", "relative")
