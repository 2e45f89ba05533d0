"""Crash safety: `eventwire run` killed with SIGKILL at random moments, over and over.

A store is built from distinct real news (the first ``--documents`` TimeBank and
GeoWebNews articles, one JSONL corpus) by a clean run. Then the same corpus
is run into a second store ``--kills`` times, each run killed with SIGKILL at
a random moment of its course (reading, parsing, coding, merging or writing:
uniform over the clean run's duration). After every kill the store must open
and pass ``PRAGMA integrity_check``; after the last, one more run must leave
exactly the clean run's articles, mentions, events, sources and errors, none
lost or doubled. Reported: kills, corrupt stores, rows lost or doubled per
table, and how far into its run each kill landed.

    python benchmarks/bench_crash.py [--kills 24] [--documents 60] [--seed 7] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from _real_news import real_records

from _common import emit
from _public import write_corpus

TABLES = ("article", "mention", "event", "event_source", "error")


def dump(db: Path) -> dict[str, Counter[tuple[object, ...]]]:
    """Every row of the result tables, counted (a doubled row counts twice)."""
    conn = sqlite3.connect(db)
    try:
        return {t: Counter(conn.execute(f"SELECT * FROM {t}").fetchall()) for t in TABLES}
    finally:
        conn.close()


def integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--kills", type=int, default=24)
    parser.add_argument("--documents", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="crash-") as tmp:
        folder = Path(tmp)
        corpus = write_corpus(real_records(args.documents), folder)
        command = [sys.executable, "-m", "eventwire", "run", str(corpus), "--no-progress", "--db"]
        clean = folder / "clean.db"
        started = time.perf_counter()
        subprocess.run([*command, str(clean)], check=True, capture_output=True)
        clean_s = time.perf_counter() - started
        want = dump(clean)
        db = folder / "killed.db"
        corrupt, landed = 0, []
        for _ in range(args.kills):
            delay = rng.uniform(0.05, clean_s)
            process = subprocess.Popen(
                [*command, str(db)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            time.sleep(delay)
            finished = process.poll() is not None
            if not finished:
                os.kill(process.pid, signal.SIGKILL)
            process.wait()
            landed.append(1.0 if finished else delay / clean_s)
            if db.exists() and integrity(db) != "ok":
                corrupt += 1
        subprocess.run([*command, str(db)], check=True, capture_output=True)
        got = dump(db)
    lost = {t: sum((want[t] - got[t]).values()) for t in TABLES}
    doubled = {t: sum((got[t] - want[t]).values()) for t in TABLES}
    results: dict[str, object] = {
        "path": "end to end: `eventwire run` killed with SIGKILL, then run again",
        "documents": args.documents,
        "kills": sum(1 for x in landed if x < 1.0),
        "runs_finished_before_the_kill": sum(1 for x in landed if x >= 1.0),
        "corrupt_stores": corrupt,
        "rows_lost": sum(lost.values()),
        "rows_doubled": sum(doubled.values()),
        "clean_run_s": round(clean_s, 1),
        "median_kill_point": round(statistics.median(landed), 2),
        "rows_per_table": json.dumps({t: sum(want[t].values()) for t in TABLES}),
        "seed": args.seed,
    }
    for table in TABLES:
        if lost[table] or doubled[table]:
            results[f"{table}_lost"] = lost[table]
            results[f"{table}_doubled"] = doubled[table]
    return emit(results, args.json)


if __name__ == "__main__":
    sys.exit(main())
