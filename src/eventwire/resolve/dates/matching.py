"""Matching a phrase: patterns in file order, words peeled off, spans, fallbacks.

The order of attempts is the heart of the resolver (see the package docstring):
whole-phrase patterns first, with leading prepositions and approximations
peeled off one at a time; then terms of office; then explicit dates embedded
in a longer phrase; dateparser last, and only for phrases made of date words.
Span handlers ("between A and B", "since 2014") live here because they resolve
their ends by matching again.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections.abc import Callable
from typing import Final

from eventwire.records import DateBasis, DateRange
from eventwire.resolve.dates import handlers_named as named
from eventwire.resolve.dates import handlers_relative as rel
from eventwire.resolve.dates import holidays
from eventwire.resolve.dates.anchors import Anchor, can_place, rewrite
from eventwire.resolve.dates.calendar_math import _UNIT_GRANULARITY, Span, Unit, _unit_span
from eventwire.resolve.dates.choice import _PASS, Outcome, _Ctx, _make, _Pass
from eventwire.resolve.dates.normalise import _normalise
from eventwire.resolve.dates.tables import _Pattern, _Tables, _tables
from eventwire.resolve.dates.terms import _term_keyword_in, resolve_term_range

logger = logging.getLogger(__name__)

MAX_TEXT_CHARS: Final = 200
# How many leading/trailing words may be peeled off before giving up.
MAX_STRIP_STEPS: Final = 8
# Distinct (text, reference, preference, tense) results kept; an article
# repeats the same few phrases ("Wednesday", "last week") many times.
CACHE_SIZE: Final = 16384
# Spans ("from A to B") resolve their ends recursively, at most this deep.
MAX_SPAN_DEPTH: Final = 2


def _resolve_part(text: str, ctx: _Ctx) -> DateRange | None:
    """Resolve one end of a span (or an anchor) with the caller's context."""
    if ctx.depth >= MAX_SPAN_DEPTH:
        return None
    inner = _Ctx(ctx.tables, ctx.ref, ctx.direction, ctx.prefer_past, ctx.text, ctx.depth + 1)
    matched, result = _match_phrase(text, inner)
    return result if matched and isinstance(result, DateRange) else None


def _h_week_of(m: re.Match[str], ctx: _Ctx) -> Outcome:
    inner = _resolve_part(m["inner"], ctx)
    if inner is None or inner.granularity != "day" or inner.start is None:
        return _PASS
    span = _unit_span(dt.date.fromisoformat(inner.start), "week")
    return _make(ctx, span, "week", inner.basis)


def _h_since(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """Resolve "since 2014": from the start of the anchor to the reference."""
    inner = _resolve_part(m["inner"], ctx)
    if inner is None or inner.start is None or ctx.ref is None:
        return None if inner is not None else _PASS
    start = dt.date.fromisoformat(inner.start)
    if start > ctx.ref:
        return None
    return _make(ctx, (start, ctx.ref), "range", "relative")


def _bounds(found: DateRange) -> Span:
    assert found.start is not None and found.end is not None
    return dt.date.fromisoformat(found.start), dt.date.fromisoformat(found.end)


def _h_span(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """Resolve "between A and B", "Sept. 20-22", "2014-16": the union of both ends.

    An end that is a bare number borrows the rest from the other end; an end
    without a year borrows the other end's stated year.
    """
    left_text, right_text = m["a"].strip(), m["b"].strip()
    shared = m.groupdict().get("shared")
    if shared:
        # "July and August 2021", "Sept. 20-22, 2021": the year belongs to both ends
        if not _EXPLICIT_YEAR.search(left_text):
            left_text = f"{left_text} {shared}"
        if not right_text.isdigit():
            right_text = f"{right_text} {shared}"
    left = _resolve_part(left_text, ctx)
    right = _resolve_part(right_text, ctx)
    if left is not None and right is None and right_text.isdigit():
        right = _complete_end(left, int(right_text), len(right_text), ctx)
    if right is not None and left is None and left_text.isdigit():
        left = _complete_end(right, int(left_text), len(left_text), ctx)
    if left is None or right is None or left.start is None or right.start is None:
        return _PASS
    if left.basis == "relative" and right.basis == "stated":
        again = _resolve_part(f"{left_text} {right.start[:4]}", ctx)
        if again is not None and again.start is not None and again.start <= (right.end or right.start):
            left = again
    lo = min(_bounds(left)[0], _bounds(right)[0])
    hi = max(_bounds(left)[1], _bounds(right)[1])
    basis: DateBasis = "stated" if left.basis == right.basis == "stated" else "relative"
    return _make(ctx, (lo, hi), "range", basis)


def _complete_end(other: DateRange, number: int, digits: int, ctx: _Ctx) -> DateRange | None:
    """Complete "20-22" after "Sept.": the 22nd of the same month; "2014-16": 2016."""
    start = _bounds(other)[0]
    try:
        if other.granularity == "day" and 1 <= number <= 31 and digits <= 2:
            day = start.replace(day=number)
            return _make(ctx, (day, day), "day", other.basis)
        if other.granularity == "year" and digits == 2:
            year = start.year // 100 * 100 + number
            if year < start.year:
                year += 100
            return _make(ctx, _unit_span(dt.date(year, 1, 1), "year"), "year", other.basis)
    except ValueError:
        return None
    return None


_HANDLERS: dict[str, Callable[[re.Match[str], _Ctx], Outcome]] = {
    "none": named._h_none,
    "ymd": named._h_ymd,
    "numeric": named._h_numeric,
    "named_date": named._h_named_date,
    "month": named._h_month,
    "year": named._h_year,
    "decade": named._h_decade,
    "century": named._h_century,
    "quarter": named._h_quarter,
    "year_ago_quarter": named._h_year_ago_quarter,
    "quarters_span": named._h_quarters_span,
    "half": named._h_half,
    "season": named._h_season,
    "relative_day": rel._h_relative_day,
    "present": rel._h_present,
    "weekday": rel._h_weekday,
    "weekend": rel._h_weekend,
    "offset": rel._h_offset,
    "in_future": rel._h_in_future,
    "rolling": rel._h_rolling,
    "part_of_unit": rel._h_part_of_unit,
    "calendar_unit": rel._h_calendar_unit,
    "vague": rel._h_vague,
    "week_of_month": rel._h_week_of_month,
    "week_of": _h_week_of,
    "since": _h_since,
    "span": _h_span,
    "holiday": holidays._h_holiday,
}


def _apply(pattern: _Pattern, m: re.Match[str], ctx: _Ctx) -> Outcome:
    try:
        result = _HANDLERS[pattern.rule](m, ctx)
    except (ValueError, OverflowError) as err:
        # a date outside what the calendar can hold ("9999 years from now")
        logger.debug("date rule %s failed on %r: %s", pattern.id, ctx.text, err)
        return None
    if not isinstance(result, _Pass):
        logger.debug("date rule %s: %r -> %s", pattern.id, ctx.text, result)
    return result


def _strip_one(text: str, tables: _Tables) -> str:
    """Peel one leading preposition/approximation/part word or one trailing time word."""
    stripped = tables.leading.sub("", text, count=1).strip()
    if stripped != text:
        return stripped
    return tables.trailing.sub("", text, count=1).strip()


def _match_phrase(text: str, ctx: _Ctx) -> tuple[bool, Outcome]:
    """Try the patterns on the whole phrase, peeling words off between rounds.

    Returns (matched, outcome): matched is False when no rule understood the phrase.
    """
    tables = ctx.tables
    current = text
    for _ in range(MAX_STRIP_STEPS):
        current = tables.aliases.get(current, current)
        if current in tables.open_past or current in tables.open_future:
            # "in the past", "the future": no date, but a side of the reference
            if ctx.ref is None:
                return True, None
            ref = ctx.ref.isoformat()
            if current in tables.open_past:
                return True, DateRange(None, ref, "range", ctx.text, "relative")
            return True, DateRange(ref, None, "range", ctx.text, "relative")
        if current in tables.not_dates:
            return True, None
        for pattern in tables.patterns:
            m = pattern.regex.fullmatch(current)
            if m is None:
                continue
            outcome = _apply(pattern, m, ctx)
            if not isinstance(outcome, _Pass):
                return True, outcome
        shorter = _strip_one(current, tables)
        if not shorter or shorter == current:
            break
        current = shorter
    return False, None


def _embedded(text: str, ctx: _Ctx) -> DateRange | None:
    """An explicit date inside a longer phrase ("1994 or later", "the 1988 period")."""
    for pattern in ctx.tables.patterns:
        if pattern.search is None:
            continue
        m = pattern.search.search(text)
        if m is None:
            continue
        outcome = _apply(pattern, m, ctx)
        if isinstance(outcome, DateRange):
            return outcome
    return None


_EXPLICIT_YEAR = re.compile(r"(?<!\d)(?:1\d{3}|20\d\d|21\d\d)(?!\d)")
_DATEPARSER_PERIODS: dict[str, Unit] = {
    "day": "day",
    "time": "day",
    "week": "week",
    "month": "month",
    "year": "year",
}


_DATE_SHAPED = re.compile(r"^(?:\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{1,4})?|1\d{3}|20\d\d|21\d\d)$")


def _looks_like_date(text: str, tables: _Tables) -> bool:
    """Only phrases made of date words go to dateparser: it answers almost anything.

    A month or weekday name, or a date-shaped number, must anchor the phrase; a
    count with a unit and nothing else ("five years") is a duration, not a date.
    """
    tokens = text.split()
    if not tokens or any(t in tables.sub_day for t in tokens):
        return False
    anchored = False
    for token in tokens:
        if token in tables.months or token in tables.weekdays or _DATE_SHAPED.match(token):
            anchored = True
        elif token not in tables.date_vocabulary and not token.isdigit():
            return False
    return anchored


def _dateparser_fallback(norm: str, ctx: _Ctx) -> DateRange | None:
    if not _looks_like_date(norm, ctx.tables):
        return None
    stated = _EXPLICIT_YEAR.search(norm) is not None
    if ctx.ref is None and not stated:
        return None
    try:
        from dateparser.date import DateDataParser

        base = ctx.ref or dt.date(int(_EXPLICIT_YEAR.findall(norm)[0]), 1, 1)
        prefer = ctx.direction or ("past" if ctx.prefer_past else "future")
        parser = DateDataParser(
            languages=["en"],
            settings={
                "RELATIVE_BASE": dt.datetime(base.year, base.month, base.day),
                "PREFER_DATES_FROM": prefer,
                "RETURN_AS_TIMEZONE_AWARE": False,
            },
        )
        data = parser.get_date_data(ctx.text)
    except Exception as err:  # dateparser is third-party: whatever it raises, we do not
        logger.debug("dateparser failed on %r: %s", ctx.text, err)
        return None
    found = getattr(data, "date_obj", None)
    if not isinstance(found, dt.datetime):
        return None
    unit = _DATEPARSER_PERIODS.get(str(getattr(data, "period", "day")), "day")
    logger.debug("dateparser fallback: %r -> %s (%s)", ctx.text, found.date(), unit)
    return _make(
        ctx, _unit_span(found.date(), unit), _UNIT_GRANULARITY[unit], "stated" if stated else "relative"
    )


def _cue_direction(norm: str, tables: _Tables) -> str | None:
    past = tables.past_cues is not None and tables.past_cues.search(norm) is not None
    future = tables.future_cues is not None and tables.future_cues.search(norm) is not None
    if past == future:
        return None
    return "past" if past else "future"


@functools.lru_cache(maxsize=CACHE_SIZE)
def _resolve_cached(
    text: str,
    reference: dt.date | None,
    prefer_past: bool,
    tense: str | None,
    anchor: Anchor | None = None,
) -> DateRange | None:
    tables = _tables()
    norm = _normalise(text, tables.lex)
    if not norm:
        return None
    if anchor is not None:
        anaphor = rewrite(norm)
        if anaphor is not None:
            return _resolve_anaphor(text, anaphor, anchor, prefer_past, tense)
    direction = tense or _cue_direction(norm, tables)
    ctx = _Ctx(tables, reference, direction, prefer_past, text.strip())
    matched, outcome = _match_phrase(norm, ctx)
    if matched:
        return outcome if isinstance(outcome, DateRange) else None
    if _term_keyword_in(norm):
        term = resolve_term_range(text, reference=reference)
        if term is not None:
            return term
    found = _embedded(norm, ctx)
    if found is not None:
        return found
    return _dateparser_fallback(norm, ctx)


def _resolve_anaphor(
    text: str, anaphor: tuple[str, str, str], anchor: Anchor, prefer_past: bool, tense: str | None
) -> DateRange | None:
    """Resolve "the following year" as "next year" with the anchor as the reference.

    An anchor coarser than the phrase ("the next day" after "in 1995") cannot
    place it: None, rather than a day made up from the first of January.
    """
    phrase, unit, rule = anaphor
    if not can_place(unit, anchor):
        logger.debug("anaphor %s: %r cannot be placed from a %s anchor", rule, text, anchor.granularity)
        return None
    if anchor.granularity != "day":
        # "earlier that month" after "in March": the anchor is the whole month, so
        # "earlier"/"later" than its first day would be a made-up cut: keep the unit
        phrase = phrase.removeprefix("earlier ").removeprefix("later ")
    ctx = _Ctx(_tables(), anchor.day, tense, prefer_past, text.strip())
    matched, outcome = _match_phrase(phrase, ctx)
    if not matched or not isinstance(outcome, DateRange):
        return None
    logger.debug("anaphor %s: %r -> %r against %s", rule, text, phrase, anchor.day)
    return DateRange(outcome.start, outcome.end, outcome.granularity, outcome.text, "relative")
