"""Who did it to whom: the argument tokens of a trigger and the actors they stand for.

``argument_tokens`` reads actor, recipient and place candidates off the parse
(subject and object, passive agent and patient, "with"/"against" phrases, the
modifiers and possessor of an event noun); ``resolve_all`` turns those tokens
into resolved actors through the document's actor table, climbing through
possessors, quantities ("tens of thousands of students") and the bodies people
belong to ("members of Congress").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventwire.coder.context import CodingContext
from eventwire.coder.refer import earlier_pair
from eventwire.coder.roles import (
    SUBJECT_DEPS,
    carrying_agents,
    clause_verb,
    conjuncts,
    direct_objects,
    passive_roles,
    preps_of,
    subject_of,
)
from eventwire.coder.rules import TriggerRule, load_lexicon
from eventwire.records import ActorRef

if TYPE_CHECKING:
    from spacy.tokens import Token

# Prepositions that attach a place to an event ("met in Helsinki").
PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout", "into"})
# subordinators of a clause that happens at the same moment as its main verb
SAME_MOMENT_MARKS = frozenset({"when", "while", "as"})
# Entity labels whose modifier on an event noun names its actor ("a U.S. airstrike").
ACTOR_ENTITY_LABELS = frozenset({"GPE", "NORP", "ORG"})
# "tens of thousands of students": how many "of" links lead to the real actor
QUANTITY_DEPTH = 2


def resolve_all(tokens: list[Token], ctx: CodingContext) -> list[ActorRef]:
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


def expand(tokens: list[Token]) -> list[Token]:
    return [part for token in tokens for part in conjuncts(token)]


def argument_tokens(rule: TriggerRule, token: Token) -> tuple[list[Token], list[Token], list[Token]]:
    """Return (actor tokens, recipient tokens, place-candidate tokens) for a trigger.

    Coordinated arguments ("A and B") are expanded, except that "talks between
    A and B" makes A the actor and B the recipient, as "A met B" does.
    """
    actors: list[Token] = []
    recipients: list[Token] = []
    places: list[Token] = []
    victim_verbs = load_lexicon().classes.get("victim_verb", frozenset())
    if rule.pos == "verb":
        agent, patient = passive_roles(token)
        if patient is not None and agent is None and rule.stative_passive:
            # "Caracas has long been opposed to ...": the adjective-like participle's subject acts
            actors = expand([patient])
        elif patient is not None:
            actors = expand([agent]) if agent is not None else []
            recipients = expand([patient])
        else:
            subject = subject_of(token)
            if rule.governed_by:
                governor_subject = subject_of(token.head)
                actors = expand([governor_subject]) if governor_subject is not None else []
                recipients = expand([subject]) if subject is not None else []
            else:
                actors = expand([subject]) if subject is not None else []
                if rule.object_is_recipient:
                    recipients.extend(expand(direct_objects(token)))
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
        if not actors:
            actors.extend(carrying_agents(token))
        relcl = next((c for c in token.children if c.dep_ == "relcl"), None)
        if not actors and relcl is not None:
            # "criticised the calls Boric made": the relative clause says whose
            # calls they are, before the verb the noun hangs from can
            subject = next((c for c in relcl.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.lower_ not in {"that", "which"}:
                actors.append(subject)
        verb = clause_verb(token)
        victim = verb is not None and token.dep_ == "pobj" and verb.lemma_.lower() in victim_verbs
        subject = subject_of(verb) if verb is not None and token.dep_ not in SUBJECT_DEPS else None
        if subject is not None and subject is not token:
            if victim:
                # "two soldiers died in an attack": the subject of a victim verb underwent it
                recipients.append(subject)
            elif not actors:
                # "staged a demonstration", "arrived on a visit", "after days of fighting":
                # whoever does the verb the event noun completes is its actor
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
                recipients.extend(expand([obj]))
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
