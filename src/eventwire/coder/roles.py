"""Reading roles, status and manner off the dependency parse around a trigger.

Everything here is a pure function of a spaCy token and the lexicon, so each
rule is testable on a one-line sentence. The functions follow the small
model's conventions (ClearNLP-style labels: nsubj, dobj, pobj, xcomp, ...).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from eventwire.coder.rules import Lexicon, TriggerRule, load_lexicon
from eventwire.records import Size, Status
from eventwire.resolve.dates.spans import verb_tense

if TYPE_CHECKING:
    from spacy.tokens import Token

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "obj", "dative"})
# clause links the status walk climbs through
CLAUSE_DEPS = frozenset({"xcomp", "ccomp", "advcl", "pcomp", "acl", "relcl", "csubj", "conj"})
# complement clauses: only these take their status from the verb that governs them
# ("wants to meet"); an adverbial clause ("discussed it when they met") does not
COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "pcomp", "csubj"})
# dependencies by which an event noun is an argument of a verb
NOUN_ARGUMENT_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "attr", "oprd"})
# how many noun-preposition links lead from an event noun to its verb
MAX_NOUN_CLIMB = 3
# how many clause links the status walk may climb
MAX_STATUS_CLIMB = 4


def conjuncts(token: Token) -> list[Token]:
    """Return the token and the tokens coordinated with it ("A and B")."""
    return [token, *token.conjuncts]


FINITE_TAGS = frozenset({"VBD", "VBN", "VBZ", "VBP"})


def preps_of(token: Token) -> Iterator[tuple[str, Token]]:
    """Yield (preposition, object) pairs the token governs ("with X", "to X").

    A clause introduced by a preposition counts too: in "called for her to
    resign" the small model makes "for" the marker of "resign"; the pair is then
    ("for", "her").
    """
    for child in token.children:
        if child.dep_ in {"prep", "agent", "dative"} and child.pos_ in {"ADP", "SCONJ"}:
            for grandchild in child.children:
                if grandchild.dep_ in {"pobj", "pcomp"}:
                    yield child.lower_, grandchild
        elif child.dep_ in {"advcl", "ccomp", "xcomp"}:
            mark = next((c for c in child.children if c.dep_ == "mark" and c.pos_ in {"ADP", "SCONJ"}), None)
            subject = next((c for c in child.children if c.dep_ in SUBJECT_DEPS), None)
            if mark is not None and subject is not None:
                yield mark.lower_, subject


def clause_head(verb: Token) -> Token:
    """Return the verb a conjoined verb really coordinates with.

    The small model often hangs a finite verb on a preceding infinitive ("has
    blasted X's attempts to interfere ... and linked Y": "linked" under
    "interfere"). A finite conjunct under a base-form verb is re-attached to the
    nearest finite ancestor.
    """
    head = verb.head
    if verb.dep_ == "conj" and verb.tag_ in FINITE_TAGS and head.tag_ == "VB":
        for ancestor in head.ancestors:
            if ancestor.tag_ in FINITE_TAGS and ancestor.pos_ in {"VERB", "AUX"}:
                return ancestor
    return head


def governs_prep(token: Token, preps: tuple[str, ...]) -> bool:
    """True when the token governs a preposition (or a clause marker) among ``preps``."""
    if any(c.dep_ in {"prep", "agent", "dative"} and c.lower_ in preps for c in token.children):
        return True
    return any(prep in preps for prep, _ in preps_of(token))


def particle_of(token: Token) -> str | None:
    """Return the verb particle ("down" in "step down"), if any."""
    for child in token.children:
        if child.dep_ == "prt":
            return child.lower_
    return None


def direct_objects(token: Token) -> list[Token]:
    """Return direct objects, including the subject of a small-clause complement.

    In "ordered the base closed" the small model attaches "base" as the subject
    of "closed"; for the causative verb that is its object.
    """
    objects = [c for c in token.children if c.dep_ in OBJECT_DEPS]
    if not objects:
        for child in token.children:
            if child.dep_ in {"ccomp", "xcomp", "oprd"} and child.pos_ in {"VERB", "ADJ"}:
                objects.extend(c for c in child.children if c.dep_ == "nsubj")
    return objects


def subject_of(verb: Token) -> Token | None:
    """Return the grammatical subject of a verb, inherited through xcomp and conj.

    "Russia agreed to sign" gives "sign" the subject of "agreed"; "A met B and
    discussed X" gives "discussed" the subject of "met"; "forces that entered"
    gives "entered" the noun its relative clause modifies.
    """
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            if child.lower_ in {"that", "which", "who"} and verb.dep_ == "relcl":
                return verb.head
            return child
    if verb.dep_ in {"xcomp", "conj"} and verb.head != verb:
        return subject_of(clause_head(verb))
    if verb.dep_ == "acomp" and verb.head != verb:
        # "it is prepared to impose": the adjective's subject is the copula's
        return subject_of(verb.head)
    if verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        # a purpose clause shares its subject: "had talks with B to warn them"
        return subject_of(verb.head)
    if is_reduced_passive(verb):
        # "the demonstration staged by students (to protest ...)": the by-phrase does it
        return next((obj for prep, obj in preps_of(verb) if prep == "by"), None)
    if verb.dep_ in {"relcl", "acl"} and verb.head.pos_ in {"NOUN", "PROPN"}:
        return verb.head
    return None


def _has_object(verb: Token) -> bool:
    return any(c.dep_ in {"dobj", "dative"} for c in verb.children) or any(
        c.dep_ == "conj" and any(g.dep_ == "dobj" for g in c.children) for c in verb.children
    )


def is_reduced_passive(verb: Token) -> bool:
    """A past participle hung on a noun with no auxiliary ("the men arrested on Friday").

    The small parser also hangs a sentence's real main verb on its subject when
    it takes a past tense for a participle ("Doctors from two groups donated and
    delivered goods"): a participle with a direct object, or in a sentence whose
    root is not a verb, is read as active.
    """
    if not (
        verb.dep_ == "acl"
        and verb.tag_ == "VBN"
        and verb.head.pos_ in {"NOUN", "PROPN", "PRON"}
        and not any(c.dep_ in {"aux", "auxpass"} for c in verb.children)
    ):
        return False
    return verb.sent.root.pos_ in {"VERB", "AUX"} and not _has_object(verb)


def _participle_bases(verb: Token) -> set[str]:
    """The lemma of a past participle and the stems its spelling allows: the small
    model's lemmatiser gives "staged" as "stag"."""
    word = verb.lower_
    bases = {verb.lemma_.lower()}
    if word.endswith("ed"):
        bases |= {word[:-1], word[:-2]}
    return bases


def carrying_agents(noun: Token) -> list[Token]:
    """ "The demonstration staged by students": a participle saying that an event
    noun was done names its doer in its by-phrase (not "condemned by")."""
    carry_out = load_lexicon().classes.get("carry_out_verb", frozenset())
    return [
        obj
        for verb in noun.children
        if verb.dep_ == "acl" and verb.tag_ == "VBN" and not carry_out.isdisjoint(_participle_bases(verb))
        for prep, obj in preps_of(verb)
        if prep == "by"
    ]


def passive_roles(verb: Token) -> tuple[Token | None, Token | None]:
    """Return (agent, patient) of a passive verb ("B was attacked by A").

    A past participle that modifies a noun is a reduced passive: in "the
    soldiers killed in the ambush" the soldiers are the ones killed, never the
    killers.
    """
    patient = next((c for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS), None)
    if patient is None and is_reduced_passive(verb):
        patient = verb.head
    agent = None
    for prep, obj in preps_of(verb):
        if prep == "by":
            agent = obj
    return agent, patient


def governing_verb(noun: Token) -> Token | None:
    """Return the verb an event noun is an argument of ("held *talks*"), if any.

    A coordinated noun shares its first conjunct's verb ("conduct surveillance
    and strikes").
    """
    while noun.dep_ == "conj" and noun.head != noun and noun.head.pos_ in {"NOUN", "PROPN"}:
        noun = noun.head
    if noun.dep_ in NOUN_ARGUMENT_DEPS and noun.head.pos_ in {"VERB", "AUX"}:
        return noun.head
    if noun.dep_ == "conj" and noun.head.pos_ == "VERB":
        # "can conduct surveillance and, if necessary, strikes": the parser hangs the
        # second object on the verb itself
        return noun.head
    return None


def _owner_noun_status(noun: Token, lex: Lexicon) -> Status | None:
    """ "the future use of drone strikes", "any potential for negotiations": an event
    noun inside a phrase that makes it future or hypothetical."""
    cues = lex.status
    node = noun
    for _ in range(MAX_NOUN_CLIMB):
        if node.dep_ != "pobj" or node.head.dep_ != "prep":
            return None
        owner = node.head.head
        if owner.pos_ not in {"NOUN", "PROPN"} or owner == node:
            return None
        if any(
            c.dep_ in {"amod", "compound"} and c.lemma_.lower() in cues["future_modifiers"]
            for c in owner.children
        ):
            return "future"
        status = _noun_governor_status(owner.lemma_.lower(), lex)
        if status is not None:
            return status
        node = owner
    return None


def clause_verb(noun: Token) -> Token | None:
    """Return the verb an event noun completes, directly or through prepositions.

    "held *talks*" gives "held"; "arrived on a *visit*" and "captured part of the
    stronghold after five days of *fighting*" climb through at most two
    prepositional links ("on", "after ... of") to the verb.
    """
    node = noun
    for _ in range(MAX_NOUN_CLIMB):
        if node.dep_ in NOUN_ARGUMENT_DEPS and node.head.pos_ in {"VERB", "AUX"}:
            return node.head
        if node.dep_ != "pobj":
            return None
        prep = node.head
        if prep.head.pos_ in {"VERB", "AUX"}:
            return prep.head
        if prep.head.pos_ not in {"NOUN", "PROPN"} or prep.head == prep:
            return None
        node = prep.head
    return None


def _own_status(node: Token, lex: Lexicon) -> Status | None:
    cues = lex.status
    for child in node.children:
        lemma = child.lemma_.lower()
        lower = child.lower_
        if child.dep_ in {"aux", "auxpass"}:
            if lower in cues["future_aux"] or lemma in cues["future_aux"]:
                return "future"
            if lower in cues["hypothetical_aux"] or lemma in cues["hypothetical_aux"]:
                return "hypothetical"
        if child.dep_ == "mark" and lower in cues["conditional_marks"]:
            return "hypothetical"
        if child.dep_ == "advmod" and lower in cues["hedges"]:
            return "hypothetical"
    return None


def is_negated(token: Token, lex: Lexicon) -> bool:
    """True when the trigger itself is negated ("did not meet", "no talks")."""
    negators = lex.status["negation"]
    for child in token.children:
        if child.dep_ == "neg":
            return True
        if child.dep_ == "det" and child.lower_ in {"no", "neither"}:
            return True
        if child.dep_ == "advmod" and child.lower_ in negators:
            return True
    return False


def _governor_status(lemma: str, lex: Lexicon) -> Status | None:
    """What a governing verb does to what it governs ("plans to", "wants", "refused to")."""
    cues = lex.status
    if lemma in cues["negating_governors"]:
        return "negated"
    if lemma in cues["future_governors"]:
        return "future"
    if lemma in cues["hypothetical_governors"]:
        return "hypothetical"
    return None


def _noun_governor_status(lemma: str, lex: Lexicon) -> Status | None:
    """What a proposal-like noun does to the clause it carries ("plans to sell")."""
    if lemma in lex.status["future_nouns"]:
        return "future"
    if lemma in lex.status["hypothetical_nouns"]:
        return "hypothetical"
    return None


def status_of(trigger: Token, lex: Lexicon) -> Status:
    """Decide whether the reported event took place, will, might, or did not.

    Looks at the trigger's own negation, auxiliaries and markers, then climbs
    through clause links to the verbs that govern it: "should explore *meeting*"
    is hypothetical, "agreed to *meet*" future, "refused to *meet*" negated.
    Reporting verbs are transparent: "X said that Y met Z" reports a meeting.
    """
    cues = lex.status
    if is_negated(trigger, lex):
        return "negated"
    node = trigger
    if trigger.pos_ in {"NOUN", "PROPN"}:
        for child in trigger.children:
            if child.dep_ in {"amod", "compound"} and child.lemma_.lower() in cues["future_modifiers"]:
                return "future"
        owned = _owner_noun_status(trigger, lex)
        if owned is not None:
            return owned
        verb = governing_verb(trigger)
        if verb is None:
            return "occurred"
        if is_negated(verb, lex):
            return "negated"
        governed = _governor_status(verb.lemma_.lower(), lex) if trigger.dep_ == "dobj" else None
        if governed is not None:
            return governed
        node = verb
    for _ in range(MAX_STATUS_CLIMB + 1):
        own = _own_status(node, lex)
        if own is not None:
            return own
        if node.dep_ not in CLAUSE_DEPS or node.head == node:
            break
        if node.dep_ == "conj" and any(c.dep_ in SUBJECT_DEPS for c in node.children):
            break
        head = clause_head(node)
        if node.dep_ == "pcomp" and head.pos_ == "ADP" and head.head != head:
            # "look into allowing": the clause hangs from the verb through its preposition
            head = head.head
        lemma = head.lemma_.lower()
        if head.pos_ in {"NOUN", "PROPN"} and any(
            c.dep_ in {"amod", "compound"} and c.lemma_.lower() in cues["future_modifiers"]
            for c in head.children
        ):
            # "some possible help in fighting extremists"
            return "future" if node.dep_ == "acl" else "hypothetical"
        if node.dep_ in {"acl", "pcomp"} and head.pos_ in {"NOUN", "PROPN"}:
            # "an offer to host a summit", "its demand that Israel ease restrictions":
            # the clause is the content of a proposal, not a report of the act
            governed = _noun_governor_status(lemma, lex)
            if governed is not None:
                return governed
        infinitive = node.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children)
        if node.dep_ in COMPLEMENT_DEPS or infinitive:
            governed = _governor_status(lemma, lex)
            if governed is not None:
                return governed
            if is_negated(head, lex) and lemma not in cues["reporting_verbs"]:
                return "negated"
        node = head
    return "occurred"


def tense_of(trigger: Token) -> str | None:
    """Return "past", "future" or None (present or unknown) for date resolution."""
    verb = trigger if trigger.pos_ in {"VERB", "AUX"} else governing_verb(trigger)
    if verb is None:
        # an event noun takes the tense of its sentence ("during the meeting on Wednesday, they discussed")
        verb = trigger.sent.root
        if verb.pos_ not in {"VERB", "AUX"}:
            return None
    return verb_tense(verb)


def is_past_perfect(trigger: Token) -> bool:
    """True for "had met": background the article reports as already done."""
    verb = trigger if trigger.pos_ in {"VERB", "AUX"} else governing_verb(trigger)
    if verb is None:
        return False
    return any(c.dep_ == "aux" and c.lower_ == "had" for c in verb.children)


def mode_from_cues(trigger: Token, rule: TriggerRule, lex: Lexicon) -> str | None:
    """Return the mode told by words in the trigger's phrase, else the rule's mode."""
    table = lex.modes.get(rule.type)
    if table:
        words = {trigger.lemma_.lower(), trigger.lower_}
        for child in trigger.children:
            # the subject too: "drones struck", "a suicide bomber killed" name the weapon
            if child.dep_ in {"compound", "amod", "dobj", "nmod", "xcomp", "prt", "nsubj", "nsubjpass"}:
                words.add(child.lemma_.lower())
                words.update(
                    t.lemma_.lower() for t in child.subtree if t.dep_ in {"compound", "amod", "dobj", "prt"}
                )
        if rule.pos == "verb":
            for _, obj in preps_of(trigger):
                words.add(obj.lemma_.lower())
        for mode, cues in table.items():
            if words & cues:
                return mode
    return rule.mode


def _count_of(token: Token, lex: Lexicon) -> int | None:
    for child in token.children:
        if child.dep_ == "nummod" or (child.like_num and child.dep_ in {"amod", "quantmod"}):
            text = child.lower_.replace(",", "")
            if text.isdigit():
                return int(text)
            if text in lex.numbers:
                return lex.numbers[text]
    if token.like_num and token.lower_.replace(",", "").isdigit():
        return int(token.lower_.replace(",", ""))
    return None


def casualties_of(trigger: Token, lex: Lexicon) -> Size | None:
    """Read stated counts of dead, injured and arrested around the trigger.

    "killed 10 civilians" (object count), "10 people were killed" (passive
    subject count), "a strike that killed 10" (the relative clause of an event
    noun) all give dead=10.
    """
    counts: dict[str, int] = {}
    verbs = [trigger]
    verbs.extend(c for c in trigger.children if c.dep_ in {"relcl", "acl"})
    if trigger.dep_ in {"nsubj"} and trigger.head.pos_ == "VERB":
        verbs.append(trigger.head)
    for verb in verbs:
        lemma = verb.lemma_.lower()
        kind = next((k for k, words in lex.casualties.items() if lemma in words), None)
        if kind is None:
            continue
        for child in verb.children:
            if child.dep_ in OBJECT_DEPS | PASSIVE_SUBJECT_DEPS:
                count = _count_of(child, lex)
                if count is not None:
                    counts[kind] = max(count, counts.get(kind, 0))
    if not counts:
        return None
    return Size(dead=counts.get("dead"), injured=counts.get("injured"), arrested=counts.get("arrested"))
