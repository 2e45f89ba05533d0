"""Fixtures for the API and page tests: a real store, a real server, a real browser.

The store is built by running eventwire on the bundled seed articles plus one
hostile article (markup in its headline, outlet, link and evidence), so the
tests see what a user's store holds, including text that must never run.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from eventwire.serve.assets import missing_assets
from eventwire.settings import load_settings
from eventwire.store import Store

PROJECT = Path(__file__).resolve().parents[2]
TEST_OUTPUT = PROJECT / "test-output"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

HOSTILE_ARTICLE: dict[str, str] = {
    "id": "hostile-headline",
    "title": (
        "<script>window.__pwned='title'</script><img src=x onerror=\"window.__pwned='img'\"> Ministers meet"
    ),
    "outlet": "<b onmouseover=\"window.__pwned='outlet'\">Evil Wire</b>",
    "url": "javascript:window.__pwned='url'",
    "published": "2021-10-01",
    "text": (
        "Russian Foreign Minister Sergei Lavrov met U.S. Secretary of State Antony Blinken in Geneva "
        "on Thursday, <script>window.__pwned='body'</script> officials said.\n\n"
        "The two ministers discussed Ukraine <img src=x onerror=\"window.__pwned='evidence'\"> for two hours."
    ),
}


def _require(condition: bool, reason: str) -> None:
    """Skip on a user's machine, fail in CI: CI installs everything the tests need."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must install it: see `make assets chromium`)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory, demo_files: list[str]) -> Path:
    """A store built by the real pipeline from the seed articles and the hostile one."""
    from eventwire.pipeline import run

    folder = tmp_path_factory.mktemp("served")
    corpus = folder / "hostile.jsonl"
    corpus.write_text(json.dumps(HOSTILE_ARTICLE) + "\n", encoding="utf-8")
    path = folder / "served.db"
    with Store(path) as store:
        stats = run([*demo_files, str(corpus)], load_settings(None, db=str(path)), store)
    assert stats.failed == 0
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def serving(db: Path) -> Iterator[str]:
    """``eventwire serve`` over ``db`` in its own process on a free loopback port; yields its base URL."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "eventwire", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(base + "/api/meta", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            output = process.stdout.read() if process.stdout else ""
            raise RuntimeError(f"eventwire serve did not start:\n{output}")
        time.sleep(0.2)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def server(store_path: Path) -> Iterator[str]:
    """The server over the session's store."""
    with serving(store_path) as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium driven by Playwright (never Playwright's own download)."""
    _require(CHROMIUM.exists(), f"{CHROMIUM} is absent: apt-get install chromium chromium-driver")
    _require(not missing_assets(), "front-end files missing: run `make assets` (needs npm)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def screenshots(request: pytest.FixtureRequest) -> Path:
    """A folder under test-output/ for this test's screenshots (kept after the run)."""
    folder = TEST_OUTPUT / "browser" / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    return folder
