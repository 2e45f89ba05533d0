"""Dating by named episodes (data/dates/episodes.csv)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from eventwire.resolve.episodes import load_episodes, resolve_episode


def test_every_episode_loads_with_sane_dates() -> None:
    episodes = load_episodes()
    assert len(episodes) >= 20
    assert all(e.end is None or e.start <= e.end for e in episodes)


def test_the_closing_weeks_of_a_war_are_its_last_weeks() -> None:
    got = resolve_episode("the last days of the Bosnian war", frozenset({"BIH"}), dt.date(2000, 1, 1))
    assert got is not None and got.end == "1995-12-14" and got.start is not None
    assert dt.date.fromisoformat(got.start) >= dt.date(1995, 11, 1)


def test_an_episode_needs_its_country_in_the_article() -> None:
    september = dt.date(2021, 9, 1)
    assert resolve_episode("during the fall of Kabul", frozenset({"FRA"}), september) is None
    assert resolve_episode("during the fall of Kabul", frozenset({"AFG"}), september) is not None


def test_a_one_word_alias_needs_its_phrase_to_name_the_episodes_country() -> None:
    """ "the evacuation" is a common word: it names the Kabul airlift only when the
    phrase itself names Afghanistan ("of Afghan staff"), not because the article
    mentions the country somewhere."""
    october = dt.date(2021, 10, 5)
    staff = "the evacuation of Afghan staff"
    got = resolve_episode(staff, frozenset({"AFG"}), october, named=frozenset({"AFG"}))
    assert got is not None and (got.start, got.end) == ("2021-08-14", "2021-08-31")
    assert resolve_episode("the evacuation of the stadium", frozenset({"AFG"}), october) is None
    assert resolve_episode(staff, frozenset({"AFG"}), october, named=frozenset({"USA"})) is None


def test_a_one_word_alias_is_generic_years_later() -> None:
    later = dt.date(2030, 1, 1)
    assert (
        resolve_episode("the evacuation of Afghan staff", frozenset({"AFG"}), later, frozenset({"AFG"}))
        is None
    )


def test_a_one_word_alias_of_a_worldwide_episode_needs_no_country() -> None:
    got = resolve_episode("during the pandemic", frozenset(), dt.date(2021, 3, 2))
    # still going on when the article was written: up to the article's date
    assert got is not None and (got.start, got.end) == ("2020-01-30", "2021-03-02")


def test_an_episode_not_begun_by_the_reference_is_ignored() -> None:
    assert resolve_episode("the invasion of Ukraine", frozenset({"UKR"}), dt.date(2015, 1, 1)) is None


@given(st.text(max_size=200))
def test_any_text_gives_none_or_a_range(text: str) -> None:
    got = resolve_episode(text, frozenset({"AFG", "UKR", "USA"}), dt.date(2022, 6, 1))
    assert got is None or (got.start is not None and got.granularity == "range")
