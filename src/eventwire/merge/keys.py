"""Meeting keys: what two reports must share for ``evidence`` to find them one happening.

Comparing every report with every group of its month is what made merging
quadratic. ``evidence(x, y).enough`` can only hold when the two reports share
something particular, so each report gets keys such that two reports with
evidence enough always share at least one key; a group is then a candidate
for a report only when one of its members shares a key with it. The keys
follow the parts of ``evidence`` one by one:

- ``n:`` a party's resolved name (named parties on both sides, or one named
  party's points);
- ``c:`` the pair of actor and recipient countries (both sides' countries);
- ``h:`` the head noun of an unnamed party's words (parties described alike);
- ``g:`` / ``p:`` a place read from the sentence, by gazetteer id or by name
  (the same place);
- ``w:`` content words and ``t:`` word trigrams, by prefix filtering: the words
  of a sentence are put in one fixed order, and a prefix is kept so long that
  a sentence sharing enough of them (the content overlap that alone reaches the
  specific points ``scoring.yaml`` asks for, or the trigram overlap of "the same
  sentence retold") must share one of the prefix's words.

Points that are not particular (trigger, counts, sector, a shared country)
never suffice without one of these (``specific_at_least``), so they need no
key. When the scoring file would let them suffice, ``meeting_keys`` returns
None and every group stays a candidate.
"""

from __future__ import annotations

import functools
import math

from eventwire.merge.evidence import _description, content_words, scoring, shingles
from eventwire.records import Mention
from eventwire.resolve.places import is_stated


def _content_threshold() -> float | None:
    """The content overlap (weighted Dice) that alone gives the specific points
    required, or None when content alone can never give them."""
    config = scoring()
    points = config.points
    if points["content_weight"] <= 0 or points["content_cap"] < config.specific_at_least:
        return None
    return points["content_floor"] + config.specific_at_least / points["content_weight"]


def _prefix(weights: dict[str, float], needed: float) -> list[str]:
    """The shortest prefix, in sorted order, whose remaining words weigh less than ``needed``."""
    remaining = sum(weights.values())
    kept: list[str] = []
    for word in sorted(weights):
        if remaining < needed:
            break
        kept.append(word)
        remaining -= weights[word]
    return kept


@functools.lru_cache(maxsize=65536)
def _sentence_keys(sentence: str) -> frozenset[str]:
    keys: set[str] = set()
    threshold = _content_threshold()
    words = content_words(sentence)
    if threshold is not None and words:
        # two sentences with weighted Dice >= t share common weight c >= t*W/(2-t)
        # of each one's weight W: the shared words cannot all lie beyond the prefix
        total = sum(words.values())
        keys |= {f"w:{w}" for w in _prefix(words, threshold * total / (2 - threshold))}
    grams = sorted(" ".join(g) for g in shingles(sentence))
    if grams:
        # Jaccard >= j needs an overlap of at least ceil(j * n) of one's n trigrams
        overlap = max(math.ceil(scoring().same_text * len(grams)), 1)
        keys |= {f"t:{g}" for g in grams[: len(grams) - overlap + 1]}
    return frozenset(keys)


def meeting_keys(mention: Mention) -> frozenset[str] | None:
    """Keys of which two reports share at least one whenever ``evidence`` finds
    them one happening; None when that cannot be promised (see the module)."""
    if scoring().specific_at_least <= 0:
        return None
    keys: set[str] = set()
    for side in (mention.actor, mention.recipient):
        for ref in side:
            if ref.name:
                keys.add(f"n:{ref.name}")
            elif ref.text:
                head, _ = _description(ref.text)
                if head:
                    keys.add(f"h:{head}")
    actor_countries = {r.country for r in mention.actor if r.country}
    recipient_countries = {r.country for r in mention.recipient if r.country}
    for a in actor_countries:
        for r in recipient_countries:
            # a meeting is told either way round ("A met B", "B met A")
            keys.add(f"c:{min(a, r)}|{max(a, r)}" if mention.type == "CONSULT" else f"c:{a}>{r}")
    place = mention.place
    if place is not None and is_stated(place):
        if place.geonameid is not None:
            keys.add(f"g:{place.geonameid}")
        if place.kind != "country":
            keys.add(f"p:{(place.name or place.text).lower()}")
    keys |= _sentence_keys(mention.sentence)
    return frozenset(keys)
