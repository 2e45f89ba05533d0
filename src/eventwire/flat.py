"""The flat table: one row per event, for CSV, Parquet and GeoJSON properties.

The columns, their types and meanings are a data file
(``data/export/flat_columns.csv``), so the exporters, the Parquet schema and
the documentation read one list. The row is a superset of what users of
POLECAT, ACLED and GDELT filter and join on (docs/crosswalk.md): dates,
parties with country codes in two systems, the place with its precision and
region, counts, and where the event was read (outlets, URLs, the first
publication day and the evidence sentence).

Country numbers and regions come from the countrystatecity table (a
maintained data package eventwire already reads for its gazetteer), and the
COW and Gleditsch–Ward numbers from the countrycode table when it is installed
(``state_codes.py``), never from a list of our own.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from eventwire.records import ActorRef, Event
from eventwire.state_codes import state_numbers

FLAT_COLUMNS_VERSION = "3"
"""The version of the flat table's columns and their Parquet types.

Written into every Parquet file (key ``flat_columns_version``) beside
``eventwire_version``, so a reader can tell which layout a file has; raised
when a column is added, renamed, dropped or changes type (docs/records.md).
Version 2 added the country numbers and regions, ``arrested``,
``n_articles``, ``first_published``, ``outlets``, ``languages``, ``source_urls``,
``coder_version``, ``config_hash`` and
``evidence``, and typed the dates as dates. Version 3 added the Correlates of
War and Gleditsch–Ward numbers (``state_codes.py``).
"""

TYPES = ("text", "integer", "number", "boolean", "date")


@dataclass(frozen=True)
class Column:
    """One column of the flat table: its name, type (one of ``TYPES``) and meaning."""

    name: str
    type: str
    meaning: str


@functools.cache
def columns() -> tuple[Column, ...]:
    """The flat table's columns, in order (``data/export/flat_columns.csv``)."""
    text = resources.files("eventwire").joinpath("data/export/flat_columns.csv").read_text(encoding="utf-8")
    found = tuple(
        Column(row["column"], row["type"], row["meaning"]) for row in csv.DictReader(text.splitlines())
    )
    unknown = sorted({c.type for c in found} - set(TYPES))
    if unknown:
        raise ValueError(f"data/export/flat_columns.csv: unknown column types {unknown}")
    return found


FLAT_COLUMNS: tuple[str, ...] = tuple(c.name for c in columns())


@dataclass(frozen=True)
class CountryFacts:
    """What the countrystatecity table says of a country."""

    numeric: str | None
    region: str | None
    subregion: str | None


@functools.cache
def _countries() -> dict[str, CountryFacts]:
    from countrystatecity_countries import get_countries

    return {
        country.iso3: CountryFacts(
            country.numeric_code or None, country.region or None, country.subregion or None
        )
        for country in get_countries()
        if country.iso3
    }


def country_facts(iso3: str | None) -> CountryFacts | None:
    """The ISO numeric code and regions of a country given by its alpha-3 code, or None."""
    return _countries().get(iso3) if iso3 else None


def _join(values: Sequence[str | None]) -> str:
    return ";".join(v for v in values if v)


def _numbers(codes: Sequence[str | None]) -> str:
    return _join([facts.numeric if (facts := country_facts(code)) else None for code in codes])


def _states(codes: Sequence[str | None], system: str) -> str:
    """The ';'-joined COW or GW numbers (``system``) of these countries, where known."""
    found = [getattr(n, system) if (n := state_numbers(code)) else None for code in codes]
    return _join([str(number) for number in found if number is not None])


def _party_columns(side: str, parties: Sequence[ActorRef]) -> dict[str, str]:
    """The columns of one side's parties (``actor_*`` or ``recipient_*``), ';'-joined."""
    countries = [p.country for p in parties]
    return {
        f"{side}_name": _join([p.name for p in parties]),
        f"{side}_country": _join(countries),
        f"{side}_country_numeric": _numbers(countries),
        f"{side}_cow": _states(countries, "cow"),
        f"{side}_gw": _states(countries, "gw"),
        f"{side}_sector": _join([p.sector for p in parties]),
    }


def _first_day(values: Sequence[str | None]) -> str | None:
    days = sorted(v[:10] for v in values if v and as_date(v) is not None)
    return days[0] if days else None


def as_date(value: Any) -> dt.date | None:
    """A flat row's date value as a date (its first ten characters), or None."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def flat_row(event: Event) -> dict[str, Any]:
    """One event as a flat row (lists joined with ';'), keyed by ``FLAT_COLUMNS``."""
    place, size = event.place, event.size
    where = country_facts(place.country) if place else None
    numbers = state_numbers(place.country) if place else None
    sources = event.sources
    coded = {s.coded_with for s in sources if s.coded_with}
    return {
        "event_id": event.id,
        "date_start": event.date.start,
        "date_end": event.date.end,
        "date_granularity": event.date.granularity,
        "date_basis": event.date.basis,
        "type": event.type,
        "mode": event.mode,
        "status": event.status,
        "historical": event.historical,
        "quad": event.quad,
        **_party_columns("actor", event.actor),
        **_party_columns("recipient", event.recipient),
        "place": place.name if place else None,
        "place_country": place.country if place else None,
        "place_country_numeric": where.numeric if where else None,
        "place_cow": numbers.cow if numbers else None,
        "place_gw": numbers.gw if numbers else None,
        "place_region": where.region if where else None,
        "place_subregion": where.subregion if where else None,
        "place_admin1": place.admin1 if place else None,
        # the place's precision and where it was found: filter on these as on
        # ACLED's geo_precision (data/places/bases.csv)
        "place_kind": place.kind if place else None,
        "place_basis": place.basis if place else None,
        "geonameid": place.geonameid if place else None,
        "latitude": place.lat if place else None,
        "longitude": place.lon if place else None,
        "dead": size.dead if size else None,
        "injured": size.injured if size else None,
        "arrested": size.arrested if size else None,
        "confidence": event.confidence,
        "n_sources": len(sources),
        "n_articles": len({s.article_id for s in sources}),
        "first_published": _first_day([s.published for s in sources]),
        "outlets": _join(sorted({s.outlet for s in sources if s.outlet})),
        "languages": _join(sorted({s.language for s in sources if s.language})),
        "source_urls": _join(sorted({s.url for s in sources if s.url})),
        "coder_version": _join(sorted({c.rsplit("-", 1)[-1] for c in coded})),
        "config_hash": _join(sorted(coded)),
        "evidence": sources[0].sentence if sources else None,
        "article_ids": _join(sorted({s.article_id for s in sources})),
    }


def typed_row(event: Event) -> dict[str, Any]:
    """The flat row with each value of its column's type, as Parquet stores it:
    dates as dates, an empty text or list as null."""
    row = flat_row(event)
    for column in columns():
        value = row[column.name]
        if value is None or value == "":
            row[column.name] = None
        elif column.type == "date":
            row[column.name] = as_date(value)
        elif column.type == "text":
            row[column.name] = str(value)
    return row
