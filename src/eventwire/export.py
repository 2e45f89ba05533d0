"""Exporters: one class per format, all with the same start/write/finish life.

``jsonl`` writes the public event records of DESIGN.md; ``csv`` a flat table
with one row per event (columns in ``FLAT_COLUMNS``, documented in
docs/records.md); ``geojson`` the events that have a point, as map features.
``write_parquet`` writes the flat table as a typed Parquet file, or a dataset
partitioned by month, streamed in row groups (``ParquetExporter``,
``PartitionedParquetExporter``): those write to a path, not a text stream.
"""

from __future__ import annotations

import contextlib
import csv
import json
import re
import shutil
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any, ClassVar, Self

from eventwire import __version__
from eventwire.errors import ExportError
from eventwire.flat import FLAT_COLUMNS, FLAT_COLUMNS_VERSION, columns, flat_row, typed_row
from eventwire.records import Event
from eventwire.state_codes import table_version

__all__ = [
    "EXPORTERS",
    "FLAT_COLUMNS",
    "FLAT_COLUMNS_VERSION",
    "export_events",
    "flat_row",
    "write_parquet",
]


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


PARQUET_ROW_GROUP_ROWS = 10_000
"""Events per Parquet row group, which is also all an export holds in memory at once.

The exporter turns this many events into Arrow columns, writes them as one row
group and lets them go, so its memory is one chunk however many events the store
holds (``benchmarks/bench_export.py`` measures it flat from 50,000 to 200,000
events). Row groups are also what readers skip by their min/max statistics and
share out between threads (DuckDB, Polars, Spark): much smaller groups let the
per-group overhead and the footer dominate, much larger ones raise the memory
of the export and leave a reader fewer pieces to skip or split.
"""

PARQUET_MAX_OPEN_PARTITIONS = 32
"""Month partitions with an open file at once when writing a dataset.

Events come from the store sorted by date, so one partition is open at a time;
unsorted input (a caller's own iterator) may touch any month in any order, and
this bound keeps the open files and their write buffers few: the partition
written least recently is closed, and if more of its events come they go to its
next file (``part-1.parquet``...).
"""

_MONTH = re.compile(r"\d{4}-\d{2}")


def parquet_schema() -> Any:
    """The flat table's Arrow schema, with eventwire's key-value metadata.

    The metadata (``eventwire_version``, ``flat_columns_version``, and
    ``state_codes`` when the COW and GW numbers are filled) lands in the
    Parquet footer, where DuckDB's ``parquet_kv_metadata`` and pyarrow's
    ``ParquetFile(...).schema_arrow.metadata`` show it.
    """
    import pyarrow as pa

    types = {
        "text": pa.string(),
        "integer": pa.int64(),
        "number": pa.float64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
    }
    metadata = {"eventwire_version": __version__, "flat_columns_version": FLAT_COLUMNS_VERSION}
    codes = table_version()
    if codes:  # which table gave the COW and Gleditsch-Ward numbers
        metadata["state_codes"] = codes
    return pa.schema([(c.name, types[c.type]) for c in columns()], metadata=metadata)


def event_month(event: Event) -> str:
    """The month partition an event goes to: ``YYYY-MM`` of its start date, else ``unknown``."""
    start = event.date.start
    return start[:7] if start and _MONTH.match(start) else "unknown"


class _Chunk:
    """Flat rows of up to one row group, held as columns until they are written."""

    def __init__(self) -> None:
        self.columns: dict[str, list[Any]] = {c: [] for c in FLAT_COLUMNS}
        self.rows = 0

    def add(self, event: Event) -> None:
        """Add one event's flat row, typed as the Parquet schema wants it."""
        for column, value in typed_row(event).items():
            self.columns[column].append(value)
        self.rows += 1

    def table(self, schema: Any) -> Any:
        """The rows as an Arrow table of ``schema``."""
        import pyarrow as pa

        arrays = [pa.array(self.columns[c], type=schema.field(c).type) for c in FLAT_COLUMNS]
        return pa.Table.from_arrays(arrays, schema=schema)


def _is_earlier_dataset(path: Path) -> bool:
    """Whether ``path`` is a directory an export may replace: only ``month=*``
    folders holding only ``*.parquet`` files (an earlier partitioned export), or empty."""
    if not path.is_dir() or path.is_symlink():
        return False
    for entry in path.iterdir():
        if not (entry.is_dir() and not entry.is_symlink() and entry.name.startswith("month=")):
            return False
        if any(not (f.is_file() and f.suffix == ".parquet") for f in entry.iterdir()):
            return False
    return True


def _clear_dataset(path: Path, what: str) -> None:
    """Remove ``path`` if it is an earlier dataset (or absent); refuse anything else."""
    if not path.exists() and not path.is_symlink():
        return
    if not _is_earlier_dataset(path):
        raise ExportError(
            f"{path} exists and is not an earlier eventwire dataset (only month=* folders of "
            f".parquet files), so it is not replaced; {what}"
        )
    shutil.rmtree(path)


class _AtomicWrite:
    """``with`` support for a Parquet writer that builds its output aside
    (``temporary``): ``finish`` puts it in place when the block ends well,
    ``abort`` removes it otherwise."""

    def __init__(self, path: Path, row_group_rows: int = PARQUET_ROW_GROUP_ROWS) -> None:
        if row_group_rows < 1:
            raise ValueError("row_group_rows: at least 1")
        self.path = Path(path)
        self.row_group_rows = row_group_rows
        self.temporary = self.path.with_name(self.path.name + ".part")
        self.count = 0
        self.schema = parquet_schema()

    def start(self) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        raise NotImplementedError

    def abort(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        if exc_type is not None:
            self.abort()
            return
        try:
            self.finish()
        except BaseException:
            self.abort()
            raise


class ParquetExporter(_AtomicWrite):
    """The flat table streamed into one Parquet file, one row group per chunk of events.

    The same start/write/finish life as ``Exporter``, but on a path: Parquet is
    binary and its footer comes last, so the file is written beside the target
    (``NAME.part``) and renamed into place by ``finish``. ``abort``, or leaving a
    ``with`` block on an exception, removes it: a failed export leaves the
    target as it was and no partial file.
    """

    name: ClassVar[str] = "parquet"

    def __init__(self, path: Path, row_group_rows: int = PARQUET_ROW_GROUP_ROWS) -> None:
        super().__init__(path, row_group_rows)
        self._chunk = _Chunk()
        self._writer: Any = None

    def start(self) -> None:
        """Open the temporary file (refusing a directory in the way)."""
        import pyarrow.parquet as pq

        if self.path.is_dir():
            raise ExportError(f"{self.path} is a directory; give --out a file name (or --partition month)")
        self._writer = pq.ParquetWriter(self.temporary, self.schema)

    def write(self, event: Event) -> None:
        """Buffer one event; write a row group when the chunk is full."""
        self._chunk.add(event)
        self.count += 1
        if self._chunk.rows >= self.row_group_rows:
            self._flush()

    def _flush(self) -> None:
        if self._chunk.rows:
            self._writer.write_table(self._chunk.table(self.schema), row_group_size=self._chunk.rows)
            self._chunk = _Chunk()

    def finish(self) -> None:
        """Write the last row group and the footer, then rename the file into place."""
        self._flush()
        self._writer.close()
        self._writer = None
        self.temporary.replace(self.path)

    def abort(self) -> None:
        """Drop what was written: close and remove the temporary file."""
        if self._writer is not None:
            with contextlib.suppress(Exception):
                self._writer.close()
            self._writer = None
        self.temporary.unlink(missing_ok=True)


class PartitionedParquetExporter(_AtomicWrite):
    """The flat table as a Hive-style dataset: ``DIR/month=YYYY-MM/part-N.parquet``.

    Readers that know Hive partitioning (DuckDB, Polars, Spark, pyarrow.dataset)
    get a ``month`` column from the folder names and skip the months a query
    does not ask for. The partition column is not repeated inside the files.
    Memory is one chunk of rows over all months together: when the buffered rows
    reach ``row_group_rows``, every month's rows are written out. Events sorted
    by date (as the store yields them) fill whole row groups and close each
    month's file when the next month starts.

    The dataset is built in ``DIR.part`` and renamed to ``DIR`` by ``finish``.
    An existing ``DIR`` is replaced only when it is an earlier dataset (only
    ``month=*`` folders of Parquet files); it is moved aside to ``DIR.old`` for
    the moment of the swap, so readers see the old dataset or the new one,
    never a half-written one.
    """

    def __init__(self, path: Path, row_group_rows: int = PARQUET_ROW_GROUP_ROWS) -> None:
        super().__init__(path, row_group_rows)
        self._chunks: dict[str, _Chunk] = {}
        self._buffered = 0
        # open writers, least recently written first
        self._writers: OrderedDict[str, Any] = OrderedDict()
        self._parts: dict[str, int] = {}
        self._last_month: str | None = None
        self._sorted = True
        self._started = False

    def _check_target(self) -> None:
        if self.path.exists() and not _is_earlier_dataset(self.path):
            kind = "a file" if self.path.is_file() else "not an earlier eventwire dataset"
            raise ExportError(
                f"{self.path} exists and is {kind} (only month=* folders of .parquet files are "
                "replaced); give --out a new directory name"
            )

    def start(self) -> None:
        """Refuse a target that is not ours to replace; make the temporary directory."""
        self._check_target()
        _clear_dataset(self.temporary, "remove it or export elsewhere")
        self.temporary.mkdir(parents=True)
        self._started = True

    def write(self, event: Event) -> None:
        """Buffer one event in its month; write when a month ends or the buffer is full."""
        month = event_month(event)
        last = self._last_month
        if last is not None and month != last:
            if month < last:
                self._sorted = False
            elif self._sorted:
                # sorted input never comes back to an earlier month
                self._flush(last)
                self._close(last)
        self._last_month = month
        chunk = self._chunks.get(month)
        if chunk is None:
            chunk = self._chunks[month] = _Chunk()
        chunk.add(event)
        self.count += 1
        self._buffered += 1
        if self._buffered >= self.row_group_rows:
            for name in list(self._chunks):
                self._flush(name)

    def _flush(self, month: str) -> None:
        chunk = self._chunks.pop(month, None)
        if chunk is None or not chunk.rows:
            return
        self._buffered -= chunk.rows
        self._writer(month).write_table(chunk.table(self.schema), row_group_size=chunk.rows)

    def _writer(self, month: str) -> Any:
        import pyarrow.parquet as pq

        writer = self._writers.get(month)
        if writer is not None:
            self._writers.move_to_end(month)
            return writer
        while len(self._writers) >= PARQUET_MAX_OPEN_PARTITIONS:
            self._close(next(iter(self._writers)))
        folder = self.temporary / f"month={month}"
        folder.mkdir(exist_ok=True)
        part = self._parts.get(month, 0)
        self._parts[month] = part + 1
        writer = self._writers[month] = pq.ParquetWriter(folder / f"part-{part}.parquet", self.schema)
        return writer

    def _close(self, month: str) -> None:
        writer = self._writers.pop(month, None)
        if writer is not None:
            writer.close()

    def finish(self) -> None:
        """Write every month's last rows, close the files and swap the dataset into place."""
        for month in list(self._chunks):
            self._flush(month)
        for month in list(self._writers):
            self._close(month)
        self._check_target()
        if self.path.exists():
            aside = self.path.with_name(self.path.name + ".old")
            _clear_dataset(aside, "remove it and export again")
            self.path.rename(aside)
            try:
                self.temporary.rename(self.path)
            except BaseException:
                aside.rename(self.path)
                raise
            shutil.rmtree(aside)
        else:
            self.temporary.rename(self.path)
        self._started = False

    def abort(self) -> None:
        """Drop what was written: close every file and remove the temporary directory."""
        for writer in self._writers.values():
            with contextlib.suppress(Exception):
                writer.close()
        self._writers.clear()
        self._chunks.clear()
        if self._started:
            shutil.rmtree(self.temporary, ignore_errors=True)
            self._started = False


def write_parquet(
    events: Iterable[Event],
    path: Path,
    *,
    partition_by_month: bool = False,
    row_group_rows: int = PARQUET_ROW_GROUP_ROWS,
) -> int:
    """Write the flat table (one row per event, ``FLAT_COLUMNS``) as Parquet; return the row count.

    The events are consumed as they come, ``row_group_rows`` at a time, so memory
    stays flat in the number of events. Parquet is a binary, typed format, so it
    is written to a path (atomically: built beside the target and renamed into
    place; nothing is left on failure), never to standard output. With
    ``partition_by_month``, ``path`` is a directory of ``month=YYYY-MM`` folders
    (see ``PartitionedParquetExporter``); otherwise one file.
    """
    exporter = (
        PartitionedParquetExporter(path, row_group_rows)
        if partition_by_month
        else ParquetExporter(path, row_group_rows)
    )
    with exporter:
        for event in events:
            exporter.write(event)
    return exporter.count
