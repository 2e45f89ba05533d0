"""Named days: holidays and feasts ("Christmas", "Thanksgiving", "Easter Monday").

Their dates are rules, not lists of days, so that any year resolves: a fixed
month and day, the nth weekday of a month, or a number of days from Easter
Sunday. The rules are data (``data/dates/holidays.yaml``); Easter is computed
here with the Gregorian computus (the anonymous "Meeus/Jones/Butcher"
arithmetic, written from the published description of the method), because
a table of Easter dates would have to end somewhere.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any, Literal

from eventwire.resolve.dates.calendar_math import Span
from eventwire.resolve.dates.choice import Outcome, _choose, _choose_by_mod, _Ctx, _group, _make, _year_expr

Rule = Literal["fixed", "nth_weekday", "easter"]


@dataclass(frozen=True)
class Holiday:
    """One named day: how to find it in a given year."""

    id: str
    names: tuple[str, ...]
    rule: Rule
    month: int = 0
    day: int = 0
    weekday: int = 0
    nth: int = 0
    offset: int = 0

    def on(self, year: int) -> dt.date:
        """The day this holiday falls on in ``year``."""
        if self.rule == "fixed":
            found = dt.date(year, self.month, self.day)
        elif self.rule == "nth_weekday":
            found = nth_weekday(year, self.month, self.weekday, self.nth)
        else:
            found = easter(year)
        return found + dt.timedelta(days=self.offset)


def easter(year: int) -> dt.date:
    """Western Easter Sunday of ``year`` (Gregorian calendar, years 1583 on).

    The computus: the Paschal full moon is found from the year's place in the
    19-year Metonic cycle (``golden``), corrected for the Gregorian leap-year
    rule (``skipped``) and the drift of the lunar cycle (``lunar``); Easter is
    the Sunday after it.
    """
    golden = year % 19
    century, in_century = divmod(year, 100)
    skipped, century_rest = divmod(century, 4)
    lunar = (century + 8) // 25
    correction = (century - lunar + 1) // 3
    epact = (19 * golden + century - skipped - correction + 15) % 30
    leap_quarters, year_rest = divmod(in_century, 4)
    to_sunday = (32 + 2 * century_rest + 2 * leap_quarters - epact - year_rest) % 7
    shift = (golden + 11 * epact + 22 * to_sunday) // 451
    month, day = divmod(epact + to_sunday - 7 * shift + 114, 31)
    return dt.date(year, month, day + 1)


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    """The ``nth`` given weekday (Monday = 0) of a month; ``nth`` = -1 is the last."""
    if nth < 0:
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        return last - dt.timedelta(days=(last.weekday() - weekday) % 7)
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def load_holidays(entries: list[dict[str, Any]], normalise: Any) -> dict[str, Holiday]:
    """Holidays by normalised name, refusing entries a reader would misread."""
    by_name: dict[str, Holiday] = {}
    for entry in entries:
        rule = str(entry["rule"])
        if rule not in ("fixed", "nth_weekday", "easter"):
            raise ValueError(f"data/dates/holidays.yaml {entry.get('id')}: unknown rule {rule!r}")
        # spellings may meet after normalising ("all saints' day", "all saints day")
        names = tuple(dict.fromkeys(normalise(str(n)) for n in entry["names"]))
        holiday = Holiday(
            id=str(entry["id"]),
            names=names,
            rule=rule,  # type: ignore[arg-type]
            month=int(entry.get("month", 0)),
            day=int(entry.get("day", 0)),
            weekday=int(entry.get("weekday", 0)),
            nth=int(entry.get("nth", 0)),
            offset=int(entry.get("offset", 0)),
        )
        holiday.on(2000)  # a rule that cannot place a day fails here, at load time
        for name in names:
            if name in by_name:
                raise ValueError(f"data/dates/holidays.yaml: {name!r} names two holidays")
            by_name[name] = holiday
    return by_name


@functools.lru_cache(maxsize=1024)
def _span(holiday: Holiday, year: int) -> Span:
    day = holiday.on(year)
    return day, day


def _h_holiday(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """Resolve "Christmas", "last Easter", "Thanksgiving 1998": the day, placed like a month."""
    name = _group(m, "holiday")
    if name is None:
        return None
    holiday = ctx.tables.holidays[name]
    yexpr = _group(m, "yexpr")
    if yexpr:
        year = _year_expr(yexpr, ctx)
        if year is None or year[0] < 1583:
            return None
        return _make(ctx, _span(holiday, year[0]), "day", "stated" if year[1] else "relative")
    ref = ctx.ref
    if ref is None:
        return None
    cands = [_span(holiday, y) for y in range(ref.year - 1, ref.year + 2)]
    mod_word = m.groupdict().get("mod")
    if mod_word:
        mod = ctx.tables.calmods[mod_word]
        chosen = _span(holiday, ref.year) if mod == 0 else _choose_by_mod(cands, ref, mod)
    else:
        chosen = _choose(cands, ctx)
    return None if chosen is None else _make(ctx, chosen, "day", "relative")
