"""Where an event happened when its sentence does not say: dateline, focus, parties.

Each test codes a short article of our own and checks the event's place and
its ``basis``: the event's own sentence first, then the dateline, then the
place the article names most, then the one country of its parties, and never
the article's place for background or for parties that point elsewhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from eventwire.records import Mention
from eventwire.resolve.places import place_bases
from tests.coder.coding import code_text

if TYPE_CHECKING:
    from spacy.language import Language

pytestmark = pytest.mark.slow

PUBLISHED = "2022-05-12T09:00:00+00:00"


def of_type(nlp: Language, text: str, event_type: str) -> Mention:
    found = [m for m in code_text(nlp, text, PUBLISHED) if m.type == event_type]
    assert len(found) == 1, (text, found)
    return found[0]


@pytest.mark.parametrize(
    ("text", "town", "country"),
    [
        (
            "KABUL, Afghanistan (AP) — Gunmen opened fire on a police checkpoint on Tuesday, "
            "officials said.\n\nThe attackers killed three officers.",
            "Kabul",
            "AFG",
        ),
        (
            "NAIROBI, Kenya (AP) — Police arrested dozens of demonstrators on Wednesday.\n\n"
            "Officers used batons against the crowd, witnesses said.",
            "Nairobi",
            "KEN",
        ),
    ],
)
def test_a_dateline_places_the_events_its_sentences_do_not(
    nlp: Language, text: str, town: str, country: str
) -> None:
    mentions = code_text(nlp, text, PUBLISHED)
    assert mentions
    for mention in mentions:
        assert mention.place is not None, mention
        assert (mention.place.name, mention.place.country, mention.place.basis) == (town, country, "dateline")
        assert mention.place.kind == "city"


def test_the_events_own_place_beats_the_dateline(nlp: Language) -> None:
    text = (
        "KABUL, Afghanistan (AP) — A roadside bomb exploded near a police convoy in Kandahar on Tuesday, "
        "officials said."
    )
    mention = of_type(nlp, text, "ASSAULT")
    assert mention.place is not None
    assert mention.place.text == "Kandahar" and mention.place.basis == "trigger"


def test_background_events_do_not_take_the_dateline(nlp: Language) -> None:
    text = "KABUL, Afghanistan (AP) — In 1998, police arrested forty students."
    mention = of_type(nlp, text, "COERCE")
    assert mention.historical
    assert mention.place is None or mention.place.basis != "dateline"


def test_a_dateline_in_another_country_than_the_parties_does_not_place_them(nlp: Language) -> None:
    text = (
        "WASHINGTON (AP) — Russian troops shelled Ukrainian positions on Monday, the Pentagon said.\n\n"
        "Officials in Washington said they were watching closely."
    )
    mention = of_type(nlp, text, "ASSAULT")
    assert mention.place is None or mention.place.country != "USA"


def test_the_town_an_article_names_most_places_its_other_events(nlp: Language) -> None:
    text = (
        "Fighting resumed in Mosul on Sunday.\n\n"
        "Residents of Mosul said the streets were empty.\n\n"
        "Gunmen later attacked a checkpoint, killing two soldiers."
    )
    mention = next(m for m in code_text(nlp, text, PUBLISHED) if "checkpoint" in m.sentence)
    assert mention.place is not None
    assert (mention.place.name, mention.place.basis) == ("Mosul", "focus")


def test_background_statements_are_placed_in_their_speakers_country_only(nlp: Language) -> None:
    mention = of_type(nlp, "In 1998, the French government criticised the plan.", "ACCUSE")
    assert mention.place is not None
    assert (mention.place.country, mention.place.kind, mention.place.basis) == ("FRA", "country", "parties")


def test_an_act_abroad_is_not_placed_in_the_doers_country(nlp: Language) -> None:
    text = "In 2016, American aircraft bombed militia positions."
    mention = of_type(nlp, text, "ASSAULT")
    assert mention.place is None or mention.place.basis != "parties"


def test_every_basis_is_documented() -> None:
    bases = place_bases()
    assert {"trigger", "sentence", "earlier", "dateline", "focus", "parties", "named"} <= set(bases)
    assert all(b.meaning for b in bases.values())
    stated = {b.id for b in bases.values() if b.stated}
    assert stated == {"trigger", "sentence", "earlier"}


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("LONDON, Ontario (AP) — Police in London arrested two men on Tuesday.", "CAN"),
        ("PARIS, Texas (AP) — A gunman opened fire at a church in Paris on Sunday.", "USA"),
        ("DUBLIN, Ohio — Police in Dublin arrested a man on Friday.", "USA"),
        ("Police in Dublin arrested a man on Friday.", "IRL"),
    ],
)
def test_the_dateline_decides_which_namesake_the_story_means(nlp: Language, text: str, country: str) -> None:
    mentions = code_text(nlp, text, PUBLISHED)
    assert mentions and all(m.place is not None and m.place.country == country for m in mentions), mentions
