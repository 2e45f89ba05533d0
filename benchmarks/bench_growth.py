"""Per-batch cost of the store half of a run as one store grows (component figure).

Parsing costs the same per article whatever the store holds; what can grow
with the store is the rest of a run: saving articles and mentions, finding
copies among the stored articles, and merging. This benchmark feeds batches of
``--batch`` articles, each batch one run's worth, through ``StoreWriter`` (what
``eventwire run`` calls after coding) into one store file, and reports the time
and the process's peak memory per batch, first batches against last.

The articles are synthetic, because there are not 100,000 distinct real
articles here: each has a distinct random body (so no two are copies) and
mentions copied from templates (types, statuses and parties of real coded
news: the seeds and the PLOVER gold sentences, or a store ``--templates`` names) and a
sentence of random words, dated around
the batch's news day, which advances a day per batch; 3 in 100 mentions are
background reports of a whole decade (wide dates), 6 in 10 of the others are
dated by the publication day alone (their reach spans the weeks before and
after it, as in real news). Label: component.

A batch meets the stored events its reports' dates allow (``merge.windows``):
for news dated around one day, the weeks before and after it. So the first
batches, with fewer such events stored, are cheaper than the rest by nature;
what must not grow is the cost once the store holds that window
(``last_over_settled``: the last tenth against the tenth after the window).

    python benchmarks/bench_growth.py [--batches 200] [--batch 500] [--json out.json]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from eventwire.merge.evidence import scoring
from eventwire.pipeline import RunStats, StoreWriter
from eventwire.records import ActorRef, Article, DateRange, Mention
from eventwire.store import Store

from _common import emit

WORDS = [f"w{i}" for i in range(20_000)]
TYPES = ["ASSAULT", "PROTEST", "CONSULT", "ACCUSE", "COERCE", "AGREE", "REQUEST", "SUPPORT", "MOBILIZE"]
COUNTRIES = ["USA", "RUS", "CHN", "UKR", "FRA", "DEU", "IND", "BRA", "NGA", "TUR", "IRN", "ISR", None]


def _templates(store_path: Path | None) -> list[Mention]:
    """Real coded mentions: those of a store, or those eventwire codes from the
    seeds and the PLOVER gold sentences (as ``bench_query`` uses)."""
    if store_path is None:
        from bench_merge import real_mentions

        return real_mentions()
    with Store(store_path) as store:
        return list(store.mentions())


def _mention(rng: random.Random, templates: list[Mention], mid: str, article: str, day: dt.date) -> Mention:
    if rng.random() < 0.03:
        decade = rng.choice([1970, 1980, 1990, 2000])
        date = DateRange(f"{decade}-01-01", f"{decade + 9}-12-31", "decade", None, "stated")
    elif rng.random() < 0.6:  # dated by the publication day only, as most news reports are
        date = DateRange(day.isoformat(), day.isoformat(), "day", None, "publication")
    else:
        when = day - dt.timedelta(days=rng.choice([0, 0, 0, 1, 2, 3]))
        date = DateRange(when.isoformat(), when.isoformat(), "day", None, "relative")
    if templates:
        base = rng.choice(templates)
        return dataclasses.replace(
            base, id=mid, article_id=article, date=date, sentence=f"{base.sentence} {mid}"
        )
    actor = ActorRef(None, rng.choice(COUNTRIES), rng.choice(["GOV", "MIL", "CVL", None]), "they")
    recipient = ActorRef(None, rng.choice(COUNTRIES), None, "them")
    return Mention(
        id=mid, article_id=article, type=rng.choice(TYPES), mode=None, status="occurred",  # type: ignore[arg-type]
        historical=False, actor=[actor], recipient=[recipient], date=date, place=None, size=None,
        confidence=0.7, sentence=" ".join(rng.choices(WORDS, k=14)), start=0, end=10, trigger=[0, 3],
        in_caption=False, rule="bench",
    )  # fmt: skip


def _batch(
    rng: random.Random, templates: list[Mention], number: int, size: int
) -> list[tuple[Article, list[Mention]]]:
    day = dt.date(2024, 1, 1) + dt.timedelta(days=number)
    batch = []
    for i in range(size):
        article_id = f"b{number}-a{i}"
        article = Article(
            id=article_id, source={"path": f"{article_id}.txt", "format": "text"}, title=None, outlet="Wire",
            published=day.isoformat(), body=" ".join(rng.choices(WORDS, k=300)),
        )  # fmt: skip
        mentions = [
            _mention(rng, templates, f"{article_id}-m{j}", article_id, day) for j in range(rng.randint(0, 5))
        ]
        batch.append((article, mentions))
    return batch


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--batches", type=int, default=200)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument(
        "--templates", type=Path, default=None, help="a store whose mentions are the templates"
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rng = random.Random(20261204)
    templates = _templates(args.templates)
    seconds: list[float] = []
    rss: list[float] = []
    with (
        tempfile.TemporaryDirectory(prefix="growth-") as tmp,
        Store(Path(tmp) / "store.db", writer=True) as store,
    ):
        for number in range(args.batches):
            batch = _batch(rng, templates, number, args.batch)
            started = time.perf_counter()
            writer = StoreWriter(store, RunStats())
            with store.bulk():  # as `eventwire run` saves its articles
                for article, mentions in batch:
                    writer.add(article, mentions)
            writer.finish()
            seconds.append(time.perf_counter() - started)
            rss.append(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
            if number % 20 == 0:
                print(f"batch {number}: {seconds[-1]:.2f} s, {rss[-1]:.0f} MB", file=sys.stderr)
        events = store.count("event")
        mentions = store.count("mention")
    tenth = max(args.batches // 10, 1)
    first = statistics.median(seconds[:tenth])
    last = statistics.median(seconds[-tenth:])
    # a report meets the stored events its date allows: a publication day reaches
    # back the look-back and forward the window, plus the week of its bucket; a
    # batch being a day, the store is "full" for merging after this many batches
    config = scoring()
    window = config.publication_lookback + config.publication_window + 7
    settled = seconds[window : window + tenth] if args.batches >= window + 2 * tenth else []
    results = {
        "path": "component: the store half of `eventwire run` (StoreWriter), synthetic articles",
        "batches": args.batches,
        "articles_per_batch": args.batch,
        "articles": args.batches * args.batch,
        "mentions": mentions,
        "events": events,
        "first_tenth_median_batch_s": round(first, 3),
        "last_tenth_median_batch_s": round(last, 3),
        "last_over_first": round(last / first, 3),
        "merge_window_batches": window,
        "settled_tenth_median_batch_s": round(statistics.median(settled), 3) if settled else None,
        "last_over_settled": round(last / statistics.median(settled), 3) if settled else None,
        "peak_rss_mb_when_settled": round(rss[window + tenth - 1]) if settled else None,
        "peak_rss_mb_after_first_tenth": round(rss[tenth - 1]),
        "peak_rss_mb_at_end": round(rss[-1]),
    }
    return emit(results, args.json)


if __name__ == "__main__":
    sys.exit(main())
