"""Read-only filters over the store, shared by the CLI (and later the API).

Every filter becomes a parameterised SQL clause: user text never reaches the
SQL string.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from eventwire.records import Event
from eventwire.store import Store


@dataclass(frozen=True)
class EventFilter:
    """What to select; None means no constraint."""

    type: str | None = None
    status: str | None = None
    actor_country: str | None = None
    recipient_country: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    limit: int | None = None

    def to_sql(self) -> tuple[str, tuple[Any, ...]]:
        """Return a WHERE clause (without the keyword) and its parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.type:
            clauses.append("type = ?")
            params.append(self.type.upper())
        if self.status:
            clauses.append("status = ?")
            params.append(self.status)
        if self.actor_country:
            clauses.append("actor_country = ?")
            params.append(self.actor_country.upper())
        if self.recipient_country:
            clauses.append("recipient_country = ?")
            params.append(self.recipient_country.upper())
        if self.date_from:
            clauses.append("date_end >= ?")
            params.append(self.date_from)
        if self.date_to:
            clauses.append("date_start <= ?")
            params.append(self.date_to)
        return " AND ".join(clauses), tuple(params)


def select_events(store: Store, event_filter: EventFilter) -> Iterator[Event]:
    """Yield the stored events that pass the filter, by date."""
    where, params = event_filter.to_sql()
    for n, event in enumerate(store.events(where, params)):
        if event_filter.limit is not None and n >= event_filter.limit:
            break
        yield event
