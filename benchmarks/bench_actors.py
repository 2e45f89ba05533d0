"""Actor resolution on the PLOVER gold records: country and sector from gold spans.

``bench_plover`` scores actors only where the coder found the gold event, so
a wrong event type hides a right actor and the other way round. This script
measures the resolver alone: each gold actor's own text ("Senior Hungarian
... officials", "U.S. negotiator", "Fijian rebels") is found in its sentence,
the sentence is parsed, and the phrase's head is resolved with
``DocActors.resolve_token`` exactly as the coder resolves an argument.

- **country**: the gold code (ISO3, or IGO / NGO) against ours, over every
  gold actor whose text was found in its sentence. An actor we leave unknown
  counts as wrong in ``country_accuracy``; ``country_answered`` is the share
  we gave a country at all and ``country_precision`` the share right among
  those (unknown stays unknown is the design, so both are reported).
- **sector**: the gold records' CAMEO-style sector (GOV, MIL, REB, CVL ...;
  the first three letters; CIV = CVL, HLH = MED)
  against ours, over the gold actors that carry one. The records use MED for
  doctors and aid medics and JRN for the press, as eventwire does.

A span that only modifies a noun outside it ("Hungarian" in "Hungarian and
Romanian officials") keeps its own country and takes that noun's sector, as
the coder composes it: the event's argument is "officials".

    python benchmarks/bench_actors.py [--json out.json] [--errors]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from typing import Any

from bench_plover import OLD_CODES, load_gold

from _common import emit, shared_or_exit

# CAMEO sector codes of the gold records -> eventwire's (data/actors/sectors.csv)
CAMEO_SECTORS = {"HLH": "MED", "CIV": "CVL", "NGO": "SOC", "RAD": "REB", "INS": "REB"}
MODIFIER_DEPS = {"amod", "compound", "poss", "nmod", "nummod"}


def gold_actors(gold: list[dict[str, Any]]) -> list[tuple[int, dict[str, str]]]:
    """(record index, actor) for every gold actor with a code."""
    found = []
    for n, record in enumerate(gold):
        for key in ("source", "target"):
            actors = record.get(key)
            if not isinstance(actors, list):
                continue
            found += [(n, a) for a in actors if isinstance(a, dict) and a.get("code") and a.get("actorText")]
    return found


def gold_sector(actor: dict[str, str]) -> str | None:
    """The gold sector in our codes, or None when the record gives none."""
    raw = (actor.get("sector") or "")[:3].upper()
    if not raw.isalpha():
        return None
    return CAMEO_SECTORS.get(raw, raw)


def _locate(text: str, phrase: str) -> tuple[int, int] | None:
    phrase = " ".join(phrase.split()).rstrip("( ")
    start = text.find(phrase)
    if start < 0:
        start = text.lower().find(phrase.lower())
    return None if start < 0 else (start, start + len(phrase))


def _resolve_span(resolver: Any, span: Any) -> tuple[Any, Any]:
    """The actor a gold span stands for, composed as the coder composes arguments.

    A span that only modifies a noun outside it ("Russian" in "U.S. and
    Russian negotiators", "Israeli" in "Israeli army bulldozers") takes its
    own country and the sector of the noun it modifies, as the coder gives
    each coordinated nationality a side of its own.
    """
    root = span.root
    own = resolver.resolve_token(root)
    outside = root.head
    modifies_outside = not span.start <= outside.i < span.end and outside.pos_ in {"NOUN", "PROPN"}
    if root.dep_ in MODIFIER_DEPS and modifies_outside:
        noun = resolver.resolve_token(outside)
        if own is None:
            return noun, outside
        if noun is not None and own.country and noun.sector and not own.sector:
            return type(own)(own.name, own.country, noun.sector, own.text), root
    if own is not None and own.country:
        # "U.S. and Russian negotiators" with the gold span "Russian negotiators":
        # the coder gives the conjoined nationality a side of its own
        named = [resolver.resolve_token(t) for t in span if t.i != root.i and t.ent_type_ in {"NORP", "GPE"}]
        countries = [r.country for r in named if r is not None and r.country]
        if countries and own.country not in countries:
            return type(own)(own.name, countries[0], own.sector, own.text), root
    return own, root


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", help="write the figures as JSON here")
    parser.add_argument("--errors", action="store_true", help="print every actor resolved wrongly")
    args = parser.parse_args()
    gold = load_gold(shared_or_exit("bench", "plover", "PLOVER_GSR_CAMEO.txt"))

    from eventwire.nlp import load_pipeline
    from eventwire.resolve.actors import DocActors

    nlp = load_pipeline()
    started = time.perf_counter()
    docs = list(nlp.pipe((g["text"] for g in gold), batch_size=32))
    resolvers = [DocActors(doc) for doc in docs]
    totals: Counter[str] = Counter()
    sectors: Counter[str] = Counter()
    for n, actor in gold_actors(gold):
        totals["actors"] += 1
        doc = docs[n]
        where = _locate(doc.text, actor["actorText"])
        span = None if where is None else doc.char_span(*where, alignment_mode="expand")
        if span is None or not len(span):
            totals["not_located"] += 1
            continue
        ref, head = _resolve_span(resolvers[n], span)
        want_country = OLD_CODES.get(actor["code"], actor["code"])
        got_country = ref.country if ref else None
        totals["located"] += 1
        totals["country_answered"] += got_country is not None
        totals["country_right"] += got_country == want_country
        want_sector = gold_sector(actor)
        got_sector = ref.sector if ref else None
        if want_sector is not None:
            totals["with_sector"] += 1
            totals["sector_answered"] += got_sector is not None
            totals["sector_right"] += got_sector == want_sector
            sectors[want_sector] += 1
        wrong_country = got_country != want_country
        wrong_sector = want_sector is not None and got_sector != want_sector
        if args.errors and (wrong_country or wrong_sector):
            print(
                f"{gold[n]['id']}\t{actor['actorText']!r} (head {head.text!r})\t"
                f"gold {want_country}/{want_sector}\tgot {got_country}/{got_sector}",
                file=sys.stderr,
            )
    seconds = time.perf_counter() - started
    located = totals["located"] or 1
    with_sector = totals["with_sector"] or 1
    results = {
        "gold_actors": totals["actors"],
        "located": totals["located"],
        "country_accuracy": round(totals["country_right"] / located, 3),
        "country_answered": round(totals["country_answered"] / located, 3),
        "country_precision": round(totals["country_right"] / (totals["country_answered"] or 1), 3),
        "with_sector": totals["with_sector"],
        "sector_accuracy": round(totals["sector_right"] / with_sector, 3),
        "sector_answered": round(totals["sector_answered"] / with_sector, 3),
        "sector_precision": round(totals["sector_right"] / (totals["sector_answered"] or 1), 3),
        "gold_sectors": dict(sectors.most_common()),
        "seconds": round(seconds, 1),
    }
    from pathlib import Path

    return emit(results, Path(args.json) if args.json else None)


if __name__ == "__main__":
    sys.exit(main())
