"""Exact and near-duplicate articles are marked, and the marking is stable."""

from __future__ import annotations

import dataclasses
import json
import random
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.cli import main
from eventwire.dedupe import DuplicateFinder, fingerprint
from eventwire.records import Article

STORY = " ".join(
    f"Sentence {n} of the wire story says that officials from both countries met to discuss item {n}."
    for n in range(40)
)
OTHER = " ".join(
    f"An unrelated report, line {n}, describes floods in the river valley near town {n}." for n in range(40)
)


def article(article_id: str, body: str, published: str | None = None) -> Article:
    return Article(
        id=article_id,
        source={"path": article_id, "format": "text"},
        title=None,
        outlet=None,
        published=published,
        body=body,
    )


def originals(articles: list[Article]) -> dict[str, str | None]:
    finder = DuplicateFinder()
    finder.add_all(articles)
    return {a.id: finder.original_of(a.id) for a in articles}


def test_copy_with_other_furniture_is_a_duplicate() -> None:
    found = originals(
        [
            article("a", STORY, "2021-03-01"),
            article("b", "Republished by Outlet B.\n\n" + STORY + "\n\nMore news at Outlet B.", "2021-03-02"),
            article("c", OTHER, "2021-03-01"),
            article("d", STORY.upper(), "2021-03-03"),  # exact copy up to case
        ]
    )
    assert found == {"a": None, "b": "a", "c": None, "d": "a"}


def test_the_earliest_published_copy_is_the_original_whatever_the_ids() -> None:
    found = originals([article("z", STORY, "2021-03-01"), article("a", STORY + " Update.", "2021-03-02")])
    assert found == {"z": None, "a": "z"}


def test_fingerprint_folds_case_and_spacing() -> None:
    assert fingerprint("The  Talks, ended.") == fingerprint("the talks ended")


@st.composite
def copies(draw: st.DrawFn) -> list[Article]:
    """A few copies of one story and one other story, under random ids and dates."""
    n = draw(st.integers(min_value=1, max_value=5))
    days = draw(st.lists(st.integers(min_value=1, max_value=28), min_size=n, max_size=n))
    ids = draw(
        st.lists(
            st.text("abcdef0123456789", min_size=4, max_size=8), min_size=n + 1, max_size=n + 1, unique=True
        )
    )
    stories = [article(ids[i], STORY + f" Copy {i}.", f"2021-05-{days[i]:02d}") for i in range(n)]
    return [*stories, article(ids[n], OTHER, "2021-05-01")]


@given(copies(), st.randoms(use_true_random=False))
@settings(max_examples=50, deadline=None)
def test_the_marks_do_not_depend_on_input_order_or_ids(articles: list[Article], rnd: random.Random) -> None:
    """Which copy is the original is decided by content, however the articles come."""
    by_content = {a.body: a for a in articles}
    shuffled = list(articles)
    rnd.shuffle(shuffled)
    renamed = [dataclasses.replace(a, id="r" + a.id[::-1]) for a in shuffled]
    first = originals(articles)
    second = originals(renamed)
    body_of = {a.id: a.body for a in articles} | {a.id: a.body for a in renamed}
    as_text = {body_of[k]: body_of[v] if v else None for k, v in first.items()}
    assert as_text == {body_of[k]: body_of[v] if v else None for k, v in second.items()}
    assert set(as_text) == set(by_content)


@pytest.mark.slow
@pytest.mark.parametrize("order", [1, -1])
def test_wire_copy_is_marked_in_the_store(tmp_path: Path, order: int) -> None:
    records = [
        {"id": "late", "text": "Republished by Outlet B.\n\n" + STORY, "published": "2021-03-02"},
        {"id": "early", "text": STORY, "published": "2021-03-01"},
    ][::order]
    corpus = tmp_path / "wire.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = tmp_path / "ew.db"
    result = CliRunner().invoke(main, ["run", str(corpus), "--db", str(db)])
    assert result.exit_code == 0, result.stderr
    rows = dict(sqlite3.connect(db).execute("SELECT id, duplicate_of FROM article").fetchall())
    assert rows == {"early": None, "late": "early"}
