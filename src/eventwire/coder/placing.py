"""Where it happened: the place phrase tied to a trigger, and what the place implies.

The place of an event is read from the phrases its trigger governs ("in
Helsinki", "the city of Kabul"), resolved against the article's own places so
that namesakes follow the story; unnamed victims take the country of the place
they were hit in, and a meeting hosted by neither side is a third-party one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

from eventwire.coder.context import PLACE_LABELS, TIME_LABELS, CodingContext
from eventwire.coder.roles import preps_of
from eventwire.records import ActorRef, Place

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# prepositions inside a common noun's phrase that name where it is ("a market in Kabul")
NESTED_PLACE_PREPS = frozenset({"of", "in", "at", "near", "outside"})
# prepositions of a sentence's place phrases that may place any event of the sentence
SENTENCE_PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside"})


def victims_where_it_happened(recipients: list[ActorRef], place: Place | None) -> list[ActorRef]:
    """Unnamed victims ("ten civilians") are of the country the event took place in,
    as event data conventionally codes them."""
    if place is None or not place.country:
        return recipients
    return [
        ActorRef(r.name, place.country, r.sector, r.text)
        if r.country is None and r.sector and not r.name
        else r
        for r in recipients
    ]


def entity_of(token: Token) -> Span | None:
    """The named entity a token is part of, read from its IOB tags: ``doc.ents``
    builds every entity again on each access, which made event-dense pages slow."""
    if not token.ent_type_:
        return None
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def _named_place_inside(token: Token) -> Token | None:
    """ "the city of Kabul", "a market in Kabul", "the embassy in Baghdad": the
    named place a common noun's own phrase gives."""
    for prep, obj in preps_of(token):
        if prep in NESTED_PLACE_PREPS and obj.ent_type_ in PLACE_LABELS:
            return obj
    return None


def place_from_token(token: Token, ctx: CodingContext, basis: str) -> Place | None:
    """Resolve the place a phrase names, if it names one; ``basis`` says how the
    phrase relates to the event (a code of ``data/places/bases.csv``)."""
    if token.ent_type_ in TIME_LABELS:
        # "in March" is a month, not the town of March
        return None
    ent = entity_of(token)
    if ent is None or ent.label_ not in PLACE_LABELS:
        named = _named_place_inside(token)
        if named is not None:
            token = named
            ent = entity_of(token)
    text = ent.text if ent is not None and ent.label_ in PLACE_LABELS else None
    if text is None:
        span = token.doc[token.left_edge.i : token.i + 1]
        text = span.text
    place = ctx.places.resolve(text)
    if place is None and text.lower().startswith(("eastern ", "western ", "northern ", "southern ")):
        place = ctx.places.resolve(text.split(" ", 1)[1])
    if place is None:
        return None
    return dataclasses.replace(place, basis=basis)


def place_in_sentence(
    trigger: Token, ctx: CodingContext, distance: Callable[[Token, Token], int], reporting: frozenset[str]
) -> Place | None:
    """When no phrase of the trigger names a place, the nearest place phrase of its
    sentence ("In Kabul, a bomb went off"; "a bomb exploded, killing five in Kabul").
    Where a statement was made ("said in Washington") is not where its news happened."""
    candidates = [
        t
        for t in trigger.sent
        if t.dep_ == "pobj"
        and t.head.lower_ in SENTENCE_PLACE_PREPS
        and (t.ent_type_ in PLACE_LABELS or _named_place_inside(t) is not None)
        and t.head.head.lemma_.lower() not in reporting
    ]
    for candidate in sorted(candidates, key=lambda t: distance(trigger, t)):
        place = place_from_token(candidate, ctx, "sentence")
        if place is not None:
            return place
    return None


def consult_mode(
    mode: str | None, place: Place | None, actors: list[ActorRef], recipients: list[ActorRef]
) -> str | None:
    """CONSULT hosted by a country that is neither side's is 'third-party';
    with an international organisation it is 'multilateral'."""
    if mode is not None:
        return mode
    sides = {a.country for a in actors + recipients if a.country}
    if "IGO" in sides:
        return "multilateral"
    if place is not None and place.country and len(sides) >= 2 and place.country not in sides:
        return "third-party"
    return None
