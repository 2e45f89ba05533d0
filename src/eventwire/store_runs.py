"""What a run asks of the store so that its cost follows its input, not the store.

Finding copies by LSH band (``article_signature``, ``article_band``), the
stored events a new report might join, by date window and meeting key
(``event_window``, ``mention_key``), the events citing an article, and the
inputs already stored whole (``input``). ``Store`` inherits these methods;
they are kept apart because they are the incremental side of the store.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, TypeVar

from eventwire.records import DateRange, Mention

if TYPE_CHECKING:
    from eventwire.dedupe import Signature

T = TypeVar("T")


class RunIndexes:
    """The store's lookups for incremental runs (mixed into ``Store``)."""

    conn: sqlite3.Connection

    def _tx(self) -> AbstractContextManager[Any]:
        """The transaction of one write (``Store._tx``)."""
        raise NotImplementedError

    def get_signature(self, article_id: str) -> Signature | None:
        """An article's duplicate signature (``dedupe.Signature``), or None."""
        from eventwire.dedupe import Signature

        row = self.conn.execute(
            "SELECT fingerprint, content_key, signature FROM article_signature WHERE article_id = ?",
            (article_id,),
        ).fetchone()
        return Signature(row[0], row[1], bytes(row[2])) if row else None

    def put_signature(self, article_id: str, signature: Signature) -> None:
        """Index an article's duplicate signature and its LSH bands."""
        with self._tx():
            self.conn.execute("DELETE FROM article_band WHERE article_id = ?", (article_id,))
            self.conn.execute(
                "INSERT OR REPLACE INTO article_signature VALUES (?,?,?,?)",
                (article_id, signature.fingerprint, signature.content_key, signature.values),
            )
            self.conn.executemany(
                "INSERT INTO article_band VALUES (?,?)", [(band, article_id) for band in signature.bands()]
            )

    def near_signatures(self, signature: Signature) -> dict[str, Signature]:
        """Stored articles sharing an LSH band or the fingerprint with ``signature``:
        the only ones that may be copies of it (an index lookup, whatever the store's size)."""
        from eventwire.dedupe import Signature

        bands = signature.bands()
        marks = ",".join("?" * len(bands))
        rows = self.conn.execute(
            "SELECT article_id, fingerprint, content_key, signature FROM article_signature "
            f"WHERE article_id IN (SELECT article_id FROM article_band WHERE band IN ({marks})) "
            "OR fingerprint = ?",
            (*bands, signature.fingerprint),
        )
        return {row[0]: Signature(row[1], row[2], bytes(row[3])) for row in rows}

    def content_keys(self, article_ids: Iterable[str]) -> dict[str, str]:
        """The content keys (``dedupe.content_key``) of these stored articles."""
        found: dict[str, str] = {}
        for chunk in _chunks(sorted(set(article_ids))):
            rows = self.conn.execute(
                "SELECT article_id, content_key FROM article_signature "
                f"WHERE article_id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            found.update({row[0]: row[1] for row in rows})
        return found

    def events_reaching(
        self,
        event_type: str,
        status: str,
        buckets: Iterable[tuple[str, int]],
        keys: Iterable[str] | None,
        exclude: set[str],
    ) -> dict[str, list[Mention]]:
        """The stored events of a type and status that new reports might join, with
        all their reports: those whose date window holds one of ``buckets``
        (what the dated reports reach, ``merge.windows.report_buckets``), and
        those with a report sharing one of ``keys`` (the meeting keys of the
        undated reports, ``merge.keys``; None: every event of the block).

        Both are index lookups; the first meets only the weeks the reports'
        dates allow, whatever the store's history.
        """
        found: set[str] = set()
        by_kind: dict[str, list[int]] = {}
        for kind, bucket in buckets:
            by_kind.setdefault(kind, []).append(bucket)
        for kind, numbers in sorted(by_kind.items()):
            block = _hash63(f"{event_type}|{status}|{kind}")
            for part in _chunks(sorted(set(numbers))):
                rows = self.conn.execute(
                    "SELECT event_id FROM event_window "
                    f"WHERE block = ? AND bucket IN ({','.join('?' * len(part))})",
                    (block, *part),
                )
                found |= {row[0] for row in rows}
        if keys is None:
            rows = self.conn.execute(
                "SELECT id FROM event WHERE type = ? AND status = ?", (event_type, status)
            )
            found |= {row[0] for row in rows}
        else:
            for part in _chunks(sorted({_hash63(key) for key in keys})):
                rows = self.conn.execute(
                    "SELECT DISTINCT s.event_id FROM mention_key AS t "
                    "JOIN event_source AS s ON s.mention_id = t.mention_id "
                    f"WHERE t.block = ? AND t.key IN ({','.join('?' * len(part))})",
                    (_hash63(f"{event_type}|{status}"), *part),
                )
                found |= {row[0] for row in rows}
        return self.event_members(found - exclude)

    def put_windows(self, event_ids: Iterable[str]) -> None:
        """Index the date windows (``merge.windows``) of these stored events, from
        their reports' dates (read inside SQLite: no report is loaded whole)."""
        from eventwire.merge.windows import DateBounds

        for chunk in _chunks(sorted(set(event_ids))):
            bounds: dict[tuple[str, str, str], DateBounds] = {}
            rows = self.conn.execute(
                "SELECT s.event_id, m.type, m.status, json_extract(m.data, '$.date.basis'), "
                "json_extract(m.data, '$.date.start'), json_extract(m.data, '$.date.end') "
                "FROM event_source AS s JOIN mention AS m ON m.id = s.mention_id "
                f"WHERE s.event_id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            for event_id, event_type, status, basis, start, end in rows:
                found = bounds.setdefault((event_id, event_type, status), DateBounds())
                found.add(DateRange(start, end, "unknown", None, basis))
            self.conn.executemany(
                "INSERT OR IGNORE INTO event_window VALUES (?,?,?)",
                [
                    (_hash63(f"{event_type}|{status}|{kind}"), bucket, event_id)
                    for (event_id, event_type, status), found in bounds.items()
                    for kind, bucket in found.buckets()
                ],
            )

    def event_members(self, event_ids: Iterable[str]) -> dict[str, list[Mention]]:
        """The stored reports each of these events cites."""
        found: dict[str, list[Mention]] = {}
        for chunk in _chunks(sorted(set(event_ids))):
            rows = self.conn.execute(
                "SELECT s.event_id, m.data FROM event_source AS s JOIN mention AS m ON m.id = s.mention_id "
                f"WHERE s.event_id IN ({','.join('?' * len(chunk))}) ORDER BY s.mention_id",
                chunk,
            )
            for row in rows:
                found.setdefault(row[0], []).append(Mention.from_dict(json.loads(row[1])))
        return found

    def body_mentions(self, article_ids: Iterable[str], types: Iterable[str]) -> list[Mention]:
        """The body (not caption) mentions of these articles and types: what a caption
        is checked against before it makes an event of its own."""
        wanted = set(types)
        found: list[Mention] = []
        for chunk in _chunks(sorted(set(article_ids))):
            rows = self.conn.execute(
                f"SELECT type, data FROM mention WHERE article_id IN ({','.join('?' * len(chunk))})", chunk
            )
            for row in rows:
                if row[0] in wanted:
                    mention = Mention.from_dict(json.loads(row[1]))
                    if not mention.in_caption:
                        found.append(mention)
        return found

    def coded_with(self, article_ids: Iterable[str]) -> dict[str, str]:
        """The configuration hash each of these stored articles was coded with (if known)."""
        found: dict[str, str] = {}
        for chunk in _chunks(sorted(set(article_ids))):
            rows = self.conn.execute(
                f"SELECT id, coded_with FROM article WHERE id IN ({','.join('?' * len(chunk))}) "
                "AND coded_with IS NOT NULL",
                chunk,
            )
            found.update({row[0]: row[1] for row in rows})
        return found

    def events_citing(self, *, mention_ids: Iterable[str] = (), article_ids: Iterable[str] = ()) -> set[str]:
        """The ids of the events that cite any of these mentions or articles."""
        found: set[str] = set()
        for column, values in (("mention_id", mention_ids), ("article_id", article_ids)):
            for chunk in _chunks(sorted(set(values))):
                rows = self.conn.execute(
                    f"SELECT DISTINCT event_id FROM event_source WHERE {column} IN "
                    f"({','.join('?' * len(chunk))})",
                    chunk,
                )
                found |= {row[0] for row in rows}
        return found

    def needs_full_merge(self) -> bool:
        """True when the stored events must all be merged again once (after an upgrade)."""
        return self.conn.execute("SELECT 1 FROM store_note WHERE key = 'merge_all'").fetchone() is not None

    def full_merge_done(self) -> None:
        """Clear the note that asks for a full merge."""
        with self._tx():
            self.conn.execute("DELETE FROM store_note WHERE key = 'merge_all'")

    def stored_input(self, sha256: str, config_hash: str) -> str | None:
        """When an input of this content was stored under this configuration, or None."""
        row = self.conn.execute(
            "SELECT stored FROM input WHERE sha256 = ? AND config_hash = ?", (sha256, config_hash)
        ).fetchone()
        return str(row[0]) if row else None

    def fetch_validators(self, url: str, config_hash: str) -> tuple[str | None, str | None]:
        """The ETag and Last-Modified of a URL's last answer, when its body was stored
        under this configuration (else none: the page is fetched whole)."""
        row = self.conn.execute(
            "SELECT f.etag, f.last_modified FROM fetch_state AS f JOIN input AS i "
            "ON i.sha256 = f.sha256 AND i.config_hash = ? WHERE f.url = ?",
            (config_hash, url),
        ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def save_fetch(self, url: str, etag: str | None, last_modified: str | None, sha256: str | None) -> None:
        """Keep what a server answered for a URL (``fetch_validators`` reads it back)."""
        fetched = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self._tx():
            self.conn.execute(
                "INSERT OR REPLACE INTO fetch_state VALUES (?,?,?,?,?)",
                (url, etag, last_modified, sha256, fetched),
            )

    def save_inputs(self, inputs: Iterable[tuple[str, str, str, int, int]]) -> None:
        """Record inputs read to the end: (sha256, config hash, path, size, documents)."""
        stored = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self._tx():
            self.conn.executemany(
                "INSERT OR REPLACE INTO input VALUES (?,?,?,?,?,?)",
                [(*row, stored) for row in inputs],
            )


# SQLite allows 32,766 bound parameters per statement (since 3.32); IN lists
# are cut well below that.
_CHUNK = 900


def _chunks(values: Sequence[T]) -> Iterator[list[T]]:
    for i in range(0, len(values), _CHUNK):
        yield list(values[i : i + _CHUNK])


def _hash63(text: str) -> int:
    """A stable 63-bit hash (SQLite integers are signed 64-bit)."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big") >> 1


def _key_rows(mentions: Iterable[Mention]) -> list[tuple[int, int, str]]:
    from eventwire.merge.keys import meeting_keys

    return [
        (_hash63(f"{m.type}|{m.status}"), _hash63(key), m.id)
        for m in mentions
        for key in sorted(meeting_keys(m) or ())
    ]
