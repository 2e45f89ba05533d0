"""Readers: paths, folders, globs and stdin to ``Source`` records.

    read_inputs(["news/", "feed.jsonl", "-"]) -> Iterator[Source | ErrorRecord]

Every input that cannot be read gives an ``ErrorRecord`` with a one-line reason
(missing, empty, binary, undecodable, too large, a folder with no files) and
reading goes on. The format is told by the suffix and, failing that, by the
content: corpora (JSONL, CSV) are streamed record by record.
"""

from __future__ import annotations

import glob
import gzip
import io
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

from eventwire.errors import EmptyInputError, EventwireError, InputError
from eventwire.ingest.bounded import bounded_stream
from eventwire.ingest.feed import looks_like_feed, read_feed
from eventwire.ingest.fetch import Fetcher, is_url, read_url
from eventwire.ingest.html import looks_like_html, read_html
from eventwire.ingest.table import FieldMap, read_csv, read_csv_stream, read_jsonl, read_jsonl_stream
from eventwire.ingest.text import read_text
from eventwire.ingest.warc import looks_like_warc, read_warc
from eventwire.limits import current, megabytes
from eventwire.records import ErrorRecord, Source

logger = logging.getLogger(__name__)

# The bounds (a single text or HTML document, what a gzip file may expand to,
# guarding against compression bombs) are ``eventwire.limits``: settings, each
# refusal one document's reason. Corpora are streamed record by record.

Reader = Callable[[Path, bytes], Iterator[Source | ErrorRecord]]
STREAMED = {".jsonl": read_jsonl, ".ndjson": read_jsonl, ".csv": read_csv}
WHOLE: dict[str, Reader] = {
    ".html": read_html,
    ".htm": read_html,
    ".txt": read_text,
    ".text": read_text,
    ".rss": read_feed,
    ".atom": read_feed,
    ".xml": read_feed,
}


def _error(origin: str, exc: EventwireError, line: int | None = None, stage: str = "ingest") -> ErrorRecord:
    return ErrorRecord(origin, stage, exc.reason, line=line, error_type=type(exc).__name__)


def _gunzip(path: Path) -> bytes:
    """A gzipped single document, whole: it may expand to no more than one document may hold."""
    limits = current()
    limit = min(limits.gunzip_bytes, limits.document_bytes)
    with gzip.open(path, "rb") as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        setting = "max_document_mb" if limit == limits.document_bytes else "max_gunzip_mb"
        raise InputError(f"expands to more than {megabytes(limit)} ({setting})")
    return data


def _starts_like_warc(path: Path) -> bool:
    with path.open("rb") as stream:
        head = stream.read(16)
    if head[:2] == b"\x1f\x8b":
        try:
            with gzip.open(path, "rb") as unzipped:
                head = unzipped.read(16)
        except (OSError, EOFError):
            return False
    return looks_like_warc(head)


def _suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def _sniff(data: bytes) -> Reader:
    if looks_like_feed(data):
        return read_feed
    if looks_like_html(data):
        return read_html
    return read_text


def read_file(path: Path, fields: FieldMap | None = None) -> Iterator[Source | ErrorRecord]:
    """Read one file with the reader its suffix or content calls for.

    ``fields`` maps eventwire's corpus field names (text, id, title, published,
    url, outlet) to a JSONL/CSV corpus's own.
    """
    yield from _guarded(str(path), _read_file(path, fields))


def _guarded(
    origin: str, records: Iterator[Source | ErrorRecord], stage: str = "ingest"
) -> Iterator[Source | ErrorRecord]:
    """The records of one input, and its failure as one more record naming it:
    nothing a reader raises on one file or URL stops the run."""
    try:
        yield from records
    except EventwireError as exc:
        yield _error(origin, exc, stage=stage)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        yield ErrorRecord(origin, stage, f"cannot read: {exc}", error_type=type(exc).__name__)
    except Exception as exc:  # a reader's bug on one input must not stop the run
        logger.debug("reading %s failed", origin, exc_info=True)
        reason = f"cannot read: {type(exc).__name__}: {exc}"
        yield ErrorRecord(origin, stage, reason, error_type=type(exc).__name__)


def _read_file(path: Path, fields: FieldMap | None) -> Iterator[Source | ErrorRecord]:
    origin = str(path)
    suffix = _suffix(path)
    if suffix == ".warc" or _starts_like_warc(path):
        # warcio reads plain and gzipped archives record by record
        try:
            yield from read_warc(path)
        except Exception as exc:  # a damaged archive: keep what was read, report the rest
            reason = f"archive damaged after the records read so far: {type(exc).__name__}: {exc}"
            yield ErrorRecord(origin, "ingest", reason, error_type=type(exc).__name__)
        return
    if suffix in STREAMED and not path.name.lower().endswith(".gz"):
        if path.stat().st_size == 0:
            raise EmptyInputError("empty file")
        yield from STREAMED[suffix](path, fields)
        return
    if suffix in STREAMED:  # a gzipped corpus: streamed, bounded in total
        with gzip.open(path, "rb") as unzipped:
            bounded = bounded_stream(unzipped, current().gunzip_bytes)
            stream_reader = read_csv_stream if suffix == ".csv" else read_jsonl_stream
            yield from stream_reader(origin, bounded, fields)
        return
    if path.name.lower().endswith(".gz"):
        data = _gunzip(path)
    else:
        limit = current().document_bytes
        if path.stat().st_size > limit:
            raise InputError(f"larger than {megabytes(limit)} (max_document_mb); not a single article")
        data = path.read_bytes()
    if not data.strip():
        raise EmptyInputError("empty file")
    reader = WHOLE.get(suffix) or _sniff(data)
    yield from reader(path, data)


def _files_below(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def _read_stdin(stream: IO[str] | None, fields: FieldMap | None) -> Iterator[Source | ErrorRecord]:
    text = (stream or sys.stdin).read()
    if not text.strip():
        yield ErrorRecord("<stdin>", "ingest", "empty input", error_type="EmptyInputError")
        return
    first = text.lstrip().split("\n", 1)[0]
    if first.startswith("{"):
        yield from read_jsonl_stream("<stdin>", io.BytesIO(text.encode("utf-8")), fields)
    else:
        fmt = "html" if looks_like_html(text.encode("utf-8", "replace")) else "text"
        yield Source(origin="<stdin>", format=fmt, text=text)


def input_files(inputs: Iterable[str]) -> Iterator[Path]:
    """The files the inputs name, in the order ``read_inputs`` reads them
    (stdin, missing paths and empty patterns give none)."""
    for item in inputs:
        if item == "-":
            continue
        path = Path(item)
        if path.is_file():
            yield path
        elif path.is_dir():
            yield from _files_below(path)
        elif any(ch in item for ch in "*?["):
            yield from sorted(Path(p) for p in glob.glob(item, recursive=True) if Path(p).is_file())


def may_hold_pages(path: Path) -> bool:
    """Whether a file may be read as plain-text pages or a feed (not a corpus,
    an archive or an HTML page), judged by its suffix alone."""
    suffix = _suffix(path)
    return suffix not in STREAMED and suffix not in {".warc", ".html", ".htm"}


def read_inputs(
    inputs: Iterable[str],
    *,
    stdin: IO[str] | None = None,
    fields: FieldMap | None = None,
    fetcher: Fetcher | None = None,
) -> Iterator[Source | ErrorRecord]:
    """Yield a Source per readable document and an ErrorRecord per failure, in input order.

    ``fields`` renames corpus fields, e.g. ``{"text": "body", "id": "uuid"}``.
    A URL is fetched with ``fetcher`` (``ingest.fetch``; none given: it is
    refused).
    """
    for item in inputs:
        if item == "-":
            yield from _read_stdin(stdin, fields)
            continue
        if is_url(item):
            if fetcher is None:
                yield ErrorRecord(
                    item, "ingest", "a URL, and this command does not fetch", error_type="InputError"
                )
            else:
                yield from _guarded(item, read_url(item, fetcher), stage="fetch")
            continue
        path = Path(item)
        if path.is_file():
            yield from read_file(path, fields)
        elif path.is_dir():
            files = _files_below(path)
            if not files:
                yield ErrorRecord(item, "ingest", "folder holds no readable files", error_type="InputError")
            for file in files:
                yield from read_file(file, fields)
        elif any(ch in item for ch in "*?["):
            matches = sorted(Path(p) for p in glob.glob(item, recursive=True) if Path(p).is_file())
            if not matches:
                yield ErrorRecord(item, "ingest", "pattern matches no files", error_type="InputError")
            for file in matches:
                yield from read_file(file, fields)
        else:
            yield ErrorRecord(item, "ingest", "no such file or folder", error_type="InputError")
