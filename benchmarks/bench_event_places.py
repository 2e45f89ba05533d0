"""How many events a user gets with a place, and how precise and how sure that place is.

The corpus is the distinct real news of ../shared/bench, one JSONL record each
(the TimeBank 1.2 documents with their creation dates, the GeoWebNews
articles), through ``eventwire extract`` as a user runs it. There is no gold
here: the figures say how often an event has a place at all, at which
precision (``place.kind``) and from where (``place.basis``: the event's own
sentence, the dateline, the article's focus or its parties' country). Whether
those places are right is measured by ``bench_geoparse.py`` (toponyms) and the
gate's place checks.

    python benchmarks/bench_event_places.py [--limit N] [--json out.json]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

from _real_news import real_records

from _common import emit
from _public import run_verb, write_corpus


def share(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--limit", type=int, default=None, help="use only the first N documents")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    records = real_records(args.limit)
    with tempfile.TemporaryDirectory(prefix="event-places-") as tmp:
        done = run_verb("extract", [write_corpus(records, Path(tmp))])
    events = done.records
    placed = [e for e in events if e.get("place")]
    current = [e for e in events if e["status"] == "occurred" and not e["historical"]]
    bases = Counter(e["place"]["basis"] for e in placed)
    kinds = Counter(e["place"]["kind"] or "unknown" for e in placed)
    results: dict[str, object] = {
        "path": "end to end: the documents as a JSONL corpus through `eventwire extract`",
        "documents": len(records),
        "events": len(events),
        "with_place": share(len(placed), len(events)),
        "with_coordinates": share(sum(1 for e in placed if e["place"].get("lat") is not None), len(events)),
        "with_place_from_own_sentence": share(
            sum(bases[b] for b in ("trigger", "sentence", "earlier")), len(events)
        ),
        "current_occurred_events": len(current),
        "current_occurred_with_place": share(sum(1 for e in current if e.get("place")), len(current)),
    }
    for basis, count in sorted(bases.items()):
        results[f"basis_{basis}"] = share(count, len(events))
    for kind, count in sorted(kinds.items()):
        results[f"kind_{kind}"] = share(count, len(events))
    return emit(results, args.json)


if __name__ == "__main__":
    sys.exit(main())
