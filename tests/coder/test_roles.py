"""Roles, status, mode and casualties read off real parses of short sentences."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from eventwire.coder.roles import casualties_of, preps_of, status_of, subject_of, tense_of
from eventwire.coder.rules import load_lexicon

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Token

pytestmark = pytest.mark.slow


def token(nlp: Language, text: str, word: str) -> Token:
    doc = nlp(text)
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize(
    ("sentence", "trigger", "status"),
    [
        ("Putin met Erdogan in Sochi on Monday.", "met", "occurred"),
        ("Putin did not meet Erdogan in Sochi.", "meet", "negated"),
        ("Putin will meet Erdogan in Sochi next week.", "meet", "future"),
        ("Putin might meet Erdogan in Sochi.", "meet", "hypothetical"),
        ("Chile should look for ways to widen its contacts with Peru.", "look", "hypothetical"),
        ("Officials said Putin met Erdogan in Sochi.", "met", "occurred"),
        ("Putin is expected to meet Erdogan in Sochi.", "meet", "future"),
        ("Putin refused to meet Erdogan.", "meet", "negated"),
        ("If Iran attacks Israel, the region will burn.", "attacks", "hypothetical"),
        ("There were no talks between the two sides.", "talks", "negated"),
        ("Future raids on smugglers would be carried out under new rules.", "raids", "future"),
    ],
)
def test_status(nlp: Language, sentence: str, trigger: str, status: str) -> None:
    assert status_of(token(nlp, sentence, trigger), load_lexicon()) == status


def test_subject_is_inherited_through_xcomp_and_conj(nlp: Language) -> None:
    doc = nlp("Russia agreed to sign the treaty and promised to withdraw its troops.")
    sign = next(t for t in doc if t.text == "sign")
    subject = subject_of(sign)
    assert subject is not None and subject.text == "Russia"


def test_clause_marker_counts_as_preposition(nlp: Language) -> None:
    called = token(nlp, "Several senators have called for her to resign.", "called")
    assert ("for", "her") in [(p, o.text) for p, o in preps_of(called)]


def test_casualties_from_the_object_count(nlp: Language) -> None:
    killed = token(nlp, "The raid killed 12 villagers, among them five children.", "killed")
    size = casualties_of(killed, load_lexicon())
    assert size is not None and size.dead == 12


def test_tense(nlp: Language) -> None:
    assert tense_of(token(nlp, "Putin met Erdogan.", "met")) == "past"
    assert tense_of(token(nlp, "Putin will meet Erdogan.", "meet")) == "future"
