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
    "gate": ["bench_gate.py"],
    "newsdev": ["bench_newsdev.py"],
    "wikievents": ["bench_wikievents.py"],
    "plover": ["bench_plover.py"],
    "actors": ["bench_actors.py"],
    "speed": ["bench_speed.py"],
    "event_places": ["bench_event_places.py"],
    "extraction": ["bench_extraction.py"],
    "ingest": ["bench_ingest.py"],
    "merge": ["bench_merge.py"],
    "merge_real": ["bench_merge_real.py"],
    "serve": ["bench_serve.py"],
    "fuzz": ["bench_fuzz.py"],
    "crash": ["bench_crash.py"],
    "query": ["bench_query.py"],
    "export": ["bench_export.py"],
    "growth": ["bench_growth.py", "--batches", "200", "--batch", "500"],
    "query_1m": ["bench_query.py", "--events", "1000000", "--unmerged"],
    "query_10m": ["bench_query.py", "--events", "1000000", "--unmerged", "--copies", "10"],
    "ray": ["bench_ray.py"],
    "ingest_large_jsonl": ["bench_ingest.py", "--documents", "60000", "--formats", "jsonl", "--repeats", "1"],
}
OPTIONAL = {"timebank": ["bench_timebank.py"], "geoparse": ["bench_geoparse.py"]}
# How each figure was reached: through the CLI as a user runs it ("end to end"),
# or one stage alone on prepared input ("component"). A mapping gives it per
# figure-name prefix, the longest matching prefix winning.
PATHS: dict[str, str | dict[str, str]] = {
    "seeds": "end to end",
    "gate": "end to end",
    "newsdev": "end to end",
    "wikievents": "end to end",
    "plover": "end to end",
    "extraction": "end to end",
    "timebank": {"": "component: resolver on gold spans", "e2e_": "end to end"},
    "geoparse": {"": "component: resolver on gold spans", "e2e_": "end to end"},
    "actors": "component: resolver on gold spans",
    "speed": {"": "end to end", "bare_": "baseline: spaCy alone", "component_": "component"},
    "merge": "component: synthetic stories",
    "merge_real": "end to end",
    "event_places": "end to end",
    "ingest": "component: readers and cleaner",
    "ingest_large_jsonl": "component: readers and cleaner",
    "query": "component: query layer",
    "query_1m": "component: query layer",
    "query_10m": "component: query layer",
    "export": "component: Parquet exporter",
    "growth": "component: the store half of a run",
    "ray": "end to end: `eventwire run --engine ray`",
    "serve": "end to end: HTTP",
    "fuzz": {"": "component: reading and cleaning, one in 25 through a whole run"},
    "crash": "end to end: `eventwire run` killed",
}
# Which data the figure comes from. Every labelled set in ../shared has had its
# errors read while building eventwire, so its figures are development figures;
# held-out figures come from sets kept outside the project (see the issues).
SETS = {
    "gate": "own hand-coded articles (tests/gold)",
    "newsdev": "own annotations of ../shared news: dev_* development, test_* held out (measured only)",
    "wikievents": "development",
    "seeds": "development",
    "plover": "development",
    "extraction": "development",
    "timebank": "development",
    "geoparse": "development",
    "actors": "development",
    "merge": "synthetic (from development sets)",
    "export": "synthetic events",
    "growth": "synthetic articles with real coded mentions (seeds, PLOVER) as templates",
    "ray": "real news (TimeBank, GeoWebNews)",
    "merge_real": "own same-event labels of ../shared news: dev_* read for errors, test_* measured only",
    "speed": "real news (TimeBank, GeoWebNews)",
    "event_places": "real news (TimeBank, GeoWebNews), no gold: coverage only",
}


def path_of(name: str, figure: str) -> str:
    """How a figure was reached (see ``PATHS``)."""
    kind = PATHS.get(name, "")
    if isinstance(kind, str):
        return kind
    prefix = max((p for p in kind if figure.startswith(p)), key=len, default="")
    return kind.get(prefix, "")


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
    parser.add_argument(
        "--render", action="store_true", help="run nothing: write the table from the last figures"
    )
    args = parser.parse_args()
    every = {**BENCHMARKS, **OPTIONAL}
    unknown = set(args.only or ()) - set(every)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}; known: {', '.join(every)}")
    note = f"Table written {today()} on {machine()}; each row gives the date it was measured."
    lines = [START, "", note, ""]
    lines += [
        "| benchmark | figure | value | path | data | measured | command |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, script in every.items():
        rerun = not args.render and (args.only is None or name in args.only)
        result = run_one(name, script) if rerun else last_result(name)
        if result is None:
            continue
        command = "`python benchmarks/" + " ".join(script) + "`"
        for key, value in result.items():
            if key in {"machine", "date", "path", "set", "e2e_path"} or isinstance(value, dict | list):
                continue
            where = f"{path_of(name, key)} | {SETS.get(name, '')}"
            lines.append(f"| {name} | {key} | {value} | {where} | {result.get('date', '')} | {command} |")
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
