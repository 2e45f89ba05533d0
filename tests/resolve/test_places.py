"""Place names to coordinates with the offline gazetteer."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.records import Place
from eventwire.resolve.places import (
    article_context,
    context_countries,
    normalise_name,
    offer_strength,
    place_rank,
    resolve_place,
    through_kind_word,
)


@pytest.mark.parametrize(
    ("text", "name", "country", "kind"),
    [
        ("Helsinki", "Helsinki", "FIN", "city"),
        ("Finland", "Finland", "FIN", "country"),
        ("Georgia", "Georgia", "GEO", "country"),
        ("Crimea", "Crimea", "UKR", "admin1"),
        ("Kabul", "Kabul", "AFG", "city"),
        ("the Middle East", "Middle East", None, "region"),
        ("U.S.", "United States", "USA", "country"),
        ("Russian", "Russia", "RUS", "country"),
        ("Europe", "Europe", None, "continent"),
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


def test_georgia_follows_the_article() -> None:
    # the country by default and when the article is about the Caucasus
    assert resolve_place("Georgia").country == "GEO"  # type: ignore[union-attr]
    assert resolve_place("Georgia", frozenset({"GEO", "USA"})).kind == "country"  # type: ignore[union-attr]
    # a neighbour of the country in the article keeps the country ("the war in Georgia" with Russia)
    assert resolve_place("Georgia", frozenset({"USA", "RUS"})).kind == "country"  # type: ignore[union-attr]
    # the US state when the article is about the United States only
    state = resolve_place("Georgia", frozenset({"USA"}))
    assert state is not None and (state.kind, state.country) == ("admin1", "USA")


def test_article_context_ignores_names_that_could_go_either_way() -> None:
    context = article_context(["Atlanta", "Georgia"])
    assert context.countries == frozenset({"USA"})
    assert context.points, "Atlanta's point is kept for nearby towns"
    assert context_countries(["Tbilisi", "Georgia"]) == frozenset({"GEO"})


def test_qualifiers() -> None:
    helsinki = resolve_place("Helsinki, Finland")
    assert helsinki is not None and helsinki.country == "FIN" and helsinki.kind == "city"
    paris_tx = resolve_place("Paris, Texas")
    assert paris_tx is not None and paris_tx.country == "USA" and paris_tx.admin1 == "Texas"
    assert resolve_place("Paris").country == "FRA"  # type: ignore[union-attr]


def test_kind_words() -> None:
    airport = resolve_place("Kabul airport")
    assert airport is not None and airport.kind == "airport" and airport.country == "AFG"
    region = resolve_place("Donetsk region")
    assert region is not None and region.kind == "admin1" and region.country == "UKR"
    city = resolve_place("Donetsk")
    assert city is not None and city.kind == "city" and city.country == "UKR"
    province = resolve_place("the province of Helmand")
    assert province is not None and province.kind == "admin1" and province.country == "AFG"
    state = resolve_place("Washington state")
    assert state is not None and state.kind == "admin1"


def test_capital_and_abbreviations() -> None:
    washington = resolve_place("Washington", frozenset({"USA"}))
    assert (
        washington is not None and washington.kind == "city" and washington.admin1 == "District of Columbia"
    )
    wash = resolve_place("Wash.")
    assert wash is not None and wash.name == "Washington" and wash.kind == "admin1"
    bc = resolve_place("BC", frozenset({"CAN"}))
    assert bc is not None and bc.name == "British Columbia"


def test_case_rules() -> None:
    assert resolve_place("US") is not None
    assert resolve_place("us") is None, "an abbreviation matches capitals only"
    assert resolve_place("paris") is None, "a place name has a capital letter"
    assert resolve_place("West") is None, "a common word alone is not a place"


def test_context_country_decides_between_cities() -> None:
    us = resolve_place("Birmingham", frozenset({"USA"}))
    uk = resolve_place("Birmingham", frozenset({"GBR"}))
    assert us is not None and uk is not None
    assert us.country == "USA" and uk.country == "GBR"


def test_nearby_places_decide_between_towns() -> None:
    atlanta = article_context(["Atlanta"])
    near = resolve_place("Riverdale", atlanta.countries, nearby=atlanta.points)
    assert near is not None and near.admin1 == "Georgia"
    assert "near other places" in near.reason


def test_a_state_outranks_small_towns_of_its_name() -> None:
    # the state counts as the people of its towns, not as a flat prior
    for name in ("California", "Florida"):
        place = resolve_place(name, frozenset({"USA"}))
        assert place is not None and place.kind == "admin1", name


def test_region_named_by_the_article_decides_between_towns() -> None:
    # two Parklands of some 30,000 people: the one in the state the story names
    florida = article_context(["Fort Lauderdale", "Florida"])
    assert "US.FL" in florida.regions
    place = florida.resolve("Parkland")
    assert place is not None and place.admin1 == "Florida"
    assert "region the article names" in place.reason or "near other places" in place.reason


def test_article_context_leaves_out_capitals_and_close_calls() -> None:
    # "Washington" is mostly its government: it adds its country but no point,
    # and "Parkland" (two towns of one size) adds neither a point nor a region
    context = article_context(["Washington", "Parkland"])
    assert "USA" in context.countries
    assert context.points == ()
    assert context.regions == frozenset()


def test_short_first_words_are_written_out() -> None:
    assert normalise_name("St. Petersburg") == normalise_name("Saint Petersburg") == "saint petersburg"
    place = resolve_place("St. Petersburg")
    assert place is not None and place.country == "RUS"
    assert resolve_place("St. Petersburg", frozenset({"USA"})).country == "USA"  # type: ignore[union-attr]


def test_counties_and_qualified_towns() -> None:
    county = resolve_place("Cuyahoga County")
    assert county is not None and (county.kind, county.country) == ("admin2", "USA")
    # the bare name is the city; a town qualified by it is inside the state
    assert resolve_place("New York").kind == "city"  # type: ignore[union-attr]
    brooklyn = resolve_place("Brooklyn, New York")
    assert brooklyn is not None and brooklyn.admin1 == "New York"
    assert resolve_place("New York state").kind == "admin1"  # type: ignore[union-attr]


def test_a_leading_article_is_optional() -> None:
    # GeoNames writes "Al Qāmishlī"; copy writes "Qamishli" or "al-Qamishli"
    for text in ("Qamishli", "al-Qamishli", "Al Qamishli"):
        place = resolve_place(text)
        assert place is not None and place.country == "SYR", text


def test_unknown_place_is_none() -> None:
    assert resolve_place("Xyzzyville of Nowhere") is None
    assert resolve_place("") is None


def test_normalise_and_rank() -> None:
    assert normalise_name("  The Hague ") == "hague"
    assert normalise_name("Zürich") == "zurich"
    assert place_rank(resolve_place("Helsinki")) > place_rank(resolve_place("Finland"))
    assert place_rank(resolve_place("Kabul airport")) > place_rank(resolve_place("Kabul"))
    assert place_rank(None) == -1
    # a region across countries is no finer than a country
    assert place_rank(resolve_place("the Middle East")) < place_rank(resolve_place("Greece"))
    assert place_rank(resolve_place("Crimea")) > place_rank(resolve_place("Ukraine"))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120), st.frozensets(st.sampled_from(["USA", "GBR", "GEO", "UKR", "FRA"])))
def test_any_text_gives_none_or_a_valid_place(text: str, context: frozenset[str]) -> None:
    place = resolve_place(text, context)
    assert place is None or isinstance(place, Place)
    if place is not None:
        assert place.text == text and place.basis and place.kind
        if place.lat is not None and place.lon is not None:
            assert -90 <= place.lat <= 90 and -180 <= place.lon <= 180


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["Paris", "Georgia", "Kabul", "Texas", "Donetsk region", "Crimea", "x"])))
def test_context_is_a_set_of_country_codes(names: list[str]) -> None:
    context = article_context(names)
    assert all(len(code) == 3 for code in context.countries)


@pytest.mark.parametrize(
    ("text", "strength"),
    [
        ("Danish", "adjective"),
        ("Japan", "country"),
        ("US", "country"),
        ("the Middle East", "region"),
        ("Maryland", "area"),
        ("Borno State", "area"),
        ("Harare", "city"),
        ("BC", "code"),
        # acronyms that only share letters with a town's name
        ("BA", None),
        ("MoD", None),
        # a part of a place is not the place
        ("western Kenya", None),
        ("Xyzzy", None),
    ],
)
def test_offer_strength(text: str, strength: str | None) -> None:
    assert offer_strength(text) == strength


def test_through_kind_word() -> None:
    assert through_kind_word("Borno State")
    assert not through_kind_word("Borno")


def test_postal_codes_with_periods() -> None:
    for text, name in (("B.C.", "British Columbia"), ("N.B.", "New Brunswick")):
        place = resolve_place(text)
        assert place is not None and (place.name, place.country) == (name, "CAN")


def test_a_named_region_outranks_small_towns_of_its_name() -> None:
    # GeoNames' regions carry no population; they count as mid-sized places
    place = resolve_place("Yorkshire", frozenset({"GBR", "USA"}))
    assert place is not None and (place.kind, place.country) == ("region", "GBR")


def test_a_state_is_not_named_after_a_town_elsewhere_in_its_country() -> None:
    # Wyoming, Michigan is no town of the state of Wyoming
    place = resolve_place("Wyoming", frozenset({"USA"}))
    assert place is not None and place.kind == "admin1"
    # but Donetsk oblast is named after its main town, which the bare name means
    town = resolve_place("Donetsk")
    assert town is not None and town.kind == "city"


def test_the_region_of_a_town_and_region_pair() -> None:
    context = article_context(["Tacoma, Washington", "Washington"])
    state = context.resolve_within("Washington", "Tacoma")
    assert state is not None and (state.kind, state.country) == ("admin1", "USA")
    # no reading of the second name holds the first: it keeps its own reading
    other = context.resolve_within("Italy", "Greece")
    assert other is not None and other.kind == "country" and other.country == "ITA"


@pytest.mark.parametrize(
    ("text", "region"),
    [
        # GeoNames numbers Canada's provinces ("08", "10"); the gazetteer translates
        # the codes by where its towns lie, so qualifiers and admin1 work there too
        ("Sherbrooke, Quebec", "Quebec"),
        ("London, Ontario", "Ontario"),
        ("Montreal", "Quebec"),
        ("Mosul", "Nineveh"),
        ("Sydney", "New South Wales"),
    ],
)
def test_towns_know_their_first_level_region_in_every_country(text: str, region: str) -> None:
    place = resolve_place(text)
    assert place is not None and place.admin1 == region


def test_a_town_named_with_its_region_is_that_town_when_named_alone() -> None:
    context = article_context(["London, Ontario", "London"])
    place = context.resolve("London")
    assert place is not None and place.country == "CAN"
    assert article_context(["London"]).resolve("London").country == "GBR"  # type: ignore[union-attr]
