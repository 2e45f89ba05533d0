"""Normalising time expressions: one canonical spelling for every pattern and table key.

News copy writes one date many ways ("Sept. 22", "September22", "twenty-second",
curly quotes, en dashes). Every phrase, and every key of the word tables, goes
through ``_normalise`` so that a single pattern covers all of them; keeping it
in its own module means the tables and the terms-of-office reader share exactly
the same rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from eventwire.resolve.folding import strip_accents


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
