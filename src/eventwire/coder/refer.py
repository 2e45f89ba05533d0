"""Phrases that refer back to what the article named before.

"Both sides" and "the two leaders" stand for the parties of the event their
sentence refers back to; "the base" is the base named a sentence or two
before, and belongs to whoever held it there; "the strike killed ten" and "it
was a blunder that killed ten" are the strike just reported. Each reads the
mentions coded so far (``CodingContext.earlier``).
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

import yaml

from eventwire.coder.context import PLACE_LABELS, CodingContext
from eventwire.coder.roles import clause_verb, direct_objects, subject_of
from eventwire.coder.rules import Lexicon, TriggerRule, load_lexicon
from eventwire.records import ActorRef, Mention, Place
from eventwire.resolve.places import place_rank

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# Determiners that make an event noun refer back to an event already reported.
DEFINITE_DETERMINERS = frozenset({"the", "that", "this"})
# How many sentences back "the base" looks for the one it names.
HOLDER_LOOKBACK = 2


@dataclass(frozen=True)
class _PairWords:
    """``data/rules/coreference.yaml``: the words of "both sides", "the two men"."""

    heads: frozenset[str]
    alone: frozenset[str]
    with_definite: frozenset[str]
    definite: frozenset[str]


@functools.cache
def _pair_words() -> _PairWords:
    text = resources.files("eventwire").joinpath("data/rules/coreference.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return _PairWords(
        heads=frozenset(data["heads"]),
        alone=frozenset(data["alone"]),
        with_definite=frozenset(data["with_definite"]),
        definite=frozenset(data["definite"]),
    )


def _is_pair_phrase(token: Token) -> bool:
    """ "both sides", "the two leaders": a phrase that refers back to two parties
    ("two men" alone introduces new ones)."""
    words = _pair_words()
    if token.lemma_.lower() not in words.heads and token.lower_ not in words.heads:
        return False
    children = {c.lower_ for c in token.children if c.dep_ in {"det", "nummod", "predet", "preconj"}}
    return bool(children & words.alone) or bool(children & words.with_definite and children & words.definite)


def _referred_event_types(sent: Span, lex: Lexicon) -> frozenset[str]:
    """The types of the events a sentence refers back to by a definite event noun
    ("a summary of the talks", "since their meeting")."""
    found = set()
    for noun in sent:
        if noun.pos_ not in {"NOUN", "PROPN"}:
            continue
        definite = any(
            (c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS | {"these", "those"})
            or (c.dep_ == "poss" and c.pos_ in {"PRON", "DET"})
            for c in noun.children
        )
        if definite:
            found |= {r.type for r in lex.by_key.get(("noun", noun.lemma_.lower()), ())}
    return frozenset(found)


def earlier_pair(token: Token, ctx: CodingContext) -> Mention | None:
    """ "Both sides promised to publish the minutes of the meeting": the phrase
    stands for the two parties of the event the sentence refers back to ("the
    meeting"), which are those of the article's first two-sided report of that
    type of event, in news the story's lead (see ``data/rules/coreference.yaml``).
    None when the phrase refers back to no one, or the sentence names no event."""
    if not _is_pair_phrase(token):
        return None
    types = _referred_event_types(token.sent, load_lexicon())
    return next((m for m in ctx.earlier if m.type in types and m.actor and m.recipient), None)


def holder_of_facility(
    token: Token, rule: TriggerRule, ctx: CodingContext
) -> tuple[list[ActorRef], Place | None]:
    """Who holds the facility a causative or closing trigger acts on, and where it is.

    A facility named with its owner ("closed the Iranian embassy") is the
    owner's. A bare definite one ("the base") is the one the article named
    before: its holder is the subject of the clause where the same noun last
    appeared, at most two sentences back, and its place the finest that
    sentence names besides the holder's own country ("the supply depot at
    Pula, in Croatia").
    """
    candidates = direct_objects(token)
    if rule.governed_by:
        # "ordered the port shut": the small clause's subject is the thing acted on
        subject = subject_of(token)
        candidates = [subject, *candidates] if subject is not None else candidates
    facility = next((o for o in candidates if o.lemma_.lower() in rule.objects), None)
    if facility is None:
        # the thing, not the one told to leave it ("insisted the Dutch vacate the base")
        facility = next((o for o in candidates if ctx.actors.resolve_token(o) is None), None)
    if facility is None:
        return [], None
    owner = next(
        (
            c
            for c in facility.children
            if c.dep_ == "poss" or (c.dep_ in {"amod", "compound"} and c.ent_type_ in {"NORP", "GPE"})
        ),
        None,
    )
    owner_ref = ctx.actors.resolve_token(owner) if owner is not None else None
    if owner_ref is not None and owner_ref.country:
        return [owner_ref], None
    if not _refers_back(facility):
        return [], None
    sentences = list(token.doc.sents)
    here = next(i for i, s in enumerate(sentences) if s.start <= token.i < s.end)
    lemma = facility.lemma_.lower()
    for sent in reversed(sentences[max(0, here - HOLDER_LOOKBACK) : here + 1]):
        for earlier in reversed([t for t in sent if t.i < facility.i and t.lemma_.lower() == lemma]):
            verb = clause_verb(earlier) or (earlier.head if earlier.head.pos_ == "VERB" else None)
            subject = subject_of(verb) if verb is not None else None
            while subject is None and verb is not None and verb.dep_ in {"advcl", "xcomp", "conj"}:
                # "..., moving troops through that base": a participle shares its clause's subject
                verb = verb.head
                subject = subject_of(verb)
            holder = ctx.actors.resolve_token(subject) if subject is not None else None
            if holder is not None and holder.country:
                place = _facility_place(sent, earlier, holder.country, ctx)
                return [ActorRef(holder.name, holder.country, holder.sector, holder.text)], place
    return [], None


def _refers_back(noun: Token) -> bool:
    """True for a definite noun that names a thing the article named before ("the
    base", "the old air base"). A noun that says whose or where it is ("the
    Russian consulate in Seattle", "Iran's embassy") is a thing of its own."""
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children):
        return False
    for child in noun.children:
        if child.dep_ in {"poss", "prep", "relcl", "acl", "appos", "nummod"}:
            return False
        if child.dep_ in {"amod", "compound", "nmod"} and child.ent_type_:
            return False
    return True


def _facility_place(sent: Span, facility: Token, holder_country: str, ctx: CodingContext) -> Place | None:
    """The finest place a sentence names, nearest the facility noun, that is not the holder's country."""
    best: tuple[int, int, Place] | None = None
    for ent in sent.ents:
        text = ent.text
        if ent.label_ in {"ORG", "FAC"} and " at " in text:
            # "the Supply Depot at Pula": a facility named after where it is
            text = text.rsplit(" at ", 1)[1]
        elif ent.label_ not in PLACE_LABELS:
            continue
        place = ctx.places.resolve(text)
        if place is None or (place.kind == "country" and place.country == holder_country):
            continue
        key = (place_rank(place), -abs(ent.root.i - facility.i))
        if best is None or key > best[:2]:
            best = (*key, place)
    if best is None:
        return None
    found = best[2]
    return dataclasses.replace(
        found, basis="earlier", reason=f"where the facility was named before; {found.reason}"
    )


def actor_of_named_event(
    rule: TriggerRule, token: Token, ctx: CodingContext, lex: Lexicon
) -> tuple[list[ActorRef], Mention | None]:
    """ "The raid killed six villagers": when the subject of a verb trigger
    is a definite event noun of the same type ("the strike", "that attack"), its
    actor is the actor of the latest such event the article reported."""
    subject = subject_of(token)
    if subject is None or subject.pos_ != "NOUN":
        return [], None
    if _cleft_on_pronoun(subject):
        # "it was a blunder that killed six villagers": "it" is the event just reported
        pass
    elif not any(c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS for c in subject.children) or not any(
        r.type == rule.type for r in lex.by_key.get(("noun", subject.lemma_.lower()), ())
    ):
        return [], None
    for earlier in reversed(ctx.earlier):
        if earlier.type == rule.type and earlier.actor and earlier.status == "occurred":
            return list(earlier.actor), earlier
    return [], None


def _cleft_on_pronoun(noun: Token) -> bool:
    """True for the noun of "it was an error that ...": the complement of a
    copula whose subject is "it" or "this"."""
    if noun.dep_ != "attr" or noun.head.lemma_ != "be":
        return False
    return any(c.dep_ == "nsubj" and c.lower_ in {"it", "this"} for c in noun.head.children)
