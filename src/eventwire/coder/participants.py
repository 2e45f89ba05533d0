"""The protest told through its participants: "police clashed with protesters".

News often reports the violence or the arrests at a protest, not the protest:
the protest is a participant noun ("protesters", "rioters") in the ASSAULT or
COERCE event, not a trigger. Event data counts both, so each such event also
gives a PROTEST event whose actor is the protesting party, in the same
sentence, with the same status, date and place. The participant words are the
``protester`` and ``rioter`` classes of ``data/rules/classes.yaml``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re

from eventwire.coder.rules import Lexicon
from eventwire.records import ActorRef, Mention

PARTICIPANT_RULE = "protest-participants"
PARTICIPANT_COMMENT = "the event's party is a protesting crowd, so the protest is coded too"
# the events whose parties can be protesters, and how much of their confidence a derived protest keeps
SOURCE_TYPES = frozenset({"ASSAULT", "COERCE"})
DERIVED_CONFIDENCE = 0.8
WORD = re.compile(r"[\w'-]+")


def _participant_kind(ref: ActorRef, lex: Lexicon) -> str | None:
    words = {w.lower() for w in WORD.findall(ref.text or "")}
    if words & lex.classes["rioter"]:
        return "riot"
    if words & lex.classes["protester"]:
        return "demo"
    return None


def protests_of_participants(mentions: list[Mention], lex: Lexicon) -> list[Mention]:
    """The mentions in text order, each ASSAULT or COERCE with a protesting party
    followed by the PROTEST it implies (unless the sentence already codes one)."""
    protest_sentences = {m.start for m in mentions if m.type == "PROTEST"}
    out: list[Mention] = []
    for mention in mentions:
        out.append(mention)
        if mention.type not in SOURCE_TYPES or mention.start in protest_sentences:
            continue
        for party in (*mention.actor, *mention.recipient):
            mode = _participant_kind(party, lex)
            if mode is None:
                continue
            at = mention.sentence.find(party.text) if party.text else -1
            trigger = (
                [mention.start + at, mention.start + at + len(party.text)] if at >= 0 else mention.trigger
            )
            key = f"{mention.id}|{PARTICIPANT_RULE}"
            out.append(
                dataclasses.replace(
                    mention,
                    id="m_" + hashlib.sha256(key.encode()).hexdigest()[:16],
                    type="PROTEST",
                    mode=mode,
                    actor=[party],
                    recipient=[],
                    size=None,
                    trigger=trigger,
                    confidence=round(mention.confidence * DERIVED_CONFIDENCE, 3),
                    rule=f"{mention.rule}>{PARTICIPANT_RULE}",
                )
            )
            protest_sentences.add(mention.start)
            break
    return out
