"""Parquet export speed and peak memory at two sizes: memory should not grow with the events.

Synthetic events (random dyads, places, tolls and two reports each, dated over
25 years, sorted by date as the store yields them) are made one at a time and
streamed through ``write_parquet``, as one file and as the monthly dataset
(``--partition month``). Each export runs in a fresh process that reports its
own seconds and high-water memory (VmHWM), at a quarter of ``--events`` and at
``--events``. Two baselines at the same sizes: ``generate_only`` makes the
events and drops them, with pyarrow loaded (what the exporter adds is the
difference), and
``in_memory`` writes them the way 0.1.0 wrote them (every row in
one list, then one table), which grows with the events.

    python benchmarks/bench_export.py [--events 200000] [--repeats 3] [--json out.json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from eventwire.export import PARQUET_ROW_GROUP_ROWS, flat_row, write_parquet
from eventwire.records import ActorRef, DateRange, Event, Place, Size, SourceRef

from _common import emit

SEED = 20211122
COUNTRIES = ["USA", "RUS", "CHN", "UKR", "FRA", "DEU", "GBR", "IRN", "ISR", "TUR", "IND", "PAK", "NGA"]
TYPES = ["CONSULT", "ASSAULT", "PROTEST", "ACCUSE", "COERCE", "AID", "MOBILIZE"]
MODES = ("generate_only", "file", "month", "in_memory")
FIRST_DAY = dt.date(2000, 1, 1)
DAYS = 25 * 365


def _report(k: int, day: str) -> SourceRef:
    """One report the event cites."""
    return SourceRef(
        article_id=f"art{k}", url=f"https://example.org/{k}", outlet="AP", published=day,
        sentence="One sentence of the report.", start=0, end=27, trigger=[4, 12], in_caption=False,
        mention_id=f"m{k}", rule="rule",
    )  # fmt: skip


def synthetic_events(n: int, seed: int = SEED) -> Iterator[Event]:
    """``n`` varied events, made as they are asked for (none is kept), in date order."""
    rng = random.Random(seed)
    for i in range(n):
        day = (FIRST_DAY + dt.timedelta(days=i * DAYS // n)).isoformat()
        actor, recipient = rng.sample(COUNTRIES, 2)
        place = None
        if rng.random() < 0.7:
            place = Place(
                text=f"City {i % 500}", name=f"City {i % 500}", country=recipient, admin1=f"Region {i % 40}",
                lat=rng.uniform(-60, 70), lon=rng.uniform(-180, 180), geonameid=100_000 + i % 500,
                kind="city", basis=rng.choice(["trigger", "sentence", "dateline"]),
            )  # fmt: skip
        event_type = rng.choice(TYPES)
        yield Event(
            id=f"ev{i:08d}",
            type=event_type,
            mode=None,
            context=[],
            status="occurred",
            historical=rng.random() < 0.05,
            actor=[ActorRef(f"Person {i % 1000}", actor, "GOV", f"Person {i % 1000}")],
            recipient=[ActorRef(None, recipient, rng.choice(["MIL", "GOV", None]), recipient)],
            quad="MATERIAL_CONFLICT",
            date=DateRange(day, day, "day", None, "stated"),
            place=place,
            size=Size(dead=rng.randrange(20), injured=None) if event_type == "ASSAULT" else None,
            confidence=round(rng.uniform(0.3, 1.0), 2),
            sources=[_report(i * 2 + k, day) for k in range(2)],
        )


def write_in_memory(events: Iterator[Event], path: Path) -> int:
    """The export as it was before streaming: every row in one list, then one table."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from eventwire.export import parquet_schema

    rows = [flat_row(e) for e in events]
    pq.write_table(pa.Table.from_pylist(rows, schema=parquet_schema()), path)
    return len(rows)


def child(n: int, mode: str, out: Path) -> int:
    """Run one export in this (fresh) process; print its seconds, peak memory and output size."""
    import pyarrow.parquet  # noqa: F401  (every mode, the baseline too, pays for pyarrow's own memory)

    started = time.perf_counter()
    events = synthetic_events(n)
    if mode == "generate_only":
        count = sum(1 for _ in events)
    elif mode == "in_memory":
        count = write_in_memory(events, out)
    else:
        count = write_parquet(events, out, partition_by_month=mode == "month")
    seconds = time.perf_counter() - started
    assert count == n, (count, n)
    # ru_maxrss survives exec on Linux (a child forked from a large parent reports
    # the parent's size), so the process reads its own high-water mark, VmHWM.
    with open("/proc/self/status") as status:
        hwm = next(line for line in status if line.startswith("VmHWM"))
    files = [out] if out.is_file() else list(out.rglob("*.parquet")) if out.exists() else []
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_rss_mb": int(hwm.split()[1]) // 1024,
                "mb": sum(f.stat().st_size for f in files) / 2**20,
                "files": len(files),
            }
        )
    )
    return 0


def measure(n: int, mode: str, out: Path) -> dict[str, float]:
    """One export in a fresh process, as ``child`` reports it."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(n), mode, str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--events", type=int, default=200_000, help="the larger size; the smaller is a quarter"
    )
    parser.add_argument("--repeats", type=int, default=3, help="runs per export; seconds are their median")
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    parser.add_argument("--child", nargs=3, metavar=("N", "MODE", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        n, mode, out = args.child
        return child(int(n), mode, Path(out))
    sizes = [args.events // 4, args.events]
    results: dict[str, object] = {"events": sizes[-1], "row_group_rows": PARQUET_ROW_GROUP_ROWS}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            for mode in MODES:
                runs = []
                for repeat in range(args.repeats):
                    out = Path(tmp) / f"{mode}-{n}-{repeat}"
                    runs.append(measure(n, mode, out.with_suffix(".parquet") if mode != "month" else out))
                results[f"{mode}_{n}_seconds"] = round(statistics.median(r["seconds"] for r in runs), 2)
                results[f"{mode}_{n}_peak_rss_mb"] = max(int(r["peak_rss_mb"]) for r in runs)
                if mode in {"file", "month"}:
                    results[f"{mode}_{n}_output_mb"] = round(runs[0]["mb"], 1)
                if mode == "month":
                    results[f"{mode}_{n}_files"] = int(runs[0]["files"])
    return emit(results, args.json)


if __name__ == "__main__":
    sys.exit(main())
