"""The store's tallies give the counts that counting the events gives.

A store is filled with random events (several parties a side, missing
countries, undated events, long spans), some of them then replaced or
removed, so that the tallies' triggers both add and take away; every count and
grouping a tally can answer must then equal the count over the events.
"""

from __future__ import annotations

import contextlib
import dataclasses
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire import query, tallies
from eventwire.merge import build_event
from eventwire.records import ActorRef, Article, DateRange, Event, Mention
from eventwire.store import MIGRATIONS, Store

from .test_merge import mention

COUNTRIES = st.sampled_from(["USA", "RUS", "CHN", None])
TYPES = st.sampled_from(["CONSULT", "ACCUSE", "AID"])
STATUSES = st.sampled_from(["occurred", "future", "negated"])
NAMES = st.sampled_from(["Gen. Milley", "Milley", "Putin", "the army"])
ARTICLE = Article(
    id="a", source={"path": "a.txt", "format": "text"}, title=None, outlet="AP", published=None, body="x"
)


@st.composite
def events(draw: st.DrawFn, count: int, prefix: str) -> list[tuple[Mention, Event]]:
    made = []
    for i in range(count):
        dated = draw(st.booleans()) or i == 0
        year, month, day = draw(st.integers(10, 12)), draw(st.integers(1, 12)), draw(st.integers(1, 28))
        start = f"20{year}-{month:02d}-{day:02d}"
        end = max(start, draw(st.sampled_from([start, start[:4] + "-12-31", "2013-06-30"])))
        date = (
            DateRange(start, end, "day", None, "stated")
            if dated
            else DateRange(None, None, "none", None, "none")
        )
        actors = [ActorRef(None, draw(COUNTRIES), None, draw(NAMES)) for _ in range(draw(st.integers(1, 2)))]
        recipients = [ActorRef(None, draw(COUNTRIES), None, "r") for _ in range(draw(st.integers(0, 2)))]
        report = dataclasses.replace(
            mention(f"{prefix}{i}", "a", type_=draw(TYPES), status=draw(STATUSES)),
            actor=actors,
            recipient=recipients,
            date=date,
        )
        made.append((report, build_event([report], {"a": ARTICLE})))
    return made


FILTERS = st.fixed_dictionaries(
    {},
    optional={
        "type": TYPES,
        "status": STATUSES,
        "dyad": st.sampled_from(["USA-RUS", "RUS-USA", "CHN-USA", "USA-USA"]),
        "date_from": st.sampled_from(["2011", "2011-03", "2012-12", "2011-03-15"]),
        "date_to": st.sampled_from(["2011", "2012-02", "2010-01", "2012-06-01"]),
        "actor": st.sampled_from(["milley", "putin"]),
        "actor_country": st.sampled_from(["USA", "RUS"]),
        "text": st.sampled_from(["sentence", "m1"]),
    },
)


# What turns a store of schema 7 back into one of schema 6 (for migration tests)
UNDO_SCHEMA_7 = """
    DROP TRIGGER event_tally_insert; DROP TRIGGER event_tally_delete;
    DROP TRIGGER event_pair_tally_insert; DROP TRIGGER event_pair_tally_delete;
    DROP TABLE event_pair; DROP TABLE tally_time; DROP TABLE tally_pair; DROP TABLE tally_dyad;
    DROP TRIGGER party_name_insert; DROP TRIGGER party_name_delete; DROP TABLE party_name;
    DROP INDEX event_party_name; ALTER TABLE event_party DROP COLUMN name_key;
    DROP INDEX event_lat; DROP INDEX event_type_start; DROP INDEX event_start; DROP INDEX event_status_start;
    CREATE INDEX event_type ON event(type); CREATE INDEX event_status ON event(status);
    CREATE INDEX event_order ON event(date_start IS NULL, date_start, id);
    CREATE INDEX event_date ON event(date_start, date_end);
    DROP INDEX event_source_mention; CREATE INDEX event_source_mention ON event_source(mention_id);
    DROP INDEX event_party_event; CREATE INDEX event_party_event ON event_party(event_id);
"""


@contextlib.contextmanager
def _large_id_sets(size: int) -> Iterator[None]:
    """Let id sets of ``size`` events count as large (1: every page is read in date order)."""
    before = query.LARGE_ID_SET
    query.LARGE_ID_SET = size
    try:
        yield
    finally:
        query.LARGE_ID_SET = before


def _filled(path: Path, made: list[tuple[Mention, Event]], replaced: list[tuple[Mention, Event]]) -> Store:
    store = Store(path)
    store.save_article(ARTICLE, [report for report, _ in made + replaced])
    store.replace_events([event for _, event in made], replacing=())
    # every third event goes, and some others come in: the delete triggers run too
    gone = [event.id for _, event in made[::3]]
    store.replace_events([event for _, event in replaced], replacing=gone)
    return store


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    made=st.integers(3, 14).flatmap(lambda n: events(n, "m")),
    replaced=st.integers(0, 4).flatmap(lambda n: events(n, "n")),
    params=st.lists(FILTERS, min_size=1, max_size=4),
)
def test_a_tally_count_is_the_count_of_the_events(
    tmp_path_factory: pytest.TempPathFactory,
    made: list[tuple[Mention, Event]],
    replaced: list[tuple[Mention, Event]],
    params: list[dict[str, str]],
) -> None:
    with _filled(tmp_path_factory.mktemp("t") / "t.db", made, replaced) as store:
        assert store.count("event") == store.conn.execute("SELECT COUNT(*) FROM event").fetchone()[0]
        by_type = store.conn.execute("SELECT type, COUNT(*) FROM event GROUP BY type").fetchall()
        assert store.stats()["events_by_type"] == {t: n for t, n in by_type}
        for given_params in params:
            try:
                flt = query.filter_from_params(given_params)
            except ValueError:  # date_from after date_to
                continue
            assert query.count_events(store, flt) == query.count_events(store, flt, use_tallies=False)
            assert query.network(store, flt) == query.network(store, flt, by_pair_date=False)
            # a page bounded below by the tally's earliest start is the page of every event
            where, values = flt.to_sql()
            for newest_first, order in ((False, "date_start, id"), (True, "date_start DESC, id DESC")):
                sql = (
                    "SELECT id FROM event" + (f" WHERE {where}" if where else "")
                    + f" ORDER BY date_start IS NULL, {order}"
                )  # fmt: skip
                every = [row[0] for row in store.conn.execute(sql, values)]
                for large in (1, query.LARGE_ID_SET):  # id sets read in order, and collected
                    with _large_id_sets(large):
                        page = query.find_events(store, flt, limit=1000, newest_first=newest_first)
                        assert [e.id for e in page] == every
                        pages = [
                            e.id
                            for offset in range(0, len(every) + 3, 3)
                            for e in query.find_events(
                                store, flt, limit=3, offset=offset, newest_first=newest_first
                            )
                        ]
                        assert pages == every
                        if not newest_first:
                            assert [e.id for e in query.select_events(store, flt, limit=4)] == every[:4]
                            assert [e.id for e in query.select_events(store, flt)] == every
            for by in query.GROUPINGS:
                assert query.count_by(store, flt, by) == query.count_by(store, flt, by, use_tallies=False), by


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    made=st.integers(3, 14).flatmap(lambda n: events(n, "m")),
    replaced=st.integers(0, 4).flatmap(lambda n: events(n, "n")),
)
def test_an_actor_name_finds_what_matching_every_party_finds(
    tmp_path_factory: pytest.TempPathFactory,
    made: list[tuple[Mention, Event]],
    replaced: list[tuple[Mention, Event]],
) -> None:
    with _filled(tmp_path_factory.mktemp("n") / "n.db", made, replaced) as store:
        for words in ("milley", "gen.", "PUT", "army", "nobody"):
            every = store.conn.execute(
                "SELECT id FROM event WHERE id IN (SELECT event_id FROM event_party "
                "WHERE side = 'actor' AND lower(coalesce(name, text)) LIKE ?) ORDER BY id",
                (f"%{words.lower()}%",),
            ).fetchall()
            flt = query.filter_from_params({"actor": words})
            found = sorted(e.id for e in query.find_events(store, flt, limit=1000))
            assert found == [row[0] for row in every], words


def test_the_common_counts_are_answered_by_a_tally() -> None:
    f = query.filter_from_params
    assert tallies.tally_sql(f({}), "month") is not None
    assert tallies.tally_sql(f({"type": "CONSULT", "date_from": "2010-01"}), None) is not None
    assert tallies.tally_sql(f({"dyad": "USA-RUS", "status": "occurred"}), "month") is not None
    assert tallies.tally_sql(f({"status": "occurred"}), "dyad") is not None
    # what no tally keeps is counted from the events
    assert tallies.tally_sql(f({"date_from": "2010-01-05"}), None) is None
    assert tallies.tally_sql(f({"text": "talks"}), None) is None
    assert tallies.tally_sql(f({"dyad": "USA-RUS"}), "dyad") is None
    assert tallies.tally_sql(f({}), "week") is None


def test_a_schema_6_store_migrates_and_fills_the_tallies(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with Store(db) as store:
        store.save_article(ARTICLE, [mention("m1", "a")])
        usa_rus = build_event([mention("m1", "a")], {"a": ARTICLE})
        store.replace_events([usa_rus], replacing=())
    conn = sqlite3.connect(db)
    conn.executescript(UNDO_SCHEMA_7 + "PRAGMA user_version = 6;")
    conn.close()
    assert len(MIGRATIONS) == 7
    with Store(db) as store:
        f = query.filter_from_params
        assert query.count_events(store, f({"dyad": "RUS-USA", "date_from": "2021"})) == 1
        assert query.count_by(store, f({}), "month") == [("2021-09", 1)]
        assert query.count_by(store, f({}), "dyad") == [("USA-RUS", 1)]
