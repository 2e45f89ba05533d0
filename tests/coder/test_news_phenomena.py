"""How news tells events the verb-and-subject reading misses, one phenomenon per test.

Each phenomenon is a way English reports an event (through the weapon, through
the protest's participants, through a hazard that is no actor, through a claim),
so every test codes several sentences of our own written in different words:
a rule fitted to one of them would fail the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from eventwire.coder import describe_rule
from eventwire.records import Mention
from tests.coder.coding import code_text

if TYPE_CHECKING:
    from spacy.language import Language

pytestmark = pytest.mark.slow

PUBLISHED = "2022-05-12T09:00:00+00:00"


def types(nlp: Language, text: str) -> list[str]:
    return [m.type for m in code_text(nlp, text, PUBLISHED)]


def only(nlp: Language, text: str, event_type: str) -> Mention:
    found = [m for m in code_text(nlp, text, PUBLISHED) if m.type == event_type]
    assert len(found) == 1, (text, found)
    return found[0]


@pytest.mark.parametrize(
    "text",
    [
        "A roadside bomb exploded near a police convoy in Helmand on Tuesday.",
        "Two mortar shells landed close to the presidential palace in Mogadishu.",
        "A car bomb went off outside a hotel in Baghdad.",
        "Insurgents detonated an explosive device at a checkpoint in Kandahar.",
        "Someone hurled a grenade into a crowded bar in Bujumbura.",
    ],
)
def test_an_attack_told_through_the_weapon(nlp: Language, text: str) -> None:
    mention = only(nlp, text, "ASSAULT")
    assert mention.status == "occurred"


@pytest.mark.parametrize(
    "text",
    [
        "An earthquake killed more than 200 people in western Nepal.",
        "Floods destroyed hundreds of homes in Sindh province.",
        "Five fishermen were killed in a storm off the coast of Kerala.",
        "The cholera outbreak has killed 40 people in Haiti.",
    ],
)
def test_a_hazard_kills_but_commits_no_event(nlp: Language, text: str) -> None:
    assert "ASSAULT" not in types(nlp, text)


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("Riot police clashed with protesters in central Nairobi.", "demo"),
        ("Security forces detained dozens of demonstrators in Minsk.", "demo"),
        ("Police fired tear gas at rioters in Santiago.", "riot"),
    ],
)
def test_a_protest_told_through_its_participants(nlp: Language, text: str, mode: str) -> None:
    coded = code_text(nlp, text, PUBLISHED)
    assert {"PROTEST"} < {m.type for m in coded} or {m.type for m in coded} == {"PROTEST"}
    protest = next(m for m in coded if m.type == "PROTEST")
    assert protest.mode == mode
    assert "protest" in describe_rule(protest.rule).lower()


@pytest.mark.parametrize(
    "text",
    [
        "Looters ransacked shops across the city.",
        "Armed men looted the warehouse of an aid agency in Goma.",
        "Rioters torched cars and set a police station on fire.",
    ],
)
def test_property_violence_is_coded(nlp: Language, text: str) -> None:
    assert {"ASSAULT", "COERCE"} & set(types(nlp, text))


@pytest.mark.parametrize(
    "text",
    [
        "Rebels retook the town of Kidal from government troops.",
        "The Taliban took control of Kandahar on Friday.",
        "Government forces recaptured the airport after a week of fighting.",
    ],
)
def test_taking_territory_is_an_occupation(nlp: Language, text: str) -> None:
    mention = only(nlp, text, "COERCE")
    assert mention.mode == "seize"


def test_air_strike_is_not_a_labour_strike(nlp: Language) -> None:
    assert types(nlp, "Israel launched an air strike on a building in Gaza.") == ["ASSAULT"]
    assert "PROTEST" in types(nlp, "Dock workers launched a strike at the port of Antwerp.")


def test_the_month_is_no_march(nlp: Language) -> None:
    assert "PROTEST" not in types(nlp, "The ministry published the figures in March.")
    assert "PROTEST" not in types(nlp, "Parliament passed the law on March 4.")


@pytest.mark.parametrize(
    "text",
    [
        "Washington claimed that Iran had attacked the tanker.",
        "Kyiv alleged that Russian troops shelled a hospital.",
    ],
)
def test_a_claimed_attack_is_the_claim(nlp: Language, text: str) -> None:
    coded = code_text(nlp, text, PUBLISHED)
    assert [m.type for m in coded] == ["ACCUSE"]
    [claim] = coded
    assert claim.mode == "allege"
    assert claim.actor and claim.actor[0].country in {"USA", "UKR"}


@pytest.mark.parametrize(
    "text",
    [
        "Jamal Williams was arrested in Baltimore on Monday.",
        "Maria Lopez was charged with murder.",
        "Prosecutors said Tom Berg was taken into custody on Sunday.",
    ],
)
def test_a_private_person_is_a_party(nlp: Language, text: str) -> None:
    mention = only(nlp, text, "COERCE")
    assert mention.mode == "arrest"
    assert mention.recipient and mention.recipient[0].name


def test_charges_in_court_are_legal_action_and_spoken_charges_accusations(nlp: Language) -> None:
    assert types(nlp, "A court in Ankara charged the journalist with espionage.") == ["COERCE"]
    assert "ACCUSE" in types(nlp, "Amnesty International charged that the army tortured detainees.")


def test_a_verbal_attack_is_no_violence(nlp: Language) -> None:
    assert "ASSAULT" not in types(
        nlp, "The French president launched a scathing attack on the British government."
    )


@pytest.mark.parametrize(
    "text",
    [
        "Ethiopia and Eritrea exchanged prisoners on Sunday.",
        "Ukraine and Russia carried out a prisoner exchange on Sunday.",
    ],
)
def test_prisoner_exchanges(nlp: Language, text: str) -> None:
    assert "RETREAT" in types(nlp, text)


@pytest.mark.parametrize("modal", ["could", "might", "may"])
def test_modals_are_not_reports(nlp: Language, modal: str) -> None:
    mention = only(nlp, f"Officials said rebels {modal} attack the capital of Chad.", "ASSAULT")
    assert mention.status == "hypothetical"


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("A man stabbed two Israeli police officers in Jerusalem on Tuesday.", "primitive"),
        ("Gunmen gunned down a Mexican mayor outside his home on Tuesday.", "firearms"),
        ("Kenyan police fired tear gas at opposition supporters in Nairobi on Tuesday.", "crowd-control"),
        ("Al-Shabaab militants took three Kenyan teachers hostage on Tuesday.", "abduct"),
    ],
)
def test_violence_told_by_its_means_has_its_mode(nlp: Language, text: str, mode: str) -> None:
    assert only(nlp, text, "ASSAULT").mode == mode


@pytest.mark.parametrize(
    "text",
    [
        "Two Nigerian soldiers died in an ambush in Borno on Tuesday.",
        "Four Afghan policemen were killed in an ambush in Kandahar on Tuesday.",
        "The Afghan soldiers killed in the ambush were buried on Tuesday.",
    ],
)
def test_the_ones_who_die_in_an_attack_are_its_victims(nlp: Language, text: str) -> None:
    found = [m for m in code_text(nlp, text, PUBLISHED) if m.type == "ASSAULT"]
    assert found, text
    for mention in found:
        assert not mention.actor, (text, mention.actor)
        assert mention.recipient and mention.recipient[0].sector in {"MIL", "COP"}
        assert mention.date.start == "2022-05-10"


def test_the_doer_of_a_staged_event_is_in_its_by_phrase(nlp: Language) -> None:
    mention = only(
        nlp, "Police dispersed a protest staged by Turkish students in Ankara on Tuesday.", "PROTEST"
    )
    assert mention.actor and mention.actor[0].country == "TUR"


@pytest.mark.parametrize(
    "text",
    [
        "Investigators documented crimes committed by Serbian forces in 1999.",
        "The court heard of murders committed by Colombian paramilitaries.",
    ],
)
def test_committing_a_crime_is_no_commitment(nlp: Language, text: str) -> None:
    assert "AGREE" not in types(nlp, text)
