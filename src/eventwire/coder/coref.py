"""Event coreference over an article's finished mentions.

Coding reads each trigger once, in text order, and a pronoun it meets is
resolved on its own, to the person the sentence most likely means: in "Senator
Ruiz has called his trips to the Brazilians reckless", "his" goes to Ruiz. An
event can say otherwise. When an event noun with a pronoun possessor ("his
trips to the Brazilians") repeats an earlier event of the article of the same
type by a named person, with the same recipient country or none stated, the
pronoun stands for that person. This pass runs once every mention is coded and
applies the finding to the whole sentence: every party a mention of it took
from the same pronoun is that person, whether the mention comes before the
event noun ("called his trips ...") or after it ("... and asked him to
resign"). The event noun also keeps the earlier event's time and place when it
states none of its own: it is that event, told again.

    corefer_by_event(mentions, doc, slots, is_historical) -> list[Mention]
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from eventwire.coder.roles import is_past_perfect, subject_of
from eventwire.records import ActorRef, DateRange, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from eventwire.resolve.actors import DocActors

logger = logging.getLogger(__name__)

# Person pronouns that refer to the same person within one sentence.
PRONOUN_GROUPS = {
    **dict.fromkeys(("he", "him", "his", "himself"), "he"),
    **dict.fromkeys(("she", "her", "hers", "herself"), "she"),
}
ROLES = ("actor", "recipient")


@dataclass(frozen=True)
class PronounSlot:
    """A party a mention took from a person pronoun, or from a pronoun possessor
    of a noun that is nobody on its own ("his calls")."""

    role: str  # "actor" or "recipient"
    sentence: int  # index of the sentence's first token
    group: str  # "he" or "she"
    ref: ActorRef | None  # whom the pronoun was resolved to on its own


def pronoun_group(token: Token) -> str | None:
    """The pronoun group of a person pronoun ("his" → "he"), or None."""
    return PRONOUN_GROUPS.get(token.lower_) if token.pos_ in {"PRON", "DET"} else None


def pronoun_slots(role: str, tokens: Iterable[Token], actors: DocActors) -> list[PronounSlot]:
    """The parties of one role that came from a person pronoun."""
    slots = []
    for token in tokens:
        source: Token | None = token if pronoun_group(token) else None
        if source is None and actors.resolve_token(token) is None:
            source = next((c for c in token.children if c.dep_ == "poss" and pronoun_group(c)), None)
        if source is not None:
            group = pronoun_group(source)
            if group is not None:
                slots.append(PronounSlot(role, token.sent.start, group, actors.resolve_token(source)))
    return slots


def _trigger_token(mention: Mention, doc: Doc) -> Token | None:
    span = doc.char_span(mention.trigger[0], mention.trigger[1], alignment_mode="expand")
    return span.root if span is not None else None


def _bound_by_subject(noun: Token, group: str) -> bool:
    """True when a clause above an event noun has a subject that is a pronoun of
    the same group ("he tried to sell a plan linking his visits ..."): the
    possessor is that subject, whoever the subject is, and an earlier event
    cannot say otherwise."""
    return any(
        (subject := subject_of(verb)) is not None and pronoun_group(subject) == group
        for verb in noun.ancestors
        if verb.pos_ in {"VERB", "AUX"}
    )


def _countries(refs: list[ActorRef]) -> set[str]:
    return {r.country for r in refs if r.country}


def _antecedent(mention: Mention, earlier: list[Mention]) -> Mention | None:
    """The latest earlier mention this event noun repeats: same type, a named
    actor, and recipients that meet (or are not stated)."""
    countries = _countries(mention.recipient)
    for candidate in reversed(earlier):
        named = [a for a in candidate.actor if a.name]
        theirs = _countries(candidate.recipient)
        if candidate.type != mention.type or not named or (theirs and not countries & theirs):
            continue
        return candidate
    return None


def _substitute(refs: list[ActorRef], replaced: list[ActorRef | None], person: ActorRef) -> list[ActorRef]:
    """Put the person where the pronoun's own reading stood (or add them)."""
    kept = [r for r in refs if r not in replaced]
    if any((r.name, r.country) == (person.name, person.country) for r in kept):
        return kept
    at = next((n for n, r in enumerate(refs) if r in replaced), len(refs))
    at = min(at, len(kept))
    return [*kept[:at], person, *kept[at:]]


def corefer_by_event(
    mentions: list[Mention],
    doc: Doc,
    slots: Mapping[str, list[PronounSlot]],
    is_historical: Callable[[DateRange], bool],
) -> list[Mention]:
    """Apply what events show pronouns to stand for; see the module docstring.

    ``mentions`` are in text order; ``slots`` gives, per mention id, the parties
    it took from pronouns. Returns the mentions, in the same order, with those
    parties (and the repeating event noun's time and place) replaced.
    """
    found: dict[tuple[int, str], ActorRef] = {}
    repeats: dict[str, Mention] = {}
    for n, mention in enumerate(mentions):
        if not _countries(mention.recipient):
            continue
        token = _trigger_token(mention, doc)
        if token is None or token.pos_ not in {"NOUN", "PROPN"}:
            continue
        owner = next((c for c in token.children if c.dep_ == "poss" and pronoun_group(c)), None)
        group = pronoun_group(owner) if owner is not None else None
        if group is not None and _bound_by_subject(token, group):
            continue
        antecedent = _antecedent(mention, mentions[:n]) if group is not None else None
        if antecedent is None or group is None:
            continue
        person = next(a for a in antecedent.actor if a.name)
        found[(token.sent.start, group)] = person
        repeats[mention.id] = antecedent
        logger.debug("'%s' refers to %s through an earlier %s", owner, person.name, mention.type)
    if not found:
        return mentions
    return [_apply(m, doc, slots.get(m.id, []), found, repeats.get(m.id), is_historical) for m in mentions]


def _apply(
    mention: Mention,
    doc: Doc,
    slots: list[PronounSlot],
    found: Mapping[tuple[int, str], ActorRef],
    antecedent: Mention | None,
    is_historical: Callable[[DateRange], bool],
) -> Mention:
    parties = {"actor": list(mention.actor), "recipient": list(mention.recipient)}
    for role in ROLES:
        for slot in (s for s in slots if s.role == role):
            person = found.get((slot.sentence, slot.group))
            if person is not None:
                parties[role] = _substitute(parties[role], [slot.ref], person)
    changes: dict[str, object] = {}
    if parties["actor"] != mention.actor or parties["recipient"] != mention.recipient:
        actor_keys = {(a.name, a.country, a.sector) for a in parties["actor"]}
        changes["actor"] = parties["actor"]
        changes["recipient"] = [
            r for r in parties["recipient"] if (r.name, r.country, r.sector) not in actor_keys
        ]
    if antecedent is not None:
        if mention.date.basis in {"publication", "none"}:
            # "his calls" is the event reported earlier: it keeps that event's time
            token = _trigger_token(mention, doc)
            background = token is not None and is_past_perfect(token)
            changes["date"] = antecedent.date
            changes["historical"] = background or is_historical(antecedent.date)
        if mention.place is None and antecedent.place is not None:
            changes["place"] = antecedent.place
    return dataclasses.replace(mention, **changes) if changes else mention  # type: ignore[arg-type]
