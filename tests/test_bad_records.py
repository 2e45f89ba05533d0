"""Records that once stopped a whole run: each now fails (or is mended) alone.

Every case here is a regression found by feeding generated bad input to
``eventwire run``: the bad record must end as an article with a warning or as
an error naming its line, and every other record of the run must still be
stored.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.ingest.table import SURROGATE_WARNING
from eventwire.pipeline import RunStats, iter_articles

GOOD = "Police arrested twenty protesters outside the parliament in Lisbon on Tuesday."


def _run(tmp_path: Path, corpus: Path) -> tuple[int, str, Path]:
    db = tmp_path / "store.db"
    result = CliRunner().invoke(main, ["run", str(corpus), "--db", str(db)], catch_exceptions=False)
    return result.exit_code, result.stderr, db


def test_a_lone_surrogate_is_replaced_with_a_warning(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    # "\\ud800" in JSON decodes to half a surrogate pair, which UTF-8 cannot encode
    corpus.write_text('{"id": "s1", "title": "Bad \\udfff title", "text": "' + GOOD + ' \\ud800"}\n')
    [article] = list(iter_articles([str(corpus)], RunStats()))
    assert "\ufffd" in article.body and "\ud800" not in article.body
    assert article.title == "Bad \ufffd title"
    assert SURROGATE_WARNING in article.errors


@pytest.mark.slow
def test_a_lone_surrogate_does_not_stop_the_run(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        '{"id": "s1", "text": "' + GOOD + ' \\ud800"}\n' + json.dumps({"id": "s2", "text": GOOD}) + "\n"
    )
    code, _err, db = _run(tmp_path, corpus)
    assert code == 0
    stored = {row[0] for row in sqlite3.connect(db).execute("SELECT id FROM article")}
    assert stored == {"s1", "s2"}


def test_deeply_nested_json_is_one_error_naming_its_line(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    nested = "[" * 200_000 + "]" * 200_000
    corpus.write_text(
        '{"id": "deep", "text": "x", "extra": '
        + nested
        + "}\n"
        + json.dumps({"id": "ok", "text": GOOD})
        + "\n"
    )
    stats = RunStats()
    articles = list(iter_articles([str(corpus)], stats))
    assert [a.id for a in articles] == ["ok"]
    [error] = stats.errors
    assert error.line == 1 and "nested more than 100 deep (max_nesting)" in error.reason


@pytest.mark.slow
def test_report_lines_print_line_numbers_as_written(tmp_path: Path) -> None:
    """ "c.jsonl:100:" must not turn into an emoji (rich reads ":100:" as one)."""
    corpus = tmp_path / "c.jsonl"
    lines = [json.dumps({"id": f"r{n}", "text": GOOD}) for n in range(1, 100)]
    lines.append(json.dumps({"title": "no id, no text"}))
    corpus.write_text("\n".join(lines) + "\n")
    _code, err, _db = _run(tmp_path, corpus)
    assert f"{corpus}:100: record has no 'text'" in err


@pytest.mark.slow
def test_an_article_the_parser_refuses_is_lost_alone() -> None:
    """Whatever a reader lets through, the parser failing on one article of a
    batch books that article as an error and parses the rest."""
    from eventwire.pipeline import code_articles
    from eventwire.records import Article
    from eventwire.settings import Settings

    def article(aid: str, body: str) -> Article:
        return Article(id=aid, source={"path": f"{aid}.txt", "format": "text"}, title=None, outlet=None,
                       published="2024-05-07", body=body)  # fmt: skip

    batch = [article("a", GOOD), article("b", GOOD + " \ud800"), article("c", GOOD)]
    stats = RunStats()
    coded = [a.id for a, _m in code_articles(batch, Settings(progress=False), stats)]
    assert coded == ["a", "c"]
    [error] = stats.errors
    assert error.stage == "parse" and error.article_id == "b"


def test_a_lone_surrogate_anywhere_in_a_record_never_fails_the_store_write(tmp_path: Path) -> None:
    """Found by the fuzzing suite: a record without text whose id held "\\ud800"
    failed the run's write of its error (and of the run manifest)."""
    from eventwire.pipeline import run
    from eventwire.settings import Settings
    from eventwire.store import Store

    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        '{"id": "a\\ud800b", "text": 5}\n'
        '{"id": "ok\\udcff", "title": "T\\ud800", "text": "Police arrested five men in Kabul on Monday."}\n',
        encoding="utf-8",
    )
    with Store(tmp_path / "s.db") as store:
        stats = run([str(corpus)], Settings(progress=False), store)
        assert (stats.articles, stats.failed) == (1, 1)
        assert store.count("error") == 1 and store.count("article") == 1
