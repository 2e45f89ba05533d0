"""``eventwire serve`` reading a store while ``eventwire run`` writes to it: no errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from .conftest import serving

pytestmark = pytest.mark.slow

TEXT = (
    "Soldiers of {a} shelled positions held by rebels near the border with {b} on Monday, "
    "killing {n} fighters, the army said. Envoys of {a} and {b} met in Geneva on Tuesday."
)
COUNTRIES = ["Armenia", "Azerbaijan", "Georgia", "Turkey", "Iran", "Iraq", "Syria", "Jordan"]


def _corpus(path: Path, first: int, records: int) -> Path:
    with path.open("w", encoding="utf-8") as stream:
        for n in range(first, first + records):
            a, b = COUNTRIES[n % 8], COUNTRIES[(n + 3) % 8]
            text = TEXT.format(a=a, b=b, n=n + 2)
            stream.write(json.dumps({"id": f"r{n}", "text": text, "published": "2024-06-04"}) + "\n")
    return path


def test_reading_while_a_run_writes_gives_no_errors(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    run = [sys.executable, "-m", "eventwire", "run", "--no-progress", "--db", str(db)]
    subprocess.run([*run, str(_corpus(tmp_path / "first.jsonl", 0, 4))], check=True, capture_output=True)
    statuses: list[int] = []
    with serving(db) as base, httpx.Client(base_url=base, timeout=30) as client:
        writer = subprocess.Popen(
            [*run, str(_corpus(tmp_path / "more.jsonl", 4, 60))],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        paths = [
            "/api/events?limit=50",
            "/api/aggregates?by=type",
            "/api/network",
            "/api/actors",
            "/api/meta",
        ]
        while writer.poll() is None:
            for path in paths:
                statuses.append(client.get(path).status_code)
        _, err = writer.communicate()
        for path in paths:  # and once more on the finished store
            statuses.append(client.get(path).status_code)
        final = client.get("/api/events?limit=500").json()
    assert writer.returncode == 0, err
    assert statuses and set(statuses) == {200}
    assert len(final["events"]) > 0
