"""The long fuzzing profile: thousands of generated bad inputs, read as a run reads them.

Every input is one file of one format (text, HTML, JSONL, CSV, RSS/Atom, WARC,
gzip) with some damage (``tests/fuzz/inputs.py`` says which kinds). Each is
read through the reading and cleaning stage of ``eventwire run``
(``pipeline.iter_articles``); one in ``--store-every`` goes through the whole
run into an in-memory store, parse, coding and merge included. Reported:
inputs tried, crashes (an exception escaped), hangs (no outcome within
``--bound`` seconds), inputs lost (a document with no article, skip or error,
or an outcome that does not name its file), peak memory and time. The target
is 0 crashes, 0 hangs and 0 lost.

    python benchmarks/bench_fuzz.py [--inputs 10000] [--seed 1] [--json out.json]
"""

from __future__ import annotations

import argparse
import collections
import logging
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from _common import PROJECT, emit

sys.path.insert(0, str(PROJECT))
from tests.fuzz.inputs import check_input, make_input


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--store-every", type=int, default=25, help="one input in N goes through a whole run")
    parser.add_argument("--bound", type=float, default=60.0, help="seconds before an input counts as a hang")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # the run's per-record warnings are the point, not news
    rng = random.Random(args.seed)
    failures: list[str] = []
    kinds: collections.Counter[str] = collections.Counter()
    crashes = hangs = lost = through_store = 0
    slowest = 0.0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        for number in range(args.inputs):
            generated = make_input(rng, number)
            kinds[generated.kind.split("+")[0]] += 1
            path = Path(tmp) / generated.name
            path.write_bytes(generated.data)
            store = number % args.store_every == 0
            through_store += store
            outcome = check_input(path, through_store=store, bound_s=args.bound)
            path.unlink()
            slowest = max(slowest, outcome.seconds)
            if outcome.crash:
                crashes += 1
                failures.append(f"crash {generated.kind} #{number}: {outcome.crash}")
            if outcome.hang:
                hangs += 1
                failures.append(f"hang {generated.kind} #{number}")
            if outcome.lost:
                lost += 1
                failures.append(f"lost {generated.kind} #{number}: {outcome.lost[0]}")
    for line in failures[:40]:
        print(line, file=sys.stderr)
    results: dict[str, object] = {
        "path": "component: reading and cleaning as `eventwire run` does (one in N through a whole run)",
        "inputs": args.inputs,
        "through_a_whole_run": through_store,
        "crashes": crashes,
        "hangs": hangs,
        "inputs_lost": lost,
        "slowest_input_s": round(slowest, 2),
        "seconds": round(time.perf_counter() - started, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "seed": args.seed,
        **{f"inputs_{kind}": count for kind, count in sorted(kinds.items())},
        # what went wrong, for the reader of the JSON (the table leaves lists out)
        "failures": failures[:40],
    }
    return emit(results, args.json)


if __name__ == "__main__":
    sys.exit(main())
