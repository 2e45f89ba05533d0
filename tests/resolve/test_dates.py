"""Time expressions to date ranges: every rule family, with and without a reference."""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import eventwire.resolve.dates as dates
from eventwire.records import DateRange
from eventwire.resolve.dates import matching, resolve_date, resolve_term_range
from eventwire.resolve.dates.choice import _Ctx

# A Friday, the reference of most cases below.
FRI = dt.date(2021, 9, 24)
# A Monday, to tell "last week" from "the past seven days".
MON = dt.date(1989, 10, 30)


def span(found: DateRange | None) -> tuple[str | None, str | None, str] | None:
    return None if found is None else (found.start, found.end, found.granularity)


@pytest.fixture
def no_dateparser(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail if a phrase our rules should answer falls through to dateparser."""

    def boom(norm: str, ctx: object) -> None:
        raise AssertionError(f"dateparser was asked about {norm!r}")

    monkeypatch.setattr(matching, "_dateparser_fallback", boom)
    dates._resolve_cached.cache_clear()


# ------------------------------------------------------------------ absolute expressions


@pytest.mark.parametrize(
    ("text", "start", "end", "granularity"),
    [
        # numeric dates
        ("2021-09-22", "2021-09-22", "2021-09-22", "day"),
        ("2021/09/22", "2021-09-22", "2021-09-22", "day"),
        ("20210922", "2021-09-22", "2021-09-22", "day"),
        ("9/28/21", "2021-09-28", "2021-09-28", "day"),
        ("09/28/2021", "2021-09-28", "2021-09-28", "day"),
        ("28/9/2021", "2021-09-28", "2021-09-28", "day"),  # first number cannot be a month
        ("22.09.2021", "2021-09-22", "2021-09-22", "day"),
        ("Correction 3/14/22, 6.15 p.m. ET", "2022-03-14", "2022-03-14", "day"),
        # named dates
        ("Sept. 22, 2021", "2021-09-22", "2021-09-22", "day"),
        ("September 22 2021", "2021-09-22", "2021-09-22", "day"),
        ("on September 22nd, 2021", "2021-09-22", "2021-09-22", "day"),
        ("22 September 2021", "2021-09-22", "2021-09-22", "day"),
        ("the 22nd of September 2021", "2021-09-22", "2021-09-22", "day"),
        ("Wednesday, Sept. 22, 2021", "2021-09-22", "2021-09-22", "day"),
        ("September the 22nd, 2021", "2021-09-22", "2021-09-22", "day"),
        ("22 Sep. of 2021", "2021-09-22", "2021-09-22", "day"),
        ("2021 September 22", "2021-09-22", "2021-09-22", "day"),
        ("June '94", "1994-06-01", "1994-06-30", "month"),
        # months and years
        ("August 1988", "1988-08-01", "1988-08-31", "month"),
        ("in June of 1994", "1994-06-01", "1994-06-30", "month"),
        ("2021-07", "2021-07-01", "2021-07-31", "month"),
        ("in 2014", "2014-01-01", "2014-12-31", "year"),
        ("2008", "2008-01-01", "2008-12-31", "year"),
        ("the year 2000", "2000-01-01", "2000-12-31", "year"),
        ("the year two thousand", "2000-01-01", "2000-12-31", "year"),
        ("nineteen ninety-six", "1996-01-01", "1996-12-31", "year"),
        ("fiscal 1989", "1989-01-01", "1989-12-31", "year"),
        ("mid-1996", "1996-01-01", "1996-12-31", "year"),
        ("the end of 1990", "1990-01-01", "1990-12-31", "year"),
        ("early 1991", "1991-01-01", "1991-12-31", "year"),
        # decades and centuries
        ("the 1990s", "1990-01-01", "1999-12-31", "decade"),
        ("the 1990's", "1990-01-01", "1999-12-31", "decade"),
        ("the late 1970s", "1970-01-01", "1979-12-31", "decade"),
        ("the 20th century", "1900-01-01", "1999-12-31", "range"),
        ("the twenty-first century", "2000-01-01", "2099-12-31", "range"),
        # seasons, quarters, halves with a year
        ("summer 2014", "2014-06-01", "2014-08-31", "season"),
        ("the winter of nineteen ninety-four", "1994-12-01", "1995-02-28", "season"),
        ("the third quarter of 1989", "1989-07-01", "1989-09-30", "range"),
        ("Q3 2021", "2021-07-01", "2021-09-30", "range"),
        ("the first half of 1990", "1990-01-01", "1990-06-30", "range"),
        ("the last half of 1989", "1989-07-01", "1989-12-31", "range"),
        ("the first two quarters of 1990", "1990-01-01", "1990-06-30", "range"),
        # spans and embedded dates
        ("between 2014 and 2016", "2014-01-01", "2016-12-31", "range"),
        ("from 2014 to 2016", "2014-01-01", "2016-12-31", "range"),
        ("2014-16", "2014-01-01", "2016-12-31", "range"),
        ("Sept. 20-22, 2021", "2021-09-20", "2021-09-22", "range"),
        ("July and August 2021", "2021-07-01", "2021-08-31", "range"),
        ("1994 or later", "1994-01-01", "1994-12-31", "year"),
    ],
)
@pytest.mark.parametrize("reference", [FRI, None])
def test_absolute_expressions(
    text: str, start: str, end: str, granularity: str, reference: dt.date | None, no_dateparser: None
) -> None:
    found = resolve_date(text, reference)
    assert span(found) == (start, end, granularity)
    assert found is not None and found.basis == "stated"
    assert found.text == text


# ------------------------------------------------------------------ relative expressions


@pytest.mark.parametrize(
    ("text", "tense", "start", "end", "granularity"),
    [
        # days
        ("today", None, "2021-09-24", "2021-09-24", "day"),
        ("yesterday", None, "2021-09-23", "2021-09-23", "day"),
        ("late yesterday", None, "2021-09-23", "2021-09-23", "day"),
        ("last night", None, "2021-09-23", "2021-09-23", "day"),
        ("tomorrow", None, "2021-09-25", "2021-09-25", "day"),
        ("now", None, "2021-09-24", "2021-09-24", "day"),
        ("currently", None, "2021-09-24", "2021-09-24", "day"),
        # weekdays: past tense is the latest up to the reference, future the first from it;
        # the reference day itself counts both ways (a Friday paper's "Friday" is that day)
        ("on Wednesday", "past", "2021-09-22", "2021-09-22", "day"),
        ("Wednesday", "future", "2021-09-29", "2021-09-29", "day"),
        ("Thursday", "past", "2021-09-23", "2021-09-23", "day"),
        ("Friday", "past", "2021-09-24", "2021-09-24", "day"),
        ("Friday", "future", "2021-09-24", "2021-09-24", "day"),
        ("Friday", None, "2021-09-24", "2021-09-24", "day"),  # wire copy names today by its weekday
        ("Thursday", None, "2021-09-23", "2021-09-23", "day"),
        ("Wednesday morning", "past", "2021-09-22", "2021-09-22", "day"),
        ("last Friday", None, "2021-09-17", "2021-09-17", "day"),
        ("next Monday", None, "2021-09-27", "2021-09-27", "day"),
        ("this coming Monday", None, "2021-09-27", "2021-09-27", "day"),
        ("Tuesday of last week", None, "2021-09-14", "2021-09-14", "day"),
        # month and day without a year
        ("September 22", None, "2021-09-22", "2021-09-22", "day"),
        ("September22", None, "2021-09-22", "2021-09-22", "day"),
        ("Sept. 22", "past", "2021-09-22", "2021-09-22", "day"),
        ("on September 28", None, "2021-09-28", "2021-09-28", "day"),
        ("on September 28", "future", "2021-09-28", "2021-09-28", "day"),
        ("on September 28", "past", "2020-09-28", "2020-09-28", "day"),
        ("Sept. 1", None, "2021-09-01", "2021-09-01", "day"),
        ("9/28", None, "2021-09-28", "2021-09-28", "day"),
        ("the 22nd", "past", "2021-09-22", "2021-09-22", "day"),
        ("Sept. 20-22", None, "2021-09-20", "2021-09-22", "range"),
        # months
        ("in July", "past", "2021-07-01", "2021-07-31", "month"),
        ("in July", "future", "2022-07-01", "2022-07-31", "month"),
        ("in July", None, "2021-07-01", "2021-07-31", "month"),
        ("in September", "past", "2021-09-01", "2021-09-30", "month"),
        ("in September", "future", "2021-09-01", "2021-09-30", "month"),
        ("in May", "past", "2021-05-01", "2021-05-31", "month"),
        ("in November", None, "2021-11-01", "2021-11-30", "month"),
        ("mid-November", None, "2021-11-01", "2021-11-30", "month"),
        ("last May", None, "2021-05-01", "2021-05-31", "month"),
        ("next May", None, "2022-05-01", "2022-05-31", "month"),
        ("June last year", None, "2020-06-01", "2020-06-30", "month"),
        ("January this year", None, "2021-01-01", "2021-01-31", "month"),
        # calendar units
        ("last week", None, "2021-09-13", "2021-09-19", "week"),
        ("this week", None, "2021-09-20", "2021-09-26", "week"),
        ("next week", None, "2021-09-27", "2021-10-03", "week"),
        ("late last week", None, "2021-09-13", "2021-09-19", "week"),
        ("last month", None, "2021-08-01", "2021-08-31", "month"),
        ("this month", None, "2021-09-01", "2021-09-30", "month"),
        ("next month", None, "2021-10-01", "2021-10-31", "month"),
        ("last year", None, "2020-01-01", "2020-12-31", "year"),
        ("this year", None, "2021-01-01", "2021-12-31", "year"),
        ("early next year", None, "2022-01-01", "2022-12-31", "year"),
        ("the current year", None, "2021-01-01", "2021-12-31", "year"),
        ("this decade", None, "2020-01-01", "2029-12-31", "decade"),
        ("last quarter", None, "2021-04-01", "2021-06-30", "range"),
        ("this quarter", None, "2021-07-01", "2021-09-30", "range"),
        # parts of the current unit
        ("earlier this year", None, "2021-01-01", "2021-09-24", "range"),
        ("earlier in the year", None, "2021-01-01", "2021-09-24", "range"),
        ("later this year", None, "2021-09-24", "2021-12-31", "range"),
        ("earlier this month", None, "2021-09-01", "2021-09-24", "range"),
        ("later this month", None, "2021-09-24", "2021-09-30", "range"),
        # counted offsets
        ("two days ago", None, "2021-09-22", "2021-09-22", "day"),
        ("2 days ago", None, "2021-09-22", "2021-09-22", "day"),
        ("six weeks ago", None, "2021-08-09", "2021-08-15", "week"),
        ("three months ago", None, "2021-06-01", "2021-06-30", "month"),
        ("a year ago", None, "2020-01-01", "2020-12-31", "year"),
        ("nearly four years ago", None, "2017-01-01", "2017-12-31", "year"),
        ("a decade ago", None, "2011-01-01", "2011-12-31", "year"),
        ("a few years ago", None, "2016-01-01", "2019-12-31", "range"),
        ("three days later", None, "2021-09-27", "2021-09-27", "day"),
        ("two weeks from now", None, "2021-10-04", "2021-10-10", "week"),
        ("in two weeks", "future", "2021-10-04", "2021-10-10", "week"),
        # rolling windows
        ("over the last three years", None, "2018-09-24", "2021-09-24", "range"),
        ("in the past 3 months", None, "2021-06-24", "2021-09-24", "range"),
        ("the past year", None, "2020-09-24", "2021-09-24", "range"),
        ("the next few weeks", None, "2021-09-24", "2021-10-29", "range"),
        # weekends
        ("over the weekend", "past", "2021-09-18", "2021-09-19", "range"),
        ("the weekend", "future", "2021-09-25", "2021-09-26", "range"),
        ("last weekend", None, "2021-09-18", "2021-09-19", "range"),
        ("this weekend", None, "2021-09-25", "2021-09-26", "range"),
        # seasons
        ("this summer", None, "2021-06-01", "2021-08-31", "season"),
        ("last summer", None, "2021-06-01", "2021-08-31", "season"),
        ("this past spring", None, "2021-03-01", "2021-05-31", "season"),
        ("next spring", None, "2022-03-01", "2022-05-31", "season"),
        ("the winter", "past", "2020-12-01", "2021-02-28", "season"),
        ("the winter", "future", "2021-12-01", "2022-02-28", "season"),
        # quarters without a year
        ("the third quarter", None, "2021-07-01", "2021-09-30", "range"),
        ("third-quarter", "past", "2021-07-01", "2021-09-30", "range"),
        ("the fourth quarter", "future", "2021-10-01", "2021-12-31", "range"),
        ("the latest quarter", None, "2021-04-01", "2021-06-30", "range"),
        ("the quarter", None, "2021-04-01", "2021-06-30", "range"),
        ("the quarter", "future", "2021-07-01", "2021-09-30", "range"),
        ("the year-ago quarter", None, "2020-04-01", "2020-06-30", "range"),
        ("this year's third quarter", None, "2021-07-01", "2021-09-30", "range"),
        ("the 2020 quarter", None, "2020-04-01", "2020-06-30", "range"),
        # vague spans and anchors
        ("recently", None, "2021-08-25", "2021-09-24", "range"),
        ("in recent years", None, "2016-09-24", "2021-09-24", "range"),
        ("soon", None, "2021-09-24", "2021-10-24", "range"),
        ("since 2014", None, "2014-01-01", "2021-09-24", "range"),
        ("since July", "past", "2021-07-01", "2021-09-24", "range"),
        ("the first week of May", "past", "2021-05-01", "2021-05-07", "range"),
        ("the last week of May", "past", "2021-05-25", "2021-05-31", "range"),
        ("the week of Sept. 20", None, "2021-09-20", "2021-09-26", "week"),
    ],
)
def test_relative_expressions(
    text: str, tense: str | None, start: str, end: str, granularity: str, no_dateparser: None
) -> None:
    found = resolve_date(text, FRI, tense=tense)
    assert span(found) == (start, end, granularity)
    assert found is not None and found.basis == "relative"


@pytest.mark.parametrize(
    ("text", "reference", "start"),
    [
        # the latest such decade begun by the reference; the 1900s without one
        ("the '90s", FRI, "1990-01-01"),
        ("the nineties", FRI, "1990-01-01"),
        ("the twenties", FRI, "2020-01-01"),
        ("the twenties", None, "1920-01-01"),
        ("the 80s", None, "1980-01-01"),
    ],
)
def test_decades_by_short_name(text: str, reference: dt.date | None, start: str) -> None:
    found = resolve_date(text, reference)
    assert found is not None and found.start == start and found.granularity == "decade"


@pytest.mark.parametrize(
    "text",
    [
        "Wednesday",
        "in July",
        "last week",
        "September 22",
        "two days ago",
        "recently",
        "the weekend",
        "earlier this year",
        "over the last three years",
        "this summer",
        "the third quarter",
        "now",
    ],
)
def test_relative_expressions_need_a_reference(text: str) -> None:
    assert resolve_date(text, None) is None
    assert resolve_date(text, None, tense="past") is None


@pytest.mark.parametrize(
    ("text", "start"),
    [
        # no tense: the nearest, a day in the dispreferred direction counting twice
        ("Tuesday", "1989-10-31"),  # tomorrow (1 x 2) beats six days back
        ("Friday", "1989-10-27"),  # three days back beats four ahead (4 x 2)
        ("December", "1989-12-01"),
        ("April", "1989-04-01"),
        ("Nov. 16", "1989-11-16"),
        ("Feb. 1", "1990-02-01"),
    ],
)
def test_no_tense_takes_the_nearest(text: str, start: str) -> None:
    found = resolve_date(text, MON)
    assert found is not None and found.start == start


def test_prefer_future_without_tense() -> None:
    past = resolve_date("Friday", MON)
    future = resolve_date("Friday", MON, prefer_past=False)
    assert past is not None and future is not None
    assert (past.start, future.start) == ("1989-10-27", "1989-11-03")


def test_tense_overrides_preference() -> None:
    found = resolve_date("in July", FRI, prefer_past=False, tense="past")
    assert found is not None and found.start == "2021-07-01"


def test_tense_cues_in_the_phrase_steer_without_a_tense() -> None:
    ahead = resolve_date("the summer ahead", FRI)
    plain = resolve_date("the summer", FRI)
    assert ahead is not None and ahead.start == "2022-06-01"
    assert plain is not None and plain.start == "2021-06-01"


def test_modifiers_with_an_article() -> None:
    found = resolve_date("the coming winter", FRI)
    assert found is not None and found.start == "2021-12-01"


def test_weekday_and_date_pick_a_year_where_they_agree() -> None:
    # 22 September was a Wednesday in 2021, a Tuesday in 2020
    found = resolve_date("Tuesday, Sept. 22", FRI)
    assert found is not None and found.start == "2020-09-22"


def test_datetime_reference_is_accepted() -> None:
    found = resolve_date("yesterday", dt.datetime(2021, 9, 24, 5, 19))
    assert found is not None and found.start == "2021-09-23"


@pytest.mark.parametrize(
    ("text", "side"), [("the past", "before"), ("previously", "before"), ("the future", "after")]
)
def test_open_references_give_one_side_of_the_reference(text: str, side: str) -> None:
    got = resolve_date(text, FRI)
    assert got is not None and got.granularity == "range"
    if side == "before":
        assert got.start is None and got.end == FRI.isoformat()
    else:
        assert got.start == FRI.isoformat() and got.end is None
    assert resolve_date(text, None) is None


def test_unknown_tense_is_no_tense() -> None:
    assert resolve_date("Friday", FRI, tense="present") == resolve_date("Friday", FRI)


@pytest.mark.parametrize(
    "text",
    [
        "six hours",
        "twenty four hours",
        "daily",
        "a year",
        "five years",
        "in two years to three years",
        "before the war",
        "after 2014",
        "24/7",
        "",
        "   ",
        "the Chiefs of Staff Committee",
        "in two weeks",
        "the closing weeks",  # "... of Obama's presidency": left to resolve_term_range
        "the final hectic months",
        "the final days",
        "several years",
    ],
)
def test_not_dates(text: str) -> None:
    assert resolve_date(text, FRI) is None


def test_dateparser_only_sees_date_words(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    original = matching._dateparser_fallback

    def spy(norm: str, ctx: _Ctx) -> DateRange | None:
        seen.append(norm)
        return original(norm, ctx)

    monkeypatch.setattr(matching, "_dateparser_fallback", spy)
    dates._resolve_cached.cache_clear()
    resolve_date("Wednesday September", FRI)
    assert seen == ["wednesday september"]
    # reached, but refused: a count and a unit is a duration, other words are not dates
    assert resolve_date("five years", FRI) is None
    assert resolve_date("the Joint Chiefs", FRI) is None


def test_long_text_is_not_a_time_expression() -> None:
    assert resolve_date("in 2014 " * 40, FRI) is None


# ------------------------------------------------------------------ against a publication date


@pytest.mark.parametrize(
    ("text", "tense", "lo", "hi"),
    [
        ("Thursday", "past", "2021-09-23", "2021-09-23"),
        ("on September14", None, "2021-09-14", "2021-09-14"),  # a caption's glued day
        ("over the past three years", "past", "2018-09-24", "2021-09-24"),
        ("during the weekend", "past", "2021-09-18", "2021-09-19"),
        ("in June", "past", "2021-06-01", "2021-06-30"),
        ("in 1999", "past", "1999-01-01", "1999-12-31"),
        ("in 2011", "past", "2011-01-01", "2011-12-31"),
        ("the final hectic months of Barack Obama's presidency", "past", "2016-09-20", "2017-01-20"),
    ],
)
def test_phrases_of_a_report_overlap_their_window(text: str, tense: str | None, lo: str, hi: str) -> None:
    found = resolve_date(text, FRI, tense=tense)
    assert found is not None and found.start is not None and found.end is not None
    assert found.start <= hi and lo <= found.end


# ------------------------------------------------------------------ terms of office


@pytest.mark.parametrize(
    ("text", "reference", "start", "end"),
    [
        ("the final months of George W. Bush's presidency", None, "2008-09-20", "2009-01-20"),
        ("in the waning months of Barack Obama's presidency", FRI, "2016-09-20", "2017-01-20"),
        ("the final hectic months of Barack Obama's presidency", FRI, "2016-09-20", "2017-01-20"),
        ("during the Obama administration", None, "2009-01-20", "2017-01-20"),
        ("Obama's second term", None, "2013-01-20", "2017-01-20"),
        ("the first 100 days of the Biden administration", None, "2021-01-20", "2021-04-30"),
        ("the Bush administration", dt.date(1991, 6, 1), "1989-01-20", "1993-01-20"),
        ("the Bush administration", dt.date(2006, 6, 1), "2001-01-20", "2009-01-20"),
        ("Merkel's chancellorship", None, "2005-11-22", "2021-12-08"),
        ("the Putin era", FRI, "1999-08-16", "2021-09-24"),
        ("Putin's presidency", dt.date(2010, 1, 1), "1999-12-31", "2008-05-07"),
        ("under President Obama", None, "2009-01-20", "2017-01-20"),
        ("the Trump administration", FRI, "2017-01-20", "2021-01-20"),
    ],
)
def test_terms_of_office(text: str, reference: dt.date | None, start: str, end: str) -> None:
    found = resolve_term_range(text, reference=reference)
    assert found is not None
    assert (found.start, found.end, found.granularity, found.basis) == (start, end, "range", "stated")


def test_ongoing_term_ends_at_the_reference_or_is_open() -> None:
    with_ref = resolve_term_range("the Xi Jinping era", reference=FRI)
    without = resolve_term_range("Xi's presidency")
    assert with_ref is not None and with_ref.end == "2021-09-24"
    assert without is not None and without.start == "2013-03-14" and without.end is None


@pytest.mark.parametrize(
    "text", ["the final months of the presidency", "the Smith administration", "Trump's comments", ""]
)
def test_terms_unknown(text: str) -> None:
    assert resolve_term_range(text) is None


def test_resolve_date_falls_back_to_terms() -> None:
    found = resolve_date("during the Obama administration", FRI)
    assert found is not None and (found.start, found.end) == ("2009-01-20", "2017-01-20")


# ------------------------------------------------------------------ data files and robustness


def _data(name: str) -> str:
    return resources.files("eventwire").joinpath(f"data/dates/{name}").read_text(encoding="utf-8")


def test_patterns_are_documented_and_unique() -> None:
    entries = yaml.safe_load(_data("patterns.yaml"))
    ids = [e["id"] for e in entries]
    assert len(ids) == len(set(ids))
    assert all(e.get("comment") for e in entries)
    assert all(e["rule"] in matching._HANDLERS for e in entries)


def test_terms_table_is_consistent() -> None:
    rows = _data("terms.csv").splitlines()[1:]
    assert len(rows) > 100
    for row in rows:
        fields = row.split(",")
        start, end = fields[4], fields[5]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", start), row
        assert not end or start <= end, row


def test_readme_documents_the_folder() -> None:
    readme = _data("README.md")
    for name in ("words.yaml", "patterns.yaml", "terms.csv", "term_words.yaml"):
        assert name in readme


def test_results_are_cached() -> None:
    first = resolve_date("last week", FRI)
    assert resolve_date("last week", FRI) is first


DATE_WORDS = [
    "last",
    "next",
    "this",
    "the",
    "of",
    "in",
    "on",
    "ago",
    "week",
    "weeks",
    "month",
    "year",
    "years",
    "Monday",
    "Friday",
    "September",
    "Sept.",
    "May",
    "summer",
    "winter",
    "quarter",
    "third",
    "first",
    "half",
    "2021",
    "1999",
    "'90s",
    "22",
    "31",
    "0",
    "9/28/21",
    "2021-02-30",
    "-",
    "to",
    "and",
    "since",
    "between",
    "early",
    "late",
    "mid-",
    "few",
    "two",
    "nineteen",
    "ninety",
    "thousand",
    "recently",
    "weekend",
    "century",
    "decade",
    "9999",
    "1000",
    "presidency",
    "Obama",
    "final",
    "months",
]


@settings(max_examples=400, deadline=None)
@given(
    text=st.one_of(
        st.text(max_size=60),
        st.lists(st.sampled_from(DATE_WORDS), min_size=1, max_size=7).map(" ".join),
    ),
    reference=st.one_of(st.none(), st.dates(), st.dates(dt.date(1980, 1, 1), dt.date(2030, 12, 31))),
    tense=st.sampled_from([None, "past", "future"]),
    prefer_past=st.booleans(),
)
def test_never_raises_and_ranges_are_ordered(
    text: str, reference: dt.date | None, tense: str | None, prefer_past: bool
) -> None:
    found = resolve_date(text, reference, prefer_past=prefer_past, tense=tense)
    if found is None:
        return
    assert found.granularity in {"day", "week", "month", "season", "year", "range", "decade", "unknown"}
    assert found.basis in {"stated", "relative", "publication", "none"}
    if found.start is not None and found.end is not None:
        assert dt.date.fromisoformat(found.start) <= dt.date.fromisoformat(found.end)
    if reference is None:
        assert found.basis == "stated"


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=80), reference=st.one_of(st.none(), st.dates()))
def test_terms_never_raise(text: str, reference: dt.date | None) -> None:
    found = resolve_term_range(text, reference=reference)
    if found is not None and found.start is not None and found.end is not None:
        assert found.start <= found.end


@pytest.mark.parametrize(
    ("text", "tense", "start", "end"),
    [
        # no tense: the latest such quarter begun by the reference (news reports them once begun)
        ("the fiscal first quarter", None, "1989-01-01", "1989-03-31"),
        ("the fourth quarter", None, "1989-10-01", "1989-12-31"),
        ("the first quarter", None, "1989-01-01", "1989-03-31"),
        # a tense still decides
        ("the first quarter", "future", "1990-01-01", "1990-03-31"),
    ],
)
def test_quarter_without_year_or_tense(text: str, tense: str | None, start: str, end: str) -> None:
    found = resolve_date(text, dt.date(1989, 10, 26), tense=tense)
    assert found is not None
    assert (found.start, found.end, found.granularity, found.text) == (start, end, "range", text)


@pytest.mark.parametrize("text", ["this crucial moment", "at this critical juncture", "the present moment"])
def test_qualified_present_is_the_reference_day(text: str) -> None:
    found = resolve_date(text, MON)
    assert found is not None
    assert (found.start, found.end, found.granularity) == ("1989-10-30", "1989-10-30", "day")
    assert found.text == text and found.basis == "relative"


# ------------------------------------------------------------------ issue 15: weekdays, holidays, anaphora

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@given(
    day=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31)),
    tense=st.sampled_from(["past", "future", None]),
)
@settings(max_examples=200, deadline=None)
def test_the_papers_own_weekday_is_the_paper_day_in_any_tense(day: dt.date, tense: str | None) -> None:
    found = resolve_date(WEEKDAY_NAMES[day.weekday()], day, tense=tense)
    assert span(found) == (day.isoformat(), day.isoformat(), "day")


@given(day=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31)), shift=st.integers(1, 6))
@settings(max_examples=200, deadline=None)
def test_past_weekdays_look_back_and_future_ones_ahead(day: dt.date, shift: int) -> None:
    back, ahead = day - dt.timedelta(days=shift), day + dt.timedelta(days=shift)
    past = resolve_date(WEEKDAY_NAMES[back.weekday()], day, tense="past")
    future = resolve_date(WEEKDAY_NAMES[ahead.weekday()], day, tense="future")
    assert past is not None and past.start == back.isoformat()
    assert future is not None and future.start == ahead.isoformat()


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (1961, "1961-04-02"),
        (1998, "1998-04-12"),
        (2000, "2000-04-23"),
        (2008, "2008-03-23"),
        (2011, "2011-04-24"),
        (2019, "2019-04-21"),
        (2024, "2024-03-31"),
        (2038, "2038-04-25"),
    ],
)
def test_easter_by_the_computus(year: int, easter: str) -> None:
    from eventwire.resolve.dates.holidays import easter as computus

    assert computus(year).isoformat() == easter


@pytest.mark.parametrize(
    ("text", "tense", "day"),
    [
        ("Christmas", "past", "2020-12-25"),
        ("Christmas Eve", "future", "2021-12-24"),
        ("on New Year's Day", None, "2022-01-01"),
        ("Thanksgiving 1998", None, "1998-11-26"),
        ("last Easter", None, "2021-04-04"),
        ("Good Friday 2019", None, "2019-04-19"),
        ("Memorial Day", "past", "2021-05-31"),
        ("Labor Day", "past", "2021-09-06"),
        ("Black Friday", "future", "2021-11-26"),
    ],
)
def test_holidays(text: str, tense: str | None, day: str) -> None:
    assert span(resolve_date(text, FRI, tense=tense)) == (day, day, "day")


def test_every_holiday_rule_places_a_day_in_any_year() -> None:
    from eventwire.resolve.dates.tables import _tables

    for holiday in set(_tables().holidays.values()):
        for year in (1900, 1999, 2024, 2100):
            assert holiday.on(year).year == year


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("the following year", "1995", ("1996-01-01", "1996-12-31", "year")),
        ("later that year", "1995", ("1995-01-01", "1995-12-31", "year")),
        ("the next day", "March 3, 1996", ("1996-03-04", "1996-03-04", "day")),
        ("that same day", "March 3, 1996", ("1996-03-03", "1996-03-03", "day")),
        ("two days later", "March 3, 1996", ("1996-03-05", "1996-03-05", "day")),
        ("the previous month", "March 3, 1996", ("1996-02-01", "1996-02-29", "month")),
        ("earlier that month", "March 1996", ("1996-03-01", "1996-03-31", "month")),
        ("later that day", "March 3, 1996", ("1996-03-03", "1996-03-03", "day")),
        # an anchor coarser than the phrase cannot place it
        ("the next day", "1995", None),
    ],
)
def test_anaphora_read_against_the_anchor(
    text: str, anchor: str, expected: tuple[str, str, str] | None
) -> None:
    found = resolve_date(text, FRI, anchor=resolve_date(anchor, FRI))
    assert span(found) == expected


def test_anaphora_without_an_anchor_keep_the_reference() -> None:
    assert span(resolve_date("the following year", FRI)) == ("2022-01-01", "2022-12-31", "year")


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("the 1300s", FRI, ("1300-01-01", "1399-12-31", "range")),
        ("the 1900s", FRI, ("1900-01-01", "1999-12-31", "range")),
        ("the 2000s", FRI, ("2000-01-01", "2009-12-31", "decade")),
        ("the 1300s", None, ("1300-01-01", "1399-12-31", "range")),
    ],
)
def test_hundreds_are_centuries_once_over(
    text: str, reference: dt.date | None, expected: tuple[str, str, str]
) -> None:
    assert span(resolve_date(text, reference)) == expected
