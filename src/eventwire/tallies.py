"""Counts answered from the store's tallies instead of its events.

A count over a million events reads a million index entries however good the
index; the store's tallies (schema 7, kept by triggers as events are written)
hold how many events there are of each type, status and month, and of each
country pair, so the counts users ask most (the timeline, the dyads, a total)
read a few thousand tally rows whatever the store's size.

A tally answers only when it gives exactly what the events would: every filter
set must be one the tally keeps, and a date bound must be a whole month or year
(the tallies keep months). Anything else returns None and the caller counts
events. ``tests/test_tallies.py`` checks both ways agree on random stores.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from eventwire.query import EventFilter

_UNDATED_MONTH = "coalesce(nullif(start_month, ''), 'unknown')"
_UNDATED_YEAR = "coalesce(nullif(substr(start_month, 1, 4), ''), 'unknown')"


@dataclass(frozen=True)
class Tally:
    """One tally table: the filters it can apply and the groupings it can give."""

    table: str
    filters: frozenset[str]
    groupings: dict[str, str]
    needs_dyad: bool = False


TALLIES: tuple[Tally, ...] = (
    Tally(
        "tally_time",
        frozenset({"type", "status", "date_from", "date_to"}),
        {"month": _UNDATED_MONTH, "year": _UNDATED_YEAR, "type": "type", "quad": "quad", "status": "status"},
    ),
    Tally(
        "tally_pair",
        frozenset({"type", "status"}),
        {
            "type": "type",
            "status": "status",
            "dyad": "coalesce(nullif(actor_country, ''), '?') || '-' "
            "|| coalesce(nullif(recipient_country, ''), '?')",
        },
    ),
    # one row per event and dyad: it can count only the events of one dyad
    Tally(
        "tally_dyad",
        frozenset({"dyad", "type", "status", "date_from", "date_to"}),
        {"month": _UNDATED_MONTH, "year": _UNDATED_YEAR, "type": "type", "status": "status"},
        needs_dyad=True,
    ),
)


def _set_filters(event_filter: EventFilter) -> set[str]:
    """The names of the filters that constrain something (``limit`` is not one)."""
    set_names = set()
    for field in fields(event_filter):
        if field.name == "limit":
            continue
        value = getattr(event_filter, field.name)
        if value is not None and value is not False:
            set_names.add(field.name)
    return set_names


def _whole_months(event_filter: EventFilter) -> bool:
    """Date bounds a tally of months can apply exactly: YYYY or YYYY-MM."""
    return all(v is None or len(v) in (4, 7) for v in (event_filter.date_from, event_filter.date_to))


def _kind(event_filter: EventFilter) -> tuple[list[str], list[Any]]:
    """The type and status filters as clauses over a tally, and their parameters."""
    clauses: list[str] = []
    params: list[Any] = []
    if event_filter.type:
        clauses.append("type = ?")
        params.append(event_filter.type.upper())
    if event_filter.status:
        clauses.append("status = ?")
        params.append(event_filter.status)
    return clauses, params


def earliest_start(conn: sqlite3.Connection, event_filter: EventFilter) -> str:
    """A start date no event ending on or after ``date_from`` starts before.

    ``date_from`` bounds when an event ends, and pages are ordered by when it
    starts; without a bound on the start, a page of 2010 would read every
    event since the store's first. The time tally knows the earliest start
    month among the events of each end month (and type and status), so the
    bound is exact (it removes no event the filter keeps) and costs a read of
    the tally.
    """
    assert event_filter.date_from
    clauses, params = _kind(event_filter)
    clauses += ["end_month >= ?", "start_month <> ''", "n > 0"]
    params.append(event_filter.date_from[:7])
    row = conn.execute(f"SELECT MIN(start_month) FROM tally_time WHERE {' AND '.join(clauses)}", params)
    earliest = row.fetchone()[0]
    return str(earliest) if earliest is not None else event_filter.date_from


def tally_sql(event_filter: EventFilter, by: str | None) -> tuple[str, str, tuple[Any, ...]] | None:
    """The tally that answers this count, as (table, WHERE clause, parameters), or None.

    ``by`` is a ``query.GROUPINGS`` name, or None for a plain count. The WHERE
    clause is empty when nothing is filtered.
    """
    wanted = _set_filters(event_filter)
    if not _whole_months(event_filter):
        return None
    for tally in TALLIES:
        if tally.needs_dyad != ("dyad" in wanted):
            continue
        if not wanted <= tally.filters or (by is not None and by not in tally.groupings):
            continue
        clauses, params = _kind(event_filter)
        pair = event_filter.dyad_pair()
        if pair:
            clauses.append("dyad = ?")
            params.append(pair)
        if event_filter.date_from:
            clauses.append("end_month >= ?")
            params.append(event_filter.date_from)
        if event_filter.date_to:
            # as on events: an undated event has no start on or before any date
            clauses.append("start_month <> '' AND start_month <= ?")
            params.append(event_filter.date_to + "~")
        return tally.table, " AND ".join(clauses), tuple(params)
    return None


def grouping(table: str, by: str) -> str:
    """The SQL key of grouping ``by`` in a tally table."""
    return next(t for t in TALLIES if t.table == table).groupings[by]
