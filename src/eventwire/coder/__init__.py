"""The PLOVER event coder: from a parsed article, the events its sentences report.

For every token whose (part of speech, lemma) is in the trigger lexicon, each
matching rule checks its constraints (particle, preposition, object class,
governing verb), reads actor and recipient off the parse, resolves them, and
decides status, mode, date, place and casualties. The result is one
``Mention`` per rule that fired, carrying its evidence: the sentence, its
offsets, the trigger's offsets and the rule id.

    code_article(article, doc) -> list[Mention]
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from eventwire.coder.ontology import load_ontology
from eventwire.coder.roles import (
    casualties_of,
    conjuncts,
    direct_objects,
    governing_verb,
    governs_prep,
    is_past_perfect,
    mode_from_cues,
    particle_of,
    passive_roles,
    preps_of,
    status_of,
    subject_of,
    tense_of,
)
from eventwire.coder.rules import Lexicon, TriggerRule, load_lexicon
from eventwire.records import ActorRef, Article, DateRange, Mention, Place
from eventwire.resolve.actors import DocActors
from eventwire.resolve.dates import resolve_date, resolve_term_range
from eventwire.resolve.places import context_countries, resolve_place

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

logger = logging.getLogger(__name__)

# Confidence: the rule's own weight, plus these when roles resolve. Chosen so a
# strong verb with both roles resolved lands near 0.95 and a bare event noun
# with nothing resolved stays below 0.5.
ACTOR_BONUS = 0.15
RECIPIENT_BONUS = 0.1
CAPTION_FACTOR = 0.8
MAX_CONFIDENCE = 0.98
# Prepositions that attach a place to an event ("met in Helsinki").
PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout", "into"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Entity labels whose modifier on an event noun names its actor ("a U.S. airstrike").
ACTOR_ENTITY_LABELS = frozenset({"GPE", "NORP", "ORG"})
# Words that introduce a term of office ("the final months of X's presidency").
TERM_WORDS = frozenset({"presidency", "administration", "tenure", "term", "premiership", "reign", "rule"})
# An event noun inside a longer noun phrase is only a trigger when it is the
# phrase's head or directly modifies it; this is how far up we look for a verb.
MAX_DEP_DISTANCE = 6
# Leaving the trigger's clause for a governing reporting clause costs this much.
CLAUSE_PENALTY = 10


@dataclass(frozen=True)
class CodingContext:
    """What the coder knows about the article while reading its sentences."""

    article: Article
    doc: Doc
    actors: DocActors
    reference: dt.date | None
    publication: DateRange | None
    context_countries: frozenset[str]
    historical_days: int


def _parse_day(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _publication_range(article: Article) -> tuple[dt.date | None, DateRange | None]:
    """Return the reference date for relative expressions and the publication range."""
    published = _parse_day(article.published)
    if published is not None:
        iso = published.isoformat()
        return published, DateRange(iso, iso, "day", article.published, "publication")
    inferred = article.published_inferred or {}
    start, end = _parse_day(inferred.get("start")), _parse_day(inferred.get("end"))
    if end is not None:
        first = (start or end).isoformat()
        return end, DateRange(first, end.isoformat(), "range", None, "publication")
    return None, None


def _context_countries(doc: Doc) -> frozenset[str]:
    # only names that point to one country without doubt ("Georgia" does not)
    return context_countries(ent.text for ent in doc.ents if ent.label_ in PLACE_LABELS)


def _clause_distance(trigger: Token, other: Token) -> int:
    """Arcs from the trigger to another token, counting a reporting-clause boundary as far.

    In "Milley announced last week that he had made calls", "last week" dates the
    announcement, not the calls: the path leaves the trigger's clause through a
    ccomp arc, which costs ``CLAUSE_PENALTY``.
    """
    distance = _dep_distance(trigger, other)
    ancestors_of_other = {t.i for t in other.ancestors} | {other.i}
    node = trigger
    while node.i not in ancestors_of_other and node.head is not node:
        if node.dep_ == "ccomp":
            return distance + CLAUSE_PENALTY
        node = node.head
    return distance


def _dep_distance(a: Token, b: Token) -> int:
    """Number of arcs between two tokens of one sentence (large when unrelated)."""
    path_a = [a, *a.ancestors]
    index = {t.i: n for n, t in enumerate(path_a)}
    for n, t in enumerate([b, *b.ancestors]):
        if t.i in index:
            return n + index[t.i]
    return 99


def _rule_applies(rule: TriggerRule, token: Token, lex: Lexicon) -> bool:
    if rule.particle and particle_of(token) not in rule.particle:
        return False
    if rule.requires_prep and not governs_prep(token, rule.requires_prep):
        return False
    if rule.excludes_prep and governs_prep(token, rule.excludes_prep):
        return False
    if rule.objects:
        if rule.pos == "verb":
            lemmas = {o.lemma_.lower() for o in direct_objects(token)}
            lemmas |= {o.lower_ for o in direct_objects(token)}
        else:
            lemmas = set()
        if not lemmas & set(rule.objects):
            return False
    if rule.excludes_governor and token.head.lemma_.lower() in rule.excludes_governor:
        return False
    if rule.modifiers and not any(
        c.dep_ in {"amod", "compound"} and c.lower_ in rule.modifiers for c in token.children
    ):
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


def _resolve_all(tokens: list[Token], ctx: CodingContext) -> list[ActorRef]:
    """Resolve each argument (and its conjuncts); fall back to its possessor.

    "blasted Russia's attempts" has the object "attempts", which is no actor;
    its possessor "Russia" is.
    """
    refs: list[ActorRef] = []
    for token in tokens:
        ref = ctx.actors.resolve_token(token)
        if ref is None:
            owner = next((c for c in token.children if c.dep_ == "poss"), None)
            if owner is not None:
                ref = ctx.actors.resolve_token(owner)
        if ref is not None and ref.country is None:
            # "members of Congress", "officials of the ministry": the body they belong to
            # gives the country the role word lacks
            body = next((o for p, o in preps_of(token) if p == "of"), None)
            owner_ref = ctx.actors.resolve_token(body) if body is not None else None
            if owner_ref is not None and owner_ref.country:
                ref = ActorRef(ref.name, owner_ref.country, ref.sector or owner_ref.sector, ref.text)
        if ref is not None and ref not in refs:
            refs.append(ref)
    return refs


def _place_from_token(token: Token, ctx: CodingContext, basis: str) -> Place | None:
    ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    if ent is None or ent.label_ not in PLACE_LABELS:
        # "the former Soviet republic of Georgia", "the city of Kabul"
        named = next((o for p, o in preps_of(token) if p == "of" and o.ent_type_ in PLACE_LABELS), None)
        if named is not None:
            token = named
            ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    text = ent.text if ent is not None and ent.label_ in PLACE_LABELS else None
    if text is None:
        span = token.doc[token.left_edge.i : token.i + 1]
        text = span.text
    place = resolve_place(text, ctx.context_countries)
    if place is None and text.lower().startswith(("eastern ", "western ", "northern ", "southern ")):
        place = resolve_place(text.split(" ", 1)[1], ctx.context_countries)
    if place is None:
        return None
    return Place(
        text=place.text,
        name=place.name,
        country=place.country,
        admin1=place.admin1,
        lat=place.lat,
        lon=place.lon,
        geonameid=place.geonameid,
        kind=place.kind,
        basis=f"{basis}; {place.basis}",
    )


def _expand(tokens: list[Token]) -> list[Token]:
    return [part for token in tokens for part in conjuncts(token)]


def _roles(rule: TriggerRule, token: Token) -> tuple[list[Token], list[Token], list[Token]]:
    """Return (actor tokens, recipient tokens, place-candidate tokens) for a trigger.

    Coordinated arguments ("A and B") are expanded, except that "talks between
    A and B" makes A the actor and B the recipient, as "A met B" does.
    """
    actors: list[Token] = []
    recipients: list[Token] = []
    places: list[Token] = []
    if rule.pos == "verb":
        agent, patient = passive_roles(token)
        if patient is not None:
            actors = _expand([agent]) if agent is not None else []
            recipients = _expand([patient])
        else:
            subject = subject_of(token)
            if rule.governed_by:
                governor_subject = subject_of(token.head)
                actors = _expand([governor_subject]) if governor_subject is not None else []
                recipients = _expand([subject]) if subject is not None else []
            else:
                actors = _expand([subject]) if subject is not None else []
                if rule.object_is_recipient:
                    recipients.extend(_expand(direct_objects(token)))
                elif rule.place_is_recipient:
                    places.extend(direct_objects(token))
        if rule.place_is_recipient and rule.object_is_recipient:
            places.extend(recipients)
    else:
        for child in token.children:
            modifier = child.dep_ in {"compound", "amod", "nmod"}
            is_modifier = modifier and child.ent_type_ in ACTOR_ENTITY_LABELS
            if child.dep_ == "poss" or (is_modifier and rule.modifier_role == "actor"):
                actors.append(child)
            elif is_modifier:
                recipients.append(child)
                places.append(child)
        for prep, obj in preps_of(token):
            if prep == "by":
                actors.append(obj)
        verb = governing_verb(token)
        if not actors and verb is not None and token.dep_ in {"dobj", "attr"}:
            subject = subject_of(verb)
            if subject is not None:
                actors.append(subject)
        relcl = next((c for c in token.children if c.dep_ == "relcl"), None)
        if not actors and relcl is not None:
            subject = next((c for c in relcl.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.lower_ not in {"that", "which"}:
                actors.append(subject)
        root = token.sent.root
        if not actors and rule.modifiers and root.pos_ == "PROPN" and root is not token:
            # the parser found no verb ("Congress in 2016 severely limited cooperation"
            # parsed as a noun phrase): the phrase's head is the one who acted
            actors.append(root)
    for prep, obj in preps_of(token):
        if prep in rule.recipient_preps:
            if prep == "between" and rule.symmetric:
                parts = conjuncts(obj)
                actors.extend(parts[:1])
                recipients.extend(parts[1:])
            else:
                recipients.extend(_expand([obj]))
                if rule.place_is_recipient:
                    places.append(obj)
        elif prep in PLACE_PREPS:
            places.append(obj)
    if rule.swap_roles:
        actors, recipients = recipients, actors
    return actors, recipients, places


def _date_for(trigger: Token, sent: Span, ctx: CodingContext, historical: bool) -> DateRange:
    """Pick the time expression tied closest to the trigger and resolve it."""
    tense = tense_of(trigger)
    dates = [e for e in sent.ents if e.label_ == "DATE"]
    dates.sort(key=lambda e: (_clause_distance(trigger, e.root), abs(e.start - trigger.i)))
    far: list[Span] = []
    for ent in dates:
        if _clause_distance(trigger, ent.root) > MAX_DEP_DISTANCE:
            far.append(ent)
            continue
        resolved = resolve_date(ent.text, ctx.reference, tense=tense)
        if resolved is not None:
            return resolved
    for token in sent:
        if token.lemma_.lower() in TERM_WORDS and _clause_distance(trigger, token) <= MAX_DEP_DISTANCE:
            phrase = trigger.doc[token.left_edge.i : token.i + 1]
            start = phrase.start
            # climb to the noun the term phrase hangs from ("final months of ...")
            head = token.head
            for _ in range(3):
                if head.dep_ == "pobj" or head.pos_ == "ADP":
                    head = head.head
                    start = min(start, head.left_edge.i)
                else:
                    break
            resolved = resolve_term_range(trigger.doc[start : token.i + 1].text, reference=ctx.reference)
            if resolved is not None:
                return resolved
    for ent in far:
        # a date elsewhere in the sentence still beats none at all
        resolved = resolve_date(ent.text, ctx.reference, tense=tense)
        if resolved is not None:
            return resolved
    reported_now = trigger.pos_ == "VERB" or governing_verb(trigger) is not None
    if historical or ctx.publication is None or not reported_now:
        return DateRange(None, None, "unknown", None, "none")
    return ctx.publication


def _mention_id(article_id: str, rule: TriggerRule, trigger: Token) -> str:
    key = f"{article_id}|{trigger.idx}|{rule.type}|{rule.id}"
    return "m_" + hashlib.sha256(key.encode()).hexdigest()[:16]


def _consult_mode(
    mode: str | None, place: Place | None, actors: list[ActorRef], recipients: list[ActorRef]
) -> str | None:
    """CONSULT hosted by a country that is neither side's is 'third-party';
    with an international organisation it is 'multilateral'."""
    if mode is not None:
        return mode
    sides = {a.country for a in actors + recipients if a.country}
    if "IGO" in sides:
        return "multilateral"
    if place is not None and place.country and len(sides) >= 2 and place.country not in sides:
        return "third-party"
    return None


def _is_historical(date: DateRange, ctx: CodingContext) -> bool:
    end = _parse_day(date.end)
    if end is None or ctx.reference is None:
        return False
    return (ctx.reference - end).days >= ctx.historical_days


def _code_trigger(rule: TriggerRule, token: Token, ctx: CodingContext, lex: Lexicon) -> Mention | None:
    actor_tokens, recipient_tokens, place_tokens = _roles(rule, token)
    actors = _resolve_all(actor_tokens, ctx)
    recipients = _resolve_all(recipient_tokens, ctx)
    actor_keys = {(a.name, a.country, a.sector) for a in actors}
    recipients = [r for r in recipients if (r.name, r.country, r.sector) not in actor_keys]
    if rule.actor_sector and not any(a.sector in rule.actor_sector for a in actors):
        return None
    place = None
    for candidate in sorted(place_tokens, key=lambda t: _dep_distance(token, t)):
        place = _place_from_token(candidate, ctx, "place phrase tied to the trigger")
        if place is not None:
            break
    if rule.place_is_recipient and not recipients and place is not None and place.country:
        recipients = [ActorRef(name=None, country=place.country, sector=None, text=place.text)]
    if rule.default_sector:
        actors = [
            ActorRef(a.name, a.country, a.sector or rule.default_sector, a.text) if a.country else a
            for a in actors
        ]
    if not any(r.country or r.name for r in actors + recipients):
        # nobody identified: nothing an analyst could count
        return None
    sent = token.sent
    status = status_of(token, lex)
    background = is_past_perfect(token)
    date = _date_for(token, sent, ctx, historical=background)
    historical = background or _is_historical(date, ctx)
    mode = mode_from_cues(token, rule, lex)
    if rule.type == "CONSULT":
        mode = _consult_mode(mode, place, actors, recipients)
    in_caption = token.idx >= len(ctx.article.body)
    confidence = rule.weight + (ACTOR_BONUS if actors else 0) + (RECIPIENT_BONUS if recipients else 0)
    if in_caption:
        confidence *= CAPTION_FACTOR
    return Mention(
        id=_mention_id(ctx.article.id, rule, token),
        article_id=ctx.article.id,
        type=rule.type,
        mode=mode,
        status=status,
        historical=historical,
        actor=actors,
        recipient=recipients,
        date=date,
        place=place,
        size=casualties_of(token, lex),
        confidence=round(min(confidence, MAX_CONFIDENCE), 3),
        sentence=sent.text.strip(),
        start=sent.start_char,
        end=sent.end_char,
        trigger=[token.idx, token.idx + len(token.text)],
        in_caption=in_caption,
        rule=rule.id,
    )


def code_article(article: Article, doc: Doc, historical_days: int = 60) -> list[Mention]:
    """Code every event the article's sentences report.

    ``doc`` is the parse of ``article.analysed_text()``. Returns the mentions in
    text order. A token codes at most one event: the most specific entry that
    applies and finds a role wins.
    """
    lex = load_lexicon()
    load_ontology()
    reference, publication = _publication_range(article)
    ctx = CodingContext(
        article=article,
        doc=doc,
        actors=DocActors(doc),
        reference=reference,
        publication=publication,
        context_countries=_context_countries(doc),
        historical_days=historical_days,
    )
    mentions: list[Mention] = []
    consumed: set[int] = set()
    for token in doc:
        if token.i in consumed:
            continue
        pos = "verb" if token.pos_ in {"VERB"} else "noun" if token.pos_ in {"NOUN", "PROPN"} else None
        if pos is None:
            continue
        rules = lex.by_key.get((pos, token.lemma_.lower())) or lex.by_key.get((pos, token.lower_), ())
        for rule in rules:
            if not _rule_applies(rule, token, lex):
                continue
            mention = _code_trigger(rule, token, ctx, lex)
            if mention is not None:
                mentions.append(mention)
                if rule.objects:
                    # "held talks": the object noun is part of this trigger, not a second event
                    consumed.update(o.i for o in direct_objects(token))
                break
    logger.debug("article %s: %d mentions", article.id, len(mentions))
    return mentions
