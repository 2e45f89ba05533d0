"""Where an article names places: the spans offered to the place resolver.

spaCy's GPE, LOC and FAC entities are only part of the places news names.
The rest hide in other entities or in none:

- nationality adjectives and demonyms ("Russian troops", "a Salvadoran
  migrant"), which spaCy tags NORP or leaves untagged: they name their
  country (``resolve.gazetteer`` keeps the adjectives of
  ``data/actors/countries.csv``);
- places inside the names of organisations ("the Maryland State Police",
  "the Bank of Japan", "Nigerian Army") and towns spaCy takes for an
  organisation or a person ("Harare", "Kent");
- datelines ("BEIRUT (AP) -", "PLEASANTON, Calif.--"), written in capitals
  that the tagger reads as anything;
- a name the article also uses elsewhere as a place, where spaCy tagged one
  mention and not the other.

A span outside GPE/LOC/FAC is offered only on evidence that it is a place,
since many place names are also words or surnames ("Reading", "Nelson",
"Washington"): the gazetteer must be sure of it on its own (a country, a
nationality adjective, a first-order region, a large town: ``offer`` in
``data/places/rules.yaml``), or the text around it must make it a place
(a dateline, "born in X", the same name tagged as a place elsewhere). Inside
a person's name only an adjective is taken ("the Slovak"): "Denzel
Washington" names no place.

"Paris, Texas" written as one entity gives two places, the town (resolved
with its qualifier) and the state; the same holds for two entities written
"Tacoma, Washington".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from eventwire.resolve.gazetteer import fold_name, place_rules
from eventwire.resolve.places import (
    article_context,
    known_name,
    offer_reading,
    offer_strength,
    resolvable,
    through_kind_word,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# entities whose words may hold a place name ("the Washington Post"); a
# PERSON's may only hold an adjective, a date's or a number's nothing
HOLDER_LABELS = frozenset({"ORG", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "MONEY"})
# the longest run of words tried as one name inside a longer entity
MAX_NAME_TOKENS = 5

_CONNECTORS = frozenset({"of", "and", "de", "del", "la", "le", "du", "da", "upon", "on"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_INITIALS = re.compile(r"^(?:[A-Z]\.){2,3}$")


@dataclass(frozen=True)
class PlaceSpan:
    """A span of the article offered as a place.

    ``lookup`` is the text the resolver reads: the span's own text, or
    "Paris, Texas" for the town of such a pair. ``within`` marks the second
    part of a pair ("Texas"), which is read as the region holding the town.
    ``how`` says why the span was offered (for logs and tests).
    """

    start: int
    end: int
    text: str
    lookup: str
    how: str
    within: str | None = None


@functools.cache
def _offer_rules() -> dict[str, object]:
    rules: dict[str, object] = place_rules()["offer"]
    return rules


def _locative_words() -> frozenset[str]:
    return frozenset(str(w) for w in _offer_rules()["locative_prepositions"])  # type: ignore[attr-defined]


def _is_name_word(token: Token) -> bool:
    """A word that can be part of a place name as written: capitalised or initials."""
    text = token.text
    if not any(ch.isalpha() for ch in text):
        return False
    return text[0].isupper() or bool(_INITIALS.match(text))


def _trim(tokens: list[Token]) -> list[Token]:
    """Drop a leading "the", a trailing possessive and punctuation around a span's words."""
    while tokens and (tokens[0].lower_ == "the" or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and (tokens[-1].text in _POSSESSIVE or tokens[-1].is_punct):
        tokens = tokens[:-1]
    return tokens


def _text(doc: Doc, start: int, end: int) -> str:
    return doc[start:end].text


def _span(
    doc: Doc, start: int, end: int, how: str, lookup: str | None = None, within: str | None = None
) -> PlaceSpan:
    text = _text(doc, start, end)
    return PlaceSpan(start, end, text, lookup if lookup is not None else text, how, within)


def _parts(tokens: list[Token]) -> list[list[Token]]:
    """The comma-separated parts of an entity ("Thruxton, Hampshire")."""
    parts: list[list[Token]] = [[]]
    for token in tokens:
        if token.text == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return [_trim(p) for p in parts]


def _place_entity(doc: Doc, ent: Span) -> list[PlaceSpan]:
    """A GPE/LOC/FAC entity as one place, or as the parts of "Town, Region"."""
    tokens = _trim(list(ent))
    if not tokens:
        return []
    parts = [p for p in _parts(tokens) if p]
    if len(parts) == 1 or known_name(_text(doc, tokens[0].i, tokens[-1].i + 1)):
        # "Washington, D.C." is one name
        return [_span(doc, tokens[0].i, tokens[-1].i + 1, "entity")]
    spans = []
    for number, part in enumerate(parts):
        start, end = part[0].i, part[-1].i + 1
        if number + 1 < len(parts):
            rest = parts[number + 1]
            lookup = f"{_text(doc, start, end)}, {_text(doc, rest[0].i, rest[-1].i + 1)}"
            spans.append(_span(doc, start, end, "entity part", lookup))
        else:
            outer = parts[number - 1]
            spans.append(
                _span(doc, start, end, "entity part", within=_text(doc, outer[0].i, outer[-1].i + 1))
            )
    return spans


def _name_runs(tokens: list[Token]) -> Iterator[list[Token]]:
    """Runs of adjacent name words, joined by connectors ("Bank of Japan", "Trinidad and Tobago")."""
    run: list[Token] = []
    for token in tokens:
        adjacent = bool(run) and token.i == run[-1].i + 1
        if not adjacent and run:
            yield run
            run = []
        if token.lower_ == "the" and not run:
            continue
        if _is_name_word(token) or (run and (token.lower_ in _CONNECTORS or token.text == "-")):
            run.append(token)
            continue
        if run:
            yield run
        run = []
    if run:
        yield run


def _sub_spans(tokens: list[Token], accept: frozenset[str]) -> list[tuple[int, int, str]]:
    """Longest runs of name words, left to right, whose reading has a strength in ``accept``."""
    found: list[tuple[int, int, str]] = []
    for run in _name_runs(tokens):
        i = 0
        while i < len(run):
            hit = None
            for size in range(min(MAX_NAME_TOKENS, len(run) - i), 0, -1):
                words = run[i : i + size]
                if not _is_name_word(words[0]) or not _is_name_word(words[-1]):
                    continue
                text = _text(words[0].doc, words[0].i, words[-1].i + 1)
                strength = offer_strength(text)
                if strength in accept and i + size < len(run) and through_kind_word(text):
                    # "the Maryland State Police": "State Police" is the body, Maryland the place
                    continue
                if strength in accept:
                    hit = (words[0].i, words[-1].i + 1, strength)
                    break
            if hit is None:
                i += 1
                continue
            found.append(hit)
            i = hit[1] - run[0].i
    return found


def _locative(doc: Doc, start: int, end: int) -> bool:
    """True when the words are the object of "in", "near", "outside" ...: a place by position.

    Only a whole name counts: in "the Final Four" the position belongs to
    "Final Four", not to "Four".
    """
    if (start > 0 and _is_name_word(doc[start - 1])) or (end < len(doc) and _is_name_word(doc[end])):
        return False
    head = doc[end - 1]
    while head.dep_ in {"compound", "flat", "conj"} and head.head is not head:
        # "from Gloucester and Cheltenham": a conjunct shares the position
        head = head.head
    return head.dep_ == "pobj" and head.head.lower_ in _locative_words()


def _line_start(doc: Doc, i: int) -> bool:
    if i == 0:
        return True
    before = doc[i - 1]
    return "\n" in before.whitespace_ or (before.is_space and "\n" in before.text)


def datelines(doc: Doc) -> Iterator[tuple[int, int]]:
    """Datelines: a run of capitals opening the text or a line, before "(", "," or a dash.

    A colon ends a dateline too ("NEW DELHI:"), but also a speaker's name in
    a transcript ("JEWELL:"), so before a colon only a sure reading counts.
    """
    for token in doc:
        if not _line_start(doc, token.i) or len(token.text) < 3:
            continue
        end = token.i
        while end < len(doc) and end - token.i < MAX_NAME_TOKENS and doc[end].is_upper and doc[end].is_alpha:
            end += 1
        if not token.i < end < len(doc):
            continue
        mark = doc[end].text[:1]
        text = _text(doc, token.i, end)
        if (mark in _DATELINE_ENDS and resolvable(text)) or (mark == ":" and offer_strength(text) in _SURE):
            yield token.i, end


_DATELINE_ENDS = frozenset({"(", ",", "–", "—", "-"})
# which strengths of reading (``offer_strength``) are offered where
_ADJECTIVE = frozenset({"adjective"})
_SURE = frozenset({"adjective", "country", "region", "area", "city"})
# readings that a common English word can also have ("Orange", "Centre")
_WORDLIKE = frozenset({"area", "city", "known"})
# entities whose whole text may be a place spaCy mislabelled ("Harare" as ORG)
WHOLE_LABELS = frozenset({"ORG", "NORP", "PERSON", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"})
_ANY = frozenset({*_SURE, "known", "code"})


def _person_words(doc: Doc) -> frozenset[str]:
    """Folded names and surnames of the article's people: not offered without a locative.

    A "person" in a locative position ("lives in Riverdale") is a town spaCy
    mistook for one and does not count.
    """
    words: set[str] = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            tokens = _trim(list(ent))
            if tokens and not _locative(doc, tokens[0].i, tokens[-1].i + 1):
                # the whole name and the surname: "Sutton" after "Tom Sutton"
                words.add(fold_name(_text(doc, tokens[0].i, tokens[-1].i + 1)))
                words.add(fold_name(tokens[-1].text))
    return frozenset(words)


@functools.cache
def _english_words() -> frozenset[str]:
    """Adjectives and verbs of the parser's own lemma tables ("free", "orange", "bath").

    A place name that is also one of these is offered outside a place entity
    only where the text makes it a place. The noun table is not used: it lists
    many towns ("london", "boise").
    """
    from eventwire.nlp import load_pipeline

    try:
        table = load_pipeline().get_pipe("lemmatizer").lookups.get_table("lemma_index")  # type: ignore[attr-defined]
        return frozenset(str(w) for pos in ("adj", "verb") for w in table[pos])
    except (KeyError, ValueError, AttributeError):
        return frozenset()


def _lower_words(doc: Doc) -> frozenset[str]:
    """Words the article writes in lower case: a name among them is also a word here."""
    return frozenset(t.text for t in doc if t.is_lower and t.is_alpha)


class _Offer:
    """The spans of one article, collected without overlap, and what decides the doubtful ones."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.spans: list[PlaceSpan] = []
        self.taken: set[int] = set()
        self.people: frozenset[str] = frozenset()
        self.words: frozenset[str] = frozenset()
        self.named: frozenset[str] = frozenset()
        self.countries: frozenset[str] = frozenset()

    def add(self, span: PlaceSpan) -> None:
        if span.end > span.start and not any(i in self.taken for i in range(span.start, span.end)):
            self.spans.append(span)
            self.taken.update(range(span.start, span.end))

    def learn(self) -> None:
        """What the place entities found so far say: the names and countries of the article."""
        self.named = frozenset(fold_name(s.text) for s in self.spans) - self.people
        self.countries = article_context(s.lookup for s in self.spans).countries

    def wanted(self, start: int, end: int, strength: str | None, sure: frozenset[str]) -> bool:
        """Whether a span outside the place entities is offered (see the module's doc)."""
        if strength is None:
            return False
        text = _text(self.doc, start, end)
        key = fold_name(text)
        if strength == "code":
            # "BC" beside Canadian places, not "NC Dinos" in a story about Korea
            reading = offer_reading(text)
            return reading is not None and reading[1] in self.countries
        if _locative(self.doc, start, end) or key in self.named:
            return True
        if strength not in sure or (key in self.people and strength != "adjective"):
            return False
        return not (strength in _WORDLIKE and text.lower() in self.words)

    def place_entities(self) -> None:
        for ent in self.doc.ents:
            if ent.label_ not in PLACE_LABELS:
                continue
            spans = _place_entity(self.doc, ent)
            if not any(resolvable(s.lookup) for s in spans):
                # "Greece Italy": spaCy joined two names the gazetteer knows apart
                inside = [
                    _span(self.doc, s, e, "inside place entity") for s, e, _ in _sub_spans(list(ent), _SURE)
                ]
                spans = inside or spans
            for span in spans:
                self.add(span)

    def other_entities(self) -> None:
        doc = self.doc
        for ent in doc.ents:
            if ent.label_ not in WHOLE_LABELS and ent.label_ not in HOLDER_LABELS:
                continue
            tokens = _trim(list(ent))
            if not tokens:
                continue
            start, end = tokens[0].i, tokens[-1].i + 1
            sure = _ADJECTIVE if ent.label_ == "PERSON" else _SURE | {"code"}
            if ent.label_ in WHOLE_LABELS and self.wanted(
                start, end, offer_strength(_text(doc, start, end)), sure
            ):
                self.add(_span(doc, start, end, f"{ent.label_} entity"))
                continue
            for sub_start, sub_end, strength in _sub_spans(tokens, sure):
                inner = sub_start != start and sub_end != end and doc[sub_start - 1].lower_ != "of"
                if strength in _WORDLIKE and inner:
                    # a town amid a name is part of another name ("Bed Bath & Beyond")
                    continue
                if self.wanted(sub_start, sub_end, strength, sure):
                    self.add(_span(doc, sub_start, sub_end, f"inside {ent.label_}"))

    def loose_words(self) -> None:
        """Adjectives ("Danish"), countries and regions, towns after "in" or named as places elsewhere."""
        doc = self.doc
        outside = [t for t in doc if not t.ent_type_ and t.i not in self.taken]
        for start, end, strength in _sub_spans(outside, _ANY):
            if strength == "adjective" and doc[start].pos_ == "VERB":
                continue
            town = strength in {"city", "known"}
            if (
                town
                and not _locative(doc, start, end)
                and fold_name(_text(doc, start, end)) not in self.named
            ):
                continue
            if self.wanted(start, end, strength, _SURE):
                self.add(_span(doc, start, end, "words"))


def place_spans(doc: Doc) -> list[PlaceSpan]:
    """Every span of ``doc`` offered as a place, in text order, none overlapping."""
    offer = _Offer(doc)
    # datelines first: "WASHINGTON (Reuters)" is a place whatever the tagger says
    for start, end in datelines(doc):
        offer.add(_span(doc, start, end, "dateline"))
    offer.place_entities()
    offer.people = _person_words(doc)
    offer.words = _english_words() | _lower_words(doc)
    offer.learn()
    offer.other_entities()
    offer.learn()
    offer.loose_words()
    return _pair_up(doc, sorted(offer.spans, key=lambda s: s.start))


def _pair_up(doc: Doc, spans: list[PlaceSpan]) -> list[PlaceSpan]:
    """Read two places written "Tacoma, Washington" as a town and the region holding it.

    Where the two make one name ("Washington, D.C.") they become one span.
    """
    out: list[PlaceSpan] = []
    for span in spans:
        town = out[-1] if out else None
        if (
            town is None
            or town.lookup != town.text
            or town.within is not None
            or span.lookup != span.text
            or span.start != town.end + 1
            or doc[town.end].text != ","
        ):
            out.append(span)
            continue
        whole = _text(doc, town.start, span.end)
        if known_name(whole):
            out[-1] = PlaceSpan(town.start, span.end, whole, whole, town.how)
            continue
        out[-1] = PlaceSpan(town.start, town.end, town.text, f"{town.text}, {span.text}", town.how)
        out.append(PlaceSpan(span.start, span.end, span.text, span.text, span.how, within=town.text))
    return out
