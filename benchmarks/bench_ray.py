"""Throughput of the Ray engine on a real local Ray cluster, beside the local engine.

Starts a Ray head node on 127.0.0.1 (dashboard off), then runs ``eventwire run``
on the distinct real news of ../shared/bench (TimeBank, GeoWebNews) with
``--engine ray`` and with the local engine (``--workers`` = the cluster's CPUs),
in alternating order, each into a new store, and checks that both stores hold
the same events. Whole-process times, medians over the repeats.

    python benchmarks/bench_ray.py [--repeats 2] [--cpus 2] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _real_news import real_records

from _common import emit
from _public import write_corpus


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _events(db: Path) -> dict[str, str]:
    conn = sqlite3.connect(db)
    rows = {row[0]: row[1] for row in conn.execute("SELECT id, data FROM event")}
    conn.close()
    return rows


def _tokens(db: Path) -> int:
    """Whitespace tokens of the stored bodies (the same for both engines)."""
    conn = sqlite3.connect(db)
    total = sum(len(body.split()) for (body,) in conn.execute("SELECT body FROM article"))
    conn.close()
    return total


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--cpus", type=int, default=2)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    ray_bin = Path(sys.executable).with_name("ray")
    if not ray_bin.exists():
        print("Ray is not installed: pip install 'eventwire[ray]'", file=sys.stderr)
        return 2
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0"}
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="bench-ray-") as tmp:
        folder = Path(tmp)
        corpus = write_corpus(real_records(), folder)
        started = subprocess.run(
            [str(ray_bin), "start", "--head", "--node-ip-address=127.0.0.1", f"--port={port}",
             "--include-dashboard=false", f"--num-cpus={args.cpus}", f"--temp-dir={folder / 'ray'}",
             "--disable-usage-stats"],
            capture_output=True, text=True, env=env, timeout=300, check=False,
        )  # fmt: skip
        if started.returncode != 0:
            print(started.stderr, file=sys.stderr)
            return 1
        times: dict[str, list[float]] = {"ray": [], "local": []}
        same = True
        try:
            for repeat in range(args.repeats):
                order = ["ray", "local"] if repeat % 2 == 0 else ["local", "ray"]
                dbs = {}
                for engine in order:
                    db = folder / f"{engine}-{repeat}.db"
                    extra = (
                        ["--engine", "ray", "--ray-address", f"127.0.0.1:{port}"]
                        if engine == "ray"
                        else ["--workers", str(args.cpus)]
                    )
                    cmd = [sys.executable, "-m", "eventwire", "run", str(corpus), "--db", str(db),
                           "--no-progress", *extra]  # fmt: skip
                    began = time.perf_counter()
                    done = subprocess.run(
                        cmd, capture_output=True, text=True, env=env, timeout=3600, check=False
                    )
                    times[engine].append(time.perf_counter() - began)
                    if done.returncode != 0:
                        print(done.stderr[-2000:], file=sys.stderr)
                        return 1
                    dbs[engine] = db
                same = same and _events(dbs["ray"]) == _events(dbs["local"])
            tokens = _tokens(dbs["local"])
        finally:
            subprocess.run(
                [str(ray_bin), "stop", "--force"], capture_output=True, env=env, timeout=300, check=False
            )
    ray_s, local_s = statistics.median(times["ray"]), statistics.median(times["local"])
    results = {
        "path": "end to end: `eventwire run --engine ray` on a local Ray cluster, whole process",
        "documents": len(real_records()),
        "cluster_cpus": args.cpus,
        "repeats": args.repeats,
        "ray_median_s": round(ray_s, 2),
        "local_workers_median_s": round(local_s, 2),
        "ray_words_per_s": round(tokens / ray_s),
        "ray_over_local_time": round(ray_s / local_s, 3),
        "same_events_as_local": same,
    }
    print(json.dumps(times), file=sys.stderr)
    return emit(results, args.json)


if __name__ == "__main__":
    sys.exit(main())
