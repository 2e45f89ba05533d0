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


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("KABUL, Afghanistan (AP) — Gunmen attacked a checkpoint on Tuesday.", "KABUL, Afghanistan (AP) —"),
        ("WASHINGTON (Reuters) - The Senate voted on the bill.", "WASHINGTON (Reuters) -"),
        ("Storm hits coast\nBEIRUT — Israeli jets struck a village.", "BEIRUT —"),
        ("UNITED NATIONS (AP) -- Diplomats met behind closed doors.", "UNITED NATIONS (AP) --"),
    ],
)
def test_a_dateline_is_a_sentence_of_its_own(nlp: Language, text: str, dateline: str) -> None:
    assert dateline in sentences(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "NATO leaders met in Brussels - and agreed on little.",
        "The UN said — without giving figures — that aid had arrived.",
        "US officials - speaking anonymously - confirmed the strike.",
    ],
)
def test_a_dash_inside_a_sentence_is_no_dateline(nlp: Language, text: str) -> None:
    assert sentences(nlp, text) == [text]
