"""Stated intentions: when a sentence reports what an actor says it will do.

PLOVER codes "Portugal will support Turkey's bid" as AGREE, "the farmers said
they would blockade Paris" as THREATEN and "Syria will not accept more
refugees" as REJECT: the statement is the event, in one category, never
"SUPPORT + future" (PLOVER manual 2.3, 3.1). This module reads the *stance* of
a trigger off the parse and folds the mention's type as ``data/rules/reductions.yaml``
says. Only the actor's own commitments count: an auxiliary or a governing verb
of intent on the trigger's clause ("will", "plans to", "is ready to"). A bare
modal ("could reach out") or a future adjective on a noun ("future strikes")
is no commitment and is left to the status rules.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Literal

import yaml

from eventwire.coder.ontology import check_mode
from eventwire.coder.roles import clause_verb

if TYPE_CHECKING:
    from spacy.tokens import Token

Stance = Literal["intent", "conditional", "refusal", "allegation"]

# how many clause links the walk may climb ("said it was ready to consider sending")
MAX_CLIMB = 3
# auxiliaries that only count with a condition ("may halt mediation if ...")
MODAL_AUX = frozenset({"may", "might", "could", "can"})


@dataclass(frozen=True)
class Reduction:
    """One row of ``reductions.yaml``: a stance that turns these types into another."""

    id: str
    stance: Stance
    sources: frozenset[str]
    target: str
    comment: str = ""
    mode: str | None = None


@dataclass(frozen=True)
class StanceTable:
    """The cue words and reductions, loaded once."""

    intent_aux: frozenset[str]
    intent_governors: frozenset[str]
    refusal_governors: frozenset[str]
    condition_marks: frozenset[str]
    reductions: tuple[Reduction, ...]
    allegation_governors: frozenset[str] = frozenset()
    allegation_nouns: frozenset[str] = frozenset()

    def reduce(self, event_type: str, stance: Stance) -> Reduction | None:
        """Return the reduction for this type under this stance, if PLOVER asks for one."""
        return next((r for r in self.reductions if r.stance == stance and event_type in r.sources), None)


@functools.cache
def load_stance_table() -> StanceTable:
    """Read ``data/rules/reductions.yaml``."""
    text = resources.files("eventwire").joinpath("data/rules/reductions.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    cues = {k: frozenset(str(w) for w in v) for k, v in data["cues"].items()}
    reductions = tuple(
        Reduction(
            id=r["id"],
            stance=r["stance"],
            sources=frozenset(r["from"]),
            target=r["to"],
            comment=r.get("comment", ""),
            mode=r.get("mode"),
        )
        for r in data["reductions"]
    )
    for reduction in reductions:
        check_mode(reduction.target, reduction.mode)
    return StanceTable(
        intent_aux=cues["intent_aux"],
        intent_governors=cues["intent_governors"],
        refusal_governors=cues["refusal_governors"],
        condition_marks=cues["condition_marks"],
        reductions=reductions,
        allegation_governors=cues.get("allegation_governors", frozenset()),
        allegation_nouns=cues.get("allegation_nouns", frozenset()),
    )


def _negated(node: Token) -> bool:
    return any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never") for c in node.children)


def _conditional(node: Token, table: StanceTable) -> bool:
    """True when an adverbial clause on ``node`` sets a condition ("unless X does Y")."""
    for child in node.children:
        if child.dep_ == "advcl" and any(
            m.dep_ == "mark" and m.lower_ in table.condition_marks for m in child.children
        ):
            return True
    return False


def _auxiliaries(node: Token) -> set[str]:
    return {c.lower_ for c in node.children if c.dep_ in {"aux", "auxpass"}}


def _clause_of(trigger: Token) -> Token | None:
    """The verb whose clause carries the trigger: itself, or the light verb of an object noun."""
    if trigger.pos_ in {"VERB", "AUX"}:
        return trigger
    if trigger.dep_ == "dobj" and trigger.head.pos_ in {"VERB", "AUX"}:
        # "will hold talks", "plans to impose sanctions"
        return trigger.head
    owner = trigger.head.head if trigger.dep_ == "pobj" and trigger.head.lower_ == "of" else None
    if owner is not None and any(c.dep_ == "nummod" for c in owner.children):
        # "will provide 25,000 tons of food aid": a quantity of the thing, not a topic
        return clause_verb(owner)
    return None


def stance_of(trigger: Token, table: StanceTable | None = None) -> Stance | None:
    """Return how the actor stands to the act the trigger names, or None for a plain report."""
    table = table or load_stance_table()
    node = _clause_of(trigger)
    if node is None:
        return None
    conditional = False
    for _ in range(MAX_CLIMB + 1):
        conditional = conditional or _conditional(node, table)
        auxes = _auxiliaries(node)
        own_intent = auxes & table.intent_aux
        if "would" in own_intent and len(own_intent) == 1 and node.dep_ != "ccomp" and not conditional:
            # "would" announces an intent only in reported speech ("said it would allow")
            own_intent = set()
        if own_intent:
            if _negated(node):
                return "refusal"
            return "conditional" if conditional else "intent"
        if auxes & MODAL_AUX and conditional and not _negated(node):
            return "conditional"
        if node.dep_ in {"acl", "ccomp"} and node.head.pos_ == "NOUN":
            # "an allegation that the NPFL had taken the city"
            return "allegation" if node.head.lemma_.lower() in table.allegation_nouns else None
        if node.dep_ not in {"xcomp", "ccomp", "conj", "advcl"} or node.head == node:
            return None
        head = node.head
        lemma = head.lemma_.lower()
        # "have sworn to fight" is sometimes parsed as a purpose clause: an infinitive
        # under a verb of intent is its complement all the same
        infinitive = node.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children)
        complement = node.dep_ == "xcomp" or infinitive
        if complement and lemma in table.refusal_governors:
            return None if _negated(head) else "refusal"
        if (complement or node.dep_ == "ccomp") and lemma in table.intent_governors:
            if _negated(head):
                return "refusal"
            return "conditional" if conditional or _conditional(head, table) else "intent"
        if node.dep_ == "ccomp" and lemma in table.allegation_governors:
            return "allegation"
        if node.dep_ in {"advcl", "ccomp"}:
            # a purpose clause ("to protest ...") takes no stance of its own, and a
            # reported clause keeps its own ("will say that they met" reports a meeting)
            return None
        node = head
    return None


def statement_head(trigger: Token) -> Token:
    """The verb of the statement a stated intention belongs to ("said" in "said it will meet").

    A reduced mention is dated by its statement, not by the act it announces.
    """
    node = _clause_of(trigger) or trigger
    for _ in range(MAX_CLIMB + 1):
        if node.dep_ not in {"xcomp", "ccomp", "conj"} or node.head == node:
            break
        node = node.head
    return node
