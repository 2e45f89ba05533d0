"""Merging at scale: pairwise precision and recall, and time as the store grows.

Real coded mentions (the seed articles and the PLOVER gold sentences, coded by
eventwire) are the raw material. Each synthetic *story* takes one real mention,
gives it a fresh date, and reports it 1 to 4 times, as wire copies under other
outlet names with light edits (a word dropped, the date given as the week
instead of the day, a symmetric meeting told the other way round). The same
real mention is reused for several stories on dates far apart, so that merging
on actors and type alone would glue different events together.

A component benchmark on synthetic stories (the reports are paraphrases made
here from one mention, not real reporting by several outlets), so its recall
is an upper bound for real wire traffic.

Figures: pairwise precision and recall of "these two reports are one event"
against the story each report came from, and the median time to merge N
reports for growing N, per 10,000 reports (near-linear growth keeps that
figure flat).

    python benchmarks/bench_merge.py [--sizes 10000 20000 40000] [--json out.json]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

from bench_plover import load_gold
from eventwire.merge import cluster_mentions
from eventwire.pipeline import RunStats, code_articles, iter_articles
from eventwire.records import DateRange, Mention
from eventwire.settings import Settings

from _common import emit, shared_or_exit
from _public import write_corpus

SEED = 20211022
FIRST_DAY = dt.date(2000, 1, 1)
DAYS = 9000  # about 25 years of news
REPEATS = 3


def real_mentions() -> list[Mention]:
    """Code the seeds and the PLOVER gold sentences; keep mentions with a known actor."""
    seeds = sorted(str(p) for p in shared_or_exit("seeds").glob("*.txt"))
    gold = load_gold(shared_or_exit("bench", "plover", "PLOVER_GSR_CAMEO.txt"))
    with tempfile.TemporaryDirectory(prefix="merge-") as tmp:
        corpus = write_corpus(({"id": g["id"], "text": g["text"]} for g in gold), Path(tmp))
        articles = list(iter_articles([*seeds, str(corpus)], RunStats()))
    coded = code_articles(articles, Settings(progress=False), RunStats())
    return [m for _a, ms in coded for m in ms if any(a.country or a.name for a in m.actor)]


def _day(day: dt.date) -> DateRange:
    return DateRange(day.isoformat(), day.isoformat(), "day", None, "stated")


def _week(day: dt.date) -> DateRange:
    start = day - dt.timedelta(days=day.weekday())
    return DateRange(start.isoformat(), (start + dt.timedelta(days=6)).isoformat(), "week", None, "relative")


def make_reports(
    base: list[Mention], n_reports: int, rng: random.Random
) -> tuple[list[Mention], dict[str, int]]:
    """Build about ``n_reports`` reports grouped in stories; return them and their story ids."""
    reports: list[Mention] = []
    story_of: dict[str, int] = {}
    story = 0
    while len(reports) < n_reports:
        source = rng.choice(base)
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
        for copy in range(rng.randint(1, 4)):
            words = source.sentence.split()
            if len(words) > 6 and rng.random() < 0.5:
                del words[rng.randrange(len(words))]
            actor, recipient = source.actor, source.recipient
            if source.type == "CONSULT" and recipient and rng.random() < 0.3:
                actor, recipient = recipient, actor
            mention_id = f"s{story}c{copy}"
            reports.append(
                dataclasses.replace(
                    source,
                    id=mention_id,
                    article_id=f"a{story}-{copy}",
                    actor=actor,
                    recipient=recipient,
                    sentence=" ".join(words),
                    date=_week(day) if rng.random() < 0.3 else _day(day),
                )
            )
            story_of[mention_id] = story
        story += 1
    return reports, story_of


def pairwise(groups: list[list[Mention]], story_of: dict[str, int]) -> tuple[float, float]:
    """Pairwise precision and recall of merged pairs against the stories."""
    merged = {frozenset(p) for g in groups for p in combinations((m.id for m in g), 2)}
    by_story: dict[int, list[str]] = defaultdict(list)
    for mention_id, story in story_of.items():
        by_story[story].append(mention_id)
    truth = {frozenset(p) for ids in by_story.values() for p in combinations(ids, 2)}
    hits = len(merged & truth)
    precision = hits / len(merged) if merged else 1.0
    recall = hits / len(truth) if truth else 1.0
    return precision, recall


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 20_000, 40_000])
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    args = parser.parse_args()
    rng = random.Random(SEED)
    base = real_mentions()
    results: dict[str, object] = {"real_mentions": len(base)}
    per_10k: list[float] = []
    for size in args.sizes:
        reports, story_of = make_reports(base, size, rng)
        timings = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            groups = cluster_mentions(reports)
            timings.append(time.perf_counter() - started)
        median = statistics.median(timings)
        per_10k.append(median / len(reports) * 10_000)
        precision, recall = pairwise(groups, story_of)
        results[f"reports_{size}"] = len(reports)
        results[f"seconds_per_10k_at_{size}"] = round(per_10k[-1], 3)
        results[f"pair_precision_at_{size}"] = round(precision, 4)
        results[f"pair_recall_at_{size}"] = round(recall, 4)
    results["per_10k_ratio_largest_to_smallest"] = round(per_10k[-1] / per_10k[0], 2)
    return emit(results, args.json)


if __name__ == "__main__":
    sys.exit(main())
