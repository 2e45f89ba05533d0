"""Exporters: one class per format, all with the same start/write/finish life.

``jsonl`` writes the public event records of DESIGN.md; ``csv`` a flat table
with one row per event (columns in ``FLAT_COLUMNS``, documented in
docs/records.md); ``geojson`` the events that have a point, as map features.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any, ClassVar

from eventwire.records import Event

FLAT_COLUMNS = (
    "event_id",
    "date_start",
    "date_end",
    "date_granularity",
    "date_basis",
    "type",
    "mode",
    "status",
    "historical",
    "quad",
    "actor_name",
    "actor_country",
    "actor_sector",
    "recipient_name",
    "recipient_country",
    "recipient_sector",
    "place",
    "place_country",
    "place_admin1",
    "place_kind",
    "place_basis",
    "geonameid",
    "latitude",
    "longitude",
    "dead",
    "injured",
    "confidence",
    "n_sources",
    "article_ids",
)


def _join(values: Sequence[str | None]) -> str:
    return ";".join(v for v in values if v)


def flat_row(event: Event) -> dict[str, Any]:
    """Return one event as a flat row (lists joined with ';')."""
    place = event.place
    size = event.size
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
        "actor_name": _join([a.name for a in event.actor]),
        "actor_country": _join([a.country for a in event.actor]),
        "actor_sector": _join([a.sector for a in event.actor]),
        "recipient_name": _join([r.name for r in event.recipient]),
        "recipient_country": _join([r.country for r in event.recipient]),
        "recipient_sector": _join([r.sector for r in event.recipient]),
        "place": place.name if place else None,
        "place_country": place.country if place else None,
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
        "confidence": event.confidence,
        "n_sources": len(event.sources),
        "article_ids": _join(sorted({s.article_id for s in event.sources})),
    }


class Exporter:
    """Base class: ``start`` once, ``write`` per event, ``finish`` once."""

    name: ClassVar[str] = ""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.count = 0

    def start(self) -> None:
        """Write any header."""

    def write(self, event: Event) -> None:
        """Write one event."""
        raise NotImplementedError

    def finish(self) -> None:
        """Flush; the caller closes the stream."""
        self.stream.flush()


class JsonlExporter(Exporter):
    """One public event record per line."""

    name = "jsonl"

    def write(self, event: Event) -> None:
        """Write the event as one JSON line."""
        self.stream.write(json.dumps(event.to_contract(), ensure_ascii=False) + "\n")
        self.count += 1


class CsvExporter(Exporter):
    """A flat table, one row per event."""

    name = "csv"

    def start(self) -> None:
        """Write the header row."""
        self.writer = csv.DictWriter(self.stream, fieldnames=list(FLAT_COLUMNS))
        self.writer.writeheader()

    def write(self, event: Event) -> None:
        """Write the event as one row."""
        self.writer.writerow(flat_row(event))
        self.count += 1


class GeojsonExporter(Exporter):
    """A GeoJSON FeatureCollection: one Point feature per event that has coordinates,
    with the flat row as its properties (events without a place are left out)."""

    name = "geojson"

    def start(self) -> None:
        """Open the collection."""
        self.stream.write('{"type": "FeatureCollection", "features": [\n')

    def write(self, event: Event) -> None:
        """Write the event as a feature, if it has a point."""
        if event.place is None or event.place.lat is None or event.place.lon is None:
            return
        feature = {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [event.place.lon, event.place.lat]},
            "properties": flat_row(event),
        }
        self.stream.write((",\n" if self.count else "") + json.dumps(feature, ensure_ascii=False))
        self.count += 1

    def finish(self) -> None:
        """Close the collection."""
        self.stream.write("\n]}\n")
        super().finish()


EXPORTERS: dict[str, type[Exporter]] = {
    cls.name: cls for cls in (JsonlExporter, CsvExporter, GeojsonExporter)
}


def export_events(events: list[Event] | Any, fmt: str, stream: IO[str]) -> int:
    """Write events in format ``fmt`` to ``stream``; return how many were written."""
    if fmt not in EXPORTERS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORTERS)}")
    exporter = EXPORTERS[fmt](stream)
    exporter.start()
    for event in events:
        exporter.write(event)
    exporter.finish()
    return exporter.count


# Parquet column types: everything is text but these.
PARQUET_NUMBERS = {"latitude": "float64", "longitude": "float64", "dead": "int64", "injured": "int64",
                   "confidence": "float64", "n_sources": "int64", "geonameid": "int64"}  # fmt: skip
PARQUET_FLAGS = {"historical"}


def write_parquet(events: Iterable[Event], path: Path) -> int:
    """Write the flat table (one row per event, ``FLAT_COLUMNS``) as a Parquet file.

    Parquet is a binary, typed format, so it is written to a file (atomically:
    a temporary file renamed into place), never to standard output.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    def kind(column: str) -> Any:
        if column in PARQUET_FLAGS:
            return pa.bool_()
        return {"float64": pa.float64(), "int64": pa.int64()}.get(
            PARQUET_NUMBERS.get(column, ""), pa.string()
        )

    schema = pa.schema([(c, kind(c)) for c in FLAT_COLUMNS])
    rows = [flat_row(e) for e in events]
    for row in rows:
        for column in FLAT_COLUMNS:
            value = row.get(column)
            if value == "" and column in PARQUET_NUMBERS:
                row[column] = None
            elif column not in PARQUET_NUMBERS and column not in PARQUET_FLAGS and value is not None:
                row[column] = str(value)
    table = pa.Table.from_pylist(rows, schema=schema)
    temporary = path.with_name(path.name + ".part")
    pq.write_table(table, temporary)
    temporary.replace(path)
    return len(rows)
