"""Place names to coordinates with the offline gazetteer."""

from __future__ import annotations

import pytest

from eventwire.resolve.places import normalise_name, place_rank, resolve_place


@pytest.mark.parametrize(
    ("text", "name", "country", "kind"),
    [
        ("Helsinki", "Helsinki", "FIN", "city"),
        ("Finland", "Finland", "FIN", "country"),
        ("Georgia", "Georgia", "GEO", "country"),
        ("Crimea", "Crimea", "UKR", "admin1"),
        ("Kabul", "Kabul", "AFG", "city"),
        ("the Middle East", "Middle East", None, "region"),
    ],
)
def test_known_places(text: str, name: str, country: str | None, kind: str) -> None:
    place = resolve_place(text)
    assert place is not None
    assert (place.name, place.country, place.kind) == (name, country, kind)
    assert place.lat is not None and place.lon is not None
    assert place.basis


def test_helsinki_coordinates() -> None:
    place = resolve_place("Helsinki")
    assert place is not None and place.lat is not None and place.lon is not None
    assert abs(place.lat - 60.17) < 0.1 and abs(place.lon - 24.94) < 0.1


def test_context_country_decides_between_cities() -> None:
    # several cities share this name; the article's countries decide
    us = resolve_place("Birmingham", frozenset({"USA"}))
    uk = resolve_place("Birmingham", frozenset({"GBR"}))
    assert us is not None and uk is not None
    assert us.country == "USA" and uk.country == "GBR"


def test_unknown_place_is_none() -> None:
    assert resolve_place("Xyzzyville of Nowhere") is None


def test_normalise_and_rank() -> None:
    assert normalise_name("  The Hague ") == "hague"
    assert normalise_name("Zürich") == "zurich"
    assert place_rank(resolve_place("Helsinki")) > place_rank(resolve_place("Finland"))
    assert place_rank(None) == -1
