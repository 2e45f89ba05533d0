"""Which spans of an article are offered as places, on real parses of sentences of our own."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from eventwire.resolve.place_spans import PlaceSpan, place_spans
from eventwire.resolve.places import article_context

if TYPE_CHECKING:
    from spacy.language import Language


def _spans(nlp: Language, text: str) -> list[PlaceSpan]:
    return place_spans(nlp(text))


def _texts(nlp: Language, text: str) -> list[str]:
    return [s.text for s in _spans(nlp, text)]


@pytest.mark.parametrize(
    ("text", "offered"),
    [
        # nationality adjectives, tagged NORP or inside one
        ("Danish engineers inspected the turbines on Tuesday.", "Danish"),
        ("An anti-Russian rally filled the square on Sunday.", "Russian"),
        # a place inside an organisation's name
        ("The Bank of Japan kept its rates unchanged.", "Japan"),
        ("The Nigerian Army said it had freed the hostages.", "Nigerian"),
        ("The Harare City Council met on Friday.", "Harare"),
        # the kind word belongs to the body, not the place
        ("The Maryland State Police closed the highway on Monday.", "Maryland"),
        # a dateline, whatever the tagger makes of it
        ("NAIROBI (Reuters) - Officials said on Friday that the talks had failed.", "NAIROBI"),
        # a town spaCy took for something else, after "in"
        ("She lives in Riverdale with her two sons.", "Riverdale"),
        ("He was born in Colchester and moved away in 2004.", "Colchester"),
    ],
)
def test_places_beyond_place_entities(nlp: Language, text: str, offered: str) -> None:
    assert offered in _texts(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        # acronyms are not the small towns that share their letters
        "The MoD said the NGO had left the area.",
        # a common word, even where it names towns elsewhere
        "Orange Drugs Ltd reported a profit.",
        # a town amid another name
        "She shopped at Bed Bath & Beyond on Sunday.",
        # a month after "in" is a date
        "The vote is due in March.",
        # a speaker's name before a colon is no dateline
        "MORRIS: We will keep going until the end.",
    ],
)
def test_words_that_only_look_like_places(nlp: Language, text: str) -> None:
    assert _texts(nlp, text) == []


def test_a_surname_is_not_a_town(nlp: Language) -> None:
    texts = _texts(nlp, "Tom Sutton won the race. Sutton said it was hard.")
    assert "Sutton" not in texts


def test_a_possessive_is_not_part_of_the_name(nlp: Language) -> None:
    doc = nlp("Canada's exports grew last year.")
    (span,) = place_spans(doc)
    assert span.text == "Canada"
    assert doc[span.start : span.end].text == "Canada"


def test_town_and_region_are_two_places(nlp: Language) -> None:
    spans = _spans(nlp, "Police in Tacoma, Washington said two men were held.")
    town, region = (s for s in spans if s.text in {"Tacoma", "Washington"})
    assert town.lookup == "Tacoma, Washington"
    assert region.within == "Tacoma"
    context = article_context(s.lookup for s in spans)
    state = context.resolve_within(region.lookup, town.text)
    assert state is not None and (state.kind, state.country) == ("admin1", "USA")
    place = context.resolve(town.lookup)
    assert place is not None and place.name == "Tacoma"


def test_a_postal_code_needs_the_country_around_it(nlp: Language) -> None:
    canadian = _texts(nlp, "Small Business BC opened an office in Kelowna.")
    assert "BC" in canadian
    korean = _texts(nlp, "The NC Dinos beat the Doosan Bears in Seoul.")
    assert "NC" not in korean


def test_spans_do_not_overlap_and_follow_the_text(nlp: Language) -> None:
    doc = nlp(
        "BEIRUT (AP) - Syrian troops and Turkish officials met in Qamishli, "
        "a town near the Iraqi border, the Syrian Observatory for Human Rights said."
    )
    spans = place_spans(doc)
    starts = [s.start for s in spans]
    assert starts == sorted(starts)
    covered = [i for s in spans for i in range(s.start, s.end)]
    assert len(covered) == len(set(covered))
    assert {"BEIRUT", "Syrian", "Turkish", "Qamishli", "Iraqi"} <= {s.text for s in spans}


def test_a_dateline_opens_a_line_not_a_sentence(nlp: Language) -> None:
    later = "Markets were calm.\n\nNAIROBI (Reuters) - Officials said on Friday that the talks had failed."
    assert "NAIROBI" in _texts(nlp, later)
    # capitals in the middle of a line are a heading or an acronym, not a dateline
    inline = "Markets were calm. LIMA, the report said, was quiet on Friday."
    assert all(s.how != "dateline" for s in _spans(nlp, inline))
