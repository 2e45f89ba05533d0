"""One fold for every lookup key: actors and places agree on how a phrase is written."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.resolve.actors import normalise
from eventwire.resolve.folding import fold_phrase
from eventwire.resolve.gazetteer import fold_name


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("the U.S.", "us"),
        ("Guinea-Bissau", "guinea bissau"),
        ("Kyïv", "kyiv"),
        ("Trinidad & Tobago", "trinidad and tobago"),
        ("Côte d’Ivoire", "cote divoire"),
        ("The Hague", "hague"),
    ],
)
def test_actors_and_places_fold_a_name_alike(text: str, key: str) -> None:
    assert fold_phrase(text) == normalise(text) == fold_name(text) == key


def test_actors_drop_a_final_possessive() -> None:
    assert normalise("Russia's") == normalise("Russia’s") == "russia"


@given(st.text(max_size=40))
def test_a_key_is_lower_case_words_separated_by_single_spaces(text: str) -> None:
    key = fold_phrase(text)
    assert key == " ".join(key.split())
    assert all(ch.isalnum() or ch in " _" for ch in key)
