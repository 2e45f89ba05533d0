"""The coder's tests and rule files use sentences of our own, not the seeds'.

The seed articles are a development set: a rule earns its place by a test on a
sentence of our own, and a test that quoted the seeds would only show that the
rules fit them. No text in the coder's, resolvers' and merge tests, nor in the
rule and date tables, shares a sequence of four words with the seed articles.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
TEST_FILES = [
    *sorted((TESTS / "coder").glob("*.py")),
    TESTS / "resolve" / "test_actors.py",
    TESTS / "resolve" / "test_dates.py",
    TESTS / "resolve" / "test_episodes.py",
    TESTS / "test_merge.py",
    TESTS / "test_merge_real.py",
    TESTS / "test_content_order.py",
    TESTS / "test_dedupe.py",
]
DATA_FOLDERS = ("data/rules", "data/dates")


def _four_grams(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + 4]) for i in range(len(words) - 3)}


def _literals(source: str) -> str:
    """The string literals of a Python file, joined as the tests see them."""
    return " ".join(re.findall(r'"((?:[^"\\]|\\.)*)"', source))


def test_no_test_sentence_shares_four_words_with_the_seeds(demo_files: list[str]) -> None:
    seeds = set().union(*(_four_grams(Path(p).read_text(encoding="utf-8")) for p in demo_files))
    shared = {}
    for path in TEST_FILES:
        grams = _four_grams(_literals(path.read_text(encoding="utf-8"))) & seeds
        if grams:
            shared[path.name] = sorted(" ".join(g) for g in grams)
    assert shared == {}


def test_no_rule_or_date_table_shares_four_words_with_the_seeds(demo_files: list[str]) -> None:
    seeds = set().union(*(_four_grams(Path(p).read_text(encoding="utf-8")) for p in demo_files))
    shared = {}
    for folder in DATA_FOLDERS:
        for entry in resources.files("eventwire").joinpath(folder).iterdir():
            if entry.name.endswith((".yaml", ".csv", ".md")):
                grams = _four_grams(entry.read_text(encoding="utf-8")) & seeds
                if grams:
                    shared[entry.name] = sorted(" ".join(g) for g in grams)
    assert shared == {}
