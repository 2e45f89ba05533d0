"""Correlates of War and Gleditsch–Ward state numbers, from the countrycode table.

Conflict researchers join event data to other data on these numbers (POLECAT
ships COW codes; ICEWS users ask for Gleditsch–Ward). The maintained crosswalk
political scientists use for them is the ``countrycode`` package (Arel-Bundock
et al.), which is GPL-3.0. eventwire is Apache-2.0, so the table is an optional
extra, ``pip install "eventwire[codes]"``, that the user chooses to install;
without it the columns stay empty and the export says so once in the log.
The numbers are the table's: where it has none (it gives no COW number for
``SRB`` and no Gleditsch–Ward number for ``YEM``), the column is empty too.
"""

from __future__ import annotations

import functools
import importlib.metadata
import logging
from dataclasses import dataclass

logger = logging.getLogger(__name__)

EXTRA = 'pip install "eventwire[codes]"'


@dataclass(frozen=True)
class StateNumbers:
    """A country's Correlates of War and Gleditsch–Ward numbers (None where the table has none)."""

    cow: int | None
    gw: int | None


@functools.cache
def _table() -> dict[str, StateNumbers] | None:
    """ISO alpha-3 code to state numbers, or None when countrycode is not installed."""
    try:
        from countrycode import countrycode
    except ImportError:
        logger.info("Correlates of War and Gleditsch-Ward columns are empty: %s adds them", EXTRA)
        return None
    from countrystatecity_countries import get_countries

    codes = sorted({c.iso3 for c in get_countries() if c.iso3})
    cow = countrycode(codes, origin="iso3c", destination="cown")
    gw = countrycode(codes, origin="iso3c", destination="gwn")
    found = (StateNumbers(_number(c), _number(g)) for c, g in zip(cow, gw, strict=True))
    return {
        code: numbers
        for code, numbers in zip(codes, found, strict=True)
        if numbers != StateNumbers(None, None)
    }


def _number(value: object) -> int | None:
    if not isinstance(value, int | float) or value != value:  # None, or NaN
        return None
    return int(value)


def state_numbers(iso3: str | None) -> StateNumbers | None:
    """The COW and GW numbers of a country given by its alpha-3 code, or None."""
    table = _table()
    return table.get(iso3) if table is not None and iso3 else None


def table_version() -> str | None:
    """``countrycode`` and its version when the table is installed, for the export's metadata."""
    if _table() is None:
        return None
    return f"countrycode {importlib.metadata.version('countrycode')}"
