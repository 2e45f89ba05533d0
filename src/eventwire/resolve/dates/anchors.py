"""Expressions that point back to a time the article named before.

"The following year", "later that month", "that same day", "two days later"
are read against the last date the article resolved before them (the
*anchor*), not against the publication date: a story that says "in 1995" and
then "the following year" means 1996 whatever day it was published. The
patterns are data (``data/dates/anaphora.yaml``): each rewrites the phrase to
its deictic twin ("the following year" -> "next year"), which the ordinary
rules then resolve with the anchor standing in for the publication date.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from eventwire.records import DateRange, Granularity
from eventwire.resolve.dates.tables import _read_yaml

# Coarse to fine: an anchor can place a phrase whose unit is no finer than its own
# granularity ("the next day" after "in 1995" names no day).
_RANK: dict[str, int] = {
    "day": 0,
    "days": 0,
    "week": 1,
    "weeks": 1,
    "weekend": 1,
    "month": 2,
    "months": 2,
    "season": 3,
    "quarter": 3,
    "year": 4,
    "years": 4,
    "decade": 5,
}
# Only a date that names one period can anchor: not a vague span or a range.
ANCHOR_GRANULARITIES: frozenset[Granularity] = frozenset({"day", "week", "month", "season", "year"})


@dataclass(frozen=True)
class Anchor:
    """The earlier date an anaphoric phrase is read against: its first day and its precision."""

    day: dt.date
    granularity: Granularity


@dataclass(frozen=True)
class _Anaphor:
    id: str
    regex: re.Pattern[str]
    template: str
    unit: str


@functools.cache
def _anaphora() -> tuple[_Anaphor, ...]:
    out: list[_Anaphor] = []
    for entry in _read_yaml("anaphora.yaml"):
        out.append(
            _Anaphor(
                id=str(entry["id"]),
                regex=re.compile(str(entry["pattern"])),
                template=str(entry["as"]),
                unit=str(entry["unit"]),
            )
        )
    return tuple(out)


def _fill(template: str, groups: dict[str, str | None]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: groups.get(m.group(1)) or "", template).strip()


def rewrite(norm: str) -> tuple[str, str, str] | None:
    """(deictic phrase, unit, rule id) for an anaphoric normalised phrase, else None."""
    for anaphor in _anaphora():
        m = anaphor.regex.fullmatch(norm)
        if m is not None:
            groups = m.groupdict()
            phrase = " ".join(_fill(anaphor.template, groups).split())
            return phrase, _fill(anaphor.unit, groups), anaphor.id
    return None


def is_anaphoric(norm: str) -> bool:
    return rewrite(norm) is not None


def can_place(unit: str, anchor: Anchor) -> bool:
    """Whether an anchor of this precision can place a phrase naming ``unit``."""
    return _RANK.get(unit, 0) >= _RANK.get(anchor.granularity, 99)


def anchor_of(found: DateRange | None) -> Anchor | None:
    """The anchor a resolved date offers to the phrases after it, if it names one period."""
    if found is None or found.start is None or found.granularity not in ANCHOR_GRANULARITIES:
        return None
    if found.basis not in ("stated", "relative"):
        return None
    try:
        return Anchor(dt.date.fromisoformat(found.start), found.granularity)
    except ValueError:
        return None
