"""Where an event happened when its own sentence does not say: the article's places.

News names the place of its main event once, often only in the dateline
("KABUL, Afghanistan (AP) —"), and then reports what happened there in
sentences that name no place. An event whose sentence names none takes, in
this order, the dateline, the article's focus (the place it names most) and
the one country all its parties belong to. Each is marked by its ``basis``
(``data/places/bases.csv``) and keeps its own ``kind``, so a user can keep
only events placed by their own words, or accept country-level guesses, as
ACLED users do with geo precision.

The dateline and the focus are where the story is, not where its background
is: they are given only to current events (not historical ones) that took
place or were denied, and only when the event's parties do not point to
another country (a Washington dateline does not place "Russian forces
shelled Kharkiv" if the sentence failed to name Kharkiv).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from eventwire.coder.context import PLACE_LABELS, TIME_LABELS
from eventwire.coder.ontology import quad_of
from eventwire.nlp import dateline_ends
from eventwire.records import ActorRef, Mention, Place
from eventwire.resolve.actors import load_tables
from eventwire.resolve.place_spans import datelines
from eventwire.resolve.places import ArticleContext, place_rank

if TYPE_CHECKING:
    from spacy.tokens import Doc

# A dateline opens the article: one found further in is a quoted or pasted story.
DATELINE_MAX_CHAR = 300
# tokens after the dateline's comma read as its qualifier ("Australia", "Calif.")
MAX_QUALIFIER_TOKENS = 4
# a town is the article's focus when named at least this often ...
FOCUS_MIN_MENTIONS = 2
# ... and holds at least this share of the mentions of places in its country
FOCUS_MIN_SHARE = 0.5
# statuses whose events may take the article's dateline or focus
PLACED_BY_ARTICLE = frozenset({"occurred", "negated"})
# parties that belong to no country
NO_COUNTRY = frozenset({"IGO"})


@dataclass(frozen=True)
class ArticlePlaces:
    """The article's dateline place and its focus place, either may be unknown."""

    dateline: Place | None = None
    focus: Place | None = None


def dateline_names(doc: Doc) -> list[str]:
    """The article's dateline as the resolver should read it, qualified first
    ("LONDON, Ontario" before "LONDON"); empty when the article has none."""
    for start, end in datelines(doc):
        if doc[start].idx > DATELINE_MAX_CHAR:
            return []
        text = doc[start:end].text
        names = [text]
        if end < len(doc) and doc[end].text == ",":
            qualifier = []
            for token in doc[end + 1 : end + 1 + MAX_QUALIFIER_TOKENS]:
                if token.text == "(" or token.text in dateline_ends() or "\n" in token.text:
                    break
                qualifier.append(token.text_with_ws)
            if qualifier:
                names.insert(0, f"{text}, {''.join(qualifier).strip()}")
        return names
    return []


def _dateline(names: list[str], places: ArticleContext) -> Place | None:
    for name in names:
        place = places.resolve(name)
        if place is not None:
            return dataclasses.replace(place, basis="dateline")
    return None


def _country_place(code: str, named: list[Place], places: ArticleContext) -> Place | None:
    """The country itself: as the article names it, else by its common name."""
    for place in named:
        if place.kind == "country" and place.country == code:
            return place
    name = load_tables().country_names.get(code)
    return places.resolve(name) if name else None


def _focus(doc: Doc, places: ArticleContext, dateline: Place | None) -> Place | None:
    resolved: dict[str, Place | None] = {}
    named: list[Place] = [dateline] if dateline is not None else []
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS or ent.root.ent_type_ in TIME_LABELS:
            continue
        if ent.text not in resolved:
            resolved[ent.text] = places.resolve(ent.text)
        place = resolved[ent.text]
        if place is not None and place.country is not None:
            named.append(place)
    if not named:
        return None
    keys = [(p.name or p.text, p.country, p.kind) for p in named]
    counts = Counter(keys)
    countries = Counter(p.country for p in named)
    first: dict[tuple[str, str | None, str | None], tuple[int, Place]] = {}
    for i, (key, place) in enumerate(zip(keys, named, strict=True)):
        first.setdefault(key, (i, place))
    top_key = max(counts, key=lambda k: (counts[k], place_rank(first[k][1]), -first[k][0]))
    top = first[top_key][1]
    if (
        top.kind != "country"
        and counts[top_key] >= FOCUS_MIN_MENTIONS
        and counts[top_key] >= FOCUS_MIN_SHARE * countries[top.country]
    ):
        return dataclasses.replace(top, basis="focus")
    code, count = countries.most_common(1)[0]
    if code is None or (count < FOCUS_MIN_MENTIONS and len(countries) > 1):
        return None
    country = _country_place(code, named, places)
    return dataclasses.replace(country, basis="focus") if country is not None else None


def article_places(doc: Doc, places: ArticleContext, dateline_names: list[str]) -> ArticlePlaces:
    """Read the article's dateline and focus place (see the module docstring);
    ``dateline_names`` are what ``dateline_names(doc)`` found."""
    dateline = _dateline(dateline_names, places)
    return ArticlePlaces(dateline, _focus(doc, places, dateline))


def _countries(parties: list[ActorRef]) -> set[str]:
    return {p.country for p in parties if p.country and p.country not in NO_COUNTRY}


def _parties_country(mention: Mention) -> str | None:
    """The one country an event's parties point to, if they point to one.

    A statement is made where its speaker is, so a verbal event's parties all
    of one country place it there. A material act is done to someone, often
    abroad ("the US gave air support to militias from Misrata"): it needs a
    recipient of known country, and every identified party in that country.
    """
    actors, recipients = _countries(mention.actor), _countries(mention.recipient)
    every = actors | recipients
    if len(every) != 1:
        return None
    if quad_of(mention.type).startswith("material") and not recipients:
        return None
    return next(iter(every))


def place_unplaced(mentions: list[Mention], found: ArticlePlaces, places: ArticleContext) -> list[Mention]:
    """Give each mention without a place of its own the article's best fitting place."""
    out = []
    for mention in mentions:
        if mention.place is None:
            mention = dataclasses.replace(mention, place=_fallback(mention, found, places))
        out.append(mention)
    return out


def _fallback(mention: Mention, found: ArticlePlaces, places: ArticleContext) -> Place | None:
    countries = _countries([*mention.actor, *mention.recipient])
    if mention.status in PLACED_BY_ARTICLE and not mention.historical:
        for place in (found.dateline, found.focus):
            if place is not None and (not countries or place.country in countries):
                return place
    code = _parties_country(mention)
    country = _country_place(code, [], places) if code is not None else None
    return dataclasses.replace(country, basis="parties") if country is not None else None
