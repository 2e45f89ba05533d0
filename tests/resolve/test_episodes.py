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


def test_the_final_days_of_a_war_are_its_last_weeks() -> None:
    got = resolve_episode("the final days of the Bosnian war", frozenset({"BIH"}), dt.date(2000, 1, 1))
    assert got is not None and got.end == "1995-12-14" and got.start is not None
    assert dt.date.fromisoformat(got.start) >= dt.date(1995, 11, 1)


def test_an_episode_needs_its_country_in_the_article() -> None:
    assert resolve_episode("during the evacuation", frozenset({"FRA"}), dt.date(2021, 9, 1)) is None
    assert resolve_episode("during the evacuation", frozenset({"AFG"}), dt.date(2021, 9, 1)) is not None


def test_a_one_word_alias_is_generic_years_later() -> None:
    assert resolve_episode("during the evacuation", frozenset({"AFG"}), dt.date(2030, 1, 1)) is None


def test_an_episode_not_begun_by_the_reference_is_ignored() -> None:
    assert resolve_episode("the invasion of Ukraine", frozenset({"UKR"}), dt.date(2015, 1, 1)) is None


@given(st.text(max_size=200))
def test_any_text_gives_none_or_a_range(text: str) -> None:
    got = resolve_episode(text, frozenset({"AFG", "UKR", "USA"}), dt.date(2022, 6, 1))
    assert got is None or (got.start is not None and got.granularity == "range")
