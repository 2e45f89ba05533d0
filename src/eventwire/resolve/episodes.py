"""Dating by named episodes: "in the last weeks of the Kabul airlift".

News dates background events by the episode they belong to as often as by the
calendar. ``data/dates/episodes.csv`` lists well-known episodes (wars,
evacuations, crises) with their dates and the countries they concern; a phrase
naming one, in an article about one of those countries, is dated to the
episode, narrowed to the part the phrase names ("the last weeks of", "the
first months of") with the same table the terms of office use. A one-word
alias ("the airlift", "the pandemic") is a common word and needs more: recent
news, and a phrase that names the episode's country itself.

    resolve_episode(text, countries, reference, named) -> DateRange | None
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
from dataclasses import dataclass
from importlib import resources

from eventwire.records import DateRange
from eventwire.resolve.dates import narrow_to_part


@dataclass(frozen=True)
class Episode:
    """One row of ``episodes.csv``."""

    name: str
    aliases: tuple[str, ...]
    countries: frozenset[str]
    start: dt.date
    end: dt.date | None


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9/]+", " ", text.lower()).split())


@functools.cache
def load_episodes() -> tuple[Episode, ...]:
    """Read and check ``data/dates/episodes.csv`` once per process."""
    text = resources.files("eventwire").joinpath("data/dates/episodes.csv").read_text("utf-8")
    episodes = []
    for row in csv.DictReader(io.StringIO(text)):
        end = dt.date.fromisoformat(row["end"]) if row["end"] else None
        start = dt.date.fromisoformat(row["start"])
        if end is not None and end < start:
            raise ValueError(f"episode {row['name']}: ends before it starts")
        aliases = tuple(_fold(a) for a in row["aliases"].split(";") if a.strip())
        countries = frozenset(c for c in row["countries"].split(";") if c)
        episodes.append(Episode(row["name"], aliases, countries, start, end))
    return tuple(episodes)


# A one-word alias ("the evacuation", "the pandemic") names the episode only in
# news written within this many years of its end; later, the word is generic.
GENERIC_ALIAS_YEARS = 3


def resolve_episode(
    text: str,
    countries: frozenset[str],
    reference: dt.date | None,
    named: frozenset[str] = frozenset(),
) -> DateRange | None:
    """Date a phrase by the episode it names, or None.

    An episode tied to countries only counts when the article mentions one of
    them, and only once it had begun by the reference date. A one-word alias is
    a common word ("evacuation", "pandemic"): it names the episode only in
    recent news (``GENERIC_ALIAS_YEARS``) and, for an episode tied to countries,
    only when the phrase itself names one of them (``named``: "the evacuation of
    Afghan staff", not "the evacuation of the stadium" in an article that
    mentions Afghanistan elsewhere). The longest alias wins.
    """
    folded = f" {_fold(text)} "
    best: tuple[int, Episode] | None = None
    for episode in load_episodes():
        if episode.countries and not episode.countries & countries:
            continue
        if reference is not None and episode.start > reference:
            continue
        for alias in episode.aliases:
            if " " not in alias and not _generic_word_fits(episode, reference, named):
                continue
            if f" {alias} " in folded and (best is None or len(alias) > best[0]):
                best = (len(alias), episode)
    if best is None:
        return None
    episode = best[1]
    end = episode.end or reference or episode.start
    if reference is not None and end > reference:
        # an article written while the episode went on refers to the part before it
        end = reference
    start, end = narrow_to_part(text, episode.start, end)
    return DateRange(start.isoformat(), end.isoformat(), "range", text.strip(), "stated")


def _generic_word_fits(episode: Episode, reference: dt.date | None, named: frozenset[str]) -> bool:
    if reference is None:
        return False
    if episode.countries and not episode.countries & named:
        return False
    end = episode.end or reference
    return (reference - end).days <= GENERIC_ALIAS_YEARS * 366
