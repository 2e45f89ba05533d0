"""Language identification: one sentence is enough, and the answer is an ISO 639-1 code."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.clean import article_language
from eventwire.errors import CleanError
from eventwire.language import has_letters, identify_language


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        ("Russian troops attacked Ukrainian positions near Kharkiv on Monday, killing three soldiers.", "en"),
        ("Rebels attacked the town.", "en"),
        ("The central bank raised interest rates by half a point on Thursday.", "en"),
        ("Les ministres des deux pays se sont réunis lundi à Genève.", "fr"),
        ("Die Außenminister beider Länder trafen sich am Montag in Wien.", "de"),
        ("Los ministros de ambos países se reunieron el lunes en Madrid.", "es"),
        ("Os ministros dos dois países reuniram-se na segunda-feira em Lisboa.", "pt"),
        ("Министры двух стран встретились в понедельник в Москве.", "ru"),
        ("両国の外相は月曜日に東京で会談した。", "ja"),
        ("وزراء البلدين اجتمعوا يوم الاثنين في القاهرة.", "ar"),
    ],
)
def test_one_sentence_is_enough(sentence: str, code: str) -> None:
    assert identify_language(sentence)[0] == code


def test_an_english_sentence_is_named_with_confidence() -> None:
    code, probability = identify_language("Police arrested two protesters outside parliament on Friday.")
    assert code == "en" and probability > 0.9


@given(st.text(min_size=1, max_size=200).filter(has_letters))
@settings(max_examples=200, deadline=None)
def test_any_text_with_letters_gets_a_two_letter_code(text: str) -> None:
    code, probability = identify_language(text)
    assert re.fullmatch(r"[a-z]{2}", code)
    assert 0.0 <= probability <= 1.0


@pytest.mark.parametrize("text", ["", "   ", "12 345", "— 2024 —", "!!!"])
def test_text_without_letters_has_no_language(text: str) -> None:
    assert not has_letters(text)
    with pytest.raises(CleanError, match="no letters"):
        article_language(text)
