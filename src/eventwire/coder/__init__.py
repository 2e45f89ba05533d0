"""The PLOVER event coder: from a parsed article, the events its sentences report.

Coding is a chain of small passes, each in a module of its own:

- ``matching``: which trigger entries a token can fire (the lexicon of
  ``data/rules/triggers.yaml`` and its word classes) and whether their
  constraints hold on the parse;
- ``arguments``: actor, recipient and place tokens around the trigger, and the
  actors they resolve to;
- ``placing`` and ``dating``: where and when;
- ``participants``: the protest told through its participants ("clashed with
  protesters");
- ``coref`` then makes one pass over the finished mentions and ``contain``
  drops the events another event already reports.

The result is one ``Mention`` per rule that fired, carrying its evidence: the
sentence, its offsets, the trigger's offsets and the rule id. The tokens are
read once, in text order.

    code_article(article, doc) -> list[Mention]
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from typing import TYPE_CHECKING

from eventwire.coder.arguments import argument_tokens, resolve_all
from eventwire.coder.arguments import expand as argument_expand
from eventwire.coder.article_places import article_places, dateline_names, place_unplaced
from eventwire.coder.causes import caused_by_hazard
from eventwire.coder.contain import fold_contained, in_background_adjunct, in_topic_adjunct, names_its_actor
from eventwire.coder.context import (
    TIME_LABELS,
    CodingContext,
    is_historical,
    place_context,
    publication_range,
)
from eventwire.coder.coref import corefer_by_event, pronoun_slots
from eventwire.coder.dating import date_for, dep_distance
from eventwire.coder.matching import candidate_rules, is_month, rule_applies, stated_complements
from eventwire.coder.ontology import load_ontology
from eventwire.coder.participants import PARTICIPANT_COMMENT, PARTICIPANT_RULE, protests_of_participants
from eventwire.coder.placing import (
    consult_mode,
    place_from_token,
    place_in_sentence,
    victims_where_it_happened,
)
from eventwire.coder.refer import actor_of_named_event, earlier_pair, holder_of_facility
from eventwire.coder.roles import (
    casualties_of,
    direct_objects,
    is_past_perfect,
    mode_from_cues,
    status_of,
    subject_of,
)
from eventwire.coder.rules import Lexicon, TriggerRule, load_lexicon, specificity
from eventwire.coder.stance import load_stance_table as stance_table
from eventwire.coder.stance import stance_of, statement_head
from eventwire.records import ActorRef, Article, Mention
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
# Types where a side known only by its sector is still worth counting: "a
# journalist was killed", "students staged a demonstration". For verbal types
# an actor with no country or name tells an analyst nothing.
SECTOR_ONLY_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST"})
# Types coded even when the actor is a group nobody can resolve: protesters are
# often described, not named ("angry farmers"), and the protest still happened.
UNNAMED_ACTOR_TYPES = frozenset({"PROTEST"})
# Types whose unnamed recipients are victims of the place the event happened in.
VICTIM_TYPES = frozenset({"ASSAULT", "COERCE"})


def _mention_id(article_id: str, rule: TriggerRule, trigger: Token) -> str:
    key = f"{article_id}|{trigger.idx}|{rule.type}|{rule.id}"
    return "m_" + hashlib.sha256(key.encode()).hexdigest()[:16]


def _code_trigger(rule: TriggerRule, token: Token, ctx: CodingContext, lex: Lexicon) -> Mention | None:
    if rule.pos == "noun" and (
        in_topic_adjunct(token)
        or (in_background_adjunct(token) and not names_its_actor(token, rule.modifier_role == "actor"))
    ):
        # "after two days of fighting", "in response to recent unrest": background
        # the sentence mentions in passing, with nobody named as doing it; "asked
        # about the Bolivian raid": the topic of what the sentence reports
        return None
    actor_tokens, recipient_tokens, place_tokens = argument_tokens(rule, token)
    if caused_by_hazard(rule, token, actor_tokens, lex):
        # "an earthquake killed 300": deaths, but no one who did it
        return None
    actors = resolve_all(actor_tokens, ctx)
    recipients = resolve_all(recipient_tokens, ctx)
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
    if rule.actor_sector and not (
        any(a.sector in rule.actor_sector for a in actors) or (not actors and None in rule.actor_sector)
    ):
        # "thousands marched": an unknown crowd passes an entry that allows an unknown sector
        return None
    place = None
    for candidate in sorted(place_tokens, key=lambda t: dep_distance(token, t)):
        place = place_from_token(candidate, ctx, "trigger")
        if place is not None:
            break
    if place is None and coreferent is not None:
        place = dataclasses.replace(coreferent.place, basis="earlier") if coreferent.place else None
    tied_place = place
    if place is None:
        place = place_in_sentence(token, ctx, dep_distance, lex.status["reporting_verbs"])
    if rule.type in VICTIM_TYPES:
        recipients = victims_where_it_happened(recipients, place)
    if rule.place_is_recipient and not recipients and tied_place is not None and tied_place.country:
        # "an airstrike in Gaza" hits Gaza; a place named elsewhere in the sentence is only where
        recipients = [ActorRef(name=None, country=tied_place.country, sector=None, text=tied_place.text)]
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
    if (
        not any(
            r.country
            or r.name
            or (r.sector and rule.type in SECTOR_ONLY_TYPES)
            or rule.type in UNNAMED_ACTOR_TYPES
            for r in actors + recipients
        )
        and not rule.anonymous
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
        event_type, rule_id, mode, status = (
            reduction.target,
            f"{rule.id}>{reduction.id}",
            reduction.mode,
            "occurred",
        )
        dated_by = statement_head(token)
        if reduction.stance == "allegation" and (
            dated_by.head.pos_ == "NOUN"
            or any(r.type == "ACCUSE" for r in lex.by_key.get(("verb", dated_by.lemma_.lower()), ()))
        ):
            # "an allegation that X took the city", "alleged that X shelled": the
            # allegation word codes the claim itself
            return None
        if reduction.stance == "allegation":
            # the claimant accuses whoever the claim says did it
            claimant = subject_of(dated_by)
            accused = actors or recipients
            actors = resolve_all(argument_expand([claimant]), ctx) if claimant is not None else []
            recipients = [r for r in accused if r not in actors]
            background = False
    date = date_for(dated_by, sent, ctx, historical=background)
    if coreferent is not None and date.basis in {"publication", "none"}:
        # "his calls" is the event reported earlier: it keeps that event's time
        date = coreferent.date
    historical = background or is_historical(date, ctx)
    if event_type == "CONSULT":
        mode = consult_mode(mode, place, actors, recipients)
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
        elif part == PARTICIPANT_RULE:
            parts.append(f"{part}: {PARTICIPANT_COMMENT}")
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
    dateline = dateline_names(doc)
    ctx = CodingContext(
        article=article,
        doc=doc,
        actors=DocActors(doc),
        reference=reference,
        publication=publication,
        places=place_context(doc, dateline),
        historical_days=historical_days,
    )
    mentions = _code_tokens(doc, ctx, lex)
    # what an event shows a pronoun to stand for holds for its whole sentence
    mentions = corefer_by_event(mentions, doc, ctx.pronoun_slots, lambda date: is_historical(date, ctx))
    mentions = fold_contained(mentions, doc)
    mentions = protests_of_participants(mentions, lex)
    # last: events whose sentences name no place take the article's (marked as such)
    mentions = place_unplaced(mentions, article_places(doc, ctx.places, dateline), ctx.places)
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
        if pos is None or (pos == "noun" and (token.ent_type_ in TIME_LABELS or is_month(token, lex))):
            # "in March", "since May Day": a noun inside a time expression is no event
            continue
        lookup = "verb" if pos == "aux-verb" else pos
        rules = () if pos == "aux-verb" else candidate_rules(token, pos, lex)
        # constructions ("X said Y must ...") come first: they say what the clause is
        claimed: str | None = None
        for rule in (*lex.by_key.get((lookup, "*"), ()), *rules):
            if (claimed is not None and rule.type != claimed) or not rule_applies(rule, token, lex):
                continue
            if specificity(rule) and rule.lemmas != ("*",):
                # "a verbal attack" is criticism: when the entry that reads the token's
                # sense finds nobody, a vaguer entry of another type must not code it
                claimed = claimed or rule.type
            mention = _code_trigger(rule, token, ctx, lex)
            if mention is not None:
                mentions.append(mention)
                if rule.objects:
                    # "held talks": the object noun is part of this trigger, not a second event
                    consumed.update(o.i for o in direct_objects(token))
                consumed.update(stated_complements(token))
                if rule.lemmas == ("*",):
                    # the clause is the content of the demand, not events of its own
                    consumed.update(t.i for t in token.subtree)
                break
    return list(mentions)
