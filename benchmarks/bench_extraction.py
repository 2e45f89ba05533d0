"""Article-body extraction on ../shared/bench/article_extraction, next to plain trafilatura.

All 181 saved pages go through ``eventwire articles`` in one call, as a user
would run it (whatever their language), and trafilatura is called with its
defaults on the same HTML. Both are scored against the expected body: word
4-shingles (lower-cased word characters), precision / recall / F1 per page,
averaged over all pages; a page eventwire gives no article for scores zero.
The pages were read while tuning the HTML path: development figures.

    python benchmarks/bench_extraction.py [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from _common import emit, shared_or_exit
from _public import run_verb

SHINGLE = 4


def shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
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
    pages = {key: folder / "html" / f"{key}.html.gz" for key in sorted(truth)}
    done = run_verb("articles", list(pages.values()))
    bodies = {Path(a["source"]["path"]).name.split(".")[0]: a["body"] for a in done.records}
    started = time.perf_counter()
    theirs = {key: plain_trafilatura(path) for key, path in pages.items()}
    seconds = {"eventwire": done.seconds, "trafilatura": time.perf_counter() - started}
    rows = {
        "eventwire": [score(bodies.get(key, ""), truth[key]["articleBody"]) for key in pages],
        "trafilatura": [score(theirs[key], truth[key]["articleBody"]) for key in pages],
    }
    results: dict[str, object] = {
        "path": "end to end: the pages through `eventwire articles` (whole process, start-up included)",
        "set": "development",
        "pages": len(truth),
        "eventwire_articles": len(bodies),
        "languages": dict(sorted(Counter(a.get("language") or "?" for a in done.records).items())),
    }
    for name, scores in rows.items():
        results[f"{name}_precision"] = round(statistics.mean(s[0] for s in scores), 3)
        results[f"{name}_recall"] = round(statistics.mean(s[1] for s in scores), 3)
        results[f"{name}_f1"] = round(statistics.mean(s[2] for s in scores), 3)
        results[f"{name}_pages_per_s"] = round(len(truth) / seconds[name], 1)
    return emit(results, args.json)


if __name__ == "__main__":
    sys.exit(main())
