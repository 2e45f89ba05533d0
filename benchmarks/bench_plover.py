"""Event-type and actor accuracy on the PLOVER gold-standard records.

Each gold record is one sentence with one gold event type and its source and
target actors. The sentence is coded alone (as a one-sentence article with no
publication date) and scored: event-type precision, recall and F1 (micro, and
macro over types), and actor / recipient country F1 on sentences where the gold
type was found. Older type names are mapped as ../shared/bench/README.md says.

    python benchmarks/bench_plover.py [--json out.json] [--errors]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from eventwire.pipeline import RunStats, code_articles
from eventwire.records import Article, Mention
from eventwire.settings import Settings

from _common import emit, shared_or_exit

OLD_NAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
# the gold records use a few pre-ISO (CAMEO) country codes
OLD_CODES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}


def _codes(actors: Any) -> set[str]:
    if not isinstance(actors, list):
        return set()
    return {OLD_CODES.get(a["code"], a["code"]) for a in actors if isinstance(a, dict) and a.get("code")}


def load_gold(path: Path) -> list[dict[str, Any]]:
    """Return the gold records that describe an event, with mapped type names."""
    records = json.loads(path.read_text())
    gold = []
    for record in records:
        event = OLD_NAMES.get(record.get("event", ""), record.get("event", ""))
        if event == "DOCUMENT" or not record.get("text"):
            continue
        gold.append({**record, "event": event})
    return gold


def gold_articles(gold: list[dict[str, Any]]) -> list[Article]:
    """One undated, one-sentence article per gold record, in the records' order."""
    return [
        Article(
            id=hashlib.sha256(g["id"].encode()).hexdigest()[:16],
            source={"path": g["id"], "format": "text"},
            title=None,
            outlet=None,
            published=None,
            body=g["text"],
        )
        for g in gold
    ]


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _score(
    gold: list[dict[str, Any]],
    articles: list[Article],
    coded: dict[str, list[Mention]],
    keep: Callable[[Mention], bool],
    show_errors: bool,
) -> dict[str, Any]:
    """Type P/R/F1 (micro, macro) and actor/recipient country F1 over the kept mentions."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    side = {"actor": [0, 0, 0], "recipient": [0, 0, 0]}
    for record, article in zip(gold, articles, strict=True):
        mentions = [m for m in coded.get(article.id, []) if keep(m)]
        predicted = {m.type for m in mentions}
        want = record["event"]
        if want in predicted:
            tp[want] += 1
        else:
            fn[want] += 1
            if show_errors:
                print(f"{record['id']}: gold {want}, got {sorted(predicted) or '-'}: {record['text'][:110]}")
        for other in predicted - {want}:
            fp[other] += 1
        hits = [m for m in mentions if m.type == want]
        for role, key in (("actor", "source"), ("recipient", "target")):
            gold_codes = _codes(record.get(key))
            got = {a.country for m in hits for a in getattr(m, role) if a.country}
            side[role][0] += len(gold_codes & got)
            side[role][1] += len(got - gold_codes)
            side[role][2] += len(gold_codes - got)
    types = sorted(set(tp) | set(fn) | set(fp))
    micro = _f1(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    per_type = {t: _f1(tp[t], fp[t], fn[t]) for t in types}
    macro = sum(f for _, _, f in per_type.values()) / len(per_type)
    return {
        "type_micro_precision": round(micro[0], 3),
        "type_micro_recall": round(micro[1], 3),
        "type_micro_f1": round(micro[2], 3),
        "type_macro_f1": round(macro, 3),
        "actor_country_f1": round(_f1(*side["actor"])[2], 3),
        "recipient_country_f1": round(_f1(*side["recipient"])[2], 3),
        "per_type_f1": {t: round(f, 3) for t, (_, _, f) in per_type.items()},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    parser.add_argument("--errors", action="store_true", help="print every sentence whose type was wrong")
    args = parser.parse_args()
    gold = load_gold(shared_or_exit("bench", "plover", "PLOVER_GSR_CAMEO.txt"))
    articles = gold_articles(gold)
    started = time.perf_counter()
    coded = {
        a.id: mentions for a, _doc, mentions in code_articles(articles, Settings(progress=False), RunStats())
    }
    seconds = time.perf_counter() - started
    occurred = _score(gold, articles, coded, lambda m: m.status == "occurred", args.errors)
    everything = _score(gold, articles, coded, lambda m: True, False)
    results = {
        "sentences": len(gold),
        **occurred,
        "all_statuses_type_micro_f1": everything["type_micro_f1"],
        "all_statuses": {k: v for k, v in everything.items() if k != "per_type_f1"},
        "sentences_per_second": round(len(gold) / seconds, 1),
    }
    return emit(results, args.json)


if __name__ == "__main__":
    sys.exit(main())
