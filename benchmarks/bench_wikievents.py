"""KAIROS-annotated news documents (WikiEvents dev) mapped to PLOVER, end to end.

The 20 documents of ../shared/bench/wikievents-dev go as a JSONL corpus
``{id, text}`` through ``eventwire extract``. Gold events are mapped to PLOVER
where the two ontologies agree (the set's README): attacks and destruction
are ASSAULT, arrests and charges COERCE, investigations ACCUSE, meetings
CONSULT, threats THREATEN, requests and commands REQUEST, demonstrations
PROTEST. Every other KAIROS type (deaths, injuries, transport, disease,
disasters) maps to nothing, so a PLOVER event coded there counts against
precision. Scored per sentence over the set of types: precision, recall, F1.
``assault_precision`` is the share of sentences coded ASSAULT whose gold has
it; ``disaster_false_alarms`` the share of sentences with a disease or
disaster event (and no mapped one) that get any ASSAULT, COERCE or PROTEST.

A development set: its errors have been read.

    python benchmarks/bench_wikievents.py [--json out.json] [--errors]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from _common import emit, shared_or_exit
from _public import run_verb, write_corpus

# KAIROS type prefixes and the PLOVER type they map to (the set's README)
MAPPING = {
    "Conflict.Attack": "ASSAULT",
    "ArtifactExistence.DamageDestroyDisableDismantle.Destroy": "ASSAULT",
    "Justice.ArrestJailDetain": "COERCE",
    "Justice.ChargeIndict": "COERCE",
    "Justice.InvestigateCrime": "ACCUSE",
    "Contact.Contact.Meet": "CONSULT",
    "Contact.ThreatenCoerce": "THREATEN",
    "Contact.RequestCommand": "REQUEST",
    "Conflict.Demonstrate": "PROTEST",
}
DISASTER_PREFIXES = ("Disaster.", "Medical.")


def plover_type(kairos: str) -> str | None:
    """The PLOVER type a KAIROS type maps to, or None."""
    return next((t for prefix, t in MAPPING.items() if kairos.startswith(prefix)), None)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    parser.add_argument("--errors", action="store_true", help="print the sentences scored wrong")
    args = parser.parse_args()
    path = shared_or_exit("bench", "wikievents-dev", "dev.jsonl")
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    # per (doc, sentence): its character span, its text, gold PLOVER types and KAIROS types
    spans: dict[str, list[tuple[int, int, str]]] = {}
    gold: dict[tuple[str, int], set[str]] = defaultdict(set)
    kairos: dict[tuple[str, int], set[str]] = defaultdict(set)
    records, lead = [], {}
    for doc in docs:
        sentences = doc["sentences"]
        spans[doc["doc_id"]] = [(s[0][0][1], s[0][-1][2], s[1]) for s in sentences if s[0]]
        for mention in doc["event_mentions"]:
            key = (doc["doc_id"], mention["trigger"]["sent_idx"])
            kairos[key].add(mention["event_type"])
            mapped = plover_type(mention["event_type"])
            if mapped:
                gold[key].add(mapped)
        lead[doc["doc_id"]] = len(doc["text"]) - len(doc["text"].lstrip())
        records.append({"id": doc["doc_id"], "text": doc["text"].strip()})
    with tempfile.TemporaryDirectory(prefix="wikievents-") as tmp:
        done = run_verb("extract", [write_corpus(records, Path(tmp))])
    got: dict[tuple[str, int], set[str]] = defaultdict(set)
    for event in done.records:
        for source in event["sources"]:
            at = source["trigger"][0] + lead.get(source["article_id"], 0)
            for n, (start, end, _text) in enumerate(spans.get(source["article_id"], [])):
                if start <= at < end:
                    got[(source["article_id"], n)].add(event["type"])
                    break
    tp = fp = fn = 0
    assault_tp = assault_fp = disasters = disaster_alarms = 0
    wrong: list[str] = []
    for doc_id, sentence_spans in spans.items():
        for n, (_start, _end, text) in enumerate(sentence_spans):
            key = (doc_id, n)
            want, have = gold.get(key, set()), got.get(key, set())
            tp, fp, fn = tp + len(want & have), fp + len(have - want), fn + len(want - have)
            if "ASSAULT" in have:
                assault_tp += "ASSAULT" in want
                assault_fp += "ASSAULT" not in want
            if not want and any(k.startswith(DISASTER_PREFIXES) for k in kairos.get(key, ())):
                disasters += 1
                disaster_alarms += bool(have & {"ASSAULT", "COERCE", "PROTEST"})
            if want != have:
                wrong.append(
                    f"{doc_id}#{n} gold {sorted(want) or '-'} got {sorted(have) or '-'}: {text[:130]!r}"
                )
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    results: dict[str, Any] = {
        "path": "end to end: the documents as a JSONL corpus through `eventwire extract`",
        "set": "development",
        "documents": len(docs),
        "sentences": sum(len(s) for s in spans.values()),
        "gold_types": tp + fn,
        "type_precision": round(p, 3),
        "type_recall": round(r, 3),
        "type_f1": round(2 * p * r / (p + r) if p + r else 0.0, 3),
        "assault_precision": round(assault_tp / (assault_tp + assault_fp), 3)
        if assault_tp + assault_fp
        else None,
        "disaster_sentences": disasters,
        "disaster_false_alarms": round(disaster_alarms / disasters, 3) if disasters else None,
    }
    if args.errors:
        print("\n".join(wrong))
    return emit(results, args.json)


if __name__ == "__main__":
    sys.exit(main())
