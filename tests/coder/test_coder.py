"""The coder end to end on short articles: type, roles, status, date and place.

The sentences are our own (none shares four words in a row with the seed articles).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from eventwire.records import Mention
from tests.coder.coding import code_text

if TYPE_CHECKING:
    from spacy.language import Language

pytestmark = pytest.mark.slow


def code(nlp: Language, text: str, published: str | None = "2021-09-24T05:19:00+01:00") -> list[Mention]:
    return code_text(nlp, text, published)


def test_meeting_in_a_third_country(nlp: Language) -> None:
    [mention] = code(
        nlp,
        "Turkish President Recep Tayyip Erdogan met Iranian President Ebrahim Raisi "
        "in Helsinki on Wednesday.",
    )
    assert mention.type == "CONSULT" and mention.status == "occurred"
    assert (mention.actor[0].country, mention.recipient[0].country) == ("TUR", "IRN")
    assert mention.date.start == "2021-09-22" and mention.date.basis == "relative"
    assert mention.place is not None and mention.place.name == "Helsinki"
    assert mention.mode == "third-party"
    start, end = mention.trigger
    assert mention.sentence[start - mention.start : end - mention.start] == "met"


def test_a_when_clause_of_the_same_moment_gives_the_place(nlp: Language) -> None:
    mentions = code(
        nlp,
        "Admiral Rosa Pereira, the senior Brazilian naval officer, said she discussed the matter "
        "with Argentine counterparts when the two navies met in Uruguay last weekend.",
    )
    consult = next(m for m in mentions if m.type == "CONSULT")
    assert consult.place is not None and consult.place.country == "URY"


def test_a_facility_named_before_gives_holder_and_place(nlp: Language) -> None:
    mentions = code(
        nlp,
        "Dutch troops used the airfield outside Tirana for years.\n\n"
        "Albania ordered the airfield closed in 2016.",
    )
    closing = next(m for m in mentions if m.type == "SANCTION")
    assert [(r.country, r.sector) for r in closing.recipient] == [("NLD", "MIL")]
    assert closing.place is not None and (closing.place.text, closing.place.country) == ("Tirana", "ALB")


def test_a_facility_named_with_its_owner_is_the_owners(nlp: Language) -> None:
    """ "the Iranian embassy in Ottawa" is a facility of its own: its owner is the
    recipient and its place is its own, whatever the article named before."""
    mentions = code(
        nlp,
        "Iran ran a trade office in Toronto for years.\n\n"
        "Canada closed the Iranian embassy in Ottawa in 2012.",
    )
    closing = next(m for m in mentions if m.type == "SANCTION")
    assert [r.country for r in closing.recipient] == ["IRN"]
    assert closing.place is not None and closing.place.text == "Ottawa"


def test_historical_incursion_is_dated_to_its_year(nlp: Language) -> None:
    mentions = code(
        nlp, "Relations soured after Turkish forces entered the Kurdish-held town of Afrin in 2018."
    )
    assault = next(m for m in mentions if m.type == "ASSAULT")
    assert assault.actor[0].country == "TUR" and assault.actor[0].sector == "MIL"
    assert assault.recipient[0].country == "SYR"
    assert (assault.date.start, assault.date.end) == ("2018-01-01", "2018-12-31")
    assert assault.historical


def test_requested_resignation_is_not_a_resignation(nlp: Language) -> None:
    mentions = code(nlp, "Several Chilean senators have called for the minister to step down.")
    assert all(m.status != "occurred" for m in mentions if m.type == "RETREAT")
    assert any(m.type == "REQUEST" and m.actor and m.actor[0].sector == "LEG" for m in mentions)


def test_posing_a_threat_is_not_a_threat(nlp: Language) -> None:
    mentions = code(nlp, "Analysts said the Colombian militias could pose a grave threat to Peru.")
    assert not [m for m in mentions if m.type == "THREATEN"]


def test_reported_speech_codes_the_reported_act(nlp: Language) -> None:
    mentions = code(nlp, "Peru's deputy interior minister said in March that Lima had warned Bolivia.")
    threat = next(m for m in mentions if m.type == "THREATEN")
    assert threat.actor[0].country == "PER" and threat.recipient[0].country == "BOL"
    assert threat.date.start == "2021-03-01"


def test_nobody_identified_codes_nothing(nlp: Language) -> None:
    assert code(nlp, "Somebody attacked something somewhere.") == []


# ------------------------------------------------------- repairs of the small parser


@pytest.mark.parametrize(
    ("text", "actor", "recipient"),
    [
        ("Parliament in 2019 sharply limited trade with Belarus.", (None, "LEG"), "BLR"),
        ("Japan in 2012 sharply reduced economic aid to Myanmar.", ("JPN", None), "MMR"),
        (
            "In reply to the border clash, the Duma in 2019 strictly limited naval cooperation with Japan.",
            ("RUS", "LEG"),
            "JPN",
        ),
    ],
)
def test_a_verb_read_as_an_adjective_leaves_the_name_heading_the_sentence_as_actor(
    nlp: Language, text: str, actor: tuple[str | None, str | None], recipient: str
) -> None:
    """The small model reads "NAME in YEAR sharply limited X" as one noun phrase with
    no verb; the name that heads it is who limited X."""
    assert nlp(text)[:].root.pos_ == "PROPN"  # the parse this repairs
    [mention] = code(nlp, text)
    assert mention.type == "SANCTION"
    assert [(a.country, a.sector) for a in mention.actor] == [actor]
    assert [r.country for r in mention.recipient] == [recipient]


def test_a_verbless_line_with_no_such_entry_gets_no_actor_from_its_head(nlp: Language) -> None:
    assert code(nlp, "Contact Andes Freight by phone at 555-0100 or by email.") == []


def test_a_phrase_the_parser_hung_on_the_verb_still_belongs_to_the_event_noun(nlp: Language) -> None:
    """ "holding joint naval exercises with Chile": the small model hangs "with Chile"
    on "holding"; right after the noun, it is the noun's."""
    text = "Peru is holding joint naval exercises with Chile this week."
    doc = nlp(text)
    assert next(t for t in doc if t.text == "with").head.text == "holding"  # the parse this repairs
    [mention] = code(nlp, text)
    assert mention.type == "COOPERATE" and [r.country for r in mention.recipient] == ["CHL"]


def test_an_event_in_a_named_episode_is_dated_to_the_episode(nlp: Language) -> None:
    text = (
        "Taliban gunmen ambushed a convoy of aid workers near the airport in the last days "
        "of the evacuation of Afghan interpreters, officials in Kabul said."
    )
    [ambush] = [m for m in code(nlp, text, published="2021-10-05") if m.type == "ASSAULT"]
    assert (ambush.date.start, ambush.date.end) == ("2021-08-17", "2021-08-31")


def test_a_common_word_alone_names_no_episode(nlp: Language) -> None:
    """ "the evacuation of the stadium" in an article that mentions Kabul is no airlift."""
    text = "Taliban gunmen ambushed a convoy of aid workers in Kabul during the evacuation of the stadium."
    [ambush] = [m for m in code(nlp, text, published="2021-10-05") if m.type == "ASSAULT"]
    assert ambush.date.start == "2021-10-05"
