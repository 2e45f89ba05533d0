"""Scale without changing the answer: worker processes, skipped inputs, partial merges.

Every test here compares two ways of getting the same store or the same
events (one process or several, one run or several, everything merged or the
connected part only) on real article text.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from tests.conftest import PROJECT
from tests.test_tallies import UNDO_SCHEMA_7

pytestmark = pytest.mark.slow

GOLD = PROJECT / "tests" / "gold" / "articles"


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False, env=env)
    return result.exit_code, result.stdout, result.stderr


def events_of(db: Path) -> dict[str, object]:
    """Every event with its full record, by id: what two stores must agree on."""
    conn = sqlite3.connect(db)
    rows = {row[0]: json.loads(row[1]) for row in conn.execute("SELECT id, data FROM event")}
    conn.close()
    return rows


def _without_coded_with(events: dict[str, object]) -> dict[str, object]:
    for event in events.values():
        for source in event["sources"]:  # type: ignore[index]
            source.pop("coded_with", None)
    return events


def table(db: Path, name: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db)
    rows = sorted(conn.execute(f"SELECT * FROM {name}").fetchall())
    conn.close()
    return rows


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The gold articles plus the demo seeds, each in a file of its own."""
    folder = tmp_path_factory.mktemp("articles")
    for path in sorted(GOLD.iterdir()):
        shutil.copy(path, folder / path.name)
    from eventwire.data_files import demo_paths

    for path in demo_paths():
        shutil.copy(path, folder / Path(path).name)
    return sorted(folder.iterdir())


# two articles per batch, so that the eleven-odd articles make several batches
SMALL_BATCHES = {"EVENTWIRE_BATCH_SIZE": "2"}


def test_two_workers_write_the_store_one_process_writes(articles: list[Path], tmp_path: Path) -> None:
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    paths = [str(p) for p in articles]
    code, _, err = invoke("run", *paths, "--db", str(one), "--workers", "1", env=SMALL_BATCHES)
    assert code == 0, err
    code, _, err = invoke("run", *paths, "--db", str(two), "--workers", "2", env=SMALL_BATCHES)
    assert code == 0, err
    assert events_of(one) and events_of(one) == events_of(two)
    for name in ("article", "mention", "event_source", "error"):
        assert table(one, name) == table(two, name), name


def test_annotate_with_workers_gives_the_same_lines(articles: list[Path], tmp_path: Path) -> None:
    paths = [str(p) for p in articles[:5]]
    outs = []
    for workers in ("1", "2"):
        out = tmp_path / f"annotations-{workers}.jsonl"
        code, _, err = invoke("annotate", *paths, "--out", str(out), "--workers", workers, env=SMALL_BATCHES)
        assert code == 0, err
        outs.append(out.read_text())
    assert outs[0] and outs[0] == outs[1]


def test_an_unchanged_input_is_skipped_and_a_changed_one_read(articles: list[Path], tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    for path in articles[:3]:
        shutil.copy(path, folder / path.name)
    db = tmp_path / "store.db"
    code, _, err = invoke("run", str(folder), "--db", str(db))
    assert code == 0, err
    before = {name: table(db, name) for name in ("article", "mention", "event", "event_source")}

    code, _, err = invoke("run", str(folder), "--db", str(db))
    assert code == 0, err
    assert "3 unchanged inputs skipped, 0 documents read" in err
    assert err.count("already stored (--force reads it again)") == 3
    assert {name: table(db, name) for name in before} == before

    changed = folder / articles[0].name
    changed.write_text(changed.read_text() + "\n\nPolice arrested two protesters in Lyon on Monday.\n")
    code, _, err = invoke("run", str(folder), "--db", str(db))
    assert code == 0, err
    assert "2 unchanged inputs skipped, 1 documents read" in err

    code, _, err = invoke("run", str(folder), "--db", str(db), "--force")
    assert code == 0, err
    assert "unchanged" not in err.splitlines()[-2] and "3 documents read" in err


def test_runs_one_file_at_a_time_cite_every_report_once(articles: list[Path], tmp_path: Path) -> None:
    """Each run adds its reports to the stored events: nothing lost, nothing cited twice,
    and the two seed reports of the Helsinki meeting, run apart, are one event."""
    together, apart = tmp_path / "together.db", tmp_path / "apart.db"
    paths = [str(p) for p in articles]
    code, _, err = invoke("run", *paths, "--db", str(together))
    assert code == 0, err
    for path in reversed(paths):
        code, _, err = invoke("run", path, "--db", str(apart))
        assert code == 0, err
    assert table(together, "mention") == table(apart, "mention")
    cited = [row[1] for row in table(apart, "event_source")]
    assert sorted(cited) == sorted(row[0] for row in table(apart, "mention")) == sorted(set(cited))

    def meetings(db: Path) -> list[set[str]]:
        conn = sqlite3.connect(db)
        rows = conn.execute(
            "SELECT e.id, s.article_id FROM event e JOIN event_source s ON s.event_id = e.id "
            "WHERE e.type = 'CONSULT' AND e.date_start = '2021-09-22'"
        ).fetchall()
        conn.close()
        by_event: dict[str, set[str]] = {}
        for event_id, article_id in rows:
            by_event.setdefault(event_id, set()).add(article_id)
        return sorted(by_event.values(), key=len)

    assert len(meetings(apart)[-1]) == len(meetings(together)[-1]) == 2


def test_a_store_of_schema_4_is_merged_again_once(articles: list[Path], tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    code, _, err = invoke("run", *[str(p) for p in articles[:4]], "--db", str(db))
    assert code == 0, err
    expected = events_of(db)
    conn = sqlite3.connect(db)
    conn.executescript(
        UNDO_SCHEMA_7
        + "DROP TABLE article_signature; DROP TABLE article_band; DROP TABLE event_window; DROP TABLE input;"
        "DROP TABLE mention_key; DROP TABLE fetch_state; DROP INDEX run_started;"
        "ALTER TABLE run DROP COLUMN manifest; ALTER TABLE article DROP COLUMN coded_with;"
        "DROP TABLE store_note; DELETE FROM event_party; DELETE FROM event_source; DELETE FROM event;"
        "INSERT INTO event (id, type, status, historical, quad, confidence, data) "
        "VALUES ('ev_stale', 'CONSULT', 'occurred', 0, 'verbal-coop', 0.5, '{}');"
        "PRAGMA user_version = 4;"
    )
    conn.close()
    code, _, err = invoke("run", str(articles[0]), "--db", str(db))
    assert code == 0, err
    # an article stored before schema 6 does not say what coded it
    assert _without_coded_with(events_of(db)) == _without_coded_with(expected)
