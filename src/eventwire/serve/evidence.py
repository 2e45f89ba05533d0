"""Where to highlight the trigger and the parties in an evidence sentence.

The page shows each source sentence with its trigger word and the actor and
recipient marked. The trigger has stored character offsets; the parties are
known by their surface text and canonical name, which are looked up in the
sentence (the first occurrence, whole words, case-insensitive). The page cuts
the sentence at these offsets and puts each piece in as text, so the offsets
never carry markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eventwire.records import ActorRef, SourceRef


@dataclass(frozen=True)
class Highlight:
    """A span of the sentence, ``start``/``end`` relative to the sentence, and its role."""

    start: int
    end: int
    role: str  # "trigger", "actor" or "recipient"


def _find(sentence: str, phrase: str) -> tuple[int, int] | None:
    if not phrase.strip():
        return None
    match = re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", sentence, flags=re.IGNORECASE)
    return (match.start(), match.end()) if match else None


def _party_spans(sentence: str, refs: list[ActorRef], role: str) -> list[Highlight]:
    spans: list[Highlight] = []
    for ref in refs:
        # the longest phrase first: "Army Gen. Mark Milley" before "Mark Milley"
        phrases = sorted({p for p in (ref.text, ref.name) if p}, key=len, reverse=True)
        for phrase in phrases:
            found = _find(sentence, phrase)
            if found:
                spans.append(Highlight(found[0], found[1], role))
                break
    return spans


def highlights(source: SourceRef, actor: list[ActorRef], recipient: list[ActorRef]) -> list[Highlight]:
    """Return non-overlapping spans to mark in ``source.sentence``, in order.

    The trigger comes first and wins any overlap, then the actor, then the
    recipient, so a sentence never gets nested marks.
    """
    sentence = source.sentence
    candidates: list[Highlight] = []
    start, end = source.trigger
    if source.start <= start < end <= source.start + len(sentence):
        candidates.append(Highlight(start - source.start, end - source.start, "trigger"))
    candidates += _party_spans(sentence, actor, "actor")
    candidates += _party_spans(sentence, recipient, "recipient")
    chosen: list[Highlight] = []
    for span in candidates:
        if all(span.end <= c.start or span.start >= c.end for c in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda h: h.start)
