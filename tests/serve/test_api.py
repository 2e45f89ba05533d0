"""The HTTP API over a real store: shapes, paging, refusals with reasons, read-only.

Most tests call the app in-process (Starlette's TestClient); the last ones talk
to a real ``eventwire serve`` process over loopback.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import json
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from eventwire.cli import main
from eventwire.serve import create_app

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(store_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(store_path)) as test_client:
        yield test_client


def get(client: TestClient, path: str, **params: Any) -> Any:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def helsinki(client: TestClient) -> dict[str, Any]:
    found = get(
        client,
        "/api/events",
        actor_country="USA",
        recipient_country="RUS",
        type="CONSULT",
        date_from="2021-09-22",
        date_to="2021-09-22",
    )["events"]
    meetings = [e for e in found if e["place"] and e["place"]["name"] == "Helsinki"]
    assert len(meetings) == 1
    event: dict[str, Any] = meetings[0]
    return event


def test_events_are_paged_without_gaps_or_repeats(client: TestClient) -> None:
    everything = get(client, "/api/events", limit=500)
    total = everything["total"]
    assert total == len(everything["events"]) > 10
    pages = [get(client, "/api/events", limit=7, offset=o)["events"] for o in range(0, total, 7)]
    assert [e["id"] for page in pages for e in page] == [e["id"] for e in everything["events"]]
    assert get(client, "/api/events", offset=total)["events"] == []


def test_filters_narrow_the_list(client: TestClient) -> None:
    dyad = get(client, "/api/events", actor_country="USA", recipient_country="RUS", limit=500)
    assert 0 < dyad["total"] < get(client, "/api/events")["total"]
    for event in dyad["events"]:
        assert any(a["country"] == "USA" for a in event["actor"])
        assert any(r["country"] == "RUS" for r in event["recipient"])
    either = get(client, "/api/events", dyad="USA-RUS", limit=500)
    assert either["total"] > dyad["total"]  # RUS→USA events as well


def test_one_event_has_its_articles_and_highlighted_evidence(client: TestClient) -> None:
    event = get(client, f"/api/events/{helsinki(client)['id']}")
    assert event["type"] == "CONSULT" and event["date"]["start"] == "2021-09-22"
    assert len(event["articles"]) == 2
    for article in event["articles"]:
        assert article["title"]
        for evidence in article["evidence"]:
            roles = {h["role"] for h in evidence["highlights"]}
            assert "trigger" in roles
            for span in evidence["highlights"]:
                assert 0 <= span["start"] < span["end"] <= len(evidence["sentence"])


def test_the_article_behind_a_source_can_be_read(client: TestClient) -> None:
    event = get(client, f"/api/events/{helsinki(client)['id']}")
    article_id = event["articles"][0]["article_id"]
    article = get(client, f"/api/articles/{article_id}")
    assert article["id"] == article_id
    assert event["articles"][0]["evidence"][0]["sentence"] in article["body"] + "\n\n" + "\n\n".join(
        article.get("captions", [])
    )


def test_aggregates_network_and_actors(client: TestClient) -> None:
    dated = [e for e in get(client, "/api/events", limit=500)["events"] if e["date"]["start"]]
    by_month = get(client, "/api/aggregates", by="month")["counts"]
    months = [c for c in by_month if c["key"] != "unknown"]
    assert sum(c["count"] for c in months) == len(dated)
    assert all(re.fullmatch(r"\d{4}-\d{2}", c["key"]) for c in months)
    by_type = {c["key"]: c["count"] for c in get(client, "/api/aggregates", by="type")["counts"]}
    assert by_type["CONSULT"] >= 1
    network = get(client, "/api/network", actor_country="USA", recipient_country="RUS")
    assert network["edges"] and all(e["count"] >= 1 and e["types"] for e in network["edges"])
    node_ids = {n["id"] for n in network["nodes"]}
    assert all(e["source"] in node_ids and e["target"] in node_ids for e in network["edges"])
    actors = get(client, "/api/actors", limit=5)["actors"]
    assert 0 < len(actors) <= 5


@pytest.mark.parametrize(
    ("path", "params", "status", "says"),
    [
        ("/api/events", {"limit": 0}, 422, "limit"),
        ("/api/events", {"limit": 501}, 422, "less than or equal to 500"),
        ("/api/events", {"offset": -1}, 422, "offset"),
        ("/api/events", {"limit": "ten"}, 422, "limit"),
        ("/api/events", {"actor_country": "U1"}, 422, "actor_country"),
        ("/api/events", {"date_from": "22/09/2021"}, 422, "date_from"),
        ("/api/events", {"status": "maybe"}, 422, "status"),
        ("/api/events", {"text": "x" * 201}, 422, "text"),
        ("/api/events", {"type": "PARTY"}, 400, "PARTY"),
        ("/api/events", {"date_from": "2021-10-01", "date_to": "2021-09-01"}, 400, "date"),
        ("/api/aggregates", {"by": "hour"}, 422, "by"),
        ("/api/events/ev_0000000000000000", {}, 404, "no event"),
        ("/api/events/not-an-id", {}, 422, "event_id"),
    ],
)
def test_bad_parameters_are_refused_with_a_reason(
    client: TestClient, path: str, params: dict[str, Any], status: int, says: str
) -> None:
    response = client.get(path, params=params)
    assert response.status_code == status
    detail = response.json()["detail"]
    assert isinstance(detail, str) and says in detail


def test_text_is_data_not_sql(client: TestClient, store_path: Path) -> None:
    before = hashlib.sha256(store_path.read_bytes()).hexdigest()
    for text in ["'; DROP TABLE event; --", '" OR 1=1 --', "Milley) OR (1=1"]:
        assert client.get("/api/events", params={"text": text}).status_code in {200, 400}
        assert client.get("/api/events", params={"actor": text}).status_code in {200, 400}
    assert get(client, "/api/events")["total"] > 10
    assert hashlib.sha256(store_path.read_bytes()).hexdigest() == before


def test_the_api_is_read_only(client: TestClient) -> None:
    assert client.post("/api/events").status_code == 405
    assert client.delete(f"/api/events/{helsinki(client)['id']}").status_code == 405


def test_docs_load_nothing_from_outside(client: TestClient) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert not re.search(r"(src|href)=['\"]?(https?:)?//", docs.text)
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/events", "/api/events/{event_id}", "/api/actors", "/api/aggregates", "/api/network"} <= set(
        paths
    )


def test_without_front_end_files_the_page_says_how_to_get_them(store_path: Path, tmp_path: Path) -> None:
    with TestClient(create_app(store_path, vendor_dir=tmp_path / "empty")) as bare:
        page = bare.get("/")
        assert page.status_code == 503
        assert "make assets" in page.text and "npm ci" in page.text
        assert bare.get("/api/events").status_code == 200


def test_serve_refuses_a_missing_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code != 0
    assert "no store at" in result.output


def test_a_real_server_answers_concurrent_requests(server: str) -> None:
    paths = ["/api/events?limit=20", "/api/aggregates?by=day", "/api/network", "/api/actors", "/"]
    with httpx.Client(base_url=server, timeout=30) as http, ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(lambda i: http.get(paths[i % len(paths)]).status_code, range(200)))
    assert statuses == [200] * 200


def test_a_real_server_serves_the_page_with_a_content_policy(server: str) -> None:
    response = httpx.get(server + "/")
    assert response.status_code == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert not re.search(r"(src|href)=['\"]?(https?:)?//", response.text)


def test_answers_are_cached_until_the_store_changes(store_path: Path, tmp_path: Path) -> None:
    """A repeated question is answered from the cache; a write to the store (a run
    adding events while serve reads) empties it, so no answer is older than the store."""
    import shutil

    from eventwire.store import Store

    db = tmp_path / "copy.db"
    shutil.copy(store_path, db)
    with TestClient(create_app(db)) as test_client:
        first = test_client.get("/api/events", params={"limit": 5})
        again = test_client.get("/api/events", params={"limit": 5})
        assert again.headers.get("x-cache") == "hit" and again.json() == first.json()
        with Store(db) as store:
            events = list(store.events())
            store.replace_events(events[1:])
        changed = test_client.get("/api/events", params={"limit": 5})
        assert changed.headers.get("x-cache") is None
        assert changed.json()["total"] == first.json()["total"] - 1


def test_the_api_and_the_cli_take_the_same_filters(client: TestClient, store_path: Path) -> None:
    from dataclasses import fields

    from eventwire.query import FILTER_PARAMS, EventFilter

    names = {p.name for p in FILTER_PARAMS}
    assert names == {f.name for f in fields(EventFilter)} - {"limit"}
    listed = {
        p["name"] for p in client.get("/openapi.json").json()["paths"]["/api/events"]["get"]["parameters"]
    }
    assert names <= listed
    help_text = CliRunner().invoke(main, ["query", "--help"]).stdout
    assert all(p.option in help_text for p in FILTER_PARAMS)
    # a filter the API lacked before: both give the same events
    for params, options in (
        ({"actor_sector": "MIL"}, ["--actor-sector", "MIL"]),
        ({"placed": "true"}, ["--placed"]),
        ({"near": "60.17,24.94,50"}, ["--near", "60.17,24.94,50"]),
    ):
        api = {e["id"] for e in get(client, "/api/events", limit=500, **params)["events"]}
        result = CliRunner().invoke(main, ["query", "--db", str(store_path), "--format", "jsonl", *options])
        assert result.exit_code == 0, result.stderr
        cli = {json.loads(line)["id"] for line in result.stdout.splitlines()}
        assert api == cli and api, params
    assert client.get("/api/events", params={"near": "x" * 61}).status_code == 422
    assert client.get("/api/events", params={"placed": "maybe"}).status_code == 422


def test_the_current_view_downloads_as_csv_and_jsonl(client: TestClient) -> None:
    import csv
    import io

    from eventwire.flat import FLAT_COLUMNS

    view = {"actor_country": "USA", "type": "CONSULT"}
    shown = get(client, "/api/events", limit=500, **view)
    response = client.get("/api/download", params={**view, "format": "csv"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert list(rows[0]) == list(FLAT_COLUMNS)
    assert {r["event_id"] for r in rows} == {e["id"] for e in shown["events"]} and len(rows) == shown["total"]
    response = client.get("/api/download", params={**view, "format": "jsonl"})
    records = [json.loads(line) for line in response.text.splitlines()]
    assert {r["id"] for r in records} == {e["id"] for e in shown["events"]}
    assert client.get("/api/download", params={"format": "xml"}).status_code == 422
    assert client.get("/api/download", params={"type": "NOPE"}).status_code == 400


def test_a_stored_article_reads_as_a_page_with_its_text_escaped(client: TestClient, store_path: Path) -> None:
    from eventwire.store import Store

    with Store(store_path) as store:
        articles = list(store.articles())
    hostile = next(a for a in articles if "<script" in a.body or "<img" in a.body)
    response = client.get(f"/articles/{hostile.id}")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert "<script" not in response.text.split("</title>", 1)[1]  # only escaped text after the head
    assert "&lt;" in response.text
    first_paragraph = next(p for p in hostile.body.split("\n") if p.strip())
    assert html_lib.escape(first_paragraph) in response.text
    assert client.get("/articles/nope").status_code == 404
