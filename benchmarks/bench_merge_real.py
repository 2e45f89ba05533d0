"""Merging real reports of one happening by different documents, end to end.

``benchmarks/merge_gold/clusters.jsonl`` labels happenings told by several
documents of ../shared/bench (GeoWebNews, the article pages, TimeBank): for each,
the quotes that tell it in each document (see ``merge_gold/README.md``). Every
document the labels cite goes, whole, into one JSONL corpus ``{id, text,
published}`` (TimeBank's creation time as ``published``; the others state none)
and through ``eventwire extract``. A produced event *cites* a labelled report
when one of its sources is in that document and its sentence overlaps the quote.

Figures, per split (clusters were put in dev or test by a hash of their id
before any error was read; ``--errors`` prints dev errors only):

- ``*_pair_recall``: of the labelled cross-document pairs (two documents telling
  one happening), the share that one produced event cites in both documents;
- ``*_pair_recall_when_coded``: the same over the pairs whose reports were both
  coded as some event (what the merge alone loses);
- ``*_reports_coded``: the share of labelled reports some event cites;
- ``*_pair_precision``: of the cross-document source pairs inside produced
  events that both cite labelled reports, the share citing one happening
  (pairs with an unlabelled side cannot be judged and are counted apart).

    python benchmarks/bench_merge_real.py [--json out.json] [--errors]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

from _common import SHARED, emit, shared_or_exit
from _public import run_verb, write_corpus

sys.path.insert(0, str(Path(__file__).resolve().parent / "merge_gold"))
from gold import Report, document_text, load_clusters, published_date


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def cites(source: dict[str, Any], report: Report, lead: int) -> bool:
    """True when a produced source is the labelled report: same document, and its
    sentence overlaps the quote (by offsets, or by text when cleaning moved them)."""
    if source["article_id"] != report.record_id:
        return False
    start, end = source["start"] + lead, source["end"] + lead
    if start < report.end and report.start < end:
        return True
    sentence, quote = _words(source["sentence"]), _words(report.quote)
    return bool(sentence and quote) and (quote in sentence or sentence in quote)


def score(
    reports: list[Report], events: list[dict[str, Any]], leads: dict[str, int]
) -> tuple[dict[str, Any], list[str]]:
    """Pairwise cross-document figures for one split's reports, and the errors in words."""
    by_doc: dict[str, list[Report]] = defaultdict(list)
    for report in reports:
        by_doc[report.record_id].append(report)
    # each event's sources, with the labelled reports each one cites
    cited: list[list[tuple[dict[str, Any], set[Report]]]] = []
    for event in events:
        rows = []
        for source in event["sources"]:
            hits = {
                r for r in by_doc.get(source["article_id"], []) if cites(source, r, leads.get(r.record_id, 0))
            }
            rows.append((source, hits))
        cited.append(rows)
    coded = {r for rows in cited for _, hits in rows for r in hits}
    clusters: dict[str, set[str]] = defaultdict(set)
    for report in reports:
        clusters[report.cluster_id].add(report.record_id)
    gold_pairs = {
        (c, *sorted(pair)) for c, docs in clusters.items() for pair in combinations(sorted(docs), 2)
    }
    found_pairs: set[tuple[str, str, str]] = set()
    judged: dict[tuple[str, int, str, int], bool] = {}
    unjudged = 0
    errors: list[str] = []
    for event, rows in zip(events, cited, strict=True):
        for (sa, ha), (sb, hb) in combinations(rows, 2):
            if sa["article_id"] == sb["article_id"]:
                continue
            if not ha or not hb:
                if ha or hb:
                    unjudged += 1
                    labelled, other = (sa, sb) if ha else (sb, sa)
                    named = sorted({r.cluster_id for r in ha or hb})
                    errors.append(
                        f"unjudged merge ({event['type']}): {named} {labelled['sentence'][:90]!r}"
                        f" + unlabelled {other['article_id']} {other['sentence'][:90]!r}"
                    )
                continue
            shared = {r.cluster_id for r in ha} & {r.cluster_id for r in hb}
            for cluster in shared:
                found_pairs.add((cluster, *sorted((sa["article_id"], sb["article_id"]))))
            key = (sa["article_id"], sa["start"], sb["article_id"], sb["start"])
            judged[key] = judged.get(key, False) or bool(shared)
            if not shared:
                left, right = sorted({r.cluster_id for r in ha}), sorted({r.cluster_id for r in hb})
                errors.append(
                    f"false merge ({event['type']}): {left} {sa['sentence'][:90]!r}"
                    f" + {right} {sb['sentence'][:90]!r} [{sb.get('merge_reason', '')}]"
                )
    coded_docs = {(r.cluster_id, r.record_id) for r in coded}
    when_coded = {p for p in gold_pairs if (p[0], p[1]) in coded_docs and (p[0], p[2]) in coded_docs}
    for pair in sorted(gold_pairs - found_pairs):
        state = "both coded" if pair in when_coded else "not coded in both"
        errors.append(f"missed ({state}): {pair[0]}: {pair[1]} + {pair[2]}")
    correct = sum(judged.values())
    return {
        "clusters": len(clusters),
        "cross_document_pairs": len(gold_pairs),
        "reports_coded": round(len(coded) / len(reports), 3) if reports else 0.0,
        "pair_recall": round(len(found_pairs & gold_pairs) / len(gold_pairs), 3) if gold_pairs else 0.0,
        "pair_recall_when_coded": round(len(found_pairs & when_coded) / len(when_coded), 3)
        if when_coded
        else 0.0,
        "pairs_coded_in_both": len(when_coded),
        "pair_precision": round(correct / len(judged), 3) if judged else 0.0,
        "produced_pairs_judged": len(judged),
        "produced_pairs_unjudged": unjudged,
    }, errors


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    parser.add_argument("--errors", action="store_true", help="print the dev errors (never test)")
    args = parser.parse_args()
    shared_or_exit("bench")
    reports = load_clusters(SHARED)
    records, leads = [], {}
    for set_name, doc in sorted({(r.set, r.doc) for r in reports}):
        text = document_text(set_name, doc, SHARED)
        rid = f"{set_name}:{doc}"
        leads[rid] = len(text) - len(text.lstrip())
        record: dict[str, Any] = {"id": rid, "text": text.strip()}
        published = published_date(set_name, doc)
        if published:
            record["published"] = published
        records.append(record)
    with tempfile.TemporaryDirectory(prefix="merge-real-") as tmp:
        done = run_verb("extract", [write_corpus(records, Path(tmp))])
    results: dict[str, Any] = {
        "path": "end to end: the documents as a JSONL corpus through `eventwire extract`",
        "documents": len(records),
        "coded_as_articles": done.counts.get("articles"),
        "events": len(done.records),
    }
    for split in ("dev", "test"):
        figures, errors = score([r for r in reports if r.split == split], done.records, leads)
        results.update({f"{split}_{k}": v for k, v in figures.items()})
        if args.errors and split == "dev":
            print("\n".join(errors), file=sys.stderr)
    return emit(results, args.json)


if __name__ == "__main__":
    sys.exit(main())
