"""Run every benchmark and rewrite the figures section of docs/benchmarks.md.

    python benchmarks/run_all.py [--only NAME ...]

``--only`` runs the named benchmarks and keeps the stored figures
(docs/benchmarks/<name>.json) of the others in the table. Each benchmark is
a script of its own that prints JSON; this runner collects their results
into docs/benchmarks/<name>.json and a table in
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
    "speed": ["bench_speed.py"],
    "extraction": ["bench_extraction.py"],
    "ingest": ["bench_ingest.py"],
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


def stored(name: str) -> dict[str, object] | None:
    """The figures a benchmark wrote last time, if any."""
    path = PROJECT / "docs" / "benchmarks" / f"{name}.json"
    if not path.exists():
        return None
    result: dict[str, object] = json.loads(path.read_text())
    return result


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run only these benchmarks")
    args = parser.parse_args()
    everything = {**BENCHMARKS, **OPTIONAL}
    unknown = set(args.only or ()) - set(everything)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}; known: {', '.join(everything)}")
    lines = [START, "", f"Table rewritten {today()} on {machine()}; each row's own date is in its JSON.", ""]
    lines += ["| benchmark | figure | value | command |", "|---|---|---|---|"]
    for name, script in everything.items():
        result = run_one(name, script) if not args.only or name in args.only else stored(name)
        if result is None:
            continue
        command = "`python benchmarks/" + " ".join(script) + "`"
        for key, value in result.items():
            if key in {"machine", "date"} or isinstance(value, dict | list):
                continue
            lines.append(f"| {name} | {key} | {value} | {command} |")
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
