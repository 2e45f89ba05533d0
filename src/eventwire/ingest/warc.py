"""WARC and WARC.gz crawl archives: one HTML response, one document.

Only HTTP responses whose content type is HTML are read; each other response
gives an ErrorRecord saying what it was, and request, metadata and warcinfo
records are passed over. A payload seen before (same WARC-Payload-Digest) is
read once. Records are streamed, so an archive of any size is read with bounded
memory.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

from eventwire.errors import EventwireError
from eventwire.ingest.bounded import bounded_stream
from eventwire.ingest.decode import decode_bytes
from eventwire.limits import current, megabytes, too_many_records
from eventwire.records import ErrorRecord, Source


def looks_like_warc(data: bytes) -> bool:
    """True when the (decompressed) data starts like a WARC record."""
    return data[:9] == b"WARC/1.0\r" or data[:9] == b"WARC/1.1\r"


def read_warc(path: Path, _data: bytes | None = None) -> Iterator[Source | ErrorRecord]:
    """Yield one ``html`` Source per distinct HTML response of the archive.

    An archive that gives nothing at all (no record, or only requests and
    metadata) is one error saying so: a file never vanishes from a run.
    """
    counts = {"records": 0, "given": 0}
    for item in _responses(path, counts):
        counts["given"] += 1
        yield item
    if not counts["given"]:
        reason = (
            "no WARC record could be read: not an archive, or empty"
            if not counts["records"]
            else f"the archive's {counts['records']} records hold no HTML response"
        )
        yield ErrorRecord(str(path), "ingest", reason, error_type="InputError")


def _responses(path: Path, counts: dict[str, int]) -> Iterator[Source | ErrorRecord]:
    from warcio.archiveiterator import ArchiveIterator

    seen: set[str] = set()
    origin = str(path)
    limits = current()
    # a single HTML response larger than this is refused (no article page is)
    max_bytes = limits.record_bytes
    with path.open("rb") as raw:
        gzipped = raw.read(2) == b"\x1f\x8b"
        raw.seek(0)
        # decompressed here, bounded in all and per line (a bomb is one error); warcio
        # reads the plain stream, however many gzip members the archive has
        unpacked = gzip.GzipFile(fileobj=raw, mode="rb") if gzipped else raw
        slack = 64 * 1024  # a record's headers beside its payload
        stream = bounded_stream(unpacked, limits.gunzip_bytes, limits.record_bytes + slack)
        for number, record in enumerate(ArchiveIterator(stream), start=1):
            counts["records"] = number
            if number > limits.max_records:
                reason = too_many_records(limits, "archive")
                yield ErrorRecord(origin, "ingest", reason, line=number, error_type="InputError")
                return
            if record.rec_type != "response":
                continue
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            kind = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
            if "html" not in kind.lower():
                reason = f"response {url} is {kind or 'of no stated type'}, not HTML"
                yield ErrorRecord(origin, "ingest", reason, line=number, error_type="InputError")
                continue
            digest = record.rec_headers.get_header("WARC-Payload-Digest") or ""
            if digest and digest in seen:
                continue
            seen.add(digest)
            payload = record.content_stream().read(max_bytes + 1)
            if len(payload) > max_bytes:
                reason = f"response {url} is larger than {megabytes(max_bytes)} (max_record_mb)"
                yield ErrorRecord(origin, "ingest", reason, line=number, error_type="InputError")
                continue
            if getattr(record.raw_stream, "limit", 0) > 0:
                # the archive ended before the record's stated length: a cut-off page
                reason = f"response {url} is cut short (truncated archive)"
                yield ErrorRecord(origin, "ingest", reason, line=number, error_type="InputError")
                continue
            try:
                text, warning = decode_bytes(payload)
            except EventwireError as exc:
                yield ErrorRecord(
                    origin, "ingest", f"{url}: {exc.reason}", line=number, error_type=type(exc).__name__
                )
                continue
            meta = {"url": url} if url else {}
            if warning:
                meta["warning"] = warning
            yield Source(origin=origin, format="html", text=text, line=number, meta=meta)
