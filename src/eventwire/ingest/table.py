"""JSONL and CSV corpora: one record, one document, read as a stream.

A record needs `text`; `id`, `title`, `published`, `url` and `outlet` are kept
when present. A bad record (not JSON, no text) becomes an ErrorRecord naming
the file and line, and reading goes on with the next one.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from eventwire.errors import EventwireError
from eventwire.ingest.decode import decode_bytes
from eventwire.limits import current, megabytes, nesting_depth, too_many_records
from eventwire.records import ErrorRecord, Source

META_FIELDS = ("id", "title", "published", "url", "outlet")
FieldMap = Mapping[str, str]
# A corpus record longer than ``max_record_mb`` is refused (read past in chunks,
# never held whole): no article is this long, and one such line must not
# exhaust memory. A record nested deeper than ``max_nesting`` is refused before
# it is parsed. See ``eventwire.limits``.
_SKIP_CHUNK = 1024 * 1024
# JSON may escape half of a surrogate pair ("\\ud800") that no text encoding can
# hold; such a character is replaced, so that the record can be stored and parsed.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
SURROGATE_WARNING = "lone surrogate characters in the record replaced with U+FFFD"


def too_deep(line: str, max_nesting: int) -> bool:
    """True when a JSON line's brackets go deeper than ``max_nesting`` (cheap when
    the line has fewer brackets than that in all)."""
    if line.count("[") + line.count("{") <= max_nesting:
        return False
    return nesting_depth(line, max_nesting) > max_nesting


def _scrub(value: str) -> tuple[str, bool]:
    """The text with lone surrogates replaced, and whether any were."""
    cleaned = _LONE_SURROGATE.sub("\ufffd", value)
    return cleaned, cleaned != value


def _lines(stream: IO[bytes], limit: int) -> Iterator[bytes | None]:
    """Yield each line, or None for a line longer than ``limit`` (which is skipped)."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while True:  # skip the rest of the over-long line without keeping it
                rest = stream.readline(_SKIP_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
            continue
        yield line


def _record_source(
    origin: str, fmt: str, line: int, record: dict[str, Any], fields: FieldMap | None = None
) -> Source | ErrorRecord:
    if fields:
        # the corpus names its columns its own way: {"text": "body", "id": "uuid"}
        record = {**record, **{ours: record.get(theirs) for ours, theirs in fields.items()}}
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        record_id = record.get("id")
        return ErrorRecord(
            origin,
            "ingest",
            "record has no 'text'",
            line=line,
            error_type="RecordFormatError",
            article_id=str(record_id) if record_id not in (None, "") else None,
        )
    text, scrubbed = _scrub(text)
    meta = {}
    for key in META_FIELDS:
        if record.get(key) not in (None, ""):
            meta[key], changed = _scrub(str(record[key]))
            scrubbed |= changed
    if scrubbed:
        meta["warning"] = SURROGATE_WARNING
    return Source(origin=origin, format=fmt, text=text, line=line, meta=meta)


def read_jsonl_stream(
    origin: str, stream: IO[bytes], fields: FieldMap | None = None
) -> Iterator[Source | ErrorRecord]:
    """Yield one Source per JSON line of a binary stream."""
    limits = current()
    records = 0
    seen_any = False  # an over-long line counts: it had its outcome
    for number, raw in enumerate(_lines(stream, limits.record_bytes), start=1):
        if raw is None:
            seen_any = True
            reason = f"record longer than {megabytes(limits.record_bytes)} (max_record_mb); skipped"
            yield ErrorRecord(origin, "ingest", reason, line=number, error_type="RecordFormatError")
            continue
        if not raw.strip():
            continue
        records += 1
        if records > limits.max_records:
            reason = too_many_records(limits)
            yield ErrorRecord(origin, "ingest", reason, line=number, error_type="RecordFormatError")
            return
        try:
            line, warning = decode_bytes(raw)
        except EventwireError as exc:
            yield ErrorRecord(origin, "ingest", exc.reason, line=number, error_type=type(exc).__name__)
            continue
        if too_deep(line, limits.max_nesting):
            reason = f"line is JSON nested more than {limits.max_nesting} deep (max_nesting); skipped"
            yield ErrorRecord(origin, "ingest", reason, line=number, error_type="RecordFormatError")
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            reason = f"line is not JSON ({type(exc).__name__})"
            yield ErrorRecord(origin, "ingest", reason, line=number, error_type="RecordFormatError")
            continue
        except RecursionError:
            reason = "line is JSON nested too deeply to read"
            yield ErrorRecord(origin, "ingest", reason, line=number, error_type="RecordFormatError")
            continue
        if not isinstance(record, dict):
            yield ErrorRecord(
                origin, "ingest", "line is not a JSON object", line=number, error_type="RecordFormatError"
            )
            continue
        source = _record_source(origin, "jsonl", number, record, fields)
        if warning and isinstance(source, Source):
            # a corpus with mixed encodings: this line was not UTF-8
            both = "; ".join(filter(None, [warning, source.meta.get("warning")]))
            source = Source(
                source.origin, source.format, source.text, source.line, {**source.meta, "warning": both}
            )
        yield source
    if not records and not seen_any:
        # only blank lines: the file still gets its one outcome
        yield ErrorRecord(origin, "ingest", "no records, only blank lines", error_type="RecordFormatError")


def read_jsonl(path: Path, fields: FieldMap | None = None) -> Iterator[Source | ErrorRecord]:
    """Yield one Source per line of a JSONL file, streaming."""
    with path.open("rb") as stream:
        yield from read_jsonl_stream(str(path), stream, fields)


def read_csv(path: Path, fields: FieldMap | None = None) -> Iterator[Source | ErrorRecord]:
    """Yield one Source per row of a CSV file with a header row, streaming."""
    with path.open("rb") as raw:
        yield from read_csv_stream(str(path), raw, fields)


def read_csv_stream(
    origin: str, raw: IO[bytes], fields: FieldMap | None = None
) -> Iterator[Source | ErrorRecord]:
    """Yield one Source per row of a binary CSV stream with a header row.

    A row the csv module refuses (a field over ``max_record_mb``, a quote never
    closed) is one error naming its row, and reading goes on after it.
    """
    limits = current()
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1, limits.record_bytes))
    stream = io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="")
    reader = csv.DictReader(stream)
    number = 1
    while True:
        number += 1
        before = reader.line_num
        try:
            row = next(reader)
        except StopIteration:
            if number == 2:  # not one row under the header
                reason = "no rows under the header" if reader.fieldnames else "no header and no rows"
                yield ErrorRecord(origin, "ingest", reason, error_type="RecordFormatError")
            return
        except csv.Error as exc:
            reason = f"row is not readable CSV ({exc}); skipped"
            yield ErrorRecord(origin, "ingest", reason, line=number, error_type="RecordFormatError")
            if reader.line_num == before:  # the reader cannot move past it
                return
            continue
        if number - 1 > limits.max_records:
            reason = too_many_records(limits)
            yield ErrorRecord(origin, "ingest", reason, line=number, error_type="RecordFormatError")
            return
        yield _record_source(origin, "csv", number, dict(row), fields)
