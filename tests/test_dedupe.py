"""Exact and near-duplicate articles are marked, and the marking is stable."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

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


def article(article_id: str, body: str) -> Article:
    return Article(
        id=article_id,
        source={"path": article_id, "format": "text"},
        title=None,
        outlet=None,
        published=None,
        body=body,
    )


def test_copy_with_other_furniture_is_a_duplicate() -> None:
    finder = DuplicateFinder()
    assert finder.check(article("a", STORY)) is None
    assert (
        finder.check(article("b", "Republished by Outlet B.\n\n" + STORY + "\n\nMore news at Outlet B."))
        == "a"
    )
    assert finder.check(article("c", OTHER)) is None
    assert finder.check(article("d", STORY.upper())) == "a"  # exact copy up to case


def test_known_articles_keep_their_stored_answer() -> None:
    finder = DuplicateFinder()
    finder.add_known([(article("b", STORY), "x"), (article("a", STORY), None)])
    assert finder.check(article("b", STORY)) == "x"
    assert finder.check(article("a", STORY)) is None


def test_fingerprint_folds_case_and_spacing() -> None:
    assert fingerprint("The  Talks, ended.") == fingerprint("the talks ended")


@pytest.mark.slow
def test_wire_copy_is_marked_in_the_store(demo_files: list[str], tmp_path: Path) -> None:
    original = Path(demo_files[0]).read_text(encoding="utf-8")
    copy = tmp_path / "copy.txt"
    copy.write_text(original.replace("Via AP news wire", "Via AP news wire\nRepublished by Another Outlet"))
    db = tmp_path / "ew.db"
    result = CliRunner().invoke(main, ["run", demo_files[0], str(copy), "--db", str(db)])
    assert result.exit_code == 0, result.stderr
    rows = sqlite3.connect(db).execute("SELECT id, duplicate_of FROM article ORDER BY rowid").fetchall()
    assert rows[0][1] is None and rows[1][1] == rows[0][0]
