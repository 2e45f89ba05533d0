"""The PLOVER event coder: from a parsed article, the events its sentences report.

For every token whose (part of speech, lemma) is in the trigger lexicon, each
matching rule checks its constraints (particle, preposition, object class,
governing verb), reads actor and recipient off the parse, resolves them, and
decides status, mode, date, place and casualties. The result is one
``Mention`` per rule that fired, carrying its evidence: the sentence, its
offsets, the trigger's offsets and the rule id. The tokens are read once, in
text order; ``coref`` then makes one pass over the finished mentions and
``contain`` drops the events another event already reports. Dates come from
``dating``, phrases that refer back ("both sides", "the base") from ``refer``.

    code_article(article, doc) -> list[Mention]
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from typing import TYPE_CHECKING

from eventwire.coder.contain import fold_contained, in_background_adjunct, in_topic_adjunct, names_its_actor
from eventwire.coder.context import (
    PLACE_LABELS,
    TIME_LABELS,
    CodingContext,
    is_historical,
    place_context,
    publication_range,
)
from eventwire.coder.coref import corefer_by_event, pronoun_slots
from eventwire.coder.dating import date_for, dep_distance
from eventwire.coder.ontology import load_ontology
from eventwire.coder.refer import actor_of_named_event, earlier_pair, holder_of_facility
from eventwire.coder.roles import (
    SUBJECT_DEPS,
    casualties_of,
    clause_verb,
    conjuncts,
    direct_objects,
    governs_prep,
    is_past_perfect,
    mode_from_cues,
    particle_of,
    passive_roles,
    preps_of,
    status_of,
    subject_of,
)
from eventwire.coder.rules import Lexicon, TriggerRule, load_lexicon
from eventwire.coder.stance import load_stance_table as stance_table
from eventwire.coder.stance import stance_of, statement_head
from eventwire.records import ActorRef, Article, Mention, Place
from eventwire.resolve.actors import DocActors

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

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
# subordinators of a clause that happens at the same moment as its main verb
SAME_MOMENT_MARKS = frozenset({"when", "while", "as"})
# Entity labels whose modifier on an event noun names its actor ("a U.S. airstrike").
ACTOR_ENTITY_LABELS = frozenset({"GPE", "NORP", "ORG"})
# Types where a side known only by its sector is still worth counting: "a
# journalist was killed", "students staged a demonstration". For verbal types
# an actor with no country or name tells an analyst nothing.
SECTOR_ONLY_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST"})
# Types coded even when the actor is a group nobody can resolve: protesters are
# often described, not named ("angry farmers"), and the protest still happened.
UNNAMED_ACTOR_TYPES = frozenset({"PROTEST"})
# Types whose unnamed recipients are victims of the place the event happened in.
VICTIM_TYPES = frozenset({"ASSAULT", "COERCE"})
# "tens of thousands of students": how many "of" links lead to the real actor
QUANTITY_DEPTH = 2


def _rule_applies(rule: TriggerRule, token: Token, lex: Lexicon) -> bool:
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
            lemmas = {o.lemma_.lower() for o in objects}
            lemmas |= {o.lower_ for o in objects}
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


def _resolve_all(tokens: list[Token], ctx: CodingContext) -> list[ActorRef]:
    """Resolve each argument (and its conjuncts); fall back to its possessor.

    "condemned Iran's attempts" has the object "attempts", which is no actor;
    its possessor "Russia" is.
    """
    refs: list[ActorRef] = []
    for token in tokens:
        lead = earlier_pair(token, ctx)
        if lead is not None:
            refs.extend(r for r in (*lead.actor, *lead.recipient) if r not in refs)
            continue
        ref = ctx.actors.resolve_token(token)
        if ref is None:
            owner = next((c for c in token.children if c.dep_ == "poss"), None)
            if owner is not None:
                ref = ctx.actors.resolve_token(owner)
        if ref is None:
            ref = _through_quantity(token, ctx)
        if ref is None:
            # "Palestinian prisoners", "Druze inhabitants": an unknown head word still
            # takes the country its nationality modifier names (sector stays unknown)
            for child in token.children:
                if child.dep_ in {"amod", "compound"} and child.ent_type_ in {"NORP", "GPE"}:
                    known = ctx.actors.resolve_token(child)
                    if known is not None and known.country:
                        span = token.doc[min(child.i, token.i) : token.i + 1].text
                        ref = ActorRef(None, known.country, None, span)
                        break
        if ref is not None and ref.country is None:
            # "members of Congress", "officials of the ministry": the body they belong to
            # gives the country the role word lacks
            body = next((o for p, o in preps_of(token) if p == "of"), None)
            owner_ref = ctx.actors.resolve_token(body) if body is not None else None
            if owner_ref is not None and owner_ref.country:
                ref = ActorRef(ref.name, owner_ref.country, ref.sector or owner_ref.sector, ref.text)
        if ref is not None and ref not in refs:
            refs.append(ref)
        if ref is not None and ref.country:
            refs.extend(r for r in _coordinated_countries(token, ref, ctx) if r not in refs)
    return refs


def _coordinated_countries(token: Token, ref: ActorRef, ctx: CodingContext) -> list[ActorRef]:
    """ "Chilean and Peruvian naval officers": one side per coordinated nationality,
    sharing the head noun's sector."""
    extra: list[ActorRef] = []
    for child in token.children:
        if child.dep_ not in {"amod", "compound", "nmod"} or child.ent_type_ not in {"GPE", "NORP"}:
            continue
        for other in child.conjuncts:
            known = ctx.actors.resolve_token(other)
            if known is not None and known.country and known.country != ref.country:
                extra.append(ActorRef(None, known.country, ref.sector, other.text))
    return extra


def _victims_where_it_happened(recipients: list[ActorRef], place: Place | None) -> list[ActorRef]:
    """Unnamed victims ("ten civilians") are of the country the event took place in,
    as event data conventionally codes them."""
    if place is None or not place.country:
        return recipients
    return [
        ActorRef(r.name, place.country, r.sector, r.text)
        if r.country is None and r.sector and not r.name
        else r
        for r in recipients
    ]


def _through_quantity(token: Token, ctx: CodingContext) -> ActorRef | None:
    """ "Tens of thousands of students", "a group of Chechen refugees", "members of
    the coalition": the actor is the noun the quantity or group word is "of"."""
    node = token
    for _ in range(QUANTITY_DEPTH):
        body = next((o for p, o in preps_of(node) if p == "of"), None)
        if body is None:
            return None
        ref = ctx.actors.resolve_token(body)
        if ref is not None:
            return ref
        node = body
    return None


def _place_from_token(token: Token, ctx: CodingContext, basis: str) -> Place | None:
    if token.ent_type_ in TIME_LABELS:
        # "in March" is a month, not the town of March
        return None
    ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    if ent is None or ent.label_ not in PLACE_LABELS:
        # "the Indian state of Assam", "the city of Kabul"
        named = next((o for p, o in preps_of(token) if p == "of" and o.ent_type_ in PLACE_LABELS), None)
        if named is not None:
            token = named
            ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    text = ent.text if ent is not None and ent.label_ in PLACE_LABELS else None
    if text is None:
        span = token.doc[token.left_edge.i : token.i + 1]
        text = span.text
    place = ctx.places.resolve(text)
    if place is None and text.lower().startswith(("eastern ", "western ", "northern ", "southern ")):
        place = ctx.places.resolve(text.split(" ", 1)[1])
    if place is None:
        return None
    return dataclasses.replace(place, basis=f"{basis}; {place.basis}")


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
        if patient is not None and agent is None and rule.stative_passive:
            # "Caracas has long been opposed to ...": the adjective-like participle's subject acts
            actors = _expand([patient])
        elif patient is not None:
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
        for clause in token.children:
            # "discussed it with EU ministers when they gathered in Riga": a
            # clause of the same moment says where the event took place
            if clause.dep_ == "advcl" and any(
                m.dep_ in {"mark", "advmod"} and m.lower_ in SAME_MOMENT_MARKS for m in clause.children
            ):
                places.extend(o for p, o in preps_of(clause) if p in PLACE_PREPS)
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
        relcl = next((c for c in token.children if c.dep_ == "relcl"), None)
        if not actors and relcl is not None:
            # "criticised the calls Boric made": the relative clause says whose
            # calls they are, before the verb the noun hangs from can
            subject = next((c for c in relcl.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.lower_ not in {"that", "which"}:
                actors.append(subject)
        verb = clause_verb(token)
        if not actors and verb is not None and token.dep_ not in SUBJECT_DEPS:
            # "staged a demonstration", "arrived on a visit", "after days of fighting":
            # whoever does the verb the event noun completes is its actor
            subject = subject_of(verb)
            if subject is not None and subject is not token:
                actors.append(subject)
        if not actors:
            actors.extend(_actor_of_verbless_root(rule, token))
    pairs = list(preps_of(token))
    if rule.pos == "verb" and rule.objects:
        # "held talks with B": the phrase often hangs from the object noun the entry names
        pairs += [
            (p, o)
            for obj in direct_objects(token)
            if obj.lemma_.lower() in rule.objects or obj.lower_ in rule.objects
            for p, o in preps_of(obj)
        ]
    if rule.pos == "noun":
        pairs += _preps_hung_on_verb(rule, token)
    if rule.pos == "noun":
        # "calls he made to his Chinese counterpart": the relative clause carries the recipient
        for relcl in (c for c in token.children if c.dep_ == "relcl"):
            pairs += [(p, o) for p, o in preps_of(relcl) if p in rule.recipient_preps]
    for prep, obj in pairs:
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


def _actor_of_verbless_root(rule: TriggerRule, token: Token) -> list[Token]:
    """The small model reads "NAME in YEAR sharply limited X" as one noun phrase
    headed by the name, with the verb made an adjective of X ("Parliament in 2019
    sharply limited trade with Belarus"). For the entries that code such a verb
    through the noun's modifier ("limited cooperation"), in a sentence left with
    no verb at all, the name heading it is the one who acted."""
    root = token.sent.root
    if not rule.modifiers or root.pos_ != "PROPN" or root == token:
        return []
    if any(t.pos_ in {"VERB", "AUX"} and t.dep_ not in {"amod", "compound"} for t in token.sent):
        return []
    return [root]


def _preps_hung_on_verb(rule: TriggerRule, token: Token) -> list[tuple[str, Token]]:
    """The small parser often hangs "to B" on the verb an event noun is the object
    of ("holding joint naval exercises with Chile"); a phrase right after the noun still
    belongs to it."""
    if token.dep_ != "dobj":
        return []
    return [
        (p, o)
        for p, o in preps_of(token.head)
        if o.head.i == token.right_edge.i + 1 and p in rule.recipient_preps
    ]


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


def _code_trigger(rule: TriggerRule, token: Token, ctx: CodingContext, lex: Lexicon) -> Mention | None:
    if rule.pos == "noun" and (
        in_topic_adjunct(token)
        or (in_background_adjunct(token) and not names_its_actor(token, rule.modifier_role == "actor"))
    ):
        # "after two days of fighting", "in response to recent unrest": background
        # the sentence mentions in passing, with nobody named as doing it; "asked
        # about the Bolivian raid": the topic of what the sentence reports
        return None
    actor_tokens, recipient_tokens, place_tokens = _roles(rule, token)
    actors = _resolve_all(actor_tokens, ctx)
    recipients = _resolve_all(recipient_tokens, ctx)
    lead = next((m for m in (earlier_pair(t, ctx) for t in actor_tokens) if m is not None), None)
    if lead is not None and not recipients and not rule.symmetric:
        # "both sides agreed": one side acts, the other receives, as in the event they came from
        actors, recipients = list(lead.actor), list(lead.recipient)
    coreferent = None
    if rule.pos == "verb" and not actors:
        actors, coreferent = actor_of_named_event(rule, token, ctx, lex)
        if coreferent is not None and not recipients:
            # the same strike: what the article said of it before still holds
            recipients = list(coreferent.recipient)
    actor_keys = {(a.name, a.country, a.sector) for a in actors}
    recipients = [r for r in recipients if (r.name, r.country, r.sector) not in actor_keys]
    if rule.actor_sector and not any(a.sector in rule.actor_sector for a in actors):
        return None
    place = None
    for candidate in sorted(place_tokens, key=lambda t: dep_distance(token, t)):
        place = _place_from_token(candidate, ctx, "place phrase tied to the trigger")
        if place is not None:
            break
    if place is None and coreferent is not None:
        place = coreferent.place
    if rule.type in VICTIM_TYPES:
        recipients = _victims_where_it_happened(recipients, place)
    if rule.place_is_recipient and not recipients and place is not None and place.country:
        recipients = [ActorRef(name=None, country=place.country, sector=None, text=place.text)]
    if rule.recipient_default_sector and (not recipients or place is None):
        # "Estonia ordered the old base closed": the base named a sentence or two
        # before ("Norway leased an airfield as a base") belongs to whoever held it there,
        # and is where that sentence put it
        holders, facility_place = holder_of_facility(token, rule, ctx)
        recipients = recipients or holders
        place = place or facility_place
    if rule.recipient_default_sector:
        recipients = [
            ActorRef(r.name, r.country, r.sector or rule.recipient_default_sector, r.text)
            if r.country and not r.name
            else r
            for r in recipients
        ]
    if rule.default_sector:
        actors = [
            ActorRef(a.name, a.country, a.sector or rule.default_sector, a.text) if a.country else a
            for a in actors
        ]
    if rule.symmetric and not recipients and len(actors) >= 2:
        # "Chilean and Peruvian officials met": the first named side acts, as in "A met B"
        actors, recipients = actors[:1], actors[1:]
    if not actors and rule.type in UNNAMED_ACTOR_TYPES and actor_tokens:
        # "Islamic fundamentalists continued their hunger strike": a protest by a
        # group nobody can resolve is still a protest; the actor stays unknown
        head = actor_tokens[0]
        actors = [ActorRef(None, None, None, token.doc[head.left_edge.i : head.i + 1].text)]
    if not any(
        r.country
        or r.name
        or (r.sector and rule.type in SECTOR_ONLY_TYPES)
        or rule.type in UNNAMED_ACTOR_TYPES
        for r in actors + recipients
    ):
        # nobody identified: nothing an analyst could count
        return None
    sent = token.sent
    # a construction ("X said Y must leave") is as real as the clause that governs it
    status = status_of(token.head if rule.governed_by else token, lex)
    background = is_past_perfect(token)
    event_type, rule_id, dated_by = rule.type, rule.id, token
    if rule.joint_type and len({a.country for a in actors if a.country}) >= 2:
        event_type, rule_id = rule.joint_type, f"{rule.id}>joint"
    mode = mode_from_cues(token, rule, lex) if event_type == rule.type else None
    stance = stance_of(token)
    reduction = stance_table().reduce(event_type, stance) if stance is not None else None
    if reduction is not None:
        # PLOVER codes the statement of intent, in one category (see reductions.yaml)
        event_type, rule_id, mode, status = reduction.target, f"{rule.id}>{reduction.id}", None, "occurred"
        dated_by = statement_head(token)
    date = date_for(dated_by, sent, ctx, historical=background)
    if coreferent is not None and date.basis in {"publication", "none"}:
        # "his calls" is the event reported earlier: it keeps that event's time
        date = coreferent.date
    historical = background or is_historical(date, ctx)
    if event_type == "CONSULT":
        mode = _consult_mode(mode, place, actors, recipients)
    in_caption = token.idx >= len(ctx.article.body)
    confidence = rule.weight + (ACTOR_BONUS if actors else 0) + (RECIPIENT_BONUS if recipients else 0)
    if in_caption:
        confidence *= CAPTION_FACTOR
    mention_id = _mention_id(ctx.article.id, rule, token)
    ctx.pronoun_slots[mention_id] = [
        *pronoun_slots("actor", actor_tokens, ctx.actors),
        *pronoun_slots("recipient", recipient_tokens, ctx.actors),
    ]
    return Mention(
        id=mention_id,
        article_id=ctx.article.id,
        type=event_type,
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
        rule=rule_id,
    )


def describe_rule(rule_id: str) -> str:
    """Say in words what a mention's rule id means ("agree-verb>intent-agree",
    "mobilize-exercise>joint"), from the comments in the rule files."""
    lex = load_lexicon()
    rules = {rule.id: rule for entries in lex.by_key.values() for rule in entries}
    reductions = {r.id: r for r in stance_table().reductions}
    parts = []
    for part in rule_id.split(">"):
        if part in rules:
            parts.append(f"{part}: {rules[part].comment}")
        elif part in reductions:
            parts.append(f"{part}: {reductions[part].comment}")
        elif part == "joint":
            parts.append("joint: the actors span two or more countries, so the joint type is coded")
        else:
            parts.append(f"{part}: (rule no longer in the lexicon)")
    return "; then ".join(parts)


def code_article(article: Article, doc: Doc, historical_days: int = 60) -> list[Mention]:
    """Code every event the article's sentences report.

    ``doc`` is the parse of ``article.analysed_text()``. Returns the mentions in
    text order. A token codes at most one event: the most specific entry that
    applies and finds a role wins.
    """
    lex = load_lexicon()
    load_ontology()
    reference, publication = publication_range(article)
    ctx = CodingContext(
        article=article,
        doc=doc,
        actors=DocActors(doc),
        reference=reference,
        publication=publication,
        places=place_context(doc),
        historical_days=historical_days,
    )
    mentions = _code_tokens(doc, ctx, lex)
    # what an event shows a pronoun to stand for holds for its whole sentence
    mentions = corefer_by_event(mentions, doc, ctx.pronoun_slots, lambda date: is_historical(date, ctx))
    mentions = fold_contained(mentions, doc)
    logger.debug("article %s: %d mentions", article.id, len(mentions))
    return mentions


def _code_tokens(doc: Doc, ctx: CodingContext, lex: Lexicon) -> list[Mention]:
    """One pass over the tokens: at most one mention per trigger token."""
    mentions = ctx.earlier
    consumed: set[int] = set()
    for token in doc:
        if token.i in consumed:
            continue
        pos = "verb" if token.pos_ in {"VERB"} else "noun" if token.pos_ in {"NOUN", "PROPN"} else None
        if token.pos_ == "AUX" and token.dep_ not in {"aux", "auxpass"}:
            # "the US must be ready to mediate": a main-verb "be" carries constructions only
            pos = "aux-verb"
        if pos is None or (pos == "noun" and token.ent_type_ in TIME_LABELS):
            # "in March", "since May Day": a noun inside a time expression is no event
            continue
        lookup = "verb" if pos == "aux-verb" else pos
        rules = (
            ()
            if pos == "aux-verb"
            else (lex.by_key.get((pos, token.lemma_.lower())) or lex.by_key.get((pos, token.lower_), ()))
        )
        # constructions ("X said Y must ...") come first: they say what the clause is
        for rule in (*lex.by_key.get((lookup, "*"), ()), *rules):
            if not _rule_applies(rule, token, lex):
                continue
            mention = _code_trigger(rule, token, ctx, lex)
            if mention is not None:
                mentions.append(mention)
                if rule.objects:
                    # "held talks": the object noun is part of this trigger, not a second event
                    consumed.update(o.i for o in direct_objects(token))
                consumed.update(_stated_complements(token))
                if rule.lemmas == ("*",):
                    # the clause is the content of the demand, not events of its own
                    consumed.update(t.i for t in token.subtree)
                break
    return list(mentions)


def _stated_complements(token: Token) -> list[int]:
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
