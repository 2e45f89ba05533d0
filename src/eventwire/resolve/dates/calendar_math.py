"""Calendar arithmetic on plain dates: units, shifts and the spans that hold a day.

Kept apart from the handlers because every handler needs it and none of it
depends on language: a month is a month whatever words named it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Literal

from eventwire.records import Granularity

Unit = Literal["day", "week", "month", "quarter", "half", "year", "decade", "century"]
Span = tuple[dt.date, dt.date]

_UNIT_GRANULARITY: dict[str, Granularity] = {
    "day": "day",
    "week": "week",
    "month": "month",
    "quarter": "range",
    "half": "range",
    "year": "year",
    "decade": "decade",
    "century": "range",
}
_UNIT_MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12, "decade": 120, "century": 1200}


def _add_months(day: dt.date, months: int) -> dt.date:
    years, month0 = divmod(day.month - 1 + months, 12)
    year = day.year + years
    last = calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(day.day, last))


def _shift(day: dt.date, unit: Unit, count: int) -> dt.date:
    """The day ``count`` units after ``day`` (before when negative)."""
    if unit == "day":
        return day + dt.timedelta(days=count)
    if unit == "week":
        return day + dt.timedelta(weeks=count)
    return _add_months(day, _UNIT_MONTHS[unit] * count)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _unit_span(day: dt.date, unit: Unit) -> Span:
    """The calendar unit holding ``day``: ISO week (Monday-Sunday), month, quarter, ..."""
    if unit == "day":
        return day, day
    if unit == "week":
        monday = day - dt.timedelta(days=day.weekday())
        return monday, monday + dt.timedelta(days=6)
    if unit == "month":
        return day.replace(day=1), _month_end(day.year, day.month)
    if unit == "quarter":
        first = 3 * ((day.month - 1) // 3) + 1
        return dt.date(day.year, first, 1), _month_end(day.year, first + 2)
    if unit == "half":
        first = 1 if day.month <= 6 else 7
        return dt.date(day.year, first, 1), _month_end(day.year, first + 5)
    if unit == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    if unit == "decade":
        start = day.year // 10 * 10
        return dt.date(start, 1, 1), dt.date(start + 9, 12, 31)
    start = day.year // 100 * 100
    return dt.date(max(start, 1), 1, 1), dt.date(start + 99, 12, 31)


def _season_span(year: int, months: tuple[int, int]) -> Span:
    first, last = months
    end_year = year + 1 if last < first else year
    return dt.date(year, first, 1), _month_end(end_year, last)
