"""The query layer on a real SQLite store: filters, paging, aggregates, full text."""

from __future__ import annotations

import dataclasses
import json
import re
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire import query
from eventwire.merge import merge_mentions
from eventwire.records import ActorRef, Article, Place
from eventwire.store import MIGRATIONS, Store

from .test_merge import GERASIMOV, LI, MILLEY, mention

ARTICLES = {
    "a": Article(
        id="a", source={"path": "a.txt", "format": "text"}, title="A", outlet="AP", published=None, body="x"
    ),
    "b": Article(
        id="b",
        source={"path": "b.txt", "format": "text"},
        title="B",
        outlet="Newsweek",
        published=None,
        body="y",
    ),
}


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    mentions = [
        dataclasses.replace(mention("m1", "a"), sentence="Milley met Gerasimov in Helsinki on Wednesday."),
        dataclasses.replace(
            mention("m2", "b"), sentence="The generals held talks for six hours in Helsinki."
        ),
        dataclasses.replace(
            mention("m3", "a", mode="phone", recipient=LI, day=("2020-10-30", "2020-10-30")),
            sentence="Milley made a call to Li Zuocheng.",
        ),
        dataclasses.replace(
            mention(
                "m4", "b", type_="ACCUSE", actor=ActorRef(None, "RUS", "GOV", "Moscow"), recipient=MILLEY
            ),
            sentence="Moscow accused the general of lying.",
        ),
    ]
    s = Store(tmp_path / "q.db")
    for article_id, article in ARTICLES.items():
        s.save_article(article, [m for m in mentions if m.article_id == article_id])
    s.replace_events(merge_mentions(s.mentions(), ARTICLES))
    return s


def test_a_dyad_matches_either_direction(store: Store) -> None:
    one = query.find_events(store, query.filter_from_params({"dyad": "USA-RUS"}))
    other = query.find_events(store, query.filter_from_params({"dyad": "RUS-USA"}))
    assert {e.id for e in one} == {e.id for e in other}
    assert {e.type for e in one} == {"CONSULT", "ACCUSE"}


def test_text_searches_the_evidence_sentences(store: Store) -> None:
    found = query.find_events(store, query.filter_from_params({"text": "six hours"}))
    assert len(found) == 1 and found[0].type == "CONSULT" and len(found[0].sources) == 2
    assert query.count_events(store, query.filter_from_params({"text": "nowhere"})) == 0


def test_filters_combine_and_pages_do_not_overlap(store: Store) -> None:
    flt = query.filter_from_params({"actor": "milley", "status": "occurred"})
    total = query.count_events(store, flt)
    pages = [query.find_events(store, flt, limit=1, offset=i) for i in range(total)]
    assert sorted(e.id for page in pages for e in page) == sorted({e.id for page in pages for e in page})
    assert query.count_events(store, query.filter_from_params({"outlet": "newsweek"})) == 2
    assert query.count_events(store, query.filter_from_params({"date_to": "2020-12"})) == 1


def test_aggregates_actors_and_network(store: Store) -> None:
    flt = query.EventFilter()
    assert dict(query.count_by(store, flt, "type")) == {"CONSULT": 2, "ACCUSE": 1}
    assert dict(query.count_by(store, flt, "month")) == {"2020-10": 1, "2021-09": 2}
    actors = query.list_actors(store, flt)
    assert actors[0]["label"] == "Mark Milley" and actors[0]["events"] == 3
    graph = query.network(store, flt)
    assert {(e["source"], e["target"]) for e in graph["edges"]} >= {("Mark Milley", "Valery Gerasimov")}
    assert {n["id"] for n in graph["nodes"]} >= {GERASIMOV.name}


@pytest.mark.parametrize(
    "params",
    [
        {"type": "MEET"},
        {"status": "maybe"},
        {"dyad": "USA"},
        {"date_from": "22/09/2021"},
        {"date_from": "2021-10", "date_to": "2021-09"},
        {"actor_country": "United States"},
        {"text": "!!!"},
        {"mode": "phone", "type": "ASSAULT"},
        {"colour": "red"},
        {"near": "60,24"},
        {"near": "95,24,10"},
        {"near": "60,24,-5"},
    ],
)
def test_bad_filters_are_refused_with_a_reason(params: dict[str, str]) -> None:
    with pytest.raises(ValueError, match=r"\w"):
        query.filter_from_params(params)


def test_limits_are_enforced(store: Store) -> None:
    with pytest.raises(ValueError, match="limit"):
        query.find_events(store, query.EventFilter(), limit=query.MAX_LIMIT + 1)
    with pytest.raises(ValueError, match="by"):
        query.count_by(store, query.EventFilter(), "colour")


@given(st.text(max_size=60))
@settings(max_examples=60, deadline=None)
def test_any_text_is_a_value_never_sql(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    db = tmp_path_factory.mktemp("h") / "h.db"
    with Store(db) as s:
        for name in ("text", "actor", "outlet"):
            try:
                flt = query.filter_from_params({name: text})
            except ValueError:
                continue
            assert query.count_events(s, flt) == 0
        assert s.count("event") == 0


def test_a_schema_2_store_migrates_and_fills_the_search_index(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    for number, script in enumerate(MIGRATIONS[:2]):
        conn.executescript("BEGIN;" + script + f"PRAGMA user_version = {number + 1}; COMMIT;")
    conn.execute(
        "INSERT INTO mention (id, article_id, type, status, data) "
        "VALUES ('m', 'a', 'CONSULT', 'occurred', ?)",
        ('{"sentence": "Leaders met in Oslo."}',),
    )
    conn.commit()
    conn.close()
    with Store(db) as s:
        hits = s.conn.execute("SELECT rowid FROM mention_fts WHERE mention_fts MATCH '\"oslo\"'").fetchall()
        assert len(hits) == 1


def test_near_keeps_events_within_the_distance(store: Store) -> None:
    helsinki = Place(
        text="Helsinki", name="Helsinki", country="FIN", admin1=None, lat=60.17, lon=24.94, geonameid=None,
        kind="city", basis="trigger",
    )  # fmt: skip
    events = list(store.events())
    placed = dataclasses.replace(events[0], place=helsinki)
    store.replace_events([placed, *events[1:]])
    assert [e.id for e in query.find_events(store, query.filter_from_params({"near": "60.2,25.0,20"}))] == [
        placed.id
    ]
    assert query.count_events(store, query.filter_from_params({"near": "59.33,18.07,100"})) == 0
    assert query.count_events(store, query.filter_from_params({"near": "59.33,18.07,500"})) == 1


def test_a_schema_3_store_migrates_and_fills_the_party_index(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    for number, script in enumerate(MIGRATIONS[:3]):
        conn.executescript("BEGIN;" + script + f"PRAGMA user_version = {number + 1}; COMMIT;")
    data = {
        "actor": [{"name": None, "country": "USA", "sector": "GOV", "text": "Washington"}],
        "recipient": [{"name": "Sergei Lavrov", "country": "RUS", "sector": "GOV", "text": "Lavrov"}],
        "sources": [],
    }
    conn.execute(
        "INSERT INTO event (id, type, status, historical, quad, confidence, data) "
        "VALUES ('ev_1', 'CONSULT', 'occurred', 0, 'verbal-coop', 0.9, ?)",
        (json.dumps(data),),
    )
    conn.commit()
    conn.close()
    with Store(db) as s:
        labels = s.conn.execute("SELECT side, label FROM event_party ORDER BY side").fetchall()
        assert [tuple(r) for r in labels] == [("actor", "USA/GOV"), ("recipient", "Sergei Lavrov")]
        assert query.count_events(s, query.filter_from_params({"dyad": "RUS-USA"})) == 1
        assert query.count_events(s, query.filter_from_params({"recipient": "lavrov"})) == 1
        assert query.count_events(s, query.filter_from_params({"actor_sector": "MIL"})) == 0


@pytest.mark.parametrize("bad", ["1998-13", "2021-02-30", "2021-00", "0000"])
def test_a_date_filter_must_name_a_real_date(bad: str) -> None:
    with pytest.raises(ValueError, match="a real date"):
        query.filter_from_params({"date_from": bad})


@pytest.mark.parametrize(
    ("day", "week"),
    [("2021-09-22", "2021-W38"), ("2021-01-01", "2020-W53"), ("2024-12-30", "2025-W01"), ("bogus", None)],
)
def test_weeks_are_iso_8601_weeks(day: str, week: str | None) -> None:
    from eventwire.store import iso_week

    assert iso_week(day) == week


def test_counts_by_week_use_iso_weeks(store: Store) -> None:
    counts = dict(query.count_by(store, query.EventFilter(), "week"))
    iso = re.compile(r"\d{4}-W(0[1-9]|[1-4]\d|5[0-3])")
    assert counts and all(k == "unknown" or iso.fullmatch(k) for k in counts)
