"""One event where the text reports one (``coder.contain``): what a statement says
might happen, and the topic of what is said, are not events of their own.

The sentences are our own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from eventwire.records import Mention
from tests.coder.coding import code_text

if TYPE_CHECKING:
    from spacy.language import Language

pytestmark = pytest.mark.slow


def code(nlp: Language, text: str) -> list[Mention]:
    return code_text(nlp, text, "2022-05-06")


@pytest.mark.parametrize(
    ("text", "statement"),
    [
        # the content of a demand
        ("Lima demanded that Quito cancel plans to sell fighter jets to Bogota.", "REQUEST"),
        ("Chile asked Argentina to condemn the raid on Friday.", "REQUEST"),
        # the offer a rejection turns down
        ("Bolivia rejected an offer from Peru for direct talks between the two governments.", "REJECT"),
        # the condition of a threat
        ("Ecuador threatened to cut ties with Colombia unless Bogota accepted its terms.", "THREATEN"),
        ("Uruguay said it would send troops to Haiti if the rebels attacked the capital.", "THREATEN"),
    ],
)
def test_what_a_statement_says_might_happen_is_no_second_event(
    nlp: Language, text: str, statement: str
) -> None:
    mentions = code(nlp, text)
    assert [(m.type, m.status) for m in mentions] == [(statement, "occurred")]


def test_an_event_a_statement_reports_as_done_is_kept(nlp: Language) -> None:
    mentions = code(nlp, "Chile said its troops attacked a rebel camp near Temuco on Monday.")
    assert [(m.type, m.status) for m in mentions] == [("ASSAULT", "occurred")]


@pytest.mark.parametrize(
    "text",
    [
        "The ministers will answer questions in parliament regarding the Chilean withdrawal from Bolivia.",
        "Reporters asked the general about the Peruvian raid on the camp.",
    ],
)
def test_the_topic_of_what_is_said_is_not_coded_even_with_its_actor(nlp: Language, text: str) -> None:
    assert code(nlp, text) == []


def test_background_that_names_its_actor_is_still_coded(nlp: Language) -> None:
    text = "Peruvian troops withdrew from the border after the Chilean withdrawal from the river valley."
    assert [m.actor[0].country for m in code(nlp, text) if m.type == "RETREAT"] == ["PER", "CHL"]
