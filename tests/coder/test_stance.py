"""PLOVER's single-category rule: stated intentions, refusals, demands and contained events.

Each case is a sentence of our own, coded through the real parser, so a rule
that stops firing (or fires too widely) shows up here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from eventwire.coder.stance import load_stance_table, stance_of
from eventwire.records import Mention
from tests.coder.coding import code_text

if TYPE_CHECKING:
    from spacy.language import Language

pytestmark = pytest.mark.slow


def code(nlp: Language, text: str) -> list[Mention]:
    return code_text(nlp, text, "2022-03-02T10:00:00+00:00")


def occurred_types(nlp: Language, text: str) -> set[str]:
    return {m.type for m in code(nlp, text) if m.status == "occurred"}


@pytest.mark.parametrize(
    ("sentence", "word", "stance"),
    [
        ("Chile said it will send food aid to Peru.", "send", "intent"),
        ("The union is ready to call off the strike.", "call", "intent"),
        ("Oslo will cut ties with Minsk unless the prisoners are freed.", "cut", "conditional"),
        ("Ankara said it would not accept more refugees.", "accept", "refusal"),
        ("The minister declined to resign.", "resign", "refusal"),
        ("Chile sent food aid to Peru.", "sent", None),
        ("Coast guard chiefs might reach out to one another.", "reach", None),
    ],
)
def test_stance(nlp: Language, sentence: str, word: str, stance: str | None) -> None:
    doc = nlp(sentence)
    token = next(t for t in doc if t.text == word)
    assert stance_of(token) == stance


def test_a_stated_cooperative_act_is_an_agreement(nlp: Language) -> None:
    mentions = code(nlp, "Chile said it will send food aid to Peru next month.")
    agree = [m for m in mentions if m.type == "AGREE"]
    assert agree and agree[0].status == "occurred"
    assert agree[0].rule.endswith(">intent-agree")
    assert not any(m.type == "AID" for m in mentions)


def test_an_announced_conflictual_act_is_a_threat(nlp: Language) -> None:
    assert "THREATEN" in occurred_types(
        nlp, "Farmers in Lyon said they would blockade the city's roads on Monday."
    )


def test_a_conditional_withdrawal_is_a_threat(nlp: Language) -> None:
    types = occurred_types(
        nlp, "Ghana announced that it will withdraw its troops from Mali unless the junta holds elections."
    )
    assert "THREATEN" in types
    assert "RETREAT" not in types


def test_an_announced_withdrawal_is_a_concession(nlp: Language) -> None:
    # PLOVER manual 3.7.2: "announced ... would withdraw troops" is CONCEDE
    assert "CONCEDE" in occurred_types(nlp, "Ghana announced that it will withdraw its troops from Mali.")


def test_a_refusal_is_a_rejection(nlp: Language) -> None:
    assert "REJECT" in occurred_types(nlp, "Turkey said it will not accept any more refugees from Syria.")


def test_must_under_a_reporting_verb_is_a_demand(nlp: Language) -> None:
    mentions = [
        m
        for m in code(nlp, "Germany said on Monday that Iran must release the detained sailors.")
        if m.type == "REQUEST"
    ]
    assert mentions and mentions[0].status == "occurred"
    assert {a.country for a in mentions[0].actor} == {"DEU"}
    assert {r.country for r in mentions[0].recipient} == {"IRN"}


def test_the_demand_of_a_protest_is_not_a_second_event(nlp: Language) -> None:
    types = occurred_types(
        nlp, "Thousands of Chilean students staged demonstrations in Santiago to demand free tuition."
    )
    assert "PROTEST" in types
    assert "REQUEST" not in types


def test_background_fighting_with_nobody_named_is_not_coded(nlp: Language) -> None:
    types = occurred_types(
        nlp, "Armenia and Azerbaijan agreed to a ceasefire after two days of heavy fighting."
    )
    assert "ASSAULT" not in types
    assert "AGREE" in types


def test_an_offered_summit_is_not_a_summit(nlp: Language) -> None:
    mentions = code(nlp, "Peru rejected an offer from Chile to host a summit in July.")
    assert all(m.status != "occurred" for m in mentions if m.type == "CONSULT")


def test_every_reduction_names_known_types() -> None:
    table = load_stance_table()
    assert {r.stance for r in table.reductions} == {"intent", "conditional", "refusal", "allegation"}
    assert table.reduce("CONSULT", "intent") is not None
    assert table.reduce("ASSAULT", "refusal") is None


LEAD = "Chilean President Gabriel Boric met Argentine President Alberto Fernandez in Santiago on Monday.\n\n"


def test_both_sides_are_the_parties_of_the_event_the_sentence_refers_to(nlp: Language) -> None:
    text = (
        LEAD
        + "Peru protested against the new tariffs.\n\nBoth sides agreed to publish a summary of the meeting."
    )
    agree = [m for m in code(nlp, text) if m.type == "AGREE"]
    assert agree
    assert {a.country for a in agree[0].actor} == {"CHL"}
    assert {r.country for r in agree[0].recipient} == {"ARG"}


def test_the_two_leaders_pledging_their_talks_are_the_lead_events_parties(nlp: Language) -> None:
    text = LEAD + "The two leaders pledged to hold their talks every year."
    [agree] = [m for m in code(nlp, text) if m.type == "AGREE"]
    assert [a.name for a in agree.actor] == ["Gabriel Boric"]
    assert [r.name for r in agree.recipient] == ["Alberto Fernandez"]


@pytest.mark.parametrize(
    "second",
    [
        # the sentence refers back to no event: which two sides is not said
        "Both sides agreed to a ceasefire.",
        # "two men" without "the" introduces new people
        "Police arrested two men near the border.",
    ],
)
def test_a_pair_phrase_without_an_event_to_refer_to_names_nobody(nlp: Language, second: str) -> None:
    mentions = [m for m in code(nlp, LEAD + second) if m.sentence == second]
    assert all(a.country not in {"CHL", "ARG"} for m in mentions for a in [*m.actor, *m.recipient])


def test_a_meeting_named_as_the_occasion_is_the_same_meeting(nlp: Language) -> None:
    text = (
        "Chilean President Gabriel Boric said he discussed trade with Argentine officials "
        "when the delegations met in Lima."
    )
    assert len([m for m in code(nlp, text) if m.type == "CONSULT"]) == 1


def test_the_base_belongs_to_whoever_held_it(nlp: Language) -> None:
    text = (
        "Norway leased an airfield near Tallinn as a base for ten years.\n\n"
        "Estonia ordered the old base closed in 2015 after a quarrel with Oslo."
    )
    sanctions = [m for m in code(nlp, text) if m.type == "SANCTION"]
    assert sanctions
    assert {(r.country, r.sector) for r in sanctions[0].recipient} == {("NOR", "MIL")}
    assert sanctions[0].place is not None and sanctions[0].place.text == "Tallinn"


def test_the_strike_is_the_strike_reported_before(nlp: Language) -> None:
    text = (
        "A Turkish drone strike hit a convoy near Qamishli on Monday.\n\n"
        "Kurdish officials said the strike killed four civilians."
    )
    kills = [m for m in code(nlp, text) if m.type == "ASSAULT" and "killed" in m.sentence]
    assert kills
    assert {a.country for a in kills[0].actor} == {"TUR"}


def test_it_was_a_blunder_that_killed_refers_to_the_strike(nlp: Language) -> None:
    """A cleft on "it" ("it was a blunder that killed ...") is the event just reported."""
    text = (
        "A Turkish drone strike hit a convoy near Aleppo, Syria, on Monday.\n\n"
        "Ankara now admits it was a blunder that killed four civilians in Aleppo."
    )
    kills = [m for m in code(nlp, text) if m.type == "ASSAULT" and "blunder" in m.sentence]
    assert kills and kills[-1].status == "occurred"
    assert {a.country for a in kills[-1].actor} == {"TUR"}
    # unnamed victims belong to the country the event took place in
    assert ("SYR", "CVL") in {(r.country, r.sector) for r in kills[-1].recipient}


def test_a_cleft_with_no_event_before_it_gives_no_actor(nlp: Language) -> None:
    mentions = code(nlp, "It was a blunder that killed four civilians in Aleppo.")
    assert all(not m.actor for m in mentions)
