"""Article-body extraction on ../shared/bench/article_extraction, next to plain trafilatura.

For each of the 181 saved pages, eventwire's reader and cleaner produce a body
(`read_inputs` → `clean_source`, as `eventwire articles` does) and trafilatura
is called with its defaults on the same HTML. Both are scored against the
expected body: word 4-shingles, precision / recall / F1 per page, averaged.

    python benchmarks/bench_extraction.py [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from eventwire.clean import clean_source
from eventwire.ingest import read_inputs
from eventwire.records import Source

from _common import emit, shared_or_exit

SHINGLE = 4


def shingles(text: str) -> set[tuple[str, ...]]:
    words = text.split()
    return (
        {tuple(words[i : i + SHINGLE]) for i in range(max(len(words) - SHINGLE + 1, 1))} if words else set()
    )


def score(produced: str, expected: str) -> tuple[float, float, float]:
    got, want = shingles(produced), shingles(expected)
    if not got and not want:
        return 1.0, 1.0, 1.0
    common = len(got & want)
    p = common / len(got) if got else 0.0
    r = common / len(want) if want else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def ours(path: Path) -> str:
    for item in read_inputs([str(path)]):
        if isinstance(item, Source):
            try:
                return clean_source(item).body
            except Exception:  # a page with no article scores zero
                return ""
    return ""


def plain_trafilatura(path: Path) -> str:
    import gzip

    import trafilatura

    html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
    return trafilatura.extract(html) or ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    folder = shared_or_exit("bench", "article_extraction")
    truth = json.loads((folder / "ground-truth.json").read_text())
    rows: dict[str, list[tuple[float, float, float]]] = {"eventwire": [], "trafilatura": []}
    seconds = {"eventwire": 0.0, "trafilatura": 0.0}
    for key, gold in sorted(truth.items()):
        path = folder / "html" / f"{key}.html.gz"
        for name, extract in (("eventwire", ours), ("trafilatura", plain_trafilatura)):
            started = time.perf_counter()
            body = extract(path)
            seconds[name] += time.perf_counter() - started
            rows[name].append(score(body, gold["articleBody"]))
    results: dict[str, object] = {"pages": len(truth)}
    for name, scores in rows.items():
        results[f"{name}_precision"] = round(statistics.mean(s[0] for s in scores), 3)
        results[f"{name}_recall"] = round(statistics.mean(s[1] for s in scores), 3)
        results[f"{name}_f1"] = round(statistics.mean(s[2] for s in scores), 3)
        results[f"{name}_pages_per_s"] = round(len(truth) / seconds[name], 1)
    return emit(results, args.json)


if __name__ == "__main__":
    sys.exit(main())
