"""The coder end to end on short articles: type, roles, status, date and place."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from eventwire.coder import code_article
from eventwire.records import Article, Mention

if TYPE_CHECKING:
    from spacy.language import Language

pytestmark = pytest.mark.slow


def code(nlp: Language, text: str, published: str | None = "2021-09-24T05:19:00+01:00") -> list[Mention]:
    article = Article(
        id="t",
        source={"path": "t.txt", "format": "text"},
        title=None,
        outlet=None,
        published=published,
        body=text,
    )
    return code_article(article, nlp(article.analysed_text()))


def test_meeting_in_a_third_country(nlp: Language) -> None:
    [mention] = code(
        nlp,
        "Russian President Vladimir Putin met Turkish President Recep Tayyip Erdogan "
        "in Helsinki on Wednesday.",
    )
    assert mention.type == "CONSULT" and mention.status == "occurred"
    assert (mention.actor[0].country, mention.recipient[0].country) == ("RUS", "TUR")
    assert mention.date.start == "2021-09-22" and mention.date.basis == "relative"
    assert mention.place is not None and mention.place.name == "Helsinki"
    assert mention.mode == "third-party"
    start, end = mention.trigger
    assert mention.sentence[start - mention.start : end - mention.start] == "met"


def test_a_when_clause_of_the_same_moment_gives_the_place(nlp: Language) -> None:
    mentions = code(
        nlp,
        "Gen. Mark Milley, the top U.S. military officer, said he discussed the issue "
        "with NATO counterparts when they met in Greece over the weekend.",
    )
    consult = next(m for m in mentions if m.type == "CONSULT")
    assert consult.place is not None and consult.place.country == "GRC"


def test_a_facility_named_before_gives_holder_and_place(nlp: Language) -> None:
    mentions = code(
        nlp,
        "The U.S. military used the air base at Termez for years. "
        "Uzbekistan ordered the base closed in 2005.",
    )
    closing = next(m for m in mentions if m.type == "SANCTION")
    assert closing.recipient and closing.recipient[0].country == "USA"
    assert closing.place is not None and (closing.place.text, closing.place.country) == ("Termez", "UZB")


def test_historical_incursion_is_dated_to_its_year(nlp: Language) -> None:
    mentions = code(
        nlp, "Tensions rose after Russian forces entered the former Soviet republic of Georgia in 2008."
    )
    assault = next(m for m in mentions if m.type == "ASSAULT")
    assert assault.actor[0].country == "RUS" and assault.actor[0].sector == "MIL"
    assert assault.recipient[0].country == "GEO"
    assert (assault.date.start, assault.date.end) == ("2008-01-01", "2008-12-31")
    assert assault.historical


def test_requested_resignation_is_not_a_resignation(nlp: Language) -> None:
    mentions = code(nlp, "Some members of Congress have called for the minister to step down.")
    assert all(m.status != "occurred" for m in mentions if m.type == "RETREAT")
    assert any(m.type == "REQUEST" and m.actor and m.actor[0].sector == "LEG" for m in mentions)


def test_posing_a_threat_is_not_a_threat(nlp: Language) -> None:
    mentions = code(nlp, "Officials said the Islamic State could pose a threat to the United States.")
    assert not [m for m in mentions if m.type == "THREATEN"]


def test_reported_speech_codes_the_reported_act(nlp: Language) -> None:
    mentions = code(
        nlp, "Russia's deputy foreign minister said in July that Moscow warned the United States."
    )
    threat = next(m for m in mentions if m.type == "THREATEN")
    assert threat.actor[0].country == "RUS" and threat.recipient[0].country == "USA"
    assert threat.date.start == "2021-07-01"


def test_nobody_identified_codes_nothing(nlp: Language) -> None:
    assert code(nlp, "Somebody attacked something somewhere.") == []
