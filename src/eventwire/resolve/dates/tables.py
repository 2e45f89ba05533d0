"""Loading the date tables: word lists and patterns from ``data/dates``, compiled once.

The rules are data (``words.yaml``, ``patterns.yaml``) so that a linguist can
read and extend them without touching code; this module turns them into
compiled regexes and lookup dicts, and refuses malformed entries loudly at
load time rather than mis-reading phrases later.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from eventwire.resolve.dates.calendar_math import Unit
from eventwire.resolve.dates.holidays import Holiday, load_holidays
from eventwire.resolve.dates.normalise import _build_lexicon, _Lexicon, _normalise

logger = logging.getLogger(__name__)

_DATA = "data/dates"


@dataclass(frozen=True)
class _Pattern:
    id: str
    rule: str
    regex: re.Pattern[str]
    search: re.Pattern[str] | None


@dataclass(frozen=True)
class _Tables:
    """Every word table and compiled pattern, loaded once per process."""

    lex: _Lexicon
    months: dict[str, int]
    weekdays: dict[str, int]
    ordinals: dict[str, int]
    units: dict[str, tuple[Unit, int]]
    seasons: dict[str, tuple[int, int]]
    decade_words: dict[str, int]
    calmods: dict[str, int]
    rollmods: dict[str, int]
    vague_counts: dict[str, tuple[int, int]]
    relative_days: dict[str, int]
    offset_directions: dict[str, int]
    present: frozenset[str]
    vague_spans: dict[str, tuple[int, int]]
    not_dates: frozenset[str]
    open_past: frozenset[str]
    open_future: frozenset[str]
    aliases: dict[str, str]
    past_cues: re.Pattern[str] | None
    future_cues: re.Pattern[str] | None
    leading: re.Pattern[str]
    trailing: re.Pattern[str]
    sub_day: frozenset[str]
    date_vocabulary: frozenset[str]
    patterns: tuple[_Pattern, ...]
    holidays: dict[str, Holiday]


def _read_text(name: str) -> str:
    return resources.files("eventwire").joinpath(f"{_DATA}/{name}").read_text(encoding="utf-8")


def _read_yaml(name: str) -> Any:
    return yaml.safe_load(_read_text(name))


def _strings(values: Iterable[object], where: str) -> list[str]:
    """The entries of a word list, refusing YAML's surprises (a bare ``on`` is True)."""
    out: list[str] = []
    for value in values:
        if not isinstance(value, str):
            raise ValueError(f"data/dates/words.yaml {where}: {value!r} is not a string; quote it")
        out.append(value)
    return out


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first so "this past" beats "this"."""
    ordered = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w) for w in ordered) + ")"


@functools.cache
def _tables() -> _Tables:
    """Load and compile the word tables and patterns (once per process)."""
    # the handler registry imports this module: read its names at load time
    from eventwire.resolve.dates.matching import _HANDLERS

    known_rules = frozenset(_HANDLERS)
    words: dict[str, Any] = _read_yaml("words.yaml")
    lex = _build_lexicon(words)

    def norm(phrase: object) -> str:
        return _normalise(str(phrase), lex)

    months = {str(k): int(v) for k, v in words["months"].items()}
    weekdays = {str(k): int(v) for k, v in words["weekdays"].items()}
    ordinals = {norm(k): int(v) for k, v in words["ordinals"].items()}
    units: dict[str, tuple[Unit, int]] = {
        str(k): (v["unit"], int(v.get("count", 1))) for k, v in words["units"].items()
    }
    seasons = {str(k): (int(v[0]), int(v[1])) for k, v in words["seasons"].items()}
    decade_words = {str(k): int(v) for k, v in words["decade_words"].items()}
    calmods = {norm(k): int(v) for k, v in words["calendar_modifiers"].items()}
    rollmods = {norm(k): int(v) for k, v in words["rolling_modifiers"].items()}
    vague_counts = {norm(k): (int(v[0]), int(v[1])) for k, v in words["vague_counts"].items()}
    relative_days = {norm(k): int(v) for k, v in words["relative_days"].items()}
    offset_directions = {norm(k): int(v) for k, v in words["offset_directions"].items()}
    present = frozenset(norm(w) for w in _strings(words["present_words"], "present_words"))
    vague_spans = {
        norm(k): (int(v.get("before", 0)), int(v.get("after", 0))) for k, v in words["vague_spans"].items()
    }
    not_dates = frozenset(norm(w) for w in _strings(words["not_dates"], "not_dates"))
    open_past = frozenset(norm(w) for w in _strings(words["open_past"], "open_past"))
    open_future = frozenset(norm(w) for w in _strings(words["open_future"], "open_future"))
    aliases = {norm(k): norm(v) for k, v in words["aliases"].items()}
    holidays = load_holidays(_read_yaml("holidays.yaml"), norm)
    cues = words["tense_cues"]
    past_cues = re.compile(rf"\b{_alternation(norm(w) for w in cues['past'])}\b") if cues["past"] else None
    future_cues = (
        re.compile(rf"\b{_alternation(norm(w) for w in cues['future'])}\b") if cues["future"] else None
    )
    lead = words["leading_words"]
    leading_words = [
        norm(w)
        for group in ("prepositions", "determiners", "approximations", "parts")
        for w in _strings(lead[group], group)
    ]
    leading = re.compile(rf"^{_alternation(leading_words)}(?: |$)")
    trailing_words = _strings(words["trailing_words"], "trailing_words")
    trailing = re.compile(rf" {_alternation(norm(w) for w in trailing_words)}$")
    sub_day = frozenset(str(w) for w in words["sub_day_units"])
    vocabulary = (
        set(months)
        | set(weekdays)
        | set(units)
        | {w for k in ordinals for w in k.split()}
        | {w for k in calmods for w in k.split()}
        | set(seasons)
        | {"the", "of", "on", "in", "at", "and", "ago", "year", "week", "day"}
    )

    one = _alternation(str(w) for w in words["one_words"])
    year = r"(?:1\d{3}|20\d\d|21\d\d)"
    calmod = _alternation(calmods)
    fills = {
        "month": _alternation(months),
        "weekday": _alternation(weekdays),
        "ordinal": _alternation(ordinals),
        "pos_ordinal": _alternation(k for k, v in ordinals.items() if 1 <= v <= 31),
        "unit": _alternation(units),
        "season": _alternation(seasons),
        "decade_word": _alternation(decade_words),
        "calmod": calmod,
        "rollmod": _alternation(rollmods),
        "vague_count": _alternation(vague_counts),
        "relative_day": _alternation(relative_days),
        "offset_direction": _alternation(offset_directions),
        "present": _alternation(present),
        "vague_span": _alternation(vague_spans),
        "holiday": _alternation(holidays),
        "one": one,
        "year": year,
        "num": rf"(?:\d{{1,4}}|{one})",
        "yexpr": rf"(?:{year}|'\d\d|(?:the )?{calmod} year)",
    }
    placeholder = re.compile(r"\{([a-z_]+)\}")

    def fill(pattern: str) -> str:
        def sub(m: re.Match[str]) -> str:
            key = m.group(1)
            if key not in fills:
                raise ValueError(f"unknown placeholder {{{key}}} in data/dates/patterns.yaml")
            return fills[key]

        return placeholder.sub(sub, pattern)

    patterns: list[_Pattern] = []
    for entry in _read_yaml("patterns.yaml"):
        rule = str(entry["rule"])
        if rule not in known_rules:
            raise ValueError(f"data/dates/patterns.yaml: {entry['id']} names unknown rule {rule!r}")
        source = fill(str(entry["pattern"]))
        search = re.compile(rf"(?<![\w'])(?:{source})(?![\w'])") if entry.get("embedded") else None
        patterns.append(_Pattern(str(entry["id"]), rule, re.compile(source), search))
    logger.debug("loaded %d date patterns", len(patterns))
    return _Tables(
        lex=lex,
        months=months,
        weekdays=weekdays,
        ordinals=ordinals,
        units=units,
        seasons=seasons,
        decade_words=decade_words,
        calmods=calmods,
        rollmods=rollmods,
        vague_counts=vague_counts,
        relative_days=relative_days,
        offset_directions=offset_directions,
        present=present,
        vague_spans=vague_spans,
        not_dates=not_dates,
        open_past=open_past,
        open_future=open_future,
        aliases=aliases,
        past_cues=past_cues,
        future_cues=future_cues,
        leading=leading,
        trailing=trailing,
        sub_day=sub_day,
        date_vocabulary=frozenset(vocabulary),
        holidays=holidays,
        patterns=tuple(patterns),
    )
