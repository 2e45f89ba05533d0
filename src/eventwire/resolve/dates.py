"""Time expressions to date ranges, against the article's publication date.

An event record must say when it happened and why we think so (DESIGN.md:
``date.basis``), so this module never guesses silently. Each phrase goes
through, in order:

1. **Normalisation** (lower case, "Sept." -> "sept", "September22" ->
   "september 22", "twenty-four" -> "24", times of day dropped), so one pattern
   covers the spellings news copy uses.
2. **Our rules**: the regexes of ``data/dates/patterns.yaml``, filled with the
   word tables of ``data/dates/words.yaml`` and tried in file order against the
   whole phrase. Leading prepositions and approximations ("on", "over",
   "nearly", "early") are peeled off one at a time until a rule matches.
3. **Terms of office** for phrases such as "the final months of Donald Trump's
   presidency" (``data/dates/terms.csv``).
4. **Explicit dates inside a longer phrase** ("1994 or later" -> 1994).
5. **dateparser**, last, and only for phrases made of date words: it answers
   almost anything ("six hours" becomes a day) so it must not see the rest.

Choices that matter to users of the data (all documented in
``data/dates/README.md``):

- Explicit years and full dates have basis ``stated``; anything that needs the
  reference date (weekdays, "last week", "September 22" without a year) has
  basis ``relative`` and is None when no reference is given.
- A weekday in a past-tense sentence is the latest such day strictly before the
  reference, in a future-tense one the first strictly after it; with no tense
  it is the nearest one, and the reference day itself when the names agree
  (wire copy names today by its weekday).
- Months, seasons and quarters without a year follow the tense: past -> the
  latest one begun by the reference, future -> the first not yet over; with no
  tense the nearest one, distances into the dispreferred direction weighted by
  ``AWAY_FROM_PREFERENCE_WEIGHT``.
- Part-of-period words ("early September", "the end of 1990") keep the whole
  period: writers use them loosely, and a wrong narrow range does more harm
  downstream (event merging by overlap) than a wide right one.
"""

from __future__ import annotations

import calendar
import csv
import dataclasses
import datetime as dt
import functools
import io
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any, Final, Literal

import yaml

from eventwire.records import DateBasis, DateRange, Granularity
from eventwire.resolve.folding import strip_accents

logger = logging.getLogger(__name__)

__all__ = ["resolve_date", "resolve_term_range"]

# With no tense, a candidate in the direction the caller does not prefer
# counts as this many times further away than it is. 2.0 lets "December" in
# a late-October article be this December (35 days ahead beats 330 back) but
# keeps "Friday" in a Monday article on last Friday (3 days back beats 4x2).
# On TimeBank 1.2 (benchmarks/bench_timebank.py) the exact share is 0.829 at
# 1.0, 0.840 at 1.5, 0.843 at 2.0-2.5 and 0.842-0.845 at 3.0-4.0: a plateau, so
# the round value in it was taken rather than the best single number.
AWAY_FROM_PREFERENCE_WEIGHT: Final = 2.0
# Phrases longer than this are sentences, not time expressions: not resolved.
MAX_TEXT_CHARS: Final = 200
# How many leading/trailing words may be peeled off before giving up.
MAX_STRIP_STEPS: Final = 8
# Distinct (text, reference, preference, tense) results kept; an article
# repeats the same few phrases ("Wednesday", "last week") many times.
CACHE_SIZE: Final = 16384
# A two-digit year is placed in the century that puts it no more than this
# many years after the reference ("'25" in 2021 -> 2025, "'85" -> 1985).
TWO_DIGIT_YEAR_FUTURE_WINDOW: Final = 10
# Without a reference, two-digit years up to this are 20xx, above it 19xx.
TWO_DIGIT_YEAR_PIVOT: Final = 69
# Consecutive terms of one person separated by at most this many days are one
# continuous time in office (an acting period before the inauguration).
TERM_MERGE_GAP_DAYS: Final = 31
# Spans ("from A to B") resolve their ends recursively, at most this deep.
MAX_SPAN_DEPTH: Final = 2

_DATA = "data/dates"

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


class _Pass:
    """Returned by a handler whose pattern matched but does not apply: keep looking."""


_PASS: Final = _Pass()
Outcome = DateRange | None | _Pass


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class _Numbers:
    """Number words by kind, for turning "nineteen ninety-six" into 1996."""

    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    joiners: frozenset[str]

    @property
    def words(self) -> frozenset[str]:
        return frozenset(self.units) | frozenset(self.tens) | frozenset(self.scales)


@dataclass(frozen=True)
class _Lexicon:
    """What normalisation needs; loaded before the phrase tables it normalises."""

    numbers: _Numbers
    number_words: frozenset[str]
    ignorable: frozenset[str]
    noise: tuple[re.Pattern[str], ...]


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


def _build_lexicon(words: dict[str, Any]) -> _Lexicon:
    raw = words["numbers"]
    numbers = _Numbers(
        units={str(k): int(v) for k, v in raw["units"].items()},
        tens={str(k): int(v) for k, v in raw["tens"].items()},
        scales={str(k): int(v) for k, v in raw["scales"].items()},
        joiners=frozenset(str(w) for w in raw.get("joiners", [])),
    )
    return _Lexicon(
        numbers=numbers,
        number_words=numbers.words,
        ignorable=frozenset(str(w) for w in words.get("ignorable_words", [])),
        noise=tuple(re.compile(p) for p in words.get("noise_patterns", [])),
    )


@functools.cache
def _tables() -> _Tables:
    """Load and compile the word tables and patterns (once per process)."""
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
        if rule not in _HANDLERS:
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
        patterns=tuple(patterns),
    )


# --------------------------------------------------------------------------- normalisation

_QUOTES_DASHES = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)
_ISO_TIME = re.compile(r"(?<=\d)t\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?\b")
_LETTER_PERIOD = re.compile(r"(?<=[a-z])\.")
_DIGIT_POSSESSIVE = re.compile(r"(?<=\d)'s\b")
_POSSESSIVE = re.compile(r"'s\b|(?<=s)'(?=\s|$)")
_PUNCT = re.compile(r"[,;:!?()\[\]{}\"*_|~<>]")
_LETTER_HYPHEN = re.compile(r"(?<=[a-z])-|-(?=[a-z])")
_LETTER_DIGIT = re.compile(r"(?<=[a-z])(?=\d)")
_DIGIT_LETTER = re.compile(r"(?<=\d)(?=[a-z])(?!(?:st|nd|rd|th|s)\b)")
_LOOSE_PERIOD = re.compile(r"\.+(?=\s|$)|(?<=\s)\.+")
_SPACES = re.compile(r"\s+")


def _fold(text: str) -> str:
    """Lower case without accents, curly quotes or odd dashes."""
    return strip_accents(text.translate(_QUOTES_DASHES)).lower()


def _run_value(run: list[str], numbers: _Numbers) -> int | None:
    """Value of a run of number words, or None when it is not one number.

    Two two-digit numbers in a row are a year as people say it
    ("nineteen ninety-six", "twenty twenty-one").
    """
    total = 0
    current = 0
    previous = ""
    for word in run:
        if word in numbers.scales:
            scale = numbers.scales[word]
            if scale >= 1000:
                total += (current or 1) * scale
                current = 0
            else:
                current = (current or 1) * scale
            previous = "scale"
            continue
        value = numbers.units.get(word, numbers.tens.get(word, 0))
        if current == 0 or previous == "scale":
            current += value
        elif word in numbers.tens and 10 <= current <= 99:
            current = current * 100 + value
        elif word in numbers.units and value < 10 and current % 10 == 0 and current % 100 != 0:
            current += value
        elif word in numbers.units and value >= 10 and 10 <= current <= 99:
            current = current * 100 + value
        else:
            return None
        previous = "tens" if word in numbers.tens else "units"
    return total + current


def _numbers_to_digits(tokens: list[str], lex: _Lexicon) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] not in lex.number_words:
            out.append(tokens[i])
            i += 1
            continue
        j = i
        run: list[str] = []
        while j < len(tokens):
            token = tokens[j]
            if token in lex.number_words:
                run.append(token)
            elif (
                token in lex.numbers.joiners
                and run
                and run[-1] in lex.numbers.scales
                and j + 1 < len(tokens)
                and tokens[j + 1] in lex.number_words
            ):
                pass
            else:
                break
            j += 1
        value = _run_value(run, lex.numbers)
        if value is None:
            out.extend(tokens[i:j])
        else:
            out.append(str(value))
        i = j
    return out


def _normalise(text: str, lex: _Lexicon) -> str:
    """The canonical form every pattern and table key is written in."""
    s = _fold(text)
    s = _ISO_TIME.sub("", s)
    s = _LETTER_PERIOD.sub("", s)
    for noise in lex.noise:
        s = noise.sub(" ", s)
    s = _DIGIT_POSSESSIVE.sub("s", s)
    s = _POSSESSIVE.sub("", s)
    s = _PUNCT.sub(" ", s)
    s = _LETTER_HYPHEN.sub(" ", s)
    s = _LETTER_DIGIT.sub(" ", s)
    s = _DIGIT_LETTER.sub(" ", s)
    s = _LOOSE_PERIOD.sub(" ", s)
    tokens = _numbers_to_digits(_SPACES.sub(" ", s).strip().split(" "), lex)
    s = " ".join(t for t in tokens if t and t not in lex.ignorable)
    s = s.strip(' -"/')
    while s.startswith("'") and not s[1:2].isdigit():
        s = s[1:].lstrip()
    return s.rstrip("'").strip()


# --------------------------------------------------------------------------- calendar arithmetic


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


# --------------------------------------------------------------------------- context and choice


@dataclass(frozen=True)
class _Ctx:
    """What a handler knows: the reference, which way the sentence points, the raw text."""

    tables: _Tables
    ref: dt.date | None
    direction: str | None
    prefer_past: bool
    text: str
    depth: int = 0


def _make(ctx: _Ctx, span: Span, granularity: Granularity, basis: DateBasis) -> DateRange:
    start, end = span
    if end < start:
        start, end = end, start
    return DateRange(start.isoformat(), end.isoformat(), granularity, ctx.text, basis)


def _cost(span: Span, ref: dt.date, prefer_past: bool) -> float:
    """Distance from the reference, inflated in the dispreferred direction."""
    start, end = span
    if start <= ref <= end:
        return 0.0
    if end < ref:
        days = (ref - end).days
        return days if prefer_past else days * AWAY_FROM_PREFERENCE_WEIGHT
    days = (start - ref).days
    return days * AWAY_FROM_PREFERENCE_WEIGHT if prefer_past else days


def _choose(cands: list[Span], ctx: _Ctx, *, strict: bool = False) -> Span | None:
    """Pick the occurrence the sentence means among recurring ones (Julys, Fridays).

    Past: the latest one begun by the reference (strict: over before it).
    Future: the first one not over (strict: begun after it). No tense: nearest.
    """
    ref = ctx.ref
    if ref is None or not cands:
        return None
    if ctx.direction == "past":
        pool = [c for c in cands if (c[1] < ref if strict else c[0] <= ref)]
        return max(pool, key=lambda c: c[0]) if pool else None
    if ctx.direction == "future":
        pool = [c for c in cands if (c[0] > ref if strict else c[1] >= ref)]
        return min(pool, key=lambda c: c[0]) if pool else None
    sign = 1 if ctx.prefer_past else -1
    return min(cands, key=lambda c: (_cost(c, ref, ctx.prefer_past), -sign * c[0].toordinal()))


def _choose_by_mod(cands: list[Span], ref: dt.date, mod: int) -> Span | None:
    """last -> the latest one over before the reference; next -> the first begun after it;
    this -> the one holding the reference (or, failing that, the nearest)."""
    if mod < 0:
        pool = [c for c in cands if c[1] < ref]
        return max(pool, key=lambda c: c[0]) if pool else None
    if mod > 0:
        pool = [c for c in cands if c[0] > ref]
        return min(pool, key=lambda c: c[0]) if pool else None
    holding = [c for c in cands if c[0] <= ref <= c[1]]
    if holding:
        return holding[0]
    return min(cands, key=lambda c: _cost(c, ref, True)) if cands else None


def _group(m: re.Match[str], name: str) -> str | None:
    """The first non-empty of ``name``, ``name2``, ... (alternatives in one pattern)."""
    groups = m.groupdict()
    for key in (name, *(f"{name}{i}" for i in range(2, 10))):
        value = groups.get(key)
        if value:
            return value
    return None


def _two_digit_year(yy: int, ref: dt.date | None) -> int:
    if ref is None:
        return 2000 + yy if yy <= TWO_DIGIT_YEAR_PIVOT else 1900 + yy
    year = ref.year // 100 * 100 + yy
    if year > ref.year + TWO_DIGIT_YEAR_FUTURE_WINDOW:
        year -= 100
    return year


def _year_expr(text: str, ctx: _Ctx) -> tuple[int, bool] | None:
    """(year, stated) for "2014", "'14", "last year", "the current year"; None without a reference."""
    text = text.strip()
    if text.isdigit():
        return int(text), True
    if text.startswith("'") and text[1:].isdigit():
        return _two_digit_year(int(text[1:]), ctx.ref), True
    if ctx.ref is None:
        return None
    words = text.removeprefix("the ").removesuffix(" year").strip()
    mod = ctx.tables.calmods.get(words)
    if mod is None:
        return None
    return ctx.ref.year + mod, False


def _count(m: re.Match[str], ctx: _Ctx) -> tuple[int, int] | None:
    """(low, high) from a number ("2", "a") or a vague count ("a few")."""
    number = _group(m, "n")
    if number is not None:
        value = int(number) if number.isdigit() else 1
        return value, value
    vague = _group(m, "count")
    if vague is not None:
        return ctx.tables.vague_counts[vague]
    return None


# --------------------------------------------------------------------------- handlers


def _h_none(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """The phrase is understood and names no date of its own ("before the war")."""
    return None


def _h_ymd(m: re.Match[str], ctx: _Ctx) -> Outcome:
    try:
        day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    return _make(ctx, (day, day), "day", "stated")


def _h_numeric(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """Slash dates: month first (US copy) unless the first number cannot be a month."""
    a, b = int(m["a"]), int(m["b"])
    month, day = (b, a) if a > 12 >= b else (a, b)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    y = m.groupdict().get("y")
    if y:
        year = int(y) if len(y) == 4 else _two_digit_year(int(y), ctx.ref)
        try:
            found = dt.date(year, month, day)
        except ValueError:
            return None
        return _make(ctx, (found, found), "day", "stated")
    return _infer_day(month, day, m.groupdict().get("weekday"), ctx)


def _infer_day(month: int, day: int, weekday: str | None, ctx: _Ctx) -> Outcome:
    """A month and day with no year: the year the tense (or nearness) picks.

    A weekday given with it ("Wednesday, Sept. 22") narrows the years to those
    where the names agree.
    """
    ref = ctx.ref
    if ref is None:
        return None
    cands: list[Span] = []
    for year in range(ref.year - 1, ref.year + 2):
        try:
            found = dt.date(year, month, day)
        except ValueError:
            continue
        cands.append((found, found))
    if weekday is not None:
        wanted = ctx.tables.weekdays[weekday]
        agreeing = [c for c in cands if c[0].weekday() == wanted]
        cands = agreeing or cands
    chosen = _choose(cands, ctx)
    return None if chosen is None else _make(ctx, chosen, "day", "relative")


def _h_named_date(m: re.Match[str], ctx: _Ctx) -> Outcome:
    digits = m.groupdict().get("day")
    day = int(digits) if digits else ctx.tables.ordinals.get(m.groupdict().get("dayword") or "", 0)
    month_word = m.groupdict().get("month")
    weekday = m.groupdict().get("weekday")
    if month_word is None:
        return _ordinal_day(day, ctx)
    month = ctx.tables.months[month_word]
    yexpr = m.groupdict().get("yexpr")
    if yexpr:
        year = _year_expr(yexpr, ctx)
        if year is None:
            return None
        try:
            found = dt.date(year[0], month, day)
        except ValueError:
            return None
        return _make(ctx, (found, found), "day", "stated" if year[1] else "relative")
    if not 1 <= day <= 31:
        return None
    return _infer_day(month, day, weekday, ctx)


def _ordinal_day(day: int, ctx: _Ctx) -> Outcome:
    """Resolve "the 22nd": that day of the reference's month or a neighbouring one."""
    ref = ctx.ref
    if ref is None or not 1 <= day <= 31:
        return None
    cands: list[Span] = []
    for offset in (-1, 0, 1):
        first = _add_months(ref.replace(day=1), offset)
        try:
            found = first.replace(day=day)
        except ValueError:
            continue
        cands.append((found, found))
    chosen = _choose(cands, ctx)
    return None if chosen is None else _make(ctx, chosen, "day", "relative")


def _h_month(m: re.Match[str], ctx: _Ctx) -> Outcome:
    tables = ctx.tables
    word = m.groupdict().get("month")
    number = _group(m, "m")
    month = tables.months[word] if word else int(number or 0)
    if not 1 <= month <= 12:
        return _PASS  # "2014-16" is a span of years, not a sixteenth month
    year_text = _group(m, "year") or _group(m, "yexpr")
    if year_text:
        year = _year_expr(year_text, ctx)
        if year is None:
            return None
        span = _unit_span(dt.date(year[0], month, 1), "month")
        return _make(ctx, span, "month", "stated" if year[1] else "relative")
    ref = ctx.ref
    if ref is None:
        return None
    cands = [_unit_span(dt.date(y, month, 1), "month") for y in range(ref.year - 2, ref.year + 3)]
    mod_word = m.groupdict().get("mod")
    if mod_word:
        mod = tables.calmods[mod_word]
        chosen = (
            _unit_span(dt.date(ref.year, month, 1), "month") if mod == 0 else _choose_by_mod(cands, ref, mod)
        )
    else:
        chosen = _choose(cands, ctx)
    return None if chosen is None else _make(ctx, chosen, "month", "relative")


def _h_year(m: re.Match[str], ctx: _Ctx) -> Outcome:
    year_text = m.groupdict().get("year")
    year = int(year_text) if year_text else _two_digit_year(int(m["yy"]), ctx.ref)
    return _make(ctx, _unit_span(dt.date(year, 1, 1), "year"), "year", "stated")


def _h_decade(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """Decades: "the 1990s" as stated; "the '90s"/"the nineties" in the latest century
    where that decade has begun by the reference (the 1900s without one)."""
    full = m.groupdict().get("decade")
    if full:
        start = int(full)
    else:
        word = m.groupdict().get("decade_word")
        tens = ctx.tables.decade_words[word] if word else int(m["dd"])
        base = ctx.ref.year if ctx.ref is not None else 1999
        start = base // 100 * 100 + tens
        if start > base:
            start -= 100
    if start < 1:
        return None
    return _make(ctx, _unit_span(dt.date(start, 1, 1), "decade"), "decade", "stated")


def _h_century(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """The Nth century = years (N-1)00..(N-1)99, the popular reading (TimeML agrees)."""
    number = m.groupdict().get("n")
    nth = int(number) if number else ctx.tables.ordinals.get(m.groupdict().get("ord") or "", 0)
    if not 1 <= nth <= 21:
        return None
    start = max((nth - 1) * 100, 1)
    return _make(ctx, (dt.date(start, 1, 1), dt.date((nth - 1) * 100 + 99, 12, 31)), "range", "stated")


def _quarter_span(year: int, quarter: int) -> Span:
    return _unit_span(dt.date(year, 3 * quarter - 2, 1), "quarter")


def _latest_completed_quarter(ref: dt.date) -> Span:
    current = _unit_span(ref, "quarter")
    return _unit_span(current[0] - dt.timedelta(days=1), "quarter")


def _quarter_number(m: re.Match[str], ctx: _Ctx) -> int | None:
    digits = _group(m, "q")
    if digits:
        return int(digits)
    word = _group(m, "ord")
    if word is None:
        return None
    nth = ctx.tables.ordinals.get(word, 0)
    return 4 if nth == -1 else nth if 1 <= nth <= 4 else 0


def _h_quarter(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """Quarters (granularity "range"). "The quarter"/"the latest quarter" in news is the
    one just reported, i.e. the latest completed; in a future-tense sentence the current one."""
    quarter = _quarter_number(m, ctx)
    if quarter == 0:
        return None
    yexpr = _group(m, "yexpr")
    if quarter is not None and yexpr:
        year = _year_expr(yexpr, ctx)
        if year is None:
            return None
        return _make(ctx, _quarter_span(year[0], quarter), "range", "stated" if year[1] else "relative")
    ref = ctx.ref
    if ref is None:
        return None
    if quarter is not None:
        cands = [_quarter_span(y, quarter) for y in range(ref.year - 1, ref.year + 2)]
        # a quarter named without a year or a tense is a reporting period, and news
        # reports a quarter once it has begun: the latest one begun by the reference
        chosen = _choose(cands, ctx if ctx.direction else dataclasses.replace(ctx, direction="past"))
        return None if chosen is None else _make(ctx, chosen, "range", "relative")
    mod_word = m.groupdict().get("mod")
    mod = ctx.tables.calmods[mod_word] if mod_word else None
    if mod is None:
        span = _unit_span(ref, "quarter") if ctx.direction == "future" else _latest_completed_quarter(ref)
    else:
        span = _unit_span(_shift(ref, "quarter", mod), "quarter")
    return _make(ctx, span, "range", "relative")


def _h_year_ago_quarter(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """Resolve "the year-ago quarter": the quarter just reported (the latest completed, or the
    named one) a year earlier; "the 1988 quarter": that same quarter in 1988."""
    ref = ctx.ref
    if ref is None:
        return None
    quarter = _quarter_number(m, ctx)
    if quarter == 0:
        return None
    if quarter is None:
        latest = _latest_completed_quarter(ref)
    else:
        past = [
            c for c in (_quarter_span(y, quarter) for y in range(ref.year - 1, ref.year + 1)) if c[0] <= ref
        ]
        latest = max(past, key=lambda c: c[0])
    yexpr = _group(m, "yexpr")
    if yexpr:
        year = _year_expr(yexpr, ctx)
        if year is None:
            return None
        span = _unit_span(latest[0].replace(year=year[0]), "quarter")
        return _make(ctx, span, "range", "relative")
    return _make(ctx, _unit_span(_shift(latest[0], "year", -1), "quarter"), "range", "relative")


def _h_quarters_span(m: re.Match[str], ctx: _Ctx) -> Outcome:
    count = int(m["n"])
    if not 1 <= count <= 4:
        return None
    yexpr = _group(m, "yexpr")
    if yexpr:
        year = _year_expr(yexpr, ctx)
        if year is None:
            return None
        year_number, stated = year
    elif ctx.ref is not None:
        year_number, stated = ctx.ref.year, False
    else:
        return None
    span = (_quarter_span(year_number, 1)[0], _quarter_span(year_number, count)[1])
    return _make(ctx, span, "range", "stated" if stated else "relative")


def _h_half(m: re.Match[str], ctx: _Ctx) -> Outcome:
    digits = _group(m, "h")
    nth = int(digits) if digits else ctx.tables.ordinals.get(_group(m, "ord") or "", 0)
    half = 2 if nth == -1 else nth
    if half not in (1, 2):
        return None
    yexpr = _group(m, "yexpr")
    if yexpr:
        year = _year_expr(yexpr, ctx)
        if year is None:
            return None
        span = _unit_span(dt.date(year[0], 6 * half - 5, 1), "half")
        return _make(ctx, span, "range", "stated" if year[1] else "relative")
    ref = ctx.ref
    if ref is None:
        return None
    cands = [_unit_span(dt.date(y, 6 * half - 5, 1), "half") for y in range(ref.year - 1, ref.year + 2)]
    chosen = _choose(cands, ctx)
    return None if chosen is None else _make(ctx, chosen, "range", "relative")


def _h_season(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """Seasons are meteorological; a winter is named by the year of its December."""
    tables = ctx.tables
    name = _group(m, "season")
    if name is None:
        return None
    months = tables.seasons[name]
    yexpr = _group(m, "yexpr")
    if yexpr:
        year = _year_expr(yexpr, ctx)
        if year is None:
            return None
        return _make(ctx, _season_span(year[0], months), "season", "stated" if year[1] else "relative")
    ref = ctx.ref
    if ref is None:
        return None
    cands = [_season_span(y, months) for y in range(ref.year - 2, ref.year + 2)]
    mod_word = m.groupdict().get("mod")
    if mod_word:
        mod = tables.calmods[mod_word]
        if mod == 0:
            # "this winter": the one holding the reference, else the one ahead
            holding = [c for c in cands if c[0] <= ref <= c[1]]
            ahead = [c for c in cands if c[0] > ref and c[0].year == ref.year]
            same_year = [c for c in cands if c[0].year == ref.year]
            pool = holding or ahead or same_year
            chosen = pool[0] if pool else None
        else:
            chosen = _choose_by_mod(cands, ref, mod)
    else:
        chosen = _choose(cands, ctx)
    return None if chosen is None else _make(ctx, chosen, "season", "relative")


def _h_relative_day(m: re.Match[str], ctx: _Ctx) -> Outcome:
    if ctx.ref is None:
        return None
    day = ctx.ref + dt.timedelta(days=ctx.tables.relative_days[m["word"]])
    return _make(ctx, (day, day), "day", "relative")


def _h_present(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """Resolve "now", "currently": the reference day (TimeML's PRESENT_REF)."""
    if ctx.ref is None:
        return None
    return _make(ctx, (ctx.ref, ctx.ref), "day", "relative")


def _h_weekday(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """Weekdays. With a past tense: strictly before the reference; future: strictly after;
    no tense: the reference day when the names agree, else the nearest one."""
    ref = ctx.ref
    if ref is None:
        return None
    tables = ctx.tables
    wanted = tables.weekdays[_group(m, "weekday") or ""]
    week_mod = _group(m, "wmod")
    if week_mod is not None:
        monday = _unit_span(_shift(ref, "week", tables.calmods[week_mod]), "week")[0]
        day = monday + dt.timedelta(days=wanted)
        return _make(ctx, (day, day), "day", "relative")
    cands: list[Span] = []
    for offset in range(-14, 15):
        day = ref + dt.timedelta(days=offset)
        if day.weekday() == wanted:
            cands.append((day, day))
    mod_word = m.groupdict().get("mod")
    if mod_word:
        mod = tables.calmods[mod_word]
        if mod == 0:
            monday = _unit_span(ref, "week")[0]
            day = monday + dt.timedelta(days=wanted)
            chosen: Span | None = (day, day)
        else:
            chosen = _choose_by_mod(cands, ref, mod)
    else:
        chosen = _choose(cands, ctx, strict=True)
    return None if chosen is None else _make(ctx, chosen, "day", "relative")


def _h_weekend(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """Saturday and Sunday (granularity "range"). Past tense: the latest weekend begun
    before the reference day; future: the first not over; "this": the one of this week."""
    ref = ctx.ref
    if ref is None:
        return None
    cands: list[Span] = []
    for offset in range(-21, 22):
        day = ref + dt.timedelta(days=offset)
        if day.weekday() == 5:
            cands.append((day, day + dt.timedelta(days=1)))
    mod_word = m.groupdict().get("mod")
    if mod_word:
        mod = ctx.tables.calmods[mod_word]
        if mod == 0:
            saturday = _unit_span(ref, "week")[0] + dt.timedelta(days=5)
            chosen: Span | None = (saturday, saturday + dt.timedelta(days=1))
        else:
            chosen = _choose_by_mod(cands, ref, mod)
    elif ctx.direction == "past":
        pool = [c for c in cands if c[0] < ref]
        chosen = max(pool) if pool else None
    elif ctx.direction == "future":
        pool = [c for c in cands if c[1] > ref]
        chosen = min(pool) if pool else None
    else:
        chosen = _choose(cands, ctx)
    return None if chosen is None else _make(ctx, chosen, "range", "relative")


def _unit_of(word: str, ctx: _Ctx) -> tuple[Unit, int]:
    return ctx.tables.units[word]


def _h_offset(m: re.Match[str], ctx: _Ctx, ahead: bool | None = None) -> Outcome:
    """Resolve "two days ago" -> that day; "six weeks ago" -> that ISO week; "a decade ago" -> that
    year (a decade-wide answer would claim less than the writer said)."""
    ref = ctx.ref
    counts = _count(m, ctx) or (1, 1)
    if ref is None:
        return None
    unit, per = _unit_of(m["unit"], ctx)
    if ahead is None:
        ahead = ctx.tables.offset_directions.get(m.groupdict().get("dir") or "", -1) > 0
    sign = 1 if ahead else -1
    low, high = counts[0] * per, counts[1] * per
    target_unit: Unit = "year" if unit in ("decade", "century") else unit
    if low == high:
        span = _unit_span(_shift(ref, unit, sign * low), target_unit)
        return _make(ctx, span, _UNIT_GRANULARITY[target_unit], "relative")
    near = _unit_span(_shift(ref, unit, sign * low), target_unit)
    far = _unit_span(_shift(ref, unit, sign * high), target_unit)
    return _make(ctx, (min(near[0], far[0]), max(near[1], far[1])), "range", "relative")


def _h_in_future(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """Treat "in two weeks" as a date only when the sentence looks ahead; otherwise it is a duration."""
    if ctx.direction != "future" and not (ctx.direction is None and not ctx.prefer_past):
        return None
    return _h_offset(m, ctx, ahead=True)


def _h_rolling(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """Resolve "over the last two years": from two years before the reference to the reference."""
    ref = ctx.ref
    if ref is None:
        return None
    tables = ctx.tables
    sign = tables.rollmods.get(m.groupdict().get("mod") or "past", -1)
    unit_word = _group(m, "unit") or ""
    counts = _count(m, ctx)
    if counts is None:
        # "the past months": a plural with no count is a few of them
        counts = tables.vague_counts.get("few", (2, 5)) if unit_word.endswith("s") else (1, 1)
    unit, per = _unit_of(unit_word, ctx)
    far = _shift(ref, unit, sign * counts[1] * per)
    return _make(ctx, (min(far, ref), max(far, ref)), "range", "relative")


def _h_part_of_unit(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """Resolve "earlier this year" = 1 January to the reference; "later this month" = the reference
    to the month's end. With last/next the whole unit (the part is vaguer than the unit)."""
    ref = ctx.ref
    if ref is None:
        return None
    rel = _group(m, "rel")
    unit_word = _group(m, "unit") or "year"
    unit, _ = _unit_of(unit_word, ctx)
    mod_word = m.groupdict().get("mod")
    mod = ctx.tables.calmods[mod_word] if mod_word else 0
    span = _unit_span(_shift(ref, unit, mod), unit)
    if mod != 0:
        return _make(ctx, span, _UNIT_GRANULARITY[unit], "relative")
    part = (span[0], ref) if rel == "earlier" else (ref, span[1])
    return _make(ctx, part, "range", "relative")


def _h_calendar_unit(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """Resolve "last week" = the previous ISO week; "this month", "next year", "the year" (this one)."""
    ref = ctx.ref
    if ref is None:
        return None
    mod_word = m.groupdict().get("mod")
    mod = ctx.tables.calmods[mod_word] if mod_word else 0
    unit, _ = _unit_of(m["unit"], ctx)
    span = _unit_span(_shift(ref, unit, mod), unit)
    return _make(ctx, span, _UNIT_GRANULARITY[unit], "relative")


def _h_vague(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """Resolve "recently", "soon", "in recent years": windows of words.yaml vague_spans."""
    ref = ctx.ref
    if ref is None:
        return None
    before, after = ctx.tables.vague_spans[m["word"]]
    span = (ref - dt.timedelta(days=before), ref + dt.timedelta(days=after))
    return _make(ctx, span, "range", "relative")


def _h_week_of_month(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """Resolve "the first week of May" = 1-7 May; "the last week of May" = its last seven days."""
    tables = ctx.tables
    nth = tables.ordinals.get(m["ord"], 0)
    month = tables.months[m["month"]]
    yexpr = m.groupdict().get("yexpr")
    if yexpr:
        year = _year_expr(yexpr, ctx)
        if year is None:
            return None
        month_span = _unit_span(dt.date(year[0], month, 1), "month")
        basis: DateBasis = "stated" if year[1] else "relative"
    else:
        if ctx.ref is None:
            return None
        cands = [_unit_span(dt.date(y, month, 1), "month") for y in range(ctx.ref.year - 1, ctx.ref.year + 2)]
        chosen = _choose(cands, ctx)
        if chosen is None:
            return None
        month_span, basis = chosen, "relative"
    if nth == -1:
        span = (month_span[1] - dt.timedelta(days=6), month_span[1])
    elif 1 <= nth <= 4:
        first = month_span[0] + dt.timedelta(days=7 * (nth - 1))
        span = (first, first + dt.timedelta(days=6))
    else:
        return None
    return _make(ctx, span, "range", basis)


def _resolve_part(text: str, ctx: _Ctx) -> DateRange | None:
    """Resolve one end of a span (or an anchor) with the caller's context."""
    if ctx.depth >= MAX_SPAN_DEPTH:
        return None
    inner = _Ctx(ctx.tables, ctx.ref, ctx.direction, ctx.prefer_past, ctx.text, ctx.depth + 1)
    matched, result = _match_phrase(text, inner)
    return result if matched and isinstance(result, DateRange) else None


def _h_week_of(m: re.Match[str], ctx: _Ctx) -> Outcome:
    inner = _resolve_part(m["inner"], ctx)
    if inner is None or inner.granularity != "day" or inner.start is None:
        return _PASS
    span = _unit_span(dt.date.fromisoformat(inner.start), "week")
    return _make(ctx, span, "week", inner.basis)


def _h_since(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """Resolve "since 2014": from the start of the anchor to the reference."""
    inner = _resolve_part(m["inner"], ctx)
    if inner is None or inner.start is None or ctx.ref is None:
        return None if inner is not None else _PASS
    start = dt.date.fromisoformat(inner.start)
    if start > ctx.ref:
        return None
    return _make(ctx, (start, ctx.ref), "range", "relative")


def _bounds(found: DateRange) -> Span:
    assert found.start is not None and found.end is not None
    return dt.date.fromisoformat(found.start), dt.date.fromisoformat(found.end)


def _h_span(m: re.Match[str], ctx: _Ctx) -> Outcome:
    """Resolve "between A and B", "Sept. 20-22", "2014-16": the union of both ends.

    An end that is a bare number borrows the rest from the other end; an end
    without a year borrows the other end's stated year.
    """
    left_text, right_text = m["a"].strip(), m["b"].strip()
    shared = m.groupdict().get("shared")
    if shared:
        # "July and August 2021", "Sept. 20-22, 2021": the year belongs to both ends
        if not _EXPLICIT_YEAR.search(left_text):
            left_text = f"{left_text} {shared}"
        if not right_text.isdigit():
            right_text = f"{right_text} {shared}"
    left = _resolve_part(left_text, ctx)
    right = _resolve_part(right_text, ctx)
    if left is not None and right is None and right_text.isdigit():
        right = _complete_end(left, int(right_text), len(right_text), ctx)
    if right is not None and left is None and left_text.isdigit():
        left = _complete_end(right, int(left_text), len(left_text), ctx)
    if left is None or right is None or left.start is None or right.start is None:
        return _PASS
    if left.basis == "relative" and right.basis == "stated":
        again = _resolve_part(f"{left_text} {right.start[:4]}", ctx)
        if again is not None and again.start is not None and again.start <= (right.end or right.start):
            left = again
    lo = min(_bounds(left)[0], _bounds(right)[0])
    hi = max(_bounds(left)[1], _bounds(right)[1])
    basis: DateBasis = "stated" if left.basis == right.basis == "stated" else "relative"
    return _make(ctx, (lo, hi), "range", basis)


def _complete_end(other: DateRange, number: int, digits: int, ctx: _Ctx) -> DateRange | None:
    """Complete "20-22" after "Sept.": the 22nd of the same month; "2014-16": 2016."""
    start = _bounds(other)[0]
    try:
        if other.granularity == "day" and 1 <= number <= 31 and digits <= 2:
            day = start.replace(day=number)
            return _make(ctx, (day, day), "day", other.basis)
        if other.granularity == "year" and digits == 2:
            year = start.year // 100 * 100 + number
            if year < start.year:
                year += 100
            return _make(ctx, _unit_span(dt.date(year, 1, 1), "year"), "year", other.basis)
    except ValueError:
        return None
    return None


_HANDLERS: dict[str, Callable[[re.Match[str], _Ctx], Outcome]] = {
    "none": _h_none,
    "ymd": _h_ymd,
    "numeric": _h_numeric,
    "named_date": _h_named_date,
    "month": _h_month,
    "year": _h_year,
    "decade": _h_decade,
    "century": _h_century,
    "quarter": _h_quarter,
    "year_ago_quarter": _h_year_ago_quarter,
    "quarters_span": _h_quarters_span,
    "half": _h_half,
    "season": _h_season,
    "relative_day": _h_relative_day,
    "present": _h_present,
    "weekday": _h_weekday,
    "weekend": _h_weekend,
    "offset": _h_offset,
    "in_future": _h_in_future,
    "rolling": _h_rolling,
    "part_of_unit": _h_part_of_unit,
    "calendar_unit": _h_calendar_unit,
    "vague": _h_vague,
    "week_of_month": _h_week_of_month,
    "week_of": _h_week_of,
    "since": _h_since,
    "span": _h_span,
}


# --------------------------------------------------------------------------- matching


def _apply(pattern: _Pattern, m: re.Match[str], ctx: _Ctx) -> Outcome:
    try:
        result = _HANDLERS[pattern.rule](m, ctx)
    except (ValueError, OverflowError) as err:
        # a date outside what the calendar can hold ("9999 years from now")
        logger.debug("date rule %s failed on %r: %s", pattern.id, ctx.text, err)
        return None
    if not isinstance(result, _Pass):
        logger.debug("date rule %s: %r -> %s", pattern.id, ctx.text, result)
    return result


def _strip_one(text: str, tables: _Tables) -> str:
    """Peel one leading preposition/approximation/part word or one trailing time word."""
    stripped = tables.leading.sub("", text, count=1).strip()
    if stripped != text:
        return stripped
    return tables.trailing.sub("", text, count=1).strip()


def _match_phrase(text: str, ctx: _Ctx) -> tuple[bool, Outcome]:
    """Try the patterns on the whole phrase, peeling words off between rounds.

    Returns (matched, outcome): matched is False when no rule understood the phrase.
    """
    tables = ctx.tables
    current = text
    for _ in range(MAX_STRIP_STEPS):
        current = tables.aliases.get(current, current)
        if current in tables.open_past or current in tables.open_future:
            # "in the past", "the future": no date, but a side of the reference
            if ctx.ref is None:
                return True, None
            ref = ctx.ref.isoformat()
            if current in tables.open_past:
                return True, DateRange(None, ref, "range", ctx.text, "relative")
            return True, DateRange(ref, None, "range", ctx.text, "relative")
        if current in tables.not_dates:
            return True, None
        for pattern in tables.patterns:
            m = pattern.regex.fullmatch(current)
            if m is None:
                continue
            outcome = _apply(pattern, m, ctx)
            if not isinstance(outcome, _Pass):
                return True, outcome
        shorter = _strip_one(current, tables)
        if not shorter or shorter == current:
            break
        current = shorter
    return False, None


def _embedded(text: str, ctx: _Ctx) -> DateRange | None:
    """An explicit date inside a longer phrase ("1994 or later", "the 1988 period")."""
    for pattern in ctx.tables.patterns:
        if pattern.search is None:
            continue
        m = pattern.search.search(text)
        if m is None:
            continue
        outcome = _apply(pattern, m, ctx)
        if isinstance(outcome, DateRange):
            return outcome
    return None


_EXPLICIT_YEAR = re.compile(r"(?<!\d)(?:1\d{3}|20\d\d|21\d\d)(?!\d)")
_DATEPARSER_PERIODS: dict[str, Unit] = {
    "day": "day",
    "time": "day",
    "week": "week",
    "month": "month",
    "year": "year",
}


_DATE_SHAPED = re.compile(r"^(?:\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{1,4})?|1\d{3}|20\d\d|21\d\d)$")


def _looks_like_date(text: str, tables: _Tables) -> bool:
    """Only phrases made of date words go to dateparser: it answers almost anything.

    A month or weekday name, or a date-shaped number, must anchor the phrase; a
    count with a unit and nothing else ("five years") is a duration, not a date.
    """
    tokens = text.split()
    if not tokens or any(t in tables.sub_day for t in tokens):
        return False
    anchored = False
    for token in tokens:
        if token in tables.months or token in tables.weekdays or _DATE_SHAPED.match(token):
            anchored = True
        elif token not in tables.date_vocabulary and not token.isdigit():
            return False
    return anchored


def _dateparser_fallback(norm: str, ctx: _Ctx) -> DateRange | None:
    if not _looks_like_date(norm, ctx.tables):
        return None
    stated = _EXPLICIT_YEAR.search(norm) is not None
    if ctx.ref is None and not stated:
        return None
    try:
        from dateparser.date import DateDataParser

        base = ctx.ref or dt.date(int(_EXPLICIT_YEAR.findall(norm)[0]), 1, 1)
        prefer = ctx.direction or ("past" if ctx.prefer_past else "future")
        parser = DateDataParser(
            languages=["en"],
            settings={
                "RELATIVE_BASE": dt.datetime(base.year, base.month, base.day),
                "PREFER_DATES_FROM": prefer,
                "RETURN_AS_TIMEZONE_AWARE": False,
            },
        )
        data = parser.get_date_data(ctx.text)
    except Exception as err:  # dateparser is third-party: whatever it raises, we do not
        logger.debug("dateparser failed on %r: %s", ctx.text, err)
        return None
    found = getattr(data, "date_obj", None)
    if not isinstance(found, dt.datetime):
        return None
    unit = _DATEPARSER_PERIODS.get(str(getattr(data, "period", "day")), "day")
    logger.debug("dateparser fallback: %r -> %s (%s)", ctx.text, found.date(), unit)
    return _make(
        ctx, _unit_span(found.date(), unit), _UNIT_GRANULARITY[unit], "stated" if stated else "relative"
    )


def _cue_direction(norm: str, tables: _Tables) -> str | None:
    past = tables.past_cues is not None and tables.past_cues.search(norm) is not None
    future = tables.future_cues is not None and tables.future_cues.search(norm) is not None
    if past == future:
        return None
    return "past" if past else "future"


@functools.lru_cache(maxsize=CACHE_SIZE)
def _resolve_cached(
    text: str, reference: dt.date | None, prefer_past: bool, tense: str | None
) -> DateRange | None:
    tables = _tables()
    norm = _normalise(text, tables.lex)
    if not norm:
        return None
    direction = tense or _cue_direction(norm, tables)
    ctx = _Ctx(tables, reference, direction, prefer_past, text.strip())
    matched, outcome = _match_phrase(norm, ctx)
    if matched:
        return outcome if isinstance(outcome, DateRange) else None
    if _term_keyword_in(norm):
        term = resolve_term_range(text, reference=reference)
        if term is not None:
            return term
    found = _embedded(norm, ctx)
    if found is not None:
        return found
    return _dateparser_fallback(norm, ctx)


def resolve_date(
    text: str,
    reference: dt.date | None,
    *,
    prefer_past: bool = True,
    tense: str | None = None,
) -> DateRange | None:
    """Resolve one time expression against the reference (publication) date.

    ``text`` is a spaCy DATE span or a phrase next to a trigger, possibly with a
    preposition ("on Wednesday", "over the last two years", "Sept. 22, 2021").
    ``tense`` ("past"/"future"/None) is the tense of the sentence: it decides
    which Wednesday or which July is meant; ``prefer_past`` breaks ties when
    there is no tense. Returns None when the text names no date we can place
    ("six hours", "daily", "the past"), and for relative expressions when there
    is no reference. Never raises on odd input; results are cached.
    """
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT_CHARS:
        return None
    if isinstance(reference, dt.datetime):
        reference = reference.date()
    if reference is not None and not isinstance(reference, dt.date):
        logger.debug("resolve_date: ignoring a reference that is not a date: %r", reference)
        reference = None
    tense_key = tense if tense in ("past", "future") else None
    return _resolve_cached(text, reference, bool(prefer_past), tense_key)


# --------------------------------------------------------------------------- terms of office


@dataclass(frozen=True)
class _Term:
    person: str
    office: str
    country: str
    start: dt.date
    end: dt.date | None
    acting: bool


@dataclass(frozen=True)
class _TermPart:
    regex: re.Pattern[str]
    anchor: str
    days: int
    months: int


@dataclass(frozen=True)
class _TermTables:
    terms: tuple[_Term, ...]
    alias_regex: re.Pattern[str]
    alias_people: dict[str, frozenset[str]]
    keywords: dict[str, tuple[str, str]]
    keyword_regex: re.Pattern[str]
    under_regex: re.Pattern[str]
    ordinal_regex: re.Pattern[str]
    ordinals: dict[str, int]
    parts: tuple[_TermPart, ...]


def _normalise_name(text: str) -> str:
    """Names and term phrases: folded, periods and possessives dropped, numbers as digits."""
    return _normalise(text, _tables().lex)


@functools.cache
def _term_tables() -> _TermTables:
    """Load terms.csv and term_words.yaml (once per process)."""
    rules: dict[str, Any] = _read_yaml("term_words.yaml")
    terms: list[_Term] = []
    alias_people: dict[str, set[str]] = {}
    for row in csv.DictReader(io.StringIO(_read_text("terms.csv"))):
        person = row["person"].strip()
        end = row["end"].strip()
        terms.append(
            _Term(
                person=person,
                office=row["office"].strip(),
                country=row["country"].strip(),
                start=dt.date.fromisoformat(row["start"].strip()),
                end=dt.date.fromisoformat(end) if end else None,
                acting=row.get("note", "").strip().startswith("acting"),
            )
        )
        for alias in [person, *row["aliases"].split(";")]:
            key = _normalise_name(alias)
            if key:
                alias_people.setdefault(key, set()).add(person)
    keywords = {_normalise_name(k): (str(v["office"]), str(v["scope"])) for k, v in rules["keywords"].items()}
    ordinals = {str(k): int(v) for k, v in rules["ordinal_terms"].items()}
    parts = tuple(
        _TermPart(
            regex=re.compile(rf"\b{p['pattern']}\b"),
            anchor=str(p["anchor"]),
            days=int(p.get("days", 0)),
            months=int(p.get("months", 0)),
        )
        for p in rules["parts"]
    )
    ordinal_alt = _alternation(ordinals)
    return _TermTables(
        terms=tuple(sorted(terms, key=lambda t: t.start)),
        alias_regex=re.compile(rf"\b{_alternation(alias_people)}\b"),
        alias_people={k: frozenset(v) for k, v in alias_people.items()},
        keywords=keywords,
        keyword_regex=re.compile(rf"\b{_alternation(keywords)}\b"),
        under_regex=re.compile(str(rules["under_pattern"])),
        ordinal_regex=re.compile(
            rf"\b(?P<ord>{ordinal_alt}) (?:\w+ ){{0,3}}?(?:term|administration|government)\b"
        ),
        ordinals=ordinals,
        parts=parts,
    )


def _term_keyword_in(norm: str) -> bool:
    return _term_tables().keyword_regex.search(norm) is not None


def _merge_terms(terms: list[_Term]) -> list[tuple[dt.date, dt.date | None]]:
    """Join consecutive terms (gap up to TERM_MERGE_GAP_DAYS) into continuous tenures."""
    blocks: list[tuple[dt.date, dt.date | None]] = []
    for term in sorted(terms, key=lambda t: t.start):
        if blocks:
            start, end = blocks[-1]
            if end is None or term.start <= end + dt.timedelta(days=TERM_MERGE_GAP_DAYS):
                new_end = None if end is None or term.end is None else max(end, term.end)
                blocks[-1] = (start, new_end)
                continue
        blocks.append((term.start, term.end))
    return blocks


def resolve_term_range(text: str, *, reference: dt.date | None = None) -> DateRange | None:
    """Resolve a phrase about a leader's time in office to a date range ("range").

    "the final months of Donald Trump's presidency" -> the last four months of
    his first term; "the Obama administration" -> 2009-01-20..2017-01-20;
    "Obama's second term"; "the Putin era" (every office he held, joined).
    The table (``data/dates/terms.csv``) covers heads of state and government
    of major countries since about 1990. With a ``reference`` date, terms
    starting after it are ignored (and, for "final months", terms not yet over);
    without one, a completed term is preferred to one still running. An
    ongoing term ends at the reference, or has no end without one.
    """
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT_CHARS:
        return None
    if isinstance(reference, dt.datetime):
        reference = reference.date()
    try:
        return _resolve_term(text, reference)
    except (ValueError, OverflowError) as err:
        logger.debug("term resolution failed on %r: %s", text, err)
        return None


def narrow_to_part(text: str, start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """Narrow a period to the part a phrase names ("the final days of ...", "the
    first months of ..."), with the parts table of ``data/dates/term_words.yaml``;
    the whole period when the phrase names no part."""
    norm = _normalise_name(text)
    part = next((p for p in _term_tables().parts if p.regex.search(norm)), None)
    if part is None:
        return start, end
    if part.anchor == "end":
        cut = _add_months(end, -part.months) - dt.timedelta(days=part.days)
        return max(start, cut), end
    stop = _add_months(start, part.months) + dt.timedelta(days=part.days)
    return start, min(end, stop)


def _resolve_term(text: str, reference: dt.date | None) -> DateRange | None:
    tables = _term_tables()
    norm = _normalise_name(text)
    keyword_hits = [tables.keywords[k.group(0)] for k in tables.keyword_regex.finditer(norm)]
    under = tables.under_regex.search(norm) is not None
    if not keyword_hits and not under:
        return None
    # the most specific keyword wins: an office, then one term, then time in power
    office, scope = min(
        keyword_hits or [("any", "power")],
        key=lambda kw: (kw[0] == "any", kw[1] == "power"),
    )
    names = [m.group(0) for m in tables.alias_regex.finditer(norm)]
    if not names:
        return None
    people = tables.alias_people[max(names, key=len)]
    terms = [t for t in tables.terms if t.person in people and (office == "any" or t.office == office)]
    if not terms:
        return None

    ordinal = tables.ordinal_regex.search(norm)
    if ordinal is not None:
        by_person: dict[tuple[str, str], list[_Term]] = {}
        for term in terms:
            if not term.acting:
                by_person.setdefault((term.person, term.office), []).append(term)
        nth = tables.ordinals[ordinal.group("ord")]
        picked = [ts[nth - 1] for ts in by_person.values() if len(ts) >= nth]
        blocks = [(t.start, t.end) for t in picked]
    else:
        blocks = []
        for person in sorted({t.person for t in terms}):
            mine = [t for t in terms if t.person == person]
            if scope == "power":
                blocks.extend(_merge_terms(mine))
            else:
                for held in sorted({t.office for t in mine}):
                    blocks.extend(_merge_terms([t for t in mine if t.office == held]))

    part = next((p for p in tables.parts if p.regex.search(norm)), None)
    if part is not None and part.anchor == "end":
        blocks = [b for b in blocks if b[1] is not None and (reference is None or b[1] <= reference)]
    elif reference is not None:
        blocks = [b for b in blocks if b[0] <= reference]
    elif blocks and any(b[1] is not None for b in blocks):
        blocks = [b for b in blocks if b[1] is not None]
    if not blocks:
        return None
    start, end = max(blocks, key=lambda b: b[0])
    if end is None and reference is not None:
        end = reference
    if part is not None:
        if part.anchor == "end" and end is not None:
            cut = _add_months(end, -part.months) - dt.timedelta(days=part.days)
            start = max(start, cut)
        elif part.anchor == "start":
            stop = _add_months(start, part.months) + dt.timedelta(days=part.days)
            end = stop if end is None else min(end, stop)
    return DateRange(start.isoformat(), end.isoformat() if end else None, "range", text.strip(), "stated")
