"""Run every benchmark and rewrite the figures section of docs/benchmarks.md.

    python benchmarks/run_all.py
    python benchmarks/run_all.py --only serve   # re-run one, keep the others' stored results

Each benchmark is a script of its own that prints JSON; this runner collects
their results into docs/benchmarks/results.json and a table in
docs/benchmarks.md (between the AUTO markers), with command, machine and date.
"""

from __future__ import annotations

import json
import subprocess
import sys

from _common import PROJECT, machine

BENCHMARKS = {
    "seeds": ["bench_seeds.py"],
    "plover": ["bench_plover.py"],
    "speed": ["bench_speed.py"],
    "extraction": ["bench_extraction.py"],
    "ingest": ["bench_ingest.py"],
    "ingest_large_jsonl": ["bench_ingest.py", "--documents", "60000", "--formats", "jsonl", "--repeats", "1"],
    "serve": ["bench_serve.py"],
}
OPTIONAL = {"timebank": ["bench_timebank.py"]}
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
    """The last result a benchmark wrote, for the ones not re-run by ``--only``."""
    path = PROJECT / "docs" / "benchmarks" / f"{name}.json"
    if not path.exists():
        return None
    result: dict[str, object] = json.loads(path.read_text())
    return result


def main() -> int:
    only = set(sys.argv[sys.argv.index("--only") + 1 :]) if "--only" in sys.argv else None
    lines = [START, "", f"Measured on {machine()}; the date of each benchmark is its `date` row.", ""]
    lines += ["| benchmark | figure | value | command |", "|---|---|---|---|"]
    for name, script in {**BENCHMARKS, **OPTIONAL}.items():
        result = run_one(name, script) if only is None or name in only else stored(name)
        if result is None:
            continue
        command = "`python benchmarks/" + " ".join(script) + "`"
        for key, value in result.items():
            if key == "machine" or isinstance(value, dict | list):
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
