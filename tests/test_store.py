"""The SQLite store: migrations, upserts, idempotence."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from eventwire.errors import StoreError
from eventwire.merge import merge_mentions
from eventwire.records import ErrorRecord
from eventwire.store import MIGRATIONS, SCHEMA_VERSION, Store

from .test_merge import ARTICLES, mention


def test_new_store_has_the_tables_and_version(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"article", "event", "event_source", "mention", "error", "run"} <= tables
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_saving_twice_changes_nothing(tmp_path: Path) -> None:
    mentions = [mention("m1", "a"), mention("m2", "b")]
    with Store(tmp_path / "s.db") as store:
        for _ in range(2):
            for article_id, article in ARTICLES.items():
                store.save_article(article, [m for m in mentions if m.article_id == article_id])
            store.replace_events(merge_mentions(store.mentions(), ARTICLES))
            store.save_error(ErrorRecord("x.bin", "ingest", "binary file"))
        assert store.count("article") == 2
        assert store.count("mention") == 2
        assert store.count("event") == 1
        assert store.count("event_source") == 2
        assert store.count("error") == 1
        assert next(iter(store.events())).sources[0].article_id in {"a", "b"}


def test_store_from_the_future_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError):
        Store(path)


def test_older_store_is_migrated_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0] + "PRAGMA user_version = 1;")
    conn.execute(
        "INSERT INTO article (id, source, body, captions, credits, corrections, errors) "
        "VALUES ('a1', '{}', 'kept', '[]', '[]', '[]', '[]')"
    )
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.duplicates() == {"a1": None}
        assert store.conn.execute("SELECT body FROM article").fetchone()[0] == "kept"


def test_replacing_one_block_leaves_the_other_events_alone(tmp_path: Path) -> None:
    consult, accuse = mention("m1", "a"), mention("m2", "b", type_="ACCUSE")
    with Store(tmp_path / "s.db") as store:
        for article_id, article in ARTICLES.items():
            store.save_article(article, [m for m in (consult, accuse) if m.article_id == article_id])
        store.replace_events(merge_mentions(store.mentions(), ARTICLES))
        before = {e.id: e for e in store.events()}
        assert store.mention_blocks("b") == {("ACCUSE", "occurred")}
        block = {("CONSULT", "occurred")}
        total = store.replace_events(merge_mentions(store.mentions(block), ARTICLES), blocks=block)
        assert total == 2
        assert {e.id: e for e in store.events()} == before
        assert [m.id for m in store.mentions(block)] == ["m1"]
