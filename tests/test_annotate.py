"""The annotation record's places: every span offered, resolved, with its kind and offsets."""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventwire.annotate import annotate_article
from eventwire.records import Article

if TYPE_CHECKING:
    from spacy.language import Language

TEXT = (
    "KAMPALA (AP) - Ugandan police said on Monday that the Kenyan Red Cross had sent "
    "two lorries of food to families in Gulu. The Bank of Tanzania gave no comment."
)


def _article(text: str) -> Article:
    return Article(
        id="a1", source={"path": "a1.txt"}, title=None, outlet=None, published="2024-03-04", body=text
    )


def test_places_of_an_article(nlp: Language) -> None:
    record = annotate_article(_article(TEXT), nlp(TEXT))
    places = record["places"]
    by_text = {p["text"]: p for p in places}
    # dateline, adjectives, a place inside an organisation's name and the town
    assert {"KAMPALA", "Ugandan", "Kenyan", "Tanzania", "Gulu"} <= set(by_text)
    assert (by_text["KAMPALA"]["name"], by_text["KAMPALA"]["kind"]) == ("Kampala", "city")
    assert (by_text["Ugandan"]["country"], by_text["Ugandan"]["kind"]) == ("UGA", "country")
    assert by_text["Gulu"]["country"] == "UGA"
    for place in places:
        assert TEXT[place["start"] : place["end"]] == place["text"]
        assert place["kind"] and place["lat"] is not None
        assert "basis" not in place
    assert [p["start"] for p in places] == sorted(p["start"] for p in places)
