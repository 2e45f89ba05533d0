"""Throughput and memory of the whole flow, and the share of time spent outside the parse.

Replicates the bundled example articles N times (each copy gets its own id so
nothing is deduplicated), runs clean → parse → code → merge, and reports the
median of several repeats: articles per second, tokens per second, the parse's
share of the time, and peak memory (max RSS).

    python benchmarks/bench_speed.py [--copies 20] [--repeats 3] [--json out.json]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

from eventwire.clean import clean_source
from eventwire.coder import code_article
from eventwire.data_files import demo_paths
from eventwire.merge import merge_mentions
from eventwire.nlp import load_pipeline
from eventwire.records import Article, Source

from _common import emit


def load_articles(copies: int) -> list[Article]:
    """Clean the demo articles once and give each copy its own id."""
    base = []
    for path in demo_paths():
        source = Source(origin=path, format="text", text=Path(path).read_text(encoding="utf-8"))
        base.append(clean_source(source))
    articles = []
    for n in range(copies):
        for article in base:
            data = article.to_dict()
            data["id"] = f"{article.id}-{n}"
            articles.append(Article.from_dict(data))
    return articles


def one_run(articles: list[Article], batch_size: int) -> dict[str, float]:
    nlp = load_pipeline()
    started = time.perf_counter()
    docs = list(nlp.pipe([a.analysed_text() for a in articles], batch_size=batch_size))
    parsed = time.perf_counter()
    mentions = [m for a, d in zip(articles, docs, strict=True) for m in code_article(a, d)]
    coded = time.perf_counter()
    merge_mentions(mentions, {a.id: a for a in articles})
    merged = time.perf_counter()
    return {
        "parse_s": parsed - started,
        "code_s": coded - parsed,
        "merge_s": merged - coded,
        "total_s": merged - started,
        "tokens": float(sum(len(d) for d in docs)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    started = time.perf_counter()
    load_pipeline()
    load_seconds = time.perf_counter() - started
    articles = load_articles(args.copies)
    one_run(articles[:2], args.batch_size)  # warm the caches (gazetteer, tables)
    runs = [one_run(articles, args.batch_size) for _ in range(args.repeats)]
    total = statistics.median(r["total_s"] for r in runs)
    parse = statistics.median(r["parse_s"] for r in runs)
    results = {
        "articles": len(articles),
        "pipeline_load_s": round(load_seconds, 2),
        "median_articles_per_s": round(len(articles) / total, 2),
        "median_tokens_per_s": round(runs[0]["tokens"] / total, 0),
        "median_parse_share": round(parse / total, 3),
        "median_code_s_per_article": round(statistics.median(r["code_s"] for r in runs) / len(articles), 4),
        "median_merge_s": round(statistics.median(r["merge_s"] for r in runs), 3),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0),
    }
    return emit(results, args.json)


if __name__ == "__main__":
    sys.exit(main())
