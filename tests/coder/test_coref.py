"""Event coreference as a pass over an article's finished mentions (``coder.coref``).

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

RUIZ_VISITS = (
    "Chilean Senator Maria Ruiz made three visits to Brazilian President Lula da Silva in March.\n\n"
    "Governor Tomas Vidal of Santiago has criticised her visits to the Brazilians as costly, "
    "and some lawmakers have urged her to resign."
)


def code(nlp: Language, text: str, published: str = "2022-04-02") -> list[Mention]:
    return code_text(nlp, text, published)


def test_a_pronoun_possessor_of_a_repeated_event_is_the_person_who_did_it(nlp: Language) -> None:
    mentions = code(nlp, RUIZ_VISITS)
    visits = [m for m in mentions if m.type == "CONSULT"]
    assert len(visits) == 2
    assert all([a.name for a in m.actor] == ["Maria Ruiz"] for m in visits)
    # the repeated event keeps the time of the one it repeats
    assert visits[1].date == visits[0].date and visits[1].date.start == "2022-03-01"


def test_the_finding_holds_before_and_after_it_in_the_sentence(nlp: Language) -> None:
    """ "criticised her visits" (before the event noun is read) and "urged her to
    resign" (after it) both mean the senator, not the governor who is the subject."""
    mentions = code(nlp, RUIZ_VISITS)
    criticism = next(m for m in mentions if m.type == "ACCUSE")
    assert [a.name for a in criticism.actor] == ["Tomas Vidal"]
    assert [r.name for r in criticism.recipient] == ["Maria Ruiz"]
    urging = next(m for m in mentions if m.type == "REQUEST")
    assert [r.name for r in urging.recipient] == ["Maria Ruiz"]


def test_an_event_of_another_type_or_recipient_is_not_repeated(nlp: Language) -> None:
    text = (
        "Chilean Senator Maria Ruiz made three visits to Brazilian President Lula da Silva in March.\n\n"
        "Governor Tomas Vidal of Santiago said his visits to Argentine officials had been useful."
    )
    later = [m for m in code(nlp, text) if m.type == "CONSULT" and "Argentine" in m.sentence]
    assert later
    assert all(a.name != "Maria Ruiz" for m in later for a in m.actor)
    assert all(m.date.start != "2022-03-01" for m in later)


def test_one_coding_pass_codes_each_trigger_once(nlp: Language) -> None:
    mentions = code(nlp, RUIZ_VISITS)
    assert len({m.id for m in mentions}) == len(mentions)
    assert len({tuple(m.trigger) for m in mentions}) == len(mentions)


def test_the_calls_someone_made_are_theirs_not_the_speakers(nlp: Language) -> None:
    """A relative clause with a subject says whose event a noun is ("the visit X
    made"), before the subject of the verb the noun hangs from."""
    [visit] = [
        m
        for m in code(
            nlp, "Lawmakers in Lima praised the visit Chilean President Gabriel Boric made to Peru in May."
        )
        if m.type == "CONSULT"
    ]
    assert [(a.name, a.country) for a in visit.actor] == [("Gabriel Boric", "CHL")]


def test_a_month_is_neither_a_place_nor_an_event(nlp: Language) -> None:
    """ "in March" is a time: no march (PROTEST) and not the town of March."""
    mentions = code(
        nlp,
        "Chilean Senator Maria Ruiz held two phone calls with Brazilian President Lula da Silva in March.",
    )
    assert [m.type for m in mentions] == ["CONSULT"]
    assert mentions[0].place is None
    # "held talks with B": the recipient hangs from the object noun
    assert [r.country for r in mentions[0].recipient] == ["BRA"]
    assert "PROTEST" in {m.type for m in code(nlp, "Protesters held a march in Lima on Monday.")}


@pytest.mark.parametrize(
    "second",
    [
        "Governor Ana Vidal of Santiago said she had paid her own visits to the Brazilians in April.",
        # the pronoun subject binds from a clause further up
        "Governor Ana Vidal of Santiago said she wanted a trade plan linking her visits to the Brazilians "
        "with new investment.",
    ],
)
def test_a_possessor_bound_by_a_pronoun_subject_keeps_its_own_reading(nlp: Language, second: str) -> None:
    """ "she had paid her own visits": "her" is the subject "she", whoever that is;
    an earlier visit by someone else does not change it, nor gives it its time."""
    text = (
        "Chilean Senator Maria Ruiz made three visits to Brazilian President Lula da Silva in March.\n\n"
        + second
    )
    later = [m for m in code(nlp, text) if m.type == "CONSULT" and m.sentence == second]
    assert [[a.name for a in m.actor] for m in later] == [["Ana Vidal"]]
    assert later[0].date.start != "2022-03-01"
