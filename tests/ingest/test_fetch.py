"""Fetching pages and feeds from a real HTTP server on 127.0.0.1.

The server gives what the web gives: a feed whose entries link to pages with
ETags or Last-Modified dates, a redirect, a missing page, a page robots.txt
forbids, one that answers too slowly and one that fails once. Every entry must
end as an article, a skip or an error with its reason; a second run and a
watch across restarts must add nothing twice.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from eventwire.cli import main

PAGES = {
    "/a.html": "Police arrested 12 protesters in Lagos on Monday, officials said.",
    "/b.html": "Troops shelled the village of Kobani on Tuesday, killing three civilians.",
    "/moved.html": "The foreign ministers of France and Germany met in Berlin on Wednesday.",
    "/flaky.html": "Rebels seized the town of Goma on Thursday after a day of fighting.",
}
ENTRIES = ["/a.html", "/b.html", "/old.html", "/missing.html", "/private.html", "/slow.html", "/flaky.html"]
LAST_MODIFIED = "Mon, 22 Nov 2021 10:00:00 GMT"
FILLER = (
    "Witnesses described a tense morning in the streets, and local officials said they would "
    "give more details later in the day once the situation had been assessed by the authorities."
)


def _page(path: str) -> bytes:
    title = path.strip("/").split(".")[0]
    return (
        f"<html><head><title>Story {title}</title></head><body><article><h1>Story {title}</h1>"
        f"<p>{PAGES[path]}</p><p>{FILLER}</p><p>{FILLER.replace('the', 'a')}</p></article></body></html>"
    ).encode()


def _feed(port: int) -> bytes:
    items = "".join(
        f"<item><title>Story {p}</title><link>http://127.0.0.1:{port}{p}</link>"
        f"<pubDate>Mon, 22 Nov 2021 08:00:00 GMT</pubDate></item>"
        for p in ENTRIES
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Local Wire</title>'
        f"<link>http://127.0.0.1:{port}/</link>{items}</channel></rss>"
    ).encode()


class _Handler(BaseHTTPRequestHandler):
    seen: ClassVar[Counter[str]] = Counter()
    agents: ClassVar[set[str]] = set()
    conditional: ClassVar[Counter[str]] = Counter()

    def log_message(self, *args: object) -> None:  # keep the test output quiet
        pass

    def _send(self, status: int, body: bytes = b"", kind: str = "text/html", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        with contextlib.suppress(ConnectionError):  # the slow page's client gave up
            self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path
        type(self).seen[path] += 1
        type(self).agents.add(self.headers.get("User-Agent", ""))
        if path == "/robots.txt":
            return self._send(200, b"User-agent: *\nDisallow: /private.html\n", "text/plain")
        if path == "/feed.xml":
            return self._send(200, _feed(self.server.server_address[1]), "application/rss+xml")
        if path == "/a.html":
            if self.headers.get("If-None-Match") == '"a-1"':
                type(self).conditional[path] += 1
                return self._send(304)
            return self._send(200, _page(path), ETag='"a-1"')
        if path == "/b.html":
            if self.headers.get("If-Modified-Since") == LAST_MODIFIED:
                type(self).conditional[path] += 1
                return self._send(304)
            return self._send(200, _page(path), Last_Modified=LAST_MODIFIED)
        if path == "/old.html":
            return self._send(301, Location="/moved.html")
        if path == "/moved.html":
            return self._send(200, _page(path))
        if path == "/binary.html":
            return self._send(200, bytes(range(256)) * 64)
        if path == "/slow.html":
            time.sleep(1.5)
            return self._send(200, b"<html><body><p>late</p></body></html>")
        if path == "/flaky.html":
            if type(self).seen[path] == 1:
                return self._send(503, b"busy")
            return self._send(200, _page(path))
        return self._send(404, b"not here")


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    _Handler.seen = Counter()
    _Handler.agents = set()
    _Handler.conditional = Counter()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("EVENTWIRE_FETCH_DELAY_S", "0")
    monkeypatch.setenv("EVENTWIRE_FETCH_TIMEOUT_S", "0.5")
    monkeypatch.setenv("EVENTWIRE_FETCH_RETRIES", "1")
    monkeypatch.setenv("EVENTWIRE_WORKERS", "1")
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stderr


def _articles(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    rows = [row[0] for row in conn.execute("SELECT json_extract(source, '$.path') FROM article ORDER BY 1")]
    conn.close()
    return rows


def _count(db: Path, table: str) -> int:
    conn = sqlite3.connect(db)
    n = int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    conn.close()
    return n


def test_a_feed_is_followed_to_its_pages_and_every_entry_has_an_outcome(server: str, tmp_path: Path) -> None:
    db = tmp_path / "ew.db"
    code, err = _invoke("run", f"{server}/feed.xml", "--db", str(db))
    assert code == 0, err
    stored = _articles(db)
    assert stored == sorted(f"{server}{p}" for p in ("/a.html", "/b.html", "/old.html", "/flaky.html"))
    assert f"error {server}/missing.html" in err and "HTTP 404" in err
    assert f"error {server}/private.html" in err and "robots.txt" in err
    assert f"error {server}/slow.html" in err and "after 2 tries" in err
    assert _Handler.seen["/flaky.html"] == 2  # a 503, then the page
    assert _Handler.seen["/robots.txt"] == 1
    assert all(agent.startswith("eventwire/") for agent in _Handler.agents)
    conn = sqlite3.connect(db)
    title, outlet, published = conn.execute(
        "SELECT title, outlet, published FROM article WHERE json_extract(source, '$.path') = ?",
        (f"{server}/a.html",),
    ).fetchone()
    conn.close()
    assert "Story" in title and outlet == "Local Wire" and published.startswith("2021-11-22")
    assert _count(db, "event") > 0


def test_fetching_again_asks_conditionally_and_adds_nothing(server: str, tmp_path: Path) -> None:
    db = tmp_path / "ew.db"
    assert _invoke("run", f"{server}/feed.xml", "--db", str(db))[0] == 0
    articles, events = _articles(db), _count(db, "event")
    code, err = _invoke("run", f"{server}/feed.xml", "--db", str(db))
    assert code == 0, err
    assert _Handler.conditional == Counter({"/a.html": 1, "/b.html": 1})
    assert "not modified since the last fetch (HTTP 304)" in err
    assert f"{server}/old.html: unchanged since" in err  # no validators: skipped by its checksum
    assert _articles(db) == articles and _count(db, "event") == events


def test_watch_keeps_a_store_current_across_restarts_without_duplicates(server: str, tmp_path: Path) -> None:
    db = tmp_path / "ew.db"
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# the local wire\n{server}/feed.xml\n\n", encoding="utf-8")
    code, err = _invoke("watch", str(feeds), "--db", str(db), "--every", "0s", "--rounds", "2")
    assert code == 0, err
    assert "round 1: 1 URLs, 4 new or changed articles" in err
    assert "round 2: 1 URLs, 0 new or changed articles" in err
    articles, events = _articles(db), _count(db, "event")
    code, err = _invoke("watch", str(feeds), "--db", str(db), "--every", "0s", "--rounds", "1")  # a restart
    assert code == 0, err
    assert "round 1: 1 URLs, 0 new or changed articles" in err
    assert _articles(db) == articles and _count(db, "event") == events
    code, _ = _invoke("runs", "--db", str(db), "--format", "jsonl")
    assert code == 0


def test_a_watch_list_with_something_that_is_not_a_url_is_refused(tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("news/folder\n", encoding="utf-8")
    code, err = _invoke("watch", str(feeds), "--db", str(tmp_path / "ew.db"), "--rounds", "1")
    assert code == 2 and "is not an http(s) URL" in err
    code, err = _invoke("watch", str(feeds), "--every", "soon", "--rounds", "1")
    assert code == 2 and "--every" in err


def test_nothing_is_fetched_unless_asked(tmp_path: Path) -> None:
    code, err = _invoke("articles", "http://127.0.0.1:9/page.html")
    assert code != 0 or "does not fetch" in err


def test_a_page_that_is_no_text_is_one_error_and_the_run_goes_on(server: str, tmp_path: Path) -> None:
    db = tmp_path / "ew.db"
    code, err = _invoke("run", f"{server}/binary.html", f"{server}/a.html", "--db", str(db))
    assert code == 0, err
    assert f"error {server}/binary.html" in err and "binary" in err
    assert _articles(db) == [f"{server}/a.html"]
