"""What the resolvers find in one article: actors, places and times, with offsets.

Used by ``eventwire annotate`` to let users (and benchmarks) inspect the
resolution layer apart from event coding.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from eventwire.records import Article
from eventwire.resolve.actors import DocActors
from eventwire.resolve.dates.spans import timeline
from eventwire.resolve.place_spans import place_spans
from eventwire.resolve.places import article_context

if TYPE_CHECKING:
    from spacy.tokens import Doc

ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def _reference(article: Article) -> dt.date | None:
    text = article.published or (article.published_inferred or {}).get("end")
    try:
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def annotate_article(article: Article, doc: Doc) -> dict[str, Any]:
    """Return the annotation record of DESIGN.md for a parsed article."""
    actors = DocActors(doc)
    reference = _reference(article)
    entities: list[dict[str, Any]] = []
    places: list[dict[str, Any]] = []
    times: list[dict[str, Any]] = []
    spans = place_spans(doc)
    context = article_context(span.lookup for span in spans)
    for span in spans:
        if span.within is not None:
            place = context.resolve_within(span.lookup, span.within)
        else:
            place = context.resolve(span.lookup)
        if place is not None:
            record = place.to_dict()
            record.pop("basis")
            first, last = doc[span.start], doc[span.end - 1]
            end = last.idx + len(last.text)
            places.append({**record, "text": span.text, "start": first.idx, "end": end})
    for ent in doc.ents:
        if ent.label_ in ACTOR_LABELS:
            ref = actors.resolve_token(ent.root)
            entities.append(
                {
                    "text": ent.text,
                    "start": ent.start_char,
                    "end": ent.end_char,
                    "label": ent.label_,
                    "actor": None
                    if ref is None
                    else {"name": ref.name, "country": ref.country, "sector": ref.sector},
                }
            )
    # times: each expression with the tense of its clause, anaphora read against
    # the date before them ("the following year"), house numbers left out
    for entry in timeline(doc, reference):
        date = entry.date
        if date is not None:
            times.append(
                {
                    "text": entry.span.text,
                    "start": entry.span.start_char,
                    "end": entry.span.end_char,
                    "start_date": date.start,
                    "end_date": date.end,
                    "granularity": date.granularity,
                }
            )
    return {"article_id": article.id, "entities": entities, "places": places, "times": times}
