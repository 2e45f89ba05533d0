"""The days a new report's date may have to join an event, summed up per event.

Two reports are only one happening when their dates agree (``dates_agree``),
and a report joins a group only when its date agrees with every member
(complete linkage). Over a group that comes down to four numbers: the latest
first day and the earliest last day of its members dated by publication, and
the same two of its members with a date read from the text. From them follow
two day ranges: the days a publication-dated report must reach to agree with
every member, and the days a report with a stated date must reach
(``DateBounds``). A report that reaches neither is ruled out in constant time,
whatever the group's size, and that is exactly the rule ``dates_agree``
applies member by member.

The store keeps each event's two ranges as buckets (``event_window``): weeks
for a range of up to half a year, years for one of up to a century, one
bucket "any" beyond that or for an event with no dated member. A run looks up
the buckets its reports reach, so the stored events it compares them with are
those its dates allow: a few weeks of news around their publication days, not
every event of their months, and never the store's whole history because of
one report of "the 1990s".
"""

from __future__ import annotations

from dataclasses import dataclass

from eventwire.merge.evidence import day_span, scoring
from eventwire.records import DateRange

UNBOUNDED = 10**9  # beyond any day ordinal: "no limit on this side"
WEEK_LEVEL_DAYS = 183  # a range up to this long is bucketed by week...
YEAR_LEVEL_DAYS = 100 * 366  # ...up to this long by year; longer ranges are "any"
ANY = 0  # the bucket of a range that cannot be bucketed
_WEEK, _YEAR = 1, 2  # bucket levels, folded into the bucket number
_LEVEL = 10**7


def _ordinals(date: DateRange) -> tuple[int, int] | None:
    """The date's first and last day (``evidence.day_span``) as day numbers, or None."""
    span = day_span(date)
    return (span[0].toordinal(), span[1].toordinal()) if span else None


@dataclass
class DateBounds:
    """What the dated members of a group demand of a new report's date."""

    pub_first_max: int = -UNBOUNDED  # latest first day among publication-dated members
    pub_last_min: int = UNBOUNDED  # earliest last day among them
    stated_first_max: int = -UNBOUNDED  # the same among members with a date from the text
    stated_last_min: int = UNBOUNDED

    def add(self, date: DateRange) -> None:
        """Take one more member's date into account."""
        span = _ordinals(date)
        if span is None:  # an undated member agrees with any date
            return
        if date.basis == "publication":
            self.pub_first_max = max(self.pub_first_max, span[0])
            self.pub_last_min = min(self.pub_last_min, span[1])
        else:
            self.stated_first_max = max(self.stated_first_max, span[0])
            self.stated_last_min = min(self.stated_last_min, span[1])

    def publication_range(self) -> tuple[int, int]:
        """The days a publication-dated report's span must reach to agree with every
        member: within the window of each publication day, and not before any
        stated date begins nor more than the look-back after it ends."""
        config = scoring()
        window, lookback = config.publication_window, config.publication_lookback
        return (
            max(_minus(self.pub_first_max, window), self.stated_first_max),
            min(_plus(self.pub_last_min, window), _plus(self.stated_last_min, lookback)),
        )

    def stated_range(self) -> tuple[int, int]:
        """The days a report with a stated date must reach to agree with every
        member: begin by each publication day and end after its look-back,
        overlap each stated date."""
        lookback = scoring().publication_lookback
        return (
            max(_minus(self.pub_first_max, lookback), self.stated_first_max),
            min(self.pub_last_min, self.stated_last_min),
        )

    def admits(self, date: DateRange) -> bool:
        """True when ``date`` agrees with every member's (``dates_agree``)."""
        span = _ordinals(date)
        if span is None:
            return True
        low, high = self.publication_range() if date.basis == "publication" else self.stated_range()
        return span[1] >= low and span[0] <= high

    def buckets(self) -> list[tuple[str, int]]:
        """The stored buckets of the two ranges: ("p", bucket) and ("s", bucket)."""
        found = [("p", b) for b in range_buckets(*self.publication_range())]
        return found + [("s", b) for b in range_buckets(*self.stated_range())]


def _minus(day: int, days: int) -> int:
    return day if day <= -UNBOUNDED else day - days


def _plus(day: int, days: int) -> int:
    return day if day >= UNBOUNDED else day + days


def range_buckets(low: int, high: int) -> list[int]:
    """The buckets an event's range is stored under: every week or year it
    touches, or ``ANY``. A range whose ends crossed (members that do not agree,
    which complete linkage never builds) is stored as the days between them."""
    low, high = min(low, high), max(low, high)
    if low <= -UNBOUNDED or high >= UNBOUNDED or high - low > YEAR_LEVEL_DAYS:
        return [ANY]
    if high - low <= WEEK_LEVEL_DAYS:
        return _weeks(low, high)
    return _years(low, high)


def _weeks(low: int, high: int) -> list[int]:
    return [_WEEK * _LEVEL + week for week in range(low // 7, high // 7 + 1)]


def _years(low: int, high: int) -> list[int]:
    return [_YEAR * _LEVEL + year for year in range(low // 366, high // 366 + 1)]


def report_buckets(date: DateRange) -> tuple[str, list[int]] | None:
    """The kind ("p" or "s") and buckets a report looks up: every week and every
    year its span touches, and ``ANY``; None when it has no span or one too long
    to bucket (it may join an event of any date)."""
    span = _ordinals(date)
    if span is None or span[1] - span[0] > YEAR_LEVEL_DAYS:
        return None
    return ("p" if date.basis == "publication" else "s"), [ANY, *_weeks(*span), *_years(*span)]
