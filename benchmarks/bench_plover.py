"""Event types and actor countries on the PLOVER gold-standard sentences, end to end.

Each gold record becomes one record of a JSONL corpus ``{id, text, published}``
(the corpus format of the README; the gold dates are placeholders, so every
record carries 2000-01-01), and the corpus goes through ``eventwire extract`` as a
user would run it. Events are scored per record, through the records their
sources cite: event-type precision, recall and F1 (micro, and macro over types)
and actor-country F1 (actor and recipient countries pooled, role-insensitive).
``type_*`` counts every event whatever its status, as the acceptance check does;
``occurred_type_*`` only the events reported as having taken place. Older type
names are mapped as ../shared/bench/README.md says.

The sentences were read while the lexicon was widened, so these are
development figures, not held-out ones.

    python benchmarks/bench_plover.py [--json out.json] [--errors]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from _common import emit, shared_or_exit
from _public import run_verb, write_corpus

OLD_NAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
# the gold records use a few pre-ISO (CAMEO) country codes
OLD_CODES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "UK": "GBR", "UKG": "GBR", "GER": "DEU"}


def _codes(parties: Any, key: str = "code") -> set[str]:
    if not isinstance(parties, list):
        return set()
    found = set()
    for party in parties:
        if isinstance(party, dict) and party.get(key):
            found.add(OLD_CODES.get(party[key], party[key]))
    return found


def load_gold(path: Path) -> list[dict[str, Any]]:
    """Return the gold records that describe an event, with mapped type names."""
    gold = []
    for record in json.loads(path.read_text()):
        event = OLD_NAMES.get(record.get("event", ""), record.get("event", ""))
        if event and event != "DOCUMENT" and record.get("text"):
            gold.append({**record, "event": event})
    return gold


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(
    gold: list[dict[str, Any]], events: list[dict[str, Any]], statuses: set[str] | None, show: bool
) -> dict[str, Any]:
    """Type P/R/F1 (micro, macro) and pooled actor-country F1 over the kept events."""
    types: dict[str, set[str]] = defaultdict(set)
    countries: dict[str, set[str]] = defaultdict(set)
    for event in events:
        if statuses is not None and event.get("status") not in statuses:
            continue
        for source in event.get("sources", []):
            rid = source.get("article_id")
            types[rid].add(event["type"])
            countries[rid] |= _codes(event.get("actor"), "country") | _codes(
                event.get("recipient"), "country"
            )
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    side = [0, 0, 0]
    for record in gold:
        want, got = record["event"], types.get(record["id"], set())
        if want in got:
            tp[want] += 1
        else:
            fn[want] += 1
            if show:
                print(f"{record['id']}: gold {want}, got {sorted(got) or '-'}: {record['text'][:110]}")
        for other in got - {want}:
            fp[other] += 1
        if show and want in got and got - {want}:
            print(f"{record['id']}: gold {want}, also got {sorted(got - {want})}: {record['text'][:110]}")
        gold_codes = _codes(record.get("source")) | _codes(record.get("target"))
        got_codes = countries.get(record["id"], set())
        side[0] += len(gold_codes & got_codes)
        side[1] += len(got_codes - gold_codes)
        side[2] += len(gold_codes - got_codes)
    every = sorted(set(tp) | set(fn) | set(fp))
    micro = _f1(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    per_type = {t: _f1(tp[t], fp[t], fn[t]) for t in every}
    return {
        "micro_precision": round(micro[0], 3),
        "micro_recall": round(micro[1], 3),
        "micro_f1": round(micro[2], 3),
        "macro_f1": round(sum(f for *_, f in per_type.values()) / len(per_type), 3),
        "actor_country_f1": round(_f1(*side)[2], 3),
        "per_type_f1": {t: round(f, 3) for t, (*_, f) in per_type.items()},
        "records_with_an_event": sum(1 for r in gold if types.get(r["id"])),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    parser.add_argument(
        "--errors",
        action="store_true",
        help="print every sentence whose type was wrong or that got extra types",
    )
    args = parser.parse_args()
    gold = load_gold(shared_or_exit("bench", "plover", "PLOVER_GSR_CAMEO.txt"))
    with tempfile.TemporaryDirectory(prefix="plover-") as tmp:
        corpus = write_corpus(
            ({"id": g["id"], "text": g["text"], "published": "2000-01-01"} for g in gold), Path(tmp)
        )
        done = run_verb("extract", [corpus])
    every = score(gold, done.records, None, args.errors)
    occurred = score(gold, done.records, {"occurred"}, False)
    results: dict[str, Any] = {
        "path": "end to end: JSONL corpus through `eventwire extract`",
        "set": "development",
        "sentences": len(gold),
        "coded_as_articles": done.counts.get("articles"),
        "skipped": done.counts.get("skipped"),
        "failed": done.counts.get("failed"),
        **{
            f"type_{k}": v for k, v in every.items() if k not in {"actor_country_f1", "records_with_an_event"}
        },
        "actor_country_f1": every["actor_country_f1"],
        "records_with_an_event": every["records_with_an_event"],
        "occurred_type_micro_f1": occurred["micro_f1"],
        "occurred_type_micro_precision": occurred["micro_precision"],
        "occurred_type_micro_recall": occurred["micro_recall"],
        "sentences_per_second": round(len(gold) / done.seconds, 1),
    }
    return emit(results, args.json)


if __name__ == "__main__":
    sys.exit(main())
