"""Events that another event of the same sentence already contains.

PLOVER codes one event where the text reports one: the demand a protest is
held for is not a second event (manual 3.12.2), nor is a military build-up
reported as part of an attack (3.14.1), nor an event noun that is only the
topic of another act ("rejected changes to the deal"), nor what a statement
that took place says might happen: the content of a demand ("demanded that
Lima cancel the sale"), the offer a rejection turns down ("rejected an offer of
talks"), the condition of a threat ("unless Quito accepted the terms").
Background mentioned in passing ("after two days of fighting") is not coded
unless it names who did it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventwire.coder.roles import carrying_agents, clause_verb
from eventwire.records import Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Which types a containing event absorbs when they sit inside its clause
# (PROTEST) or its sentence (ASSAULT).
ABSORBED_BY_CLAUSE = {"PROTEST": frozenset({"REQUEST", "ACCUSE"})}
ABSORBED_BY_SENTENCE = {"ASSAULT": frozenset({"MOBILIZE"})}
# Markers of a clause that gives the occasion of the event it hangs from
# ("discussed it with them when they gathered in Riga"): an event of the same type
# there is the same event.
OCCASION_MARKS = frozenset({"when", "while", "as"})
# Prepositions that put an event noun in the background of the sentence's own
# event: its cause, its time frame or its occasion.
BACKGROUND_PREPS = frozenset(
    {"after", "following", "amid", "amidst", "despite", "since", "before", "because"}
)
# Prepositions that make an event noun the topic of what the sentence reports
# ("testify regarding the withdrawal", "asked about the raid"): the sentence
# reports the talk, not the topic, even when the topic names who did it.
TOPIC_PREPS = frozenset({"regarding", "concerning", "about"})
# Nouns that, with "of"/"to"/"for", make a background preposition out of a phrase
# ("in response to", "in the wake of", "in retaliation for", "as a result of").
BACKGROUND_NOUNS = frozenset(
    {"response", "wake", "retaliation", "result", "aftermath", "light", "view", "protest"}
)
# how many "of" links to climb ("after five days of fighting")
MAX_OF_CLIMB = 2


def in_background_adjunct(noun: Token) -> bool:
    """True when an event noun sits in a causal, temporal or topic adjunct of its clause."""
    return _adjunct_prep(noun, BACKGROUND_PREPS | TOPIC_PREPS, BACKGROUND_NOUNS)


def in_topic_adjunct(noun: Token) -> bool:
    """True when an event noun is the topic of what its clause reports ("about the raid")."""
    return _adjunct_prep(noun, TOPIC_PREPS, frozenset())


def _adjunct_prep(noun: Token, preps: frozenset[str], nouns: frozenset[str]) -> bool:
    """True when the noun (or the noun it is "of", twice at most) is the object of
    one of ``preps``, or of "to"/"of"/"for" after one of ``nouns`` ("in response to")."""
    node = noun
    if node.dep_ == "compound":
        # "following the shooting deaths of two Israelis": the modifier shares its head's place
        node = node.head
    for _ in range(MAX_OF_CLIMB + 1):
        if node.dep_ != "pobj":
            return False
        prep = node.head
        word = prep.lower_
        if word in preps:
            return True
        owner = prep.head
        if word in {"to", "of", "for"} and owner.lemma_.lower() in nouns:
            return True
        if word != "of" or owner.pos_ not in {"NOUN", "PROPN"}:
            return False
        node = owner
    return False


def _trigger_token(mention: Mention, doc: Doc) -> Token | None:
    span = doc.char_span(mention.trigger[0], mention.trigger[1], alignment_mode="expand")
    return span.root if span is not None else None


def names_its_actor(noun: Token, modifiers_are_actors: bool = True) -> bool:
    """True when an event noun names who did it: a possessor ("Russia's annexation"),
    an actor-like modifier ("Israeli air raids"; not when the modifier names the
    target, as in "the Ukraine invasion"), a "by"/"between" phrase, or a relative
    clause with a subject ("calls he made")."""
    for child in noun.children:
        if child.dep_ == "poss":
            return True
        modifier = child.dep_ in {"compound", "amod", "nmod"} and child.ent_type_ in {
            "GPE",
            "NORP",
            "ORG",
            "PERSON",
        }
        if modifier and modifiers_are_actors:
            return True
        if child.dep_ == "relcl" and any(c.dep_ in {"nsubj", "nsubjpass"} for c in child.children):
            return True
        if child.dep_ in {"prep", "agent"} and child.lower_ in {"by", "between"}:
            return True
    return bool(carrying_agents(noun))


def _is_topic_of(inner: Token, outer: Token) -> bool:
    """True when an event noun nobody is named for sits inside another trigger's
    arguments: "rejected changes to the *deal*", "blamed Israel for the *bombing*",
    "called for *sanctions*" report the outer act, with the noun as its topic."""
    if inner.pos_ not in {"NOUN", "PROPN"} or inner == outer or names_its_actor(inner):
        return False
    return outer in inner.ancestors


def _is_occasion_of(inner: Token, outer: Token) -> bool:
    """True when ``inner`` heads a "when ..." clause attached to ``outer``."""
    if inner.dep_ != "advcl" or inner.head != outer:
        return False
    return any(c.dep_ in {"advmod", "mark"} and c.lower_ in OCCASION_MARKS for c in inner.children)


def _is_content_of(inner: Mention, inner_token: Token, outer: Mention, outer_token: Token) -> bool:
    """True when a mention that did not take place (proposed, conditional,
    refused, negated) lies inside the arguments of an event that did: it is
    what that demand, offer, threat or refusal was about."""
    return inner.status != "occurred" and outer.status == "occurred" and outer_token in inner_token.ancestors


def fold_contained(mentions: list[Mention], doc: Doc) -> list[Mention]:
    """Drop mentions that a containing event of the same sentence already reports."""
    if len(mentions) < 2:
        return mentions
    tokens = {m.id: _trigger_token(m, doc) for m in mentions}
    dropped: set[str] = set()
    for outer in mentions:
        outer_token = tokens[outer.id]
        if outer_token is None:
            continue
        for inner in mentions:
            inner_token = tokens[inner.id]
            if inner is outer or inner_token is None:
                continue
            if (
                _is_topic_of(inner_token, outer_token)
                or _is_content_of(inner, inner_token, outer, outer_token)
                or (inner.type == outer.type and _is_occasion_of(inner_token, outer_token))
            ):
                dropped.add(inner.id)
        if outer.status != "occurred":
            continue
        by_clause = ABSORBED_BY_CLAUSE.get(outer.type, frozenset())
        by_sentence = ABSORBED_BY_SENTENCE.get(outer.type, frozenset())
        if not by_clause and not by_sentence:
            continue
        clause = outer_token if outer_token.pos_ == "VERB" else clause_verb(outer_token) or outer_token
        for inner in mentions:
            inner_token = tokens[inner.id]
            if inner is outer or inner_token is None or inner.start != outer.start:
                continue
            if inner.type in by_sentence or (inner.type in by_clause and clause in inner_token.ancestors):
                dropped.add(inner.id)
    return [m for m in mentions if m.id not in dropped]
