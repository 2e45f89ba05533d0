"""The quality gate's hand-coded articles (tests/gold/) through the CLI.

Fifteen articles written for eventwire in its developers' own words (text
pages with furniture, an HTML page, a JSONL corpus) and coded by hand before
eventwire was first run on them; ``tests/gold/score.py`` runs ``eventwire
articles`` and ``eventwire extract`` on them and scores the events (see
tests/gold/README.md). The first measurement, on 2026-12-02, was untouched;
every later one is a development figure, as the set's misses have been read.

    python benchmarks/bench_gate.py [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from _common import PROJECT, emit


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    args = parser.parse_args()
    scorer = PROJECT / "tests" / "gold" / "score.py"
    done = subprocess.run(
        [sys.executable, str(scorer), "--json"], capture_output=True, text=True, check=False
    )
    if not done.stdout.strip():
        print(f"the gate's scorer failed: {done.stderr.strip()[-400:]}", file=sys.stderr)
        return 1
    figures = json.loads(done.stdout)
    results = {
        "path": "end to end: `eventwire articles` and `eventwire extract` on the files",
        "set": "own hand-coded articles",
        **{k: v for k, v in figures.items() if not isinstance(v, dict | list)},
    }
    return emit(results, args.json)


if __name__ == "__main__":
    sys.exit(main())
