"""Run eventwire the way a user does: its CLI verbs on files written to disk.

Every accuracy figure in docs/benchmarks.md that is not labelled "component"
comes through here, so it is what ``eventwire extract`` / ``annotate`` /
``articles`` give a user on the same input, ingest and cleaning included.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The last line of every verb's report: "N documents read, N articles, ..."
_SUMMARY = re.compile(r"(\d+) documents read, (\d+) articles, (\d+) skipped, (\d+) failed")


@dataclass
class VerbResult:
    """What one CLI call gave: its JSONL records, its report and how long it took."""

    records: list[dict[str, Any]]
    stderr: str
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)


def run_verb(verb: str, inputs: Iterable[str | Path], *extra: str, timeout: int = 3600) -> VerbResult:
    """Run ``python -m eventwire VERB INPUTS --out FILE`` and read FILE back.

    Raises ``RuntimeError`` with the tail of the report when the verb fails, so a
    broken entry point never passes for a low score.
    """
    with tempfile.TemporaryDirectory(prefix=f"bench-{verb}-") as tmp:
        out = Path(tmp) / "out.jsonl"
        cmd = [sys.executable, "-m", "eventwire", verb, *map(str, inputs), "--out", str(out), *extra]
        started = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        seconds = time.perf_counter() - started
        if done.returncode != 0 or not out.exists():
            tail = (done.stderr or done.stdout).strip()[-600:]
            raise RuntimeError(f"`eventwire {verb}` failed (exit {done.returncode}): {tail}")
        records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
    summary = next((m for m in map(_SUMMARY.search, reversed(done.stderr.splitlines())) if m), None)
    counts = {}
    if summary is not None:
        counts = dict(zip(("read", "articles", "skipped", "failed"), map(int, summary.groups()), strict=True))
    return VerbResult(records, done.stderr, seconds, counts)


def write_corpus(records: Iterable[dict[str, Any]], folder: Path, name: str = "corpus.jsonl") -> Path:
    """Write records as a JSONL corpus, one JSON object per line, as a user would."""
    path = folder / name
    with path.open("w", encoding="utf-8") as stream:
        for record in records:
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path
