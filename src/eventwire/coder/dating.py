"""When a coded event happened: the time expression, term of office or named
episode tied closest to its trigger, or the publication date when the event is
reported as current.

    date_for(trigger, sentence, ctx, historical) -> DateRange
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventwire.coder.contain import in_background_adjunct
from eventwire.coder.context import PLACE_LABELS, CodingContext, parse_day
from eventwire.coder.roles import governing_verb, tense_of
from eventwire.records import DateRange
from eventwire.resolve.actors import lookup_phrase
from eventwire.resolve.dates import resolve_date, resolve_term_range
from eventwire.resolve.dates.spans import TimelineEntry, entries_in
from eventwire.resolve.episodes import resolve_episode

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# Prepositions that tie an episode to an event ("during the war", "in the last
# weeks of the airlift").
EPISODE_PREPS = frozenset({"in", "during", "amid", "throughout", "at"})
# An episode phrase right after an event noun dates it even when the parser hung
# the phrase elsewhere: at most this many words between them.
MAX_EPISODE_GAP = 4
# Words that introduce a term of office ("the final months of X's presidency").
TERM_WORDS = frozenset({"presidency", "administration", "tenure", "term", "premiership", "reign", "rule"})
# Prepositions that make a term of office the time of an event ("during the Obama
# administration", "in the final months of his presidency", "throughout her tenure").
TERM_PREPS = frozenset({"during", "throughout", "in", "over"})
# An event noun inside a longer noun phrase is only a trigger when it is the
# phrase's head or directly modifies it; this is how far up we look for a verb.
MAX_DEP_DISTANCE = 6
# Leaving the trigger's clause for a governing reporting clause costs this much.
CLAUSE_PENALTY = 10


def clause_distance(trigger: Token, other: Token) -> int:
    """Arcs from the trigger to another token, counting a reporting-clause boundary as far.

    In "Boric said last week that he had placed calls", "last week" dates the
    announcement, not the calls: the path leaves the trigger's clause through a
    ccomp arc, which costs ``CLAUSE_PENALTY``.
    """
    distance = dep_distance(trigger, other)
    ancestors_of_other = {t.i for t in other.ancestors} | {other.i}
    node = trigger
    while node.i not in ancestors_of_other and node.head != node:
        if node.dep_ == "ccomp":
            return distance + CLAUSE_PENALTY
        node = node.head
    return distance


def dep_distance(a: Token, b: Token) -> int:
    """Number of arcs between two tokens of one sentence (large when unrelated)."""
    path_a = [a, *a.ancestors]
    index = {t.i: n for n, t in enumerate(path_a)}
    for n, t in enumerate([b, *b.ancestors]):
        if t.i in index:
            return n + index[t.i]
    return 99


def _resolve_against_publication(
    text: str, ctx: CodingContext, tense: str | None, anchor: DateRange | None = None
) -> DateRange | None:
    """Resolve a time expression against the publication date (anaphora such as
    "the following day" against ``anchor``, the article's last date before it).

    When the article's date is only known as a range (inferred from the page),
    a relative expression ("over the weekend") is resolved against both ends and
    the union is kept: the date is as uncertain as the article's own.
    """
    resolved = resolve_date(text, ctx.reference, tense=tense, anchor=anchor)
    publication = ctx.publication
    if resolved is None or resolved.basis != "relative" or publication is None:
        return resolved
    earliest = parse_day(publication.start)
    if earliest is None or earliest == ctx.reference:
        return resolved
    early = resolve_date(text, earliest, tense=tense, anchor=anchor)
    if early is None or early.start is None or resolved.end is None or early.start == resolved.start:
        # both ends of the article's range give the same day: as sure as it gets
        return resolved
    return DateRange(early.start, resolved.end, "range", resolved.text, "relative")


def _episode_belongs(trigger: Token, prep: Token) -> bool:
    """Whether an episode phrase ("in the last weeks of the airlift") dates this
    trigger: it hangs from the trigger or from inside the trigger's phrase, or it
    follows an event noun within a few words (the small parser often hangs it on
    the main verb instead: "follow a raid near the capital in the last weeks
    of ...")."""
    if prep.head == trigger:
        return True
    if trigger.pos_ not in {"NOUN", "PROPN"}:
        return False
    if 0 < prep.i - trigger.i <= MAX_EPISODE_GAP:
        return True
    # inside the trigger's own noun phrase: no verb between the phrase and the noun
    node = prep.head
    for _ in range(MAX_DEP_DISTANCE):
        if node == trigger:
            return True
        if node.pos_ in {"VERB", "AUX"} or node.head == node:
            return False
        node = node.head
    return False


def _episode_date(trigger: Token, sent: Span, ctx: CodingContext) -> tuple[int, DateRange] | None:
    """The nearest phrase tied to the trigger that names a dated episode ("in the
    last weeks of the hurried airlift"), with its clause distance."""
    found: tuple[int, DateRange] | None = None
    for prep in sent:
        if prep.dep_ != "prep" or prep.lower_ not in EPISODE_PREPS:
            continue
        distance = clause_distance(trigger, prep)
        if not _episode_belongs(trigger, prep) or (found is not None and found[0] <= distance):
            continue
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            span = trigger.doc[obj.left_edge.i : obj.right_edge.i + 1]
            named = frozenset(
                ref.country
                for ent in span.ents
                if ent.label_ in PLACE_LABELS | {"NORP"}
                and (ref := lookup_phrase(ent.text)) is not None
                and ref.country
            )
            resolved = resolve_episode(span.text, ctx.places.countries, ctx.reference, named)
            if resolved is not None:
                found = (distance, resolved)
    return found


def _term_is_time_adjunct(token: Token) -> bool:
    """Whether a term-of-office phrase says WHEN ("during the Obama administration",
    "in the final months of his presidency") rather than WHO ("the Trump
    administration imposed ...", "sanctions by the Obama administration")."""
    node = token
    for _ in range(3):
        if node.dep_ == "pobj" and node.head.lower_ in TERM_PREPS:
            return True
        if node.dep_ not in {"pobj", "prep", "poss", "compound"} or node.head == node:
            return False
        node = node.head
    return False


def _term_date(trigger: Token, sent: Span, ctx: CodingContext) -> DateRange | None:
    """A term of office that is the time of the event: a time adjunct, and over by the
    publication date. A term still running is context, not the event's range: the
    publication-anchored date is sharper."""
    for token in sent:
        if token.lemma_.lower() not in TERM_WORDS or clause_distance(trigger, token) > MAX_DEP_DISTANCE:
            continue
        phrase = trigger.doc[token.left_edge.i : token.i + 1]
        start = phrase.start
        # climb to the noun the term phrase hangs from ("final months of ...")
        head = token.head
        outer = token
        for _ in range(3):
            if head.dep_ == "pobj" or head.pos_ == "ADP":
                outer = head
                head = head.head
                start = min(start, head.left_edge.i)
            else:
                break
        if not (_term_is_time_adjunct(token) or _term_is_time_adjunct(outer)):
            continue
        resolved = resolve_term_range(trigger.doc[start : token.i + 1].text, reference=ctx.reference)
        if resolved is None:
            continue
        end = parse_day(resolved.end)
        if ctx.reference is not None and (end is None or end >= ctx.reference):
            continue
        return resolved
    return None


def date_for(trigger: Token, sent: Span, ctx: CodingContext, historical: bool) -> DateRange:
    """Pick the time expression tied closest to the trigger and resolve it.

    The candidates are the article's time expressions in this sentence that may
    date an event (not a house number, a target such as "by 2024", or a
    century naming a kind of thing); each is resolved with the trigger's tense,
    and anaphora against the article's last date before it.
    """
    tense = tense_of(trigger)
    doc = trigger.doc
    entries = [e for e in entries_in(doc, ctx.reference, sent.start, sent.end) if e.dates_events]
    entries.sort(key=lambda e: (clause_distance(trigger, doc[e.span.root]), abs(e.span.start - trigger.i)))
    episode = _episode_date(trigger, sent, ctx)
    far: list[TimelineEntry] = []
    for entry in entries:
        distance = clause_distance(trigger, doc[entry.span.root])
        if distance > MAX_DEP_DISTANCE:
            far.append(entry)
            continue
        if episode is not None and episode[0] < distance:
            # "a raid in the last weeks of the airlift" beats "this week"
            # said of the discussions the sentence is about
            return episode[1]
        resolved = _resolve_against_publication(entry.span.text, ctx, tense, entry.anchor)
        if resolved is not None:
            return resolved
    term = _term_date(trigger, sent, ctx)
    if term is not None:
        return term
    if episode is not None:
        return episode[1]
    for entry in far:
        # a date elsewhere in the sentence still beats none at all
        resolved = _resolve_against_publication(entry.span.text, ctx, tense, entry.anchor)
        if resolved is not None:
            return resolved
    reported_now = (
        trigger.pos_ == "VERB"
        or (governing_verb(trigger) is not None and not in_background_adjunct(trigger))
        or _circumstance_of_verb(trigger)
    )
    if historical or ctx.publication is None or not reported_now:
        return DateRange(None, None, "unknown", None, "none")
    return ctx.publication


# Prepositions that make an event noun the circumstance of its verb's own
# happening: "died in an attack", "wounded during clashes", "hurt by a blast".
CIRCUMSTANCE_PREPS = frozenset({"in", "during", "by", "at"})


def _circumstance_of_verb(noun: Token) -> bool:
    """True when the noun is told as the occasion of the verb it hangs from, so
    it happened when that verb did ("two soldiers were killed in an ambush")."""
    prep = noun.head
    return (
        noun.dep_ == "pobj"
        and prep.lower_ in CIRCUMSTANCE_PREPS
        and prep.head.pos_ == "VERB"
        and prep.head.tag_ in {"VBD", "VBN"}
    )
