"""PLOVER events in real news sentences hand-annotated for eventwire, end to end.

``benchmarks/newsdev/annotations.jsonl`` labels 391 sentences of 24 news
documents of ../shared/bench (TimeBank, GeoWebNews, article pages) with their
PLOVER events (see docs/annotation-guide.md). Each document goes, whole, into a
JSONL corpus ``{id, text, published}`` (the TimeBank creation time as
``published``; the others have none) and through ``eventwire extract``. An
event counts for the annotated sentence its trigger lies in; events in the
documents' unannotated tails are left out.

Scored per sentence: event-type precision, recall and F1 over the set of types
(every status, as the PLOVER check does), the same over occurred events only,
and actor-country F1 (actor and recipient pooled). Each document was put in
``dev`` or ``test`` by a hash of its id before anything was scored (the rule is
in the guide): ``dev_*`` figures may be read for errors (``--errors`` prints
the dev misses only); ``test_*`` figures are only measured, never read.

The set is part of the quality gate: ``--check`` fails (exit 1) when a figure
named in ``benchmarks/newsdev/floors.json`` falls below its floor, and
``tests/test_quality_gate.py`` runs that check. ``--update-floors`` sets the
floors to today's figures rounded down to two decimals; raise them when a
change improves a figure, and give a reason in the commit when one is lowered.

    python benchmarks/bench_newsdev.py [--json out.json] [--errors] [--check | --update-floors]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from _common import SHARED, emit, shared_or_exit
from _public import run_verb, write_corpus

sys.path.insert(0, str(Path(__file__).resolve().parent / "newsdev"))
from load import Sentence, document_text, load_sentences, published_date

FLOORS = Path(__file__).resolve().parent / "newsdev" / "floors.json"
# The figures the gate holds: type F1 on both halves, occurred-only F1 (status),
# and actor-country F1 (parties). Precision and recall are reported, not gated.
GATED = (
    "dev_type_f1",
    "dev_occurred_f1",
    "dev_type_actor_country_f1",
    "test_type_f1",
    "test_occurred_f1",
    "test_type_actor_country_f1",
)


def _f1(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(2 * p * r / (p + r) if p + r else 0.0, 3),
    }


def score(
    sentences: list[Sentence], found: dict[int, list[dict[str, Any]]], occurred_only: bool
) -> dict[str, Any]:
    """Type P/R/F1 per sentence, and pooled actor-country F1."""
    tp = fp = fn = 0
    per_type: dict[str, Counter[str]] = defaultdict(Counter)
    sides = [0, 0, 0]
    for n, sentence in enumerate(sentences):
        gold_events = [e for e in sentence.events if not occurred_only or e["status"] == "occurred"]
        events = [e for e in found.get(n, []) if not occurred_only or e["status"] == "occurred"]
        want, got = {e["type"] for e in gold_events}, {e["type"] for e in events}
        tp, fp, fn = tp + len(want & got), fp + len(got - want), fn + len(want - got)
        for t in want & got:
            per_type[t]["tp"] += 1
        for t in got - want:
            per_type[t]["fp"] += 1
        for t in want - got:
            per_type[t]["fn"] += 1
        gold_c = {p["country"] for e in gold_events for p in e["actor"] + e["recipient"] if p.get("country")}
        got_c = {p["country"] for e in events for p in e["actor"] + e["recipient"] if p.get("country")}
        sides = [
            sides[0] + len(gold_c & got_c),
            sides[1] + len(got_c - gold_c),
            sides[2] + len(gold_c - got_c),
        ]
    micro = _f1(tp, fp, fn)
    macro = [_f1(c["tp"], c["fp"], c["fn"])["f1"] for c in per_type.values()]
    return {
        **micro,
        "macro_f1": round(sum(macro) / len(macro), 3) if macro else 0.0,
        "actor_country_f1": _f1(*sides)["f1"],
        "gold_types": tp + fn,
        "produced_types": tp + fp,
    }


def below_floors(results: dict[str, Any], floors: dict[str, float]) -> list[str]:
    """Every gated figure below its floor, as readable lines (empty: the gate holds)."""
    return [
        f"{name} {results.get(name, 0.0):.3f} is below its floor {floor:.2f}"
        for name, floor in floors.items()
        if results.get(name, 0.0) < floor
    ]


def floors_from(results: dict[str, Any]) -> dict[str, float]:
    """Today's gated figures rounded down to two decimals."""
    return {name: math.floor(round(float(results[name]) * 100, 6)) / 100 for name in GATED}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    parser.add_argument(
        "--errors", action="store_true", help="print the dev sentences scored wrong (never test)"
    )
    gate = parser.add_mutually_exclusive_group()
    gate.add_argument("--check", action="store_true", help="exit 1 when a figure is below its floor")
    gate.add_argument("--update-floors", action="store_true", help="floors := today's figures")
    args = parser.parse_args()
    shared_or_exit("bench")
    sentences = load_sentences(SHARED)
    docs = sorted({(s.set, s.doc) for s in sentences})
    records, lead = [], {}
    for set_name, doc in docs:
        text = document_text(set_name, doc, SHARED)
        rid = f"{set_name}:{doc}"
        lead[rid] = len(text) - len(text.lstrip())
        record: dict[str, Any] = {"id": rid, "text": text.strip()}
        published = published_date(set_name, doc)
        if published:
            record["published"] = published
        records.append(record)
    with tempfile.TemporaryDirectory(prefix="newsdev-") as tmp:
        done = run_verb("extract", [write_corpus(records, Path(tmp))])
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for event in done.records:
        for source in event["sources"]:
            rid = source["article_id"]
            at = source["trigger"][0] + lead.get(rid, 0)
            for n, s in enumerate(sentences):
                if f"{s.set}:{s.doc}" == rid and s.start <= at < s.end:
                    if event not in found[n]:
                        found[n].append(event)
                    break
    results: dict[str, Any] = {
        "path": "end to end: the documents as a JSONL corpus through `eventwire extract`",
        "documents": len(docs),
        "coded_as_articles": done.counts.get("articles"),
    }
    for split in ("dev", "test"):
        chosen = [n for n, s in enumerate(sentences) if s.split == split]
        part = [sentences[n] for n in chosen]
        part_found = {i: found[n] for i, n in enumerate(chosen) if n in found}
        results[f"{split}_sentences"] = len(part)
        for name, occurred in (("type", False), ("occurred", True)):
            for key, value in score(part, part_found, occurred).items():
                results[f"{split}_{name}_{key}"] = value
    if args.errors:
        for n, s in enumerate(sentences):
            if s.split != "dev":
                continue
            want = sorted({e["type"] for e in s.events})
            got = sorted({e["type"] for e in found.get(n, [])})
            if want != got:
                where = f"{s.set}:{s.doc} [{s.start}:{s.end}]"
                print(f"{where} gold {want or '-'} got {got or '-'}: {s.text[:140]!r}")
    emit(results, args.json)
    if args.update_floors:
        FLOORS.write_text(json.dumps(floors_from(results), indent=2) + "\n", encoding="utf-8")
    if args.check:
        problems = below_floors(results, json.loads(FLOORS.read_text(encoding="utf-8")))
        for line in problems:
            print(line, file=sys.stderr)
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
