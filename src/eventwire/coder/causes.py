"""Triggers whose doer is a hazard, not an actor ("an earthquake killed 300").

Killing and destruction verbs are the commonest ASSAULT triggers, and news uses
the same verbs for earthquakes, floods, fires and crashes. The entries of
``data/rules/causes.yaml`` name the word classes that can never be an event's
actor; a trigger whose only doer is one of them codes nothing.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

import yaml

from eventwire.coder.matching import word_forms
from eventwire.coder.roles import preps_of
from eventwire.coder.rules import Lexicon, TriggerRule, load_classes

if TYPE_CHECKING:
    from spacy.tokens import Token

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class NonAgentEntry:
    """One entry of ``causes.yaml``: doers that are not actors, for some types."""

    id: str
    types: frozenset[str]
    classes: tuple[str, ...]
    # the classes' words, joined once when the table loads
    words: frozenset[str]
    cause_preps: frozenset[str]
    modifiers: frozenset[str]


@functools.cache
def load_causes() -> tuple[NonAgentEntry, ...]:
    """Read and check ``data/rules/causes.yaml`` once per process."""
    text = resources.files("eventwire").joinpath("data/rules/causes.yaml").read_text("utf-8")
    classes = load_classes()
    entries = []
    for raw in yaml.safe_load(text):
        if not raw.get("comment"):
            raise ValueError(f"causes.yaml entry {raw.get('id')}: needs a comment")
        entries.append(
            NonAgentEntry(
                id=str(raw["id"]),
                types=frozenset(raw["types"]),
                classes=tuple(raw["classes"]),
                words=frozenset().union(*(classes[c] for c in raw["classes"])),
                cause_preps=frozenset(raw.get("cause_preps") or ()),
                modifiers=frozenset(raw.get("modifiers") or ()),
            )
        )
    return tuple(entries)


def caused_by_hazard(rule: TriggerRule, token: Token, actor_tokens: list[Token], lex: Lexicon) -> bool:
    """True when the trigger's doer is a hazard: its subject, or, with no subject,
    the object of a cause phrase ("killed in an earthquake")."""
    for entry in load_causes():
        if rule.type not in entry.types:
            continue
        doers = list(actor_tokens)
        if not doers:
            doers = [o for p, o in preps_of(token) if p in entry.cause_preps]
        if any(word_forms(d, lex) & entry.words for d in doers):
            logger.debug("%s: %r has a hazard for its doer (%s)", entry.id, token.text, rule.id)
            return True
        causes = [o for p, o in preps_of(token) if p in entry.cause_preps]
        modified = [token, *actor_tokens, *causes]
        if any(
            c.lower_ in entry.modifiers for t in modified for c in t.children if c.dep_ in {"amod", "advmod"}
        ):
            logger.debug("%s: %r is told as an accident (%s)", entry.id, token.text, rule.id)
            return True
    return False
