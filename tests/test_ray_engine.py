"""The Ray engine against a real local Ray cluster: the same events as the local engine.

The test starts a Ray head node on 127.0.0.1 (dashboard off), runs
``eventwire run --engine ray`` against it in a separate process, as a user
would, and compares the store with one the local engine wrote. Skipped with
a reason when Ray is not installed (``pip install 'eventwire[ray]'``).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PROJECT

pytestmark = pytest.mark.slow

ray = pytest.importorskip("ray", reason="Ray is not installed: pip install 'eventwire[ray]'")

GOLD = PROJECT / "tests" / "gold" / "articles"
EVENTWIRE = [sys.executable, "-m", "eventwire"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Ray head node on this machine, stopped after the tests."""
    ray_bin = Path(sys.executable).with_name("ray")
    port = _free_port()
    temp = tmp_path_factory.mktemp("ray")
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0"}
    started = subprocess.run(
        [str(ray_bin), "start", "--head", "--node-ip-address=127.0.0.1", f"--port={port}",
         "--include-dashboard=false", "--num-cpus=2", f"--temp-dir={temp}", "--disable-usage-stats"],
        capture_output=True, text=True, env=env, timeout=180,
    )  # fmt: skip
    assert started.returncode == 0, started.stderr
    try:
        yield f"127.0.0.1:{port}"
    finally:
        subprocess.run([str(ray_bin), "stop", "--force"], capture_output=True, env=env, timeout=120)


def _events(db: Path) -> dict[str, object]:
    conn = sqlite3.connect(db)
    rows = {row[0]: json.loads(row[1]) for row in conn.execute("SELECT id, data FROM event")}
    conn.close()
    return rows


def test_the_ray_engine_writes_the_events_of_the_local_engine(cluster: str, tmp_path: Path) -> None:
    folder = tmp_path / "news"
    shutil.copytree(GOLD, folder)
    env = {**os.environ, "EVENTWIRE_BATCH_SIZE": "2", "RAY_USAGE_STATS_ENABLED": "0"}
    local, on_ray = tmp_path / "local.db", tmp_path / "ray.db"
    done = subprocess.run(
        [*EVENTWIRE, "run", str(folder), "--db", str(local), "--workers", "1", "--no-progress"],
        capture_output=True, text=True, env=env, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    done = subprocess.run(
        [*EVENTWIRE, "run", str(folder), "--db", str(on_ray), "--engine", "ray", "--ray-address", cluster,
         "--no-progress"],
        capture_output=True, text=True, env=env, timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    expected = _events(local)
    assert expected and _events(on_ray) == expected
    assert _counts(on_ray) == _counts(local)


def _counts(db: Path) -> dict[str, object]:
    conn = sqlite3.connect(db)
    manifest = json.loads(conn.execute("SELECT counts FROM run").fetchone()[0])
    conn.close()
    return {key: manifest[key] for key in ("read", "articles", "failed", "mentions", "events")}
