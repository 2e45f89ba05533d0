"""Which trigger entries a token can fire: the lexicon lookup and each entry's constraints.

A token is looked up by (part of speech, lemma), or by the multi-word phrase its
modifiers spell ("air strike", "car bomb"), so that entries for the bare head
("strike" the walkout) never claim a phrase the lexicon knows as something else.
Each candidate entry then checks its constraints against the parse: particle,
prepositions, object and subject classes, governing verb, auxiliaries. The
first entry (most specific first) that applies and finds a role codes the token.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventwire.coder.context import TIME_LABELS
from eventwire.coder.roles import (
    clause_verb,
    direct_objects,
    governs_prep,
    particle_of,
    passive_roles,
    preps_of,
    subject_of,
)
from eventwire.coder.rules import Lexicon, TriggerRule
from eventwire.coder.stance import load_stance_table as stance_table

if TYPE_CHECKING:
    from spacy.tokens import Token

# modifier dependencies that can spell a multi-word lemma with their head
PHRASE_DEPS = frozenset({"compound", "amod", "nmod"})
# day numbers after a month name ("March 18") and the words before one ("in March")
MONTH_LEAD_WORDS = frozenset(
    {
        "in",
        "on",
        "since",
        "until",
        "till",
        "by",
        "from",
        "through",
        "last",
        "next",
        "early",
        "late",
        "mid",
        "of",
        "this",
        "that",
    }
)


def phrase_of(token: Token, lex: Lexicon) -> str | None:
    """The multi-word lemma a noun and the modifiers just before it spell, if the
    lexicon knows one ("an air strike" -> "air strike")."""
    lefts = [c for c in token.lefts if c.dep_ in PHRASE_DEPS]
    for child in reversed(lefts):
        for head_form in (token.lemma_.lower(), token.lower_):
            phrase = f"{child.lower_} {head_form}"
            if phrase in lex.phrases:
                return phrase
    return None


def word_forms(token: Token, lex: Lexicon) -> set[str]:
    """What a noun is, for an entry's word lists: its phrase if it spells one,
    else its lemma and its surface form."""
    phrase = phrase_of(token, lex)
    if phrase is not None:
        return {phrase}
    return {token.lemma_.lower(), token.lower_}


def is_month(token: Token, lex: Lexicon) -> bool:
    """ "in March", "March 18", "since May": a month name the tagger left as a noun."""
    if token.lower_ not in lex.classes.get("month_homograph", frozenset()):
        return False
    if token.ent_type_ in TIME_LABELS:
        return True
    if not token.text[:1].isupper():
        return False
    after = token.nbor(1) if token.i + 1 < len(token.doc) else None
    before = token.nbor(-1) if token.i > 0 else None
    if after is not None and after.like_num:
        return True
    if before is not None and before.lower_ in MONTH_LEAD_WORDS:
        return True
    # capitalised inside a sentence and not part of a name ("the March for Our Lives")
    return token.i != token.sent.start and not (before is not None and before.lower_ == "the")


def candidate_rules(token: Token, pos: str, lex: Lexicon) -> tuple[TriggerRule, ...]:
    """The entries a token may fire, most specific first; a noun that spells a
    phrase some entry is named by is looked up by the phrase alone."""
    if pos == "noun":
        phrase = phrase_of(token, lex)
        if phrase is not None:
            rules = lex.by_key.get((pos, phrase.split()[-1]), ())
            claimed = tuple(r for r in rules if phrase in r.lemmas)
            if claimed:
                return claimed
            # a phrase known only as an entry's object ("tear gas") leaves its head to its own entries
    return lex.by_key.get((pos, token.lemma_.lower())) or lex.by_key.get((pos, token.lower_), ())


def _subject_words(token: Token, lex: Lexicon) -> set[str]:
    """The words of the trigger's subject (the patient of a passive: "a bomb was detonated")."""
    _, patient = passive_roles(token)
    subject = patient if patient is not None else subject_of(token)
    if subject is None:
        return set()
    return word_forms(subject, lex)


def rule_applies(rule: TriggerRule, token: Token, lex: Lexicon) -> bool:
    if rule.particle and particle_of(token) not in rule.particle:
        return False
    if rule.requires_prep and not governs_prep(token, rule.requires_prep):
        return False
    if rule.excludes_prep and governs_prep(token, rule.excludes_prep):
        return False
    if rule.objects:
        if rule.pos == "verb":
            objects = direct_objects(token)
            # "700 kg of medicine", "part of a military aid program": the thing is the "of" phrase
            objects += [o for obj in objects for p, o in preps_of(obj) if p == "of"]
            lemmas = {form for o in objects for form in word_forms(o, lex)}
        else:
            lemmas = set()
        if not lemmas & set(rule.objects):
            return False
    if rule.subject and not _subject_words(token, lex) & set(rule.subject):
        return False
    if rule.prep_object:
        # "charged with murder", "taken into custody": what the required phrase names
        wanted = set(rule.requires_prep)
        named = {form for p, o in preps_of(token) if not wanted or p in wanted for form in word_forms(o, lex)}
        if not named & set(rule.prep_object):
            return False
    if rule.excludes_governor and token.head.lemma_.lower() in rule.excludes_governor:
        return False
    if rule.modifiers and not any(
        c.dep_ in {"amod", "compound"} and c.lower_ in rule.modifiers for c in token.children
    ):
        return False
    if rule.requires_object and not any(c.dep_ in {"dobj", "dative"} for c in token.children):
        return False
    if rule.with_verbs:
        verb = clause_verb(token)
        if verb is None or verb.lemma_.lower() not in rule.with_verbs:
            return False
    if rule.aux and not any(c.dep_ in {"aux", "auxpass"} and c.lower_ in rule.aux for c in token.children):
        return False
    if rule.governed_by:
        head = token.head
        if token.dep_ not in {"ccomp", "xcomp", "advcl"} or head.lemma_.lower() not in rule.governed_by:
            return False
    elif rule.pos == "verb" and token.dep_ in {"ccomp", "xcomp"}:
        # a causative entry claims this clause; the plain entry stays silent
        governed = lex.by_key.get(("verb", token.lemma_.lower()), ())
        if any(r.governed_by and token.head.lemma_.lower() in r.governed_by for r in governed):
            return False
    return True


def stated_complements(token: Token) -> list[int]:
    """The act an intent or refusal trigger announces: "agreed to *resign*",
    "threatened to *storm*", "refused to *meet*". PLOVER codes the statement
    once, in the governor's category, so the complement is no second event."""
    table = stance_table()
    lemma = token.lemma_.lower()
    if token.pos_ != "VERB" or not (lemma in table.intent_governors or lemma in table.refusal_governors):
        return []
    complements = [c for c in token.children if c.dep_ == "xcomp" and c.pos_ == "VERB"]
    # the complement and its objects ("agreed to postpone the demonstration")
    return [t.i for c in complements for t in (c, *direct_objects(c))]
