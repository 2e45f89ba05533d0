"""Read-only queries over the store, shared by the CLI and the HTTP API.

Every filter becomes a parameterised SQL clause: user text never reaches the
SQL string. Filters are checked when they are built (``EventFilter`` raises
``ValueError`` with a message a user can act on), and every list is bounded.

    flt = filter_from_params({"dyad": "USA-RUS", "type": "CONSULT"})
    count_events(store, flt); find_events(store, flt, limit=50, offset=0)
    count_by(store, flt, "month"); list_actors(store, flt); network(store, flt)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from typing import Any

from eventwire.coder.ontology import load_ontology
from eventwire.records import Event
from eventwire.store import Store, dyad_key, event_from_json, party_label
from eventwire.tallies import earliest_start, grouping, tally_sql

MAX_LIMIT = 1000
MAX_OFFSET = 1_000_000
MAX_TEXT = 200
MAX_NEAR_KM = 20_000.0
KM_PER_DEGREE = 111.0
STATUSES = ("occurred", "future", "hypothetical", "negated")
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
COUNTRY_RE = re.compile(r"^[A-Z]{3}$")
DYAD_RE = re.compile(r"^([A-Z]{3})-([A-Z]{3})$")
# What ``count_by`` can group on, and the SQL expression of each key.
GROUPINGS = {
    "day": "substr(date_start, 1, 10)",
    "week": "ew_iso_week(date_start)",
    "month": "substr(date_start, 1, 7)",
    "year": "substr(date_start, 1, 4)",
    "type": "type",
    "quad": "quad",
    "status": "status",
    "dyad": "coalesce(actor_country, '?') || '-' || coalesce(recipient_country, '?')",
    "place_country": "place_country",
}
# How many events a network is drawn from at most (the most recent first).
MAX_NETWORK_EVENTS = 20_000


def _real_date(value: str) -> bool:
    """True when "YYYY", "YYYY-MM" or "YYYY-MM-DD" names a real year, month or day
    ("1998-13" and "2021-02-30" do not)."""
    parts = [int(p) for p in value.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class IdSet:
    """A filter that is a set of event ids an index gives (parties, dyads, words).

    It joins a query in one of two ways. ``member`` collects the set first and
    looks each event up: best when the set is small. ``exists`` checks each
    event read in date order against the index: best for a page of a large
    set, which finds its rows among the first events it reads.
    """

    select: str  # SELECT <column> FROM ... WHERE ...
    column: str
    params: tuple[Any, ...]

    def member(self) -> str:
        return f"id IN ({self.select})"

    def exists(self) -> str:
        return f"EXISTS ({self.select} AND {self.column} = event.id)"


def _side_has(side: str, key: str, value: str) -> IdSet:
    """Events with a party of this side whose country (or sector) is the value."""
    return IdSet(
        f"SELECT event_id FROM event_party WHERE side = '{side}' AND {key} = ?", "event_id", (value,)
    )


def _side_name_like(side: str, words: str) -> IdSet:
    """Events with a party of this side whose name (or words) contain these words:
    the matching names from ``party_name``, then their events from the name index."""
    return IdSet(
        f"SELECT event_id FROM event_party WHERE side = '{side}' AND name_key IN "
        f"(SELECT key FROM party_name WHERE side = '{side}' AND n > 0 AND key LIKE ? ESCAPE '\\')",
        "event_id",
        (_like(words),),
    )


def _like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def fts_query(text: str) -> str:
    """Turn free text into an FTS5 query that cannot be a syntax error: every word
    a quoted term, all required ("drone strike" finds sentences with both words)."""
    words = re.findall(r"\w+", text, flags=re.UNICODE)
    if not words:
        raise ValueError("text: give at least one word to search for")
    return " ".join(f'"{w}"' for w in words[:32])


@dataclass(frozen=True)
class FilterParam:
    """One filter as the CLI and the API offer it (``FILTER_PARAMS``).

    ``name`` is the ``EventFilter`` field (``--name-with-hyphens`` on the
    command line, ``name`` in a query string); ``pattern`` and ``max_length``
    are the shape the API checks at its edge, before ``EventFilter`` checks
    the meaning; ``flag`` marks a yes/no filter.
    """

    name: str
    help: str
    pattern: str | None = None
    max_length: int | None = MAX_TEXT
    flag: bool = False

    @property
    def option(self) -> str:
        """The command-line option: ``--actor-country``."""
        return "--" + self.name.replace("_", "-")


_COUNTRY = r"^[A-Za-z]{3}$"
_DATE = DATE_RE.pattern
_DYAD = r"^[A-Za-z]{3}-[A-Za-z]{3}$"

FILTER_PARAMS: tuple[FilterParam, ...] = (
    FilterParam("type", "PLOVER type, e.g. CONSULT.", max_length=20),
    FilterParam("mode", "PLOVER mode, e.g. phone.", max_length=40),
    FilterParam(
        "status", "occurred, future, hypothetical or negated.", pattern="^(" + "|".join(STATUSES) + ")$"
    ),
    FilterParam("actor", "Words of an actor's name, e.g. milley."),
    FilterParam("recipient", "Words of a recipient's name."),
    FilterParam("actor_country", "ISO3 code of the actor, e.g. USA.", pattern=_COUNTRY),
    FilterParam("recipient_country", "ISO3 code of the recipient, e.g. RUS.", pattern=_COUNTRY),
    FilterParam("actor_sector", "Sector of the actor, e.g. MIL.", max_length=10),
    FilterParam("recipient_sector", "Sector of the recipient.", max_length=10),
    FilterParam(
        "dyad", "Two countries, either direction, e.g. USA-RUS.", pattern=r"^[A-Za-z]{3}-[A-Za-z]{3}$"
    ),
    FilterParam(
        "date_from", "Events ending on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).", pattern=_DATE
    ),
    FilterParam("date_to", "Events starting on or before this date.", pattern=_DATE),
    FilterParam("place_country", "ISO3 code of the event's place.", pattern=_COUNTRY),
    FilterParam("text", "Words in the evidence sentences (full-text search)."),
    FilterParam("outlet", "Outlet of a source, e.g. AP."),
    FilterParam(
        "near", "Events placed within KM of a point: LAT,LON,KM, e.g. 60.17,24.94,100.", max_length=60
    ),
    FilterParam("placed", "Only events with a point (what the map shows).", max_length=None, flag=True),
)
"""Every filter, once: the CLI's options (``cli.filter_options``) and the API's
query parameters (``serve.api.filter_dependency``) are made from this list, and
a test checks it names every ``EventFilter`` field."""


@dataclass(frozen=True)
class EventFilter:
    """What to select; None means no constraint. Invalid values raise ValueError."""

    actor: str | None = None
    recipient: str | None = None
    actor_country: str | None = None
    recipient_country: str | None = None
    actor_sector: str | None = None
    recipient_sector: str | None = None
    dyad: str | None = None
    type: str | None = None
    mode: str | None = None
    status: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    place_country: str | None = None
    text: str | None = None
    outlet: str | None = None
    # "lat,lon,km": events placed within km of the point
    near: str | None = None
    # only events with a point (what a map or GeoJSON shows)
    placed: bool = False
    limit: int | None = None

    def __post_init__(self) -> None:
        ontology = load_ontology()
        for name in ("actor", "recipient", "text", "outlet"):
            value = getattr(self, name)
            if value is not None and len(value) > MAX_TEXT:
                raise ValueError(f"{name}: at most {MAX_TEXT} characters")
        if self.type is not None and self.type.upper() not in ontology:
            raise ValueError(f"type: {self.type!r} is not a PLOVER type ({', '.join(sorted(ontology))})")
        if self.mode is not None:
            types = [ontology[self.type.upper()]] if self.type else list(ontology.values())
            if not any(self.mode in t.modes for t in types):
                raise ValueError(
                    f"mode: {self.mode!r} is not a mode of {self.type.upper() if self.type else 'any type'}"
                )
        if self.status is not None and self.status not in STATUSES:
            raise ValueError(f"status: one of {', '.join(STATUSES)}")
        for name in ("actor_country", "recipient_country", "place_country"):
            value = getattr(self, name)
            if value is not None and not COUNTRY_RE.match(value.upper()):
                raise ValueError(f"{name}: a three-letter country code such as USA")
        if self.dyad is not None and not DYAD_RE.match(self.dyad.upper()):
            raise ValueError("dyad: two three-letter codes joined by a hyphen, such as USA-RUS")
        for name in ("date_from", "date_to"):
            value = getattr(self, name)
            if value is not None and not (DATE_RE.match(value) and _real_date(value)):
                raise ValueError(
                    f"{name}: a real date as YYYY, YYYY-MM or YYYY-MM-DD, such as 2021-09 (got {value!r})"
                )
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError("date_from is after date_to")
        if self.text is not None:
            fts_query(self.text)
        if self.near is not None:
            self.point()
        if self.limit is not None and not 0 < self.limit <= MAX_LIMIT:
            raise ValueError(f"limit: between 1 and {MAX_LIMIT}")

    def point(self) -> tuple[float, float, float]:
        """The ``near`` filter as (lat, lon, km); ValueError when it is not one."""
        parts = (self.near or "").split(",")
        try:
            lat, lon, km = (float(p) for p in parts)
        except ValueError:
            raise ValueError("near: latitude,longitude,km such as 60.17,24.94,100") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 < km <= MAX_NEAR_KM):
            raise ValueError(f"near: latitude -90..90, longitude -180..180, km 0..{MAX_NEAR_KM:g}")
        return lat, lon, km

    def dyad_pair(self) -> str | None:
        """The ``dyad`` filter as the pair index keeps it, either way round ("RUS-USA")."""
        if not self.dyad:
            return None
        first, second = self.dyad.upper().split("-")
        return dyad_key(first, second)

    def id_sets(self) -> list[IdSet]:
        """The filters that are sets of event ids from an index."""
        sets: list[IdSet] = []
        for side in ("actor", "recipient"):
            country, sector, words = (getattr(self, f"{side}{x}") for x in ("_country", "_sector", ""))
            if country:
                sets.append(_side_has(side, "country", country.upper()))
            if sector:
                sets.append(_side_has(side, "sector", sector.upper()))
            if words:
                sets.append(_side_name_like(side, words))
        pair = self.dyad_pair()
        if pair:
            # either way round: one range of the pair index (an actor of one
            # country and a recipient of the other, in any of the event's parties)
            sets.append(IdSet("SELECT event_id FROM event_pair WHERE dyad = ?", "event_id", (pair,)))
        if self.text:
            sets.append(
                IdSet(
                    "SELECT es.event_id FROM event_source es JOIN mention m ON m.id = es.mention_id "
                    "WHERE m.rowid IN (SELECT rowid FROM mention_fts WHERE mention_fts MATCH ?)",
                    "es.event_id",
                    (fts_query(self.text),),
                )
            )
        return sets

    def to_sql(self, read_in_order: bool = False) -> tuple[str, tuple[Any, ...]]:
        """Return a WHERE clause over the ``event`` table (without the keyword) and its parameters.

        ``read_in_order`` checks the id sets event by event (``IdSet.exists``),
        for a page read in date order; otherwise each set is collected first.
        """
        clauses: list[str] = []
        params: list[Any] = []

        def add(clause: str, *values: Any) -> None:
            clauses.append(clause)
            params.extend(values)

        if self.placed:
            add("lat IS NOT NULL AND lon IS NOT NULL")
        if self.type:
            add("type = ?", self.type.upper())
        if self.mode:
            add("mode = ?", self.mode)
        if self.status:
            add("status = ?", self.status)
        for id_set in self.id_sets():
            add(id_set.exists() if read_in_order else id_set.member(), *id_set.params)
        if self.date_from:
            add("date_end >= ?", self.date_from)
        if self.date_to:
            # "2021-09" as an upper bound means up to the end of September: "~" sorts after digits
            add("date_start <= ?", self.date_to + "~")
        if self.place_country:
            add("place_country = ?", self.place_country.upper())
        if self.near:
            lat, lon, km = self.point()
            # a bounding box the lat index can use, then the exact distance
            add("lat BETWEEN ? AND ?", lat - km / KM_PER_DEGREE, lat + km / KM_PER_DEGREE)
            add("ew_distance_km(lat, lon, ?, ?) <= ?", lat, lon, km)
        if self.outlet:
            add(
                "EXISTS (SELECT 1 FROM json_each(event.data, '$.sources') "
                "WHERE lower(json_extract(value, '$.outlet')) = lower(?))",
                self.outlet,
            )
        return " AND ".join(clauses), tuple(params)


def filter_from_params(params: Mapping[str, Any]) -> EventFilter:
    """Build a filter from request or command-line parameters; unknown names are an error."""
    known = {f.name for f in fields(EventFilter)} - {"limit"}
    unknown = set(params) - known
    if unknown:
        raise ValueError(f"unknown filter(s): {', '.join(sorted(unknown))}")
    values = {k: v for k, v in params.items() if v not in (None, "")}
    if isinstance(values.get("placed"), str):
        flag = values["placed"].strip().lower()
        if flag not in {"true", "false", "1", "0", "yes", "no"}:
            raise ValueError("placed: true or false")
        values["placed"] = flag in {"true", "1", "yes"}
    return EventFilter(**values)


def _bounds(limit: int, offset: int) -> None:
    if not 0 < limit <= MAX_LIMIT:
        raise ValueError(f"limit: between 1 and {MAX_LIMIT}")
    if not 0 <= offset <= MAX_OFFSET:
        raise ValueError(f"offset: between 0 and {MAX_OFFSET}")


def _where(event_filter: EventFilter, read_in_order: bool = False) -> tuple[str, tuple[Any, ...]]:
    where, params = event_filter.to_sql(read_in_order)
    return (f"WHERE {where}" if where else ""), params


# A page reads events in date order and checks each against the id sets when
# every set holds at least this many events: its rows are then among the first
# few thousand it reads. A smaller set is collected and sorted instead.
LARGE_ID_SET = 2_000


def _read_in_order(store: Store, event_filter: EventFilter) -> bool:
    """Whether a page of this filter is best read in date order (every id set large).

    Each set is counted only up to ``LARGE_ID_SET``, so the check costs at most
    that many index entries per set.
    """
    sets = event_filter.id_sets()
    if not sets:
        return False
    for id_set in sets:
        sql = f"SELECT COUNT(*) FROM ({id_set.select} LIMIT {LARGE_ID_SET})"
        if store.conn.execute(sql, id_set.params).fetchone()[0] < LARGE_ID_SET:
            return False
    return True


def count_events(store: Store, event_filter: EventFilter, use_tallies: bool = True) -> int:
    """How many stored events pass the filter: from a tally when one can say
    exactly (``tallies.py``), else by counting the events."""
    planned = tally_sql(event_filter, None) if use_tallies else None
    if planned is not None:
        table, where, params = planned
        sql = f"SELECT coalesce(SUM(n), 0) FROM {table}" + (f" WHERE {where}" if where else "")
        return int(store.conn.execute(sql, params).fetchone()[0])
    where, params = _where(event_filter)
    return int(store.conn.execute(f"SELECT COUNT(*) FROM event {where}", params).fetchone()[0])


@dataclass(frozen=True)
class _Page:
    """The matching events' SQL in two parts, each in an index's order: the
    dated events by date then id, then the undated ones by id."""

    where: str
    params: tuple[Any, ...]
    dated_order: str
    undated_order: str | None  # None: a date filter, so no undated event matches

    def dated(self) -> str:
        return f"{self.where} {'AND' if self.where else 'WHERE'} date_start IS NOT NULL"

    def undated(self) -> str:
        return f"{self.where} {'AND' if self.where else 'WHERE'} date_start IS NULL"


def _page(store: Store, event_filter: EventFilter, newest_first: bool, read_in_order: bool) -> _Page:
    where, params = _where(event_filter, read_in_order)
    if event_filter.date_from:
        where += " AND date_start >= ?"
        params = (*params, earliest_start(store.conn, event_filter))
    dated = "date_start DESC, id DESC" if newest_first else "date_start, id"
    undated = "id DESC" if newest_first else "id"
    return _Page(where, params, dated, None if (event_filter.date_from or event_filter.date_to) else undated)


def _records(
    store: Store, part: str, order: str, params: tuple[Any, ...], limit: int, offset: int
) -> list[Event]:
    """One page of a part, chosen on dates and ids alone; only its rows' records are read."""
    sql = (
        f"SELECT data FROM event WHERE rowid IN "
        f"(SELECT rowid FROM event {part} ORDER BY {order} LIMIT ? OFFSET ?) ORDER BY {order}"
    )
    return [event_from_json(row[0]) for row in store.conn.execute(sql, (*params, limit, offset))]


def find_events(
    store: Store, event_filter: EventFilter, limit: int = 100, offset: int = 0, newest_first: bool = False
) -> list[Event]:
    """One page of the matching events, by date then id (a stable order for paging);
    ``newest_first`` turns the dated ones round (undated events stay last).

    When every id set of the filter is large, the events are read in date order
    and checked one by one, so the page stops at its last row; otherwise the
    sets are collected and sorted on keys, not on whole records.
    """
    _bounds(limit, offset)
    page = _page(store, event_filter, newest_first, _read_in_order(store, event_filter))
    found = _records(store, page.dated(), page.dated_order, page.params, limit, offset)
    if len(found) == limit or page.undated_order is None:
        return found
    # the page runs past the dated events: the rest comes from the undated ones
    skipped = 0
    if not found and offset:
        sql = f"SELECT COUNT(*) FROM event {page.dated()}"
        skipped = offset - int(store.conn.execute(sql, page.params).fetchone()[0])
    return found + _records(
        store, page.undated(), page.undated_order, page.params, limit - len(found), skipped
    )


def select_events(store: Store, event_filter: EventFilter, limit: int | None = None) -> Iterator[Event]:
    """Yield every matching event by date, undated ones last, streamed (the CLI's
    table and exports): at most ``limit`` (else the filter's own limit), or all."""
    cap = limit if limit is not None else event_filter.limit
    if cap is not None and cap < 1:
        raise ValueError("limit: at least 1")
    # a capped stream is a page; an uncapped one reads every match anyway
    in_order = cap is not None and _read_in_order(store, event_filter)
    page = _page(store, event_filter, newest_first=False, read_in_order=in_order)
    parts = [(page.dated(), page.dated_order)]
    if page.undated_order is not None:
        parts.append((page.undated(), page.undated_order))
    given = 0
    for part, order in parts:
        sql = f"SELECT data FROM event {part} ORDER BY {order}"
        params = page.params
        if cap is not None:
            sql += " LIMIT ?"
            params = (*params, cap - given)
        for row in store.conn.execute(sql, params):
            yield event_from_json(row[0])
            given += 1
        if cap is not None and given >= cap:
            return


def get_event(store: Store, event_id: str) -> Event | None:
    """One event by id, or None."""
    row = store.conn.execute("SELECT data FROM event WHERE id = ?", (event_id,)).fetchone()
    return event_from_json(row[0]) if row else None


def get_articles(store: Store, article_ids: list[str], with_text: bool = False) -> list[dict[str, Any]]:
    """Stored articles' metadata (and text, when asked), in the order asked."""
    if len(article_ids) > MAX_LIMIT:
        raise ValueError(f"at most {MAX_LIMIT} articles at once")
    found: dict[str, dict[str, Any]] = {}
    for article_id in article_ids:
        row = store.conn.execute("SELECT * FROM article WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            continue
        source = json.loads(row["source"])
        item: dict[str, Any] = {
            "id": row["id"],
            "title": row["title"],
            "outlet": row["outlet"],
            "published": row["published"],
            "url": source.get("url"),
            "path": source.get("path"),
            "duplicate_of": row["duplicate_of"],
        }
        if with_text:
            item["body"] = row["body"]
            item["captions"] = json.loads(row["captions"])
        found[article_id] = item
    return [found[a] for a in article_ids if a in found]


def count_by(
    store: Store, event_filter: EventFilter, by: str, limit: int = MAX_LIMIT, use_tallies: bool = True
) -> list[tuple[str, int]]:
    """Counts of the matching events grouped by period, type, quad, status, dyad
    or place country: from a tally when one can say exactly, else from the events."""
    if by not in GROUPINGS:
        raise ValueError(f"by: one of {', '.join(GROUPINGS)}")
    if not 0 < limit <= MAX_LIMIT * 10:
        raise ValueError(f"limit: between 1 and {MAX_LIMIT * 10}")
    period = by in {"day", "week", "month", "year"}
    planned = tally_sql(event_filter, by) if use_tallies else None
    if planned is not None:
        # the sum is "total": in HAVING, "n" would be the tally's own column
        table, where, params = planned
        sql = (
            f"SELECT {grouping(table, by)} AS key, SUM(n) AS total FROM {table} "
            + (f"WHERE {where} " if where else "")
            + f"GROUP BY key HAVING total > 0 ORDER BY {'key' if period else 'total DESC, key'} LIMIT ?"
        )
        return [(str(row[0]), int(row[1])) for row in store.conn.execute(sql, (*params, limit))]
    where, params = _where(event_filter)
    key = GROUPINGS[by]
    sql = (
        f"SELECT coalesce({key}, 'unknown') AS key, COUNT(*) AS n FROM event {where} "
        f"GROUP BY key ORDER BY {'key' if period else 'n DESC, key'} LIMIT ?"
    )
    return [(str(row[0]), int(row[1])) for row in store.conn.execute(sql, (*params, limit))]


def _actor_key(ref: Mapping[str, Any]) -> tuple[str, str | None, str | None]:
    return party_label(ref), ref.get("country"), ref.get("sector")


def list_actors(
    store: Store, event_filter: EventFilter, limit: int = 100, offset: int = 0
) -> list[dict[str, Any]]:
    """Actors and recipients of the matching events, the most active first."""
    _bounds(limit, offset)
    where, params = _where(event_filter)
    as_actor: Counter[tuple[str, str | None, str | None]] = Counter()
    as_recipient: Counter[tuple[str, str | None, str | None]] = Counter()
    sets = event_filter.id_sets()
    if len(sets) == 1 and where == f"WHERE {sets[0].member()}":
        # one id set and nothing else: its ids, without looking each event up
        events, params = sets[0].select, sets[0].params
    else:
        events = f"SELECT id FROM event {where}" if where else "SELECT id FROM event"
    sql = (
        "SELECT side, label, country, sector, COUNT(*) FROM event_party "
        f"WHERE event_id IN ({events}) GROUP BY side, label, country, sector"
    )
    for side, label, country, sector, n in store.conn.execute(sql, params):
        (as_actor if side == "actor" else as_recipient)[(label, country, sector)] += n
    keys = sorted(set(as_actor) | set(as_recipient), key=lambda k: (-(as_actor[k] + as_recipient[k]), k[0]))
    return [
        {
            "label": k[0],
            "country": k[1],
            "sector": k[2],
            "as_actor": as_actor[k],
            "as_recipient": as_recipient[k],
            "events": as_actor[k] + as_recipient[k],
        }
        for k in keys[offset : offset + limit]
    ]


def network(
    store: Store, event_filter: EventFilter, limit: int = 200, by_pair_date: bool = True
) -> dict[str, Any]:
    """Who acted on whom among the matching events: nodes, and edges weighted by
    count with a count per event type, the heaviest ``limit`` edges; drawn from
    the latest ``MAX_NETWORK_EVENTS`` events (of a dyad: through the pair
    index's dates unless ``by_pair_date`` is False)."""
    if not 0 < limit <= MAX_LIMIT:
        raise ValueError(f"limit: between 1 and {MAX_LIMIT}")
    pair = event_filter.dyad_pair()
    if pair and by_pair_date:
        # a dyad's latest events are one range of the pair index, in date order,
        # whatever the dyad's size; the other filters are checked on the way
        where, params = _where(dataclasses.replace(event_filter, dyad=None))
        others = f"AND {where.removeprefix('WHERE ')}" if where else ""
        chosen = (
            "SELECT event.id, event.type FROM event_pair CROSS JOIN event ON event.id = event_pair.event_id "
            f"WHERE event_pair.dyad = ? {others} "
            f"ORDER BY event_pair.starts_on DESC LIMIT {MAX_NETWORK_EVENTS}"
        )
        params = (pair, *params)
    else:
        where, params = _where(event_filter)
        chosen = f"SELECT id, type FROM event {where} ORDER BY date_start DESC LIMIT {MAX_NETWORK_EVENTS}"
    # the latest events, then their actor-recipient pairs from the party index;
    # CROSS JOIN keeps the chosen events as the outer loop (left to itself, SQLite
    # scanned every actor row of the store and looked each up among the chosen)
    sql = (
        f"WITH chosen AS ({chosen}) "
        "SELECT chosen.type, a.label, a.country, a.sector, r.label, r.country, r.sector FROM chosen "
        "CROSS JOIN event_party a ON a.event_id = chosen.id AND a.side = 'actor' "
        "CROSS JOIN event_party r ON r.event_id = chosen.id AND r.side = 'recipient'"
    )
    edges: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    nodes: dict[str, dict[str, Any]] = {}
    for event_type, *pair in store.conn.execute(sql, params):
        a, r = tuple(pair[:3]), tuple(pair[3:])
        if a[0] == r[0]:
            continue
        edges[(a[0], r[0])][event_type] += 1
        for key in (a, r):
            node = nodes.setdefault(key[0], {"id": key[0], "country": key[1], "sector": key[2], "events": 0})
            node["events"] += 1
    heaviest = sorted(edges.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))[:limit]
    used = {name for (a, r), _ in heaviest for name in (a, r)}
    return {
        "nodes": [nodes[n] for n in sorted(used)],
        "edges": [
            {"source": a, "target": r, "count": sum(types.values()), "types": dict(types)}
            for (a, r), types in heaviest
        ],
    }
