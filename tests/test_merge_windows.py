"""Date windows: what a group's dated members demand of a new report, in constant time.

``DateBounds.admits`` must say exactly what ``dates_agree`` says member by
member, and an event's stored buckets must be met by every report it admits,
or a run would miss (or needlessly load) a stored event.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.merge.evidence import dates_agree
from eventwire.merge.windows import ANY, DateBounds, report_buckets
from eventwire.records import DateRange

BASES = ["publication", "stated", "relative"]


@st.composite
def dates(draw: st.DrawFn) -> DateRange:
    """Days, ranges and decades around 2021, by publication day or read from the text."""
    if draw(st.integers(0, 9)) == 0:
        return DateRange(None, None, "unknown", None, "none")
    start = dt.date(2021, 1, 1) + dt.timedelta(days=draw(st.integers(-400, 400)))
    length = draw(st.sampled_from([0, 0, 0, 3, 20, 90, 400, 3650, 40_000]))
    end = start + dt.timedelta(days=length)
    basis = draw(st.sampled_from(BASES))
    return DateRange(start.isoformat(), end.isoformat(), "day" if not length else "range", None, basis)


@given(st.lists(dates(), max_size=6), dates())
@settings(max_examples=500, deadline=None)
def test_bounds_admit_exactly_the_dates_every_member_agrees_with(
    members: list[DateRange], new: DateRange
) -> None:
    bounds = DateBounds()
    for date in members:
        bounds.add(date)
    assert bounds.admits(new) == all(dates_agree(new, member) for member in members)


@given(st.lists(dates(), min_size=1, max_size=6), dates())
@settings(max_examples=500, deadline=None)
def test_a_report_the_bounds_admit_looks_up_one_of_the_events_buckets(
    members: list[DateRange], new: DateRange
) -> None:
    bounds = DateBounds()
    for date in members:
        bounds.add(date)
    wanted = report_buckets(new)
    if wanted is None or not bounds.admits(new):
        return  # None: the report meets every event of its block
    kind, numbers = wanted
    stored = {bucket for k, bucket in bounds.buckets() if k == kind}
    assert stored & set(numbers)


def test_a_decade_report_does_not_meet_this_weeks_events() -> None:
    bounds = DateBounds()
    bounds.add(DateRange("2024-03-04", "2024-03-04", "day", None, "publication"))
    decade = DateRange("1990-01-01", "1999-12-31", "decade", "the 1990s", "stated")
    wanted = report_buckets(decade)
    assert wanted is not None and not bounds.admits(decade)
    assert not {b for k, b in bounds.buckets() if k == wanted[0]} & set(wanted[1])
    assert ANY in wanted[1]  # it still meets the events no date can be given to
