"""A store that is damaged, foreign, busy or killed mid-write: one clear line, never a traceback,
and a re-run after a crash gives exactly the tables of a clean run."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.store import Store

from .test_cli import table_dump

STORY = (
    "Police in {city} arrested {n} protesters outside the parliament on Tuesday, officials said. "
    "The interior minister of {country} met union leaders on Wednesday to discuss the strike."
)
PLACES = [("Lisbon", "Portugal"), ("Athens", "Greece"), ("Warsaw", "Poland"), ("Dublin", "Ireland")]


def _corpus(path: Path, records: int) -> Path:
    with path.open("w", encoding="utf-8") as stream:
        for n in range(records):
            city, country = PLACES[n % len(PLACES)]
            text = STORY.format(city=city, n=n + 2, country=country)
            stream.write(json.dumps({"id": f"r{n}", "text": text, "published": "2024-03-07"}) + "\n")
    return path


def _damaged(kind: str, path: Path) -> Path:
    if kind == "garbage":
        path.write_bytes(b"this is not a database, just some text\n" * 50)
    elif kind == "truncated":
        with Store(path) as store:  # a real store, then cut in the middle of its pages
            store.conn.execute("CREATE TABLE filler (x TEXT)")
            store.conn.executemany("INSERT INTO filler VALUES (?)", [("x" * 500,)] * 200)
            store.conn.commit()
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        path.write_bytes(path.read_bytes()[: 3 * 4096 + 100])
    elif kind == "foreign":
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE invoices (id INTEGER, total REAL)")
        conn.commit()
        conn.close()
    return path


VERBS = [["query"], ["stats"], ["export", "--format", "csv"], ["explain", "ev_0"], ["run", "CORPUS"]]


@pytest.mark.parametrize("kind", ["garbage", "truncated", "foreign"])
@pytest.mark.parametrize("verb", VERBS, ids=lambda v: v[0])
def test_a_bad_store_is_one_line_from_every_verb(tmp_path: Path, kind: str, verb: list[str]) -> None:
    db = _damaged(kind, tmp_path / "store.db")
    before = db.read_bytes()
    corpus = _corpus(tmp_path / "c.jsonl", 1)
    args = [str(corpus) if a == "CORPUS" else a for a in verb]
    result = CliRunner().invoke(main, [*args, "--db", str(db)])
    assert result.exit_code == 1, result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and str(db) in lines[0], result.stderr
    assert ("another kind" if kind == "foreign" else "damaged") in lines[0]
    assert db.read_bytes() == before  # nothing written into someone else's file


def test_a_second_writer_refuses_at_once(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    corpus = _corpus(tmp_path / "c.jsonl", 1)
    with Store(db, writer=True):
        started = time.perf_counter()
        result = CliRunner().invoke(main, ["run", str(corpus), "--db", str(db)])
        waited = time.perf_counter() - started
    assert result.exit_code == 1
    assert "being written by another eventwire process" in result.stderr
    assert waited < 10  # refused, not blocked
    # readers are never held up by the writer lock
    with Store(db, writer=True) as store:
        assert CliRunner().invoke(main, ["stats", "--db", str(db)]).exit_code == 0
        store.conn.execute("SELECT 1")


@pytest.mark.slow
def test_a_run_killed_at_random_moments_leaves_a_store_a_rerun_completes(tmp_path: Path) -> None:
    """SIGKILL `eventwire run` at random moments; every time the store must open,
    pass PRAGMA integrity_check, and a re-run must give exactly the tables of a
    clean run (no article, mention or event lost or doubled)."""
    corpus = _corpus(tmp_path / "c.jsonl", 24)
    clean = tmp_path / "clean.db"
    command = [sys.executable, "-m", "eventwire", "run", str(corpus), "--no-progress", "--db"]
    subprocess.run([*command, str(clean)], check=True, capture_output=True)
    want = table_dump(clean)
    rng = random.Random(20241207)
    db = tmp_path / "killed.db"
    for round_ in range(3):
        process = subprocess.Popen([*command, str(db)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(1.0, 4.0))
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        if db.exists():
            conn = sqlite3.connect(db)
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", round_
            conn.close()
    subprocess.run([*command, str(db)], check=True, capture_output=True)
    assert table_dump(db) == want


@pytest.mark.parametrize("kind", ["garbage", "truncated", "foreign"])
def test_serve_refuses_a_bad_store_before_it_listens(tmp_path: Path, kind: str) -> None:
    db = _damaged(kind, tmp_path / "store.db")
    result = CliRunner().invoke(main, ["serve", "--db", str(db), "--port", "9"])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and str(db) in lines[0], result.stderr
