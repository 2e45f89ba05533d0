"""Throughput and memory of the whole flow on distinct real news, next to the bare parse.

The corpus is real and never repeated: the TimeBank 1.2 documents and the
GeoWebNews articles of ../shared/bench, one JSONL record each. Per repeat:

- end to end: ``eventwire extract`` on the corpus in a fresh process, timed as a
  whole process (start-up, reading, cleaning, parsing, coding, merging, writing),
  once with ``--workers 1`` (one core) and once with ``--workers N`` (all cores,
  default 2), in alternating order; its peak memory is the child's max RSS;
- bare parse: the same texts through the spaCy pipeline alone (``nlp.pipe``),
  in this process, after the pipeline has loaded;
- component split: parse and code timed apart inside one process (the stages
  ``eventwire extract`` runs), so the coder's share of the parse is visible.

Medians over the repeats; compare ratios, not seconds, across machines.

    python benchmarks/bench_speed.py [--repeats 3] [--workers 2] [--limit N] [--json out.json]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _real_news import real_records

from _common import emit
from _public import run_verb, write_corpus


def bare_parse(texts: list[str], batch_size: int) -> tuple[float, int]:
    """Seconds and tokens for the spaCy pipeline alone on the texts."""
    from eventwire.nlp import load_pipeline

    nlp = load_pipeline()
    started = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))
    return time.perf_counter() - started, tokens


def component_split(corpus: Path) -> dict[str, float]:
    """Parse and code timed apart, over the articles ``extract`` would code."""
    from eventwire.coder import code_article
    from eventwire.nlp import parse_texts
    from eventwire.pipeline import RunStats, iter_articles

    articles = list(iter_articles([str(corpus)], RunStats()))
    started = time.perf_counter()
    docs = list(parse_texts([a.analysed_text() for a in articles], batch_size=16))
    parsed = time.perf_counter()
    for article, doc in zip(articles, docs, strict=True):
        code_article(article, doc)
    coded = time.perf_counter()
    return {"parse_s": parsed - started, "code_s": coded - parsed}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--limit", type=int, default=None, help="use only the first N documents")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="workers of the parallel run")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    records = real_records(args.limit)
    with tempfile.TemporaryDirectory(prefix="speed-") as tmp:
        corpus = write_corpus(records, Path(tmp))
        runs, parallel, bare, split = [], [], [], []
        for repeat in range(args.repeats):
            # paired: one core and all workers back to back, the order alternating
            order = [("1", runs), (str(args.workers), parallel)]
            for workers, times in order if repeat % 2 == 0 else reversed(order):
                times.append(run_verb("extract", [corpus], "--workers", workers).seconds)
            bare.append(bare_parse([r["text"] for r in records], args.batch_size))
            split.append(component_split(corpus))
    child_rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    tokens = bare[0][1]
    e2e = statistics.median(runs)
    e2e_parallel = statistics.median(parallel)
    parse_alone = statistics.median(s for s, _ in bare)
    parse_in = statistics.median(s["parse_s"] for s in split)
    code = statistics.median(s["code_s"] for s in split)
    results = {
        "path": "end to end: `eventwire extract` on a JSONL corpus, whole process",
        "documents": len(records),
        "tokens": tokens,
        "repeats": args.repeats,
        "e2e_median_s": round(e2e, 2),
        "e2e_median_tokens_per_s": round(tokens / e2e),
        "bare_parse_median_tokens_per_s": round(tokens / parse_alone),
        "e2e_share_of_bare_parse_rate": round(parse_alone / e2e, 3),
        "workers": args.workers,
        "e2e_workers_median_s": round(e2e_parallel, 2),
        "e2e_workers_median_tokens_per_s": round(tokens / e2e_parallel),
        "e2e_workers_over_bare_parse_one_core": round(parse_alone / e2e_parallel, 3),
        "e2e_workers_speedup_over_one_worker": round(e2e / e2e_parallel, 3),
        "component_code_share_of_parse": round(code / parse_in, 3),
        "e2e_peak_rss_mb": round(child_rss_mb),
    }
    return emit(results, args.json)


if __name__ == "__main__":
    sys.exit(main())
