"""Our sentence rules on top of the spaCy parser."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from spacy.language import Language

pytestmark = pytest.mark.slow


def sentences(nlp: Language, text: str) -> list[str]:
    return [s.text.strip() for s in nlp(text).sents]


def test_a_line_break_starts_a_sentence(nlp: Language) -> None:
    assert sentences(nlp, "Talks resumed on Monday\nRebels shelled the town") == [
        "Talks resumed on Monday",
        "Rebels shelled the town",
    ]


def test_an_abbreviation_does_not_end_a_sentence(nlp: Language) -> None:
    text = "Gen. Ana Ruiz, head of the U.S. Southern Command, met Colombian officers in Bogota."
    assert len(sentences(nlp, text)) == 1


def test_an_abbreviation_before_a_sentence_opener_still_ends_one(nlp: Language) -> None:
    assert sentences(nlp, "The delegation flew back to the U.S. The talks ended on Friday.") == [
        "The delegation flew back to the U.S.",
        "The talks ended on Friday.",
    ]
