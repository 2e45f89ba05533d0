"""Place resolution on GeoWebNews (../shared/bench/geoparsing/GWN.xml).

GeoWebNews has 200 news articles whose toponyms carry a type and, for 2,601
of them, the coordinates of the place meant (a GeoNames point, or a point the
annotators chose). Those 2,601 are the gold set; the usual score is the share
resolved within 161 km (100 miles) of the gold point.

(a) gold spans: each gold toponym's text is resolved with ``resolve_place``;
    the article's context (countries, points and regions named without doubt,
    ``article_context``) comes from all its gold toponym names, as the
    pipeline takes it from its own entities.
(b) end to end: the articles as a JSONL corpus ``{id, text, title}`` through
    ``eventwire annotate``, as a user runs it; a place it gives (with
    coordinates) matches a gold toponym when their character spans overlap. Recall is the
    share of gold toponyms matched, precision the share of resolved entities
    that match one, and ``e2e_within_161km`` the share of gold toponyms found
    *and* placed within 161 km.
(c) speed: place lookups per second over every gold toponym, with the
    per-process lookup cache cleared before each of 5 rounds (median).

    python benchmarks/bench_geoparse.py [--json out.json] [--errors] [--no-e2e]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.geo import distance_km
from eventwire.resolve.gazetteer import default_gazetteer
from eventwire.resolve.places import article_context, resolve_place

from _common import emit, shared_or_exit

KM = 161.0
# NORP entities count only when the gazetteer reads them as a place ("Russian")
PLACE_LABELS = ("GPE", "LOC", "FAC", "NORP")


@dataclass(frozen=True)
class Toponym:
    """One gold toponym with coordinates."""

    text: str
    start: int
    end: int
    kind: str
    lat: float
    lon: float


@dataclass(frozen=True)
class GoldArticle:
    """One GeoWebNews article and its located toponyms."""

    text: str
    toponyms: list[Toponym]
    title: str = ""


def read_gold(path: Path) -> list[GoldArticle]:
    """Articles and their toponyms that carry coordinates."""
    articles = []
    for node in ET.parse(path).getroot().iter("article"):
        text = node.findtext("text") or ""
        toponyms = []
        for top in node.iter("toponym"):
            lat, lon = top.findtext("latitude"), top.findtext("longitude")
            if not lat or not lon:
                continue
            toponyms.append(
                Toponym(
                    text=top.findtext("extractedName") or "",
                    start=int(top.findtext("start") or 0),
                    end=int(top.findtext("end") or 0),
                    kind=top.findtext("type") or "",
                    lat=float(lat),
                    lon=float(lon),
                )
            )
        articles.append(GoldArticle(text=text, toponyms=toponyms, title=node.findtext("title") or ""))
    return articles


def _within(place: Any, gold: Toponym) -> bool:
    if place is None or place.lat is None or place.lon is None:
        return False
    return distance_km(place.lat, place.lon, gold.lat, gold.lon) <= KM


def gold_spans(articles: list[GoldArticle], errors: list[str]) -> dict[str, Any]:
    """(a): resolve every gold toponym's own text."""
    totals: Counter[str] = Counter()
    per_type: dict[str, Counter[str]] = defaultdict(Counter)
    for number, article in enumerate(articles):
        context = article_context(t.text for t in article.toponyms)
        for gold in article.toponyms:
            place = context.resolve(gold.text)
            hit = _within(place, gold)
            for counter in (totals, per_type[gold.kind]):
                counter["n"] += 1
                counter["resolved"] += place is not None
                counter["within"] += hit
            if not hit:
                got = (
                    "None"
                    if place is None
                    else f"{place.name} ({place.kind}, {place.country}) "
                    f"{place.lat},{place.lon} [{place.basis}]"
                )
                errors.append(f"{number}\t{gold.kind}\t{gold.text!r}\tgold {gold.lat},{gold.lon}\tgot {got}")
    n = totals["n"] or 1
    return {
        "toponyms": totals["n"],
        "gold_spans_resolved": round(totals["resolved"] / n, 3),
        "gold_spans_within_161km": round(totals["within"] / n, 3),
        "per_type": {
            kind: {"n": c["n"], "within_161km": round(c["within"] / (c["n"] or 1), 3)}
            for kind, c in sorted(per_type.items(), key=lambda kv: -kv[1]["n"])
        },
    }


def end_to_end(articles: list[GoldArticle], titles: list[str]) -> dict[str, Any]:
    """(b): the articles as a JSONL corpus through ``eventwire annotate``."""
    import tempfile

    from _public import run_verb, write_corpus

    records = [
        {"id": f"gwn-{n}", "text": a.text.strip(), "title": title}
        for n, (a, title) in enumerate(zip(articles, titles, strict=True))
    ]
    with tempfile.TemporaryDirectory(prefix="geoparse-") as tmp:
        done = run_verb("annotate", [write_corpus(records, Path(tmp))])
    annotated = {a["article_id"]: a for a in done.records}
    totals: Counter[str] = Counter()
    for n, article in enumerate(articles):
        lead = len(article.text) - len(article.text.lstrip())
        found = [
            (p["start"] + lead, p["end"] + lead, p)
            for p in annotated.get(f"gwn-{n}", {}).get("places", [])
            if p.get("lat") is not None
        ]
        totals["found"] += len(found)
        for start, end, _ in found:
            totals["found_matching"] += any(g.start < end and start < g.end for g in article.toponyms)
        for gold in article.toponyms:
            totals["gold"] += 1
            match = next((p for s, e, p in found if gold.start < e and s < gold.end), None)
            totals["gold_found"] += match is not None
            hit = match is not None and distance_km(match["lat"], match["lon"], gold.lat, gold.lon) <= KM
            totals["gold_within"] += hit
    gold = totals["gold"] or 1
    return {
        "e2e_path": "end to end: JSONL corpus {id, text, title} through `eventwire annotate`",
        "e2e_articles_annotated": len(annotated),
        "e2e_recall": round(totals["gold_found"] / gold, 3),
        "e2e_precision": round(totals["found_matching"] / (totals["found"] or 1), 3),
        "e2e_within_161km": round(totals["gold_within"] / gold, 3),
        "e2e_within_161km_of_found": round(totals["gold_within"] / (totals["gold_found"] or 1), 3),
        "e2e_seconds": round(done.seconds, 1),
    }


def speed(articles: list[GoldArticle], rounds: int = 5) -> dict[str, Any]:
    """(c): lookups per second, cold per-process cache each round."""
    gaz = default_gazetteer()
    names = [t.text for a in articles for t in a.toponyms]
    rates = []
    for _ in range(rounds):
        gaz.lookup.cache_clear()  # type: ignore[attr-defined]
        tick = time.perf_counter()
        for name in names:
            resolve_place(name)
        rates.append(len(names) / (time.perf_counter() - tick))
    return {"median_lookups_per_s": round(statistics.median(rates))}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    parser.add_argument("--errors", action="store_true", help="list every gold toponym placed wrongly")
    parser.add_argument("--no-e2e", action="store_true", help="skip the end-to-end run (no spaCy)")
    args = parser.parse_args()
    path = shared_or_exit("bench", "geoparsing", "GWN.xml")
    articles = read_gold(path)
    tick = time.perf_counter()
    default_gazetteer().lookup("london")
    open_seconds = time.perf_counter() - tick
    errors: list[str] = []
    results: dict[str, Any] = {
        "set": "development",
        "path": "gold_spans_*: component (the resolver on each gold toponym's text); e2e_*: end to end",
        "articles": len(articles),
    }
    results.update(gold_spans(articles, errors))
    if not args.no_e2e:
        results.update(end_to_end(articles, [a.title for a in articles]))
    results.update(speed(articles))
    results["gazetteer_open_s"] = round(open_seconds, 2)
    if args.errors:
        print("\n".join(errors), file=sys.stderr)
    return emit(results, args.json)


if __name__ == "__main__":
    sys.exit(main())
