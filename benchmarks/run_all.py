"""Run the benchmarks and rewrite the figures section of docs/benchmarks.md.

    python benchmarks/run_all.py                 # every benchmark
    python benchmarks/run_all.py --only plover seeds

With ``--only``, the named benchmarks are run again and the others keep the
figures of their last run (read back from docs/benchmarks/<name>.json, each
stamped with its own machine and date).

Each benchmark is a script of its own that prints JSON; this runner collects
their results into docs/benchmarks/results.json and a table in
docs/benchmarks.md (between the AUTO markers), with command, machine and date.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

from _common import PROJECT, machine, today

BENCHMARKS = {
    "seeds": ["bench_seeds.py"],
    "plover": ["bench_plover.py"],
    "actors": ["bench_actors.py"],
    "speed": ["bench_speed.py"],
    "extraction": ["bench_extraction.py"],
    "ingest": ["bench_ingest.py"],
    "merge": ["bench_merge.py"],
    "serve": ["bench_serve.py"],
    "query": ["bench_query.py"],
    "ingest_large_jsonl": ["bench_ingest.py", "--documents", "60000", "--formats", "jsonl", "--repeats", "1"],
}
OPTIONAL = {"timebank": ["bench_timebank.py"], "geoparse": ["bench_geoparse.py"]}
START, END = "<!-- AUTO:START -->", "<!-- AUTO:END -->"


def run_one(name: str, script: list[str]) -> dict[str, object] | None:
    path = PROJECT / "benchmarks" / script[0]
    if not path.exists():
        return None
    out = PROJECT / "docs" / "benchmarks" / f"{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, str(path), *script[1:], "--json", str(out)]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=PROJECT, check=False)
    if done.returncode != 0 or not out.exists():
        print(f"{script[0]} failed:\n{done.stdout}\n{done.stderr}", file=sys.stderr)
        return None
    result: dict[str, object] = json.loads(out.read_text())
    return result


def last_result(name: str) -> dict[str, object] | None:
    """The figures a benchmark wrote on its last run, if any."""
    out = PROJECT / "docs" / "benchmarks" / f"{name}.json"
    if not out.exists():
        return None
    result: dict[str, object] = json.loads(out.read_text())
    return result


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--only", nargs="+", metavar="NAME", help="run only these benchmarks; keep the others' last figures"
    )
    args = parser.parse_args()
    every = {**BENCHMARKS, **OPTIONAL}
    unknown = set(args.only or ()) - set(every)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}; known: {', '.join(every)}")
    note = f"Table written {today()} on {machine()}; each row gives the date it was measured."
    lines = [START, "", note, ""]
    lines += ["| benchmark | figure | value | measured | command |", "|---|---|---|---|---|"]
    for name, script in every.items():
        rerun = args.only is None or name in args.only
        result = run_one(name, script) if rerun else last_result(name)
        if result is None:
            continue
        command = "`python benchmarks/" + " ".join(script) + "`"
        for key, value in result.items():
            if key in {"machine", "date"} or isinstance(value, dict | list):
                continue
            lines.append(f"| {name} | {key} | {value} | {result.get('date', '')} | {command} |")
    lines += ["", END]
    doc = PROJECT / "docs" / "benchmarks.md"
    text = doc.read_text() if doc.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    doc.write_text(head + "\n".join(lines) + tail)
    print(f"wrote {doc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
