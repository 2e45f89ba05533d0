"""Score the whole pipeline on the two seed articles against ../shared/seeds/expected.yaml.

Reports, per DESIGN.md's targets: recall of required events, precision over the
produced events that took place, whether events reported by both articles come
out as one event citing both, whether any `not_occurred` statement was coded
as having taken place, and whether the required events the analyst placed
come out in that place.

    python benchmarks/bench_seeds.py [--json results.json] [-v]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

from eventwire.merge import merge_mentions
from eventwire.pipeline import run
from eventwire.records import Event
from eventwire.settings import Settings
from eventwire.store import Store

from _common import emit, shared_or_exit


def _overlaps(event: Event, want: Any) -> bool:
    if want is None:
        return True
    start, end = (want, want) if isinstance(want, str) else (str(want[0]), str(want[1]))
    if not (event.date.start and event.date.end):
        return False
    return event.date.start <= end and start <= event.date.end


def _side_matches(refs: list[Any], want: dict[str, Any] | None) -> bool:
    if not want:
        return True
    if "country" in want and not any(r.country == want["country"] for r in refs):
        return False
    return not (
        "sector" in want
        and not any(r.sector == want["sector"] for r in refs if r.country == want.get("country"))
    )


def matches(event: Event, expected: dict[str, Any], files: dict[str, str], strict: bool) -> bool:
    """True when a produced event is the expected one (strict also checks dates and sources)."""
    types = {expected["type"], *expected.get("also_accept", [])}
    if event.type not in types or event.status != "occurred":
        return False
    if not _side_matches(event.actor, expected.get("actor")):
        return False
    recipient = expected.get("recipient")
    if recipient and "region" not in recipient and not _side_matches(event.recipient, recipient):
        return False
    if not strict:
        return True
    if not _overlaps(event, expected.get("date")):
        return False
    cited = {files.get(s.article_id) for s in event.sources}
    return cited >= set(expected.get("sources", []))


def _place_right(event: Event, want: dict[str, Any]) -> bool:
    """The event's place has the expected country and, when one is given, name."""
    place = event.place
    if place is None or place.country != want.get("country"):
        return False
    name = str(want.get("name") or "").lower()
    return not name or name in {str(place.name or "").lower(), str(place.text or "").lower()}


def _one_to_one(required: list[dict[str, Any]], events: list[Event], files: dict[str, str]) -> int:
    """Size of the largest matching of required events to distinct produced events."""
    options = [[i for i, ev in enumerate(events) if matches(ev, e, files, strict=True)] for e in required]
    owner: dict[int, int] = {}

    def assign(want: int, seen: set[int]) -> bool:
        for i in options[want]:
            if i in seen:
                continue
            seen.add(i)
            if i not in owner or assign(owner[i], seen):
                owner[i] = want
                return True
        return False

    return sum(assign(want, set()) for want in range(len(required)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every event and verdict")
    args = parser.parse_args()
    seeds = shared_or_exit("seeds")
    expected = yaml.safe_load((seeds / "expected.yaml").read_text())
    inputs = sorted(str(p) for p in seeds.glob("*.txt"))
    with Store(":memory:") as store:
        run(inputs, Settings(progress=False), store)
        articles = {a.id: a for a in store.articles()}
        events = merge_mentions(store.mentions(), articles)
    files = {a.id: Path(a.source.get("path", "")).name for a in articles.values()}
    wanted = expected["events"]
    required = [e for e in wanted if e.get("required")]
    found = {e["id"]: any(matches(ev, e, files, strict=True) for ev in events) for e in wanted}
    loose = {e["id"]: any(matches(ev, e, files, strict=False) for ev in events) for e in wanted}
    occurred = [ev for ev in events if ev.status == "occurred"]
    correct = [ev for ev in occurred if any(matches(ev, e, files, strict=False) for e in wanted)]
    violations = []
    for statement in expected.get("not_occurred", []):
        text = statement["text"].lower()
        for ev in occurred:
            for source in ev.sources:
                sentence = source.sentence.lower()
                at = sentence.find(text)
                trigger_at = source.trigger[0] - source.start
                if at >= 0 and at <= trigger_at < at + len(text):
                    violations.append((statement["text"], ev.type))
    results = {
        "required_recall_strict": round(sum(found[e["id"]] for e in required) / len(required), 3),
        "required_recall_type_and_actors": round(sum(loose[e["id"]] for e in required) / len(required), 3),
        "precision_occurred": round(len(correct) / len(occurred), 3) if occurred else 0.0,
        "events": len(events),
        "occurred_events": len(occurred),
        "not_occurred_violations": len(violations),
        # each required event found by a produced event of its own: below 1.0, two
        # distinct expected events were glued into one
        "required_matched_one_to_one": round(_one_to_one(required, occurred, files) / len(required), 3),
        "missing_required": [e["id"] for e in required if not found[e["id"]]],
    }
    # places: of the required events the analyst placed, the share whose matching
    # produced event sits in that place (country, and the name when one is given)
    placed = [e for e in required if e.get("place")]
    right = [
        e["id"]
        for e in placed
        if any(matches(ev, e, files, strict=True) and _place_right(ev, e["place"]) for ev in events)
    ]
    results["required_places_right"] = round(len(right) / len(placed), 3) if placed else None
    results["required_places"] = len(placed)
    results["wrong_or_missing_places"] = [e["id"] for e in placed if e["id"] not in right]
    if args.verbose:
        for ev in events:
            verdict = "ok " if ev in correct else "   "
            actors = ",".join(f"{a.country}/{a.sector}" for a in ev.actor)
            recips = ",".join(f"{a.country}/{a.sector}" for a in ev.recipient)
            print(
                f"{verdict} {ev.status:12} {ev.type:9} {ev.mode or '-':12} {actors:20} -> {recips:20} "
                f"{ev.date.start}..{ev.date.end} {len(ev.sources)} src: {ev.sources[0].sentence[:70]}"
            )
        for text, kind in violations:
            print(f"VIOLATION: '{text}' coded as occurred {kind}")
    return emit(results, args.json)


if __name__ == "__main__":
    sys.exit(main())
