"""Query latency on a store of 100,000 events built from real coded mentions.

The mentions eventwire codes from the seed articles and the PLOVER gold
sentences are copied with fresh ids, dates (over 25 years) and, for one in two,
another pair of countries; they are saved through the store's real API (articles,
mentions, the full-text index) and merged into events. Then each
representative query is run 5 times and its median latency reported.

    python benchmarks/bench_query.py [--events 100000] [--json out.json]
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
from collections.abc import Callable
from pathlib import Path

from bench_merge import real_mentions
from eventwire import query
from eventwire.merge import build_event, merge_mentions
from eventwire.records import ActorRef, Article, DateRange, Event
from eventwire.store import Store

from _common import emit

SEED = 20211122
CHUNK = 20_000  # events written per transaction when unmerged
COUNTRIES = [
    "USA",
    "RUS",
    "CHN",
    "UKR",
    "FRA",
    "DEU",
    "GBR",
    "IRN",
    "ISR",
    "TUR",
    "IND",
    "PAK",
    "AFG",
    "SYR",
    "NGA",
]
MENTIONS_PER_ARTICLE = 20
REPEATS = 5


def build_store(path: Path, n_events: int, rng: random.Random, merged: bool = True) -> float:
    """Fill a store with about ``n_events`` events; return the seconds it took.

    ``merged`` merges the mentions into events as a run does; without it every
    mention is an event of its own, written in chunks (how the 1,000,000- and
    10,000,000-event stores are built: merging is not what is measured here).
    """
    base = real_mentions()
    started = time.perf_counter()
    articles: dict[str, Article] = {}
    with Store(path) as store, store.bulk():
        batch = []
        pending: list[Event] = []
        for i in range(n_events):
            source = rng.choice(base)
            day = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(9000))
            actor, recipient = source.actor, source.recipient
            if rng.random() < 0.5:
                a, r = rng.sample(COUNTRIES, 2)
                actor = [ActorRef(None, a, x.sector, x.text) for x in actor] or [ActorRef(None, a, None, a)]
                recipient = [ActorRef(None, r, x.sector, x.text) for x in recipient]
            article_id = f"q{i // MENTIONS_PER_ARTICLE}"
            batch.append(
                dataclasses.replace(
                    source,
                    id=f"qm{i}",
                    article_id=article_id,
                    actor=actor,
                    recipient=recipient,
                    date=DateRange(day.isoformat(), day.isoformat(), "day", None, "stated"),
                )
            )
            if len(batch) == MENTIONS_PER_ARTICLE or i == n_events - 1:
                article = Article(
                    id=article_id, source={"path": f"{article_id}.txt", "format": "text"},
                    title=None, outlet=rng.choice(["AP", "Reuters", "AFP"]), published=None, body="-",
                )  # fmt: skip
                store.save_article(article, batch)
                if merged:
                    articles[article_id] = article
                else:
                    pending.extend(build_event([m], {article_id: article}) for m in batch)
                batch = []
                if len(pending) >= CHUNK:
                    store.replace_events(pending, replacing=())
                    store.commit_pending()
                    pending = []
        if merged:
            store.replace_events(merge_mentions(store.mentions(), articles))
        elif pending:
            store.replace_events(pending, replacing=())
    return time.perf_counter() - started


# What a copy of the store takes, table by table: the columns to give a suffix
# (ids), in an order that lets the triggers read what they need (events before
# their pairs). The duplicate and merge indexes are left out: queries never read them.
_COPIED = (
    ("article", {"id"}),
    ("mention", {"id", "article_id"}),
    ("event", {"id"}),
    ("event_source", {"event_id", "mention_id", "article_id"}),
    ("event_party", {"event_id"}),
    ("event_pair", {"event_id"}),
)


def copy_store(path: Path, copies: int) -> float:
    """Add ``copies - 1`` copies of every article, report and event of the store,
    with fresh ids (``id~k``): a store ``copies`` times the size with the same
    spread of types, dates, parties and words, so every query matches ``copies``
    times as many events. Return the seconds it took."""
    started = time.perf_counter()
    with Store(path) as store:
        conn = store.conn
        conn.execute("PRAGMA cache_size = -4000000")
        for k in range(1, copies):
            suffix = f"~{k}"
            for table, ids in _COPIED:
                names = [
                    row[1] for row in conn.execute(f"PRAGMA table_xinfo({table})") if row[6] == 0
                ]  # hidden 0: not a generated column
                chosen = [f"{n} || ?" if n in ids else n for n in names]
                if table == "event":  # the record's own id too
                    chosen[names.index("data")] = "json_set(data, '$.id', id || ?)"
                params = [suffix] * sum(c.count("?") for c in chosen)
                original = "instr(" + next(iter(sorted(ids))) + ", '~') = 0"
                sql = (
                    f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(chosen)} FROM {table} "
                    f"WHERE {original}"
                )
                with conn:
                    conn.execute(sql, params)
            print(f"copy {k} of {copies - 1}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return time.perf_counter() - started


def _holds(path: Path, n_events: int) -> bool:
    """Whether the store at ``path`` is a finished build of ``n_events`` events."""
    try:
        with Store(path) as store:
            return store.count("event") == n_events
    except Exception:  # a half-written or foreign file: built again
        return False


def timed(run: Callable[[], object]) -> float:
    """Median milliseconds of ``REPEATS`` runs."""
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument(
        "--unmerged", action="store_true", help="one event per mention, written in chunks (for 1M+ events)"
    )
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    parser.add_argument(
        "--store",
        type=Path,
        help="build the store at this path and keep it; a store already there with --events "
        "events is queried again without building (a 10,000,000-event build takes hours)",
    )
    parser.add_argument(
        "--copies",
        type=int,
        default=1,
        help="copy the built store's rows this many times over, with fresh ids (10 with --events "
        "1000000 makes the 10,000,000-event store in a fraction of the time a build takes)",
    )
    args = parser.parse_args()
    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.store or Path(tmp) / "bench.db"
        build_seconds: float | None = None
        wanted = args.events * args.copies
        if not (path.exists() and _holds(path, wanted)):
            if not (path.exists() and _holds(path, args.events)):
                path.unlink(missing_ok=True)
                build_seconds = build_store(path, args.events, rng, merged=not args.unmerged)
            if args.copies > 1:
                build_seconds = (build_seconds or 0.0) + copy_store(path, args.copies)
        with Store(path) as store:
            events = store.count("event")
            f = query.filter_from_params
            queries: dict[str, Callable[[], object]] = {
                "count_dyad_USA_RUS": lambda: query.count_events(store, f({"dyad": "USA-RUS"})),
                "page_type_and_dates": lambda: query.find_events(
                    store, f({"type": "CONSULT", "date_from": "2010-01", "date_to": "2012-12"}), limit=100
                ),
                "page_text_search": lambda: query.find_events(store, f({"text": "talks"}), limit=100),
                # the web page's first view: events that took place, the latest first
                "page_occurred_newest": lambda: query.find_events(
                    store, f({"status": "occurred"}), limit=100, newest_first=True
                ),
                "page_dyad": lambda: query.find_events(store, f({"dyad": "USA-RUS"}), limit=100),
                "page_actor_name": lambda: query.find_events(store, f({"actor": "milley"}), limit=100),
                "count_actor_name": lambda: query.count_events(store, f({"actor": "milley"})),
                "count_text": lambda: query.count_events(store, f({"text": "talks"})),
                "timeline_occurred": lambda: query.count_by(store, f({"status": "occurred"}), "month"),
                "count_near_point": lambda: query.count_events(store, f({"near": "50.45,30.52,500"})),
                "count_by_month": lambda: query.count_by(store, query.EventFilter(), "month"),
                "count_by_dyad": lambda: query.count_by(store, query.EventFilter(), "dyad"),
                "actors_page": lambda: query.list_actors(store, f({"actor_country": "RUS"}), limit=50),
                "network_dyad": lambda: query.network(store, f({"dyad": "USA-RUS"})),
            }
            results: dict[str, object] = {
                "events": events,
                "merged": not args.unmerged,
                "copies": args.copies,
                "build_seconds": round(build_seconds, 1) if build_seconds is not None else "reused",
                "store_mb": round(path.stat().st_size / 2**20),
            }
            for name, run in queries.items():
                results[f"{name}_ms"] = timed(run)
    return emit(results, args.json)


if __name__ == "__main__":
    sys.exit(main())
