"""The embedded store: one SQLite file, declared schema, numbered migrations.

Tables: ``article``, ``mention`` (one report of one event), ``event`` (merged),
``event_source`` (which mentions and articles each event cites), ``error``
(documents that failed, with reasons) and ``run`` (the manifest of each run).
Every row is keyed by a content-derived id and written with upserts, so running
the same input twice leaves the store as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventwire.errors import StoreError
from eventwire.geo import distance_km
from eventwire.records import Article, ErrorRecord, Event, Mention
from eventwire.store_runs import RunIndexes, _chunks, _key_rows
from eventwire.store_schema import MIGRATIONS, SCHEMA_VERSION

if TYPE_CHECKING:
    pass

logger = logging.getLogger(__name__)

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "Store", "StoreError", "dyad_key", "event_dyads", "party_label"]

# The schema and its migrations (store_schema.py); re-exported for callers.


def party_label(ref: Mapping[str, Any]) -> str:
    """How a party is shown and counted: its name, else country/sector, else its words."""
    return str(
        ref.get("name")
        or "/".join(x for x in (ref.get("country"), ref.get("sector")) if x)
        or ref.get("text")
        or "?"
    )


def dyad_key(first: str, second: str) -> str:
    """Two countries as one dyad either way round: ``dyad_key("USA", "RUS") == "RUS-USA"``."""
    return f"{min(first, second)}-{max(first, second)}"


def event_dyads(event: Event) -> set[str]:
    """The dyads of an event: every actor country with every recipient country
    (what the ``dyad`` filter matches, and what ``event_pair`` holds)."""
    return {
        dyad_key(a.country, r.country) for a in event.actor if a.country for r in event.recipient if r.country
    }


# The tables that index events by id, emptied of an event's rows before the
# event itself: event_pair's delete trigger reads the event to keep its tally.
EVENT_INDEX_TABLES = ("event_source", "event_party", "event_window", "event_pair")

# How long a connection waits for another's write to finish before failing:
# readers (serve, query) wait out a run's short transactions.
BUSY_TIMEOUT_S = 30.0


def describe_sqlite_error(path: str, exc: sqlite3.Error) -> str:
    """One line that names the store file, what is wrong and what to do."""
    text = str(exc)
    if "not a database" in text or "malformed" in text:
        return (
            f"store {path} is damaged or not an SQLite file ({text}); move it aside and run again "
            "to build a new store, or give --db another file"
        )
    if "readonly" in text or "read-only" in text:
        return f"store {path} cannot be written ({text}): check the file's and its folder's permissions"
    if "locked" in text or "busy" in text:
        return f"store {path} is busy ({text}): another process holds it; try again when it has finished"
    if "unable to open" in text:
        return f"cannot open store {path} ({text}): check that its folder exists and can be written"
    return f"store {path}: {text}"


class WriterLock:
    """An advisory lock (``flock``) on the store file, held by the one process that writes.

    SQLite serialises single transactions, but a run is many transactions
    followed by a merge of everything it touched: two runs interleaved would
    merge each other's half-written state. The lock is taken without waiting
    and released by the OS when the process ends, even by SIGKILL. It is
    independent of SQLite's own (``fcntl``) locks on the same file, so readers
    are never held up by it.
    """

    def __init__(self, store_path: str) -> None:
        import fcntl

        try:
            self._file = open(store_path, "ab")  # noqa: SIM115 (held for the life of the store)
        except OSError as exc:
            raise StoreError(f"cannot open store {store_path} for writing: {exc}") from exc
        try:
            fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._file.close()
            raise StoreError(
                f"store {store_path} is being written by another eventwire process; "
                "run again when it has finished"
            ) from None

    def release(self) -> None:
        """Give the lock up (closing the file releases it)."""
        if not self._file.closed:
            self._file.close()


def _sql_distance_km(lat1: float | None, lon1: float | None, lat2: float, lon2: float) -> float | None:
    """``eventwire.geo.distance_km`` for SQL: NULL when the event's point is unknown."""
    if lat1 is None or lon1 is None:
        return None
    return distance_km(lat1, lon1, lat2, lon2)


def iso_week(day: str | None) -> str | None:
    """The ISO 8601 week of a date ("2021-09-22" -> "2021-W38"); None when it is not a date.

    ISO weeks start on Monday and the first week of a year holds its first
    Thursday, so 1 January may belong to the last week of the year before.
    """
    if not day:
        return None
    try:
        year, week, _ = dt.date.fromisoformat(day[:10]).isocalendar()
    except ValueError:
        return None
    return f"{year:04d}-W{week:02d}"


def _register_functions(conn: sqlite3.Connection) -> None:
    """SQL functions the queries use: ``ew_distance_km(lat, lon, lat2, lon2)`` and
    ``ew_iso_week(date)``."""
    conn.create_function("ew_distance_km", 4, _sql_distance_km, deterministic=True)
    conn.create_function("ew_iso_week", 1, iso_week, deterministic=True)


def _dumps(value: Any) -> str:
    # written through _Connection, which makes its strings writable (``_writable``)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _writable(value: Any) -> Any:
    """A string SQLite can hold: lone surrogates (a JSON escape "\\ud800", a file
    name of undecodable bytes) become visible escapes instead of failing the write."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return value.encode("utf-8", "backslashreplace").decode("utf-8")
    return value


class _Connection(sqlite3.Connection):
    """A connection whose every written string is one SQLite can hold (``_writable``):
    one odd character in one record must never fail a run's write."""

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        return super().execute(sql, _clean_params(parameters))

    def executemany(self, sql: str, parameters: Any, /) -> sqlite3.Cursor:
        return super().executemany(sql, (_clean_params(p) for p in parameters))


def _clean_params(parameters: Any) -> Any:
    if isinstance(parameters, dict):
        return {k: _writable(v) for k, v in parameters.items()}
    return tuple(_writable(v) for v in parameters)


class Store(RunIndexes):
    """A connection to one store file (or ``:memory:``), migrated on open."""

    def __init__(self, path: str | Path, *, writer: bool = False) -> None:
        """Open (and migrate) the store at ``path``.

        ``writer`` marks the one process that writes: it takes the store's
        writer lock (see ``WriterLock``), so a second ``eventwire run`` on the
        same file refuses at once instead of interleaving its writes.
        """
        self.path = str(path)
        self._bulk = False
        self._lock: WriterLock | None = None
        if writer and self.path != ":memory:":
            self._lock = WriterLock(self.path)
        try:
            self.conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, factory=_Connection)
            self.conn.row_factory = sqlite3.Row
            _register_functions(self.conn)
            self._check_is_ours()
            self.conn.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                self.conn.execute("PRAGMA journal_mode = WAL")
                # in WAL mode, NORMAL never corrupts the store and a killed process
                # loses nothing committed; only a power cut may lose the last commits
                self.conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.Error as exc:
            self._release()
            raise StoreError(describe_sqlite_error(self.path, exc)) from exc
        except StoreError:
            self._release()
            raise

    def _check_is_ours(self) -> None:
        """Refuse an SQLite file of another application rather than add our tables to it."""
        version = int(self.conn.execute("PRAGMA user_version").fetchone()[0])
        if version:
            return
        tables = [r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        if tables:
            listed = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
            raise StoreError(
                f"{self.path} is an SQLite database of another kind (tables: {listed}), not an "
                "eventwire store; give --db a new file name"
            )

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    @classmethod
    def open_readonly(cls, path: str | Path, any_thread: bool = False) -> Store:
        """Open an existing store for reading only: no migration, no writes.

        The web server opens one of these per request, so concurrent requests
        never share a connection; a store of another schema version is refused
        rather than migrated under a reader's feet. ``any_thread`` lets one
        request's connection be used by another thread than the one that opened
        it, one at a time (a streamed answer is read on the server's worker threads).
        """
        store = cls.__new__(cls)
        store.path = str(path)
        store._bulk = False
        store._lock = None
        if not Path(store.path).is_file():
            raise StoreError(f"no store at {store.path}")
        try:
            uri = f"{Path(store.path).resolve().as_uri()}?mode=ro"
            store.conn = sqlite3.connect(uri, uri=True, factory=_Connection, check_same_thread=not any_thread)
            store._check_is_ours()
            version = int(store.conn.execute("PRAGMA user_version").fetchone()[0])
        except sqlite3.Error as exc:
            raise StoreError(describe_sqlite_error(store.path, exc)) from exc
        if version != SCHEMA_VERSION:
            store.conn.close()
            raise StoreError(
                f"store {store.path} has schema {version}, this eventwire reads {SCHEMA_VERSION}: "
                f"open it once with `eventwire run` or `eventwire query` to migrate it"
            )
        store.conn.row_factory = sqlite3.Row
        _register_functions(store.conn)
        return store

    def _migrate(self) -> None:
        version = int(self.conn.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"store {self.path} has schema {version}, newer than this eventwire ({SCHEMA_VERSION})"
            )
        for number in range(version, len(MIGRATIONS)):
            with self._tx():
                self.conn.executescript(
                    "BEGIN;" + MIGRATIONS[number] + f"PRAGMA user_version = {number + 1};"
                )
            logger.info("store %s migrated to schema %d", self.path, number + 1)
        self._fill_indexes()

    def _fill_indexes(self) -> None:
        """Compute what SQL alone cannot for the rows a migration noted (once):
        articles' duplicate signatures, mentions' meeting keys, events' date windows."""
        from eventwire.dedupe import Signature

        notes = {row[0] for row in self.conn.execute("SELECT key FROM store_note")}
        if "fill_signatures" in notes:
            missing = self.conn.execute(
                "SELECT id FROM article WHERE id NOT IN (SELECT article_id FROM article_signature)"
            ).fetchall()
            for chunk in _chunks([row[0] for row in missing]):
                for article in self.articles_by_id(chunk).values():
                    self.put_signature(article.id, Signature.of(article))
            logger.info("store %s: duplicate signatures of %d articles computed", self.path, len(missing))
        if "fill_mention_keys" in notes:
            keys: list[tuple[int, int, str]] = []
            for row in self.conn.execute("SELECT id, data FROM mention").fetchall():
                try:
                    keys.extend(_key_rows([Mention.from_dict(json.loads(row[1]))]))
                except (KeyError, TypeError, ValueError):  # a record this version cannot read
                    logger.warning("store %s: mention %s cannot be read; it has no keys", self.path, row[0])
            with self._tx():
                self.conn.executemany("INSERT OR IGNORE INTO mention_key VALUES (?,?,?)", keys)
        if "fill_event_windows" in notes:
            events = [row[0] for row in self.conn.execute("SELECT id FROM event")]
            with self._tx():
                self.put_windows(events)
            logger.info("store %s: date windows of %d events computed", self.path, len(events))
        done = notes & {"fill_signatures", "fill_mention_keys", "fill_event_windows"}
        if done:
            with self._tx():
                self.conn.executemany("DELETE FROM store_note WHERE key = ?", [(note,) for note in done])

    def _tx(self) -> contextlib.AbstractContextManager[Any]:
        """The transaction of one write: its own, or the open ``bulk`` one."""
        return contextlib.nullcontext() if self._bulk else self.conn

    @contextlib.contextmanager
    def bulk(self) -> Iterator[None]:
        """Group the writes made inside into few transactions.

        A commit per article costs more than the article's rows; a run saves its
        articles in bulk, committed every ``commit_pending`` call and at the end
        (rolled back on an error). A killed run loses only its uncommitted
        articles, and its inputs are not marked stored, so a new run reads them.
        """
        if self._bulk:
            yield
            return
        self._bulk = True
        try:
            yield
        except BaseException:
            self.conn.rollback()
            raise
        else:
            self.conn.commit()
        finally:
            self._bulk = False

    def commit_pending(self) -> None:
        """Commit the writes of the open ``bulk`` so far."""
        if self._bulk:
            self.conn.commit()

    def close(self) -> None:
        """Close the connection (and give up the writer lock)."""
        self.conn.close()
        self._release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ writing
    def save_article(
        self,
        article: Article,
        mentions: Iterable[Mention],
        duplicate_of: str | None = None,
        coded_with: str | None = None,
    ) -> None:
        """Store an article with its mentions, replacing any earlier coding of it.

        ``duplicate_of`` names an earlier article this one copies (a wire story
        republished elsewhere), or None; ``coded_with`` the configuration hash
        of the run that coded it (``pipeline.config_hash``).
        """
        data = article.to_dict()
        mentions = list(mentions)
        with self._tx():
            old = [
                Mention.from_dict(json.loads(row[0]))
                for row in self.conn.execute("SELECT data FROM mention WHERE article_id = ?", (article.id,))
            ]
            self.conn.executemany(
                "DELETE FROM mention_key WHERE block = ? AND key = ? AND mention_id = ?", _key_rows(old)
            )
            self.conn.execute("DELETE FROM mention WHERE article_id = ?", (article.id,))
            self.conn.execute(
                """INSERT INTO article (id, source, title, outlet, published, published_inferred,
                       byline, body, captions, credits, corrections, language, errors, duplicate_of,
                       coded_with)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                   ON CONFLICT(id) DO UPDATE SET source=excluded.source, title=excluded.title,
                       outlet=excluded.outlet, published=excluded.published,
                       published_inferred=excluded.published_inferred, byline=excluded.byline,
                       body=excluded.body, captions=excluded.captions, credits=excluded.credits,
                       corrections=excluded.corrections, language=excluded.language,
                       errors=excluded.errors, duplicate_of=excluded.duplicate_of,
                       coded_with=excluded.coded_with""",
                (
                    article.id,
                    _dumps(data["source"]),
                    article.title,
                    article.outlet,
                    article.published,
                    _dumps(data["published_inferred"]),
                    article.byline,
                    article.body,
                    _dumps(data["captions"]),
                    _dumps(data["credits"]),
                    _dumps(data["corrections"]),
                    article.language,
                    _dumps(data["errors"]),
                    duplicate_of,
                    coded_with,
                ),
            )
            self.conn.executemany(
                "INSERT OR REPLACE INTO mention (id, article_id, type, status, data) VALUES (?,?,?,?,?)",
                [(m.id, m.article_id, m.type, m.status, _dumps(m.to_dict())) for m in mentions],
            )
            self.conn.executemany("INSERT OR IGNORE INTO mention_key VALUES (?,?,?)", _key_rows(mentions))

    def mark_duplicates(self, originals: Mapping[str, str | None]) -> None:
        """Set, per stored article id, the id of the article it copies (or None)."""
        with self._tx():
            self.conn.executemany(
                "UPDATE article SET duplicate_of = ? WHERE id = ?",
                [(original, article_id) for article_id, original in sorted(originals.items())],
            )

    def save_error(self, error: ErrorRecord) -> None:
        """Record a failed document; the same failure twice is stored once."""
        key = f"{error.origin}|{error.line}|{error.stage}|{error.reason}"
        error_id = hashlib.sha256(key.encode()).hexdigest()[:16]
        with self._tx():
            self.conn.execute(
                "INSERT OR REPLACE INTO error (id, origin, line, stage, error_type, reason) "
                "VALUES (?,?,?,?,?,?)",
                (error_id, error.origin, error.line, error.stage, error.error_type, error.reason),
            )

    def replace_events(
        self,
        events: Iterable[Event],
        blocks: set[tuple[str, str]] | None = None,
        replacing: Iterable[str] | None = None,
    ) -> int:
        """Replace the merged events (one transaction); return how many events the store holds.

        With ``blocks`` (pairs of type and status), only the events of those
        blocks are replaced; with ``replacing`` (event ids), only those events:
        the ones a run's new articles could change.
        """
        rows: list[tuple[Any, ...]] = []
        sources: list[tuple[str, str, str]] = []
        parties: list[tuple[Any, ...]] = []
        pairs: list[tuple[str, str, str | None]] = []
        for event in events:
            data = event.to_dict()
            pairs.extend((dyad, event.id, event.date.start) for dyad in event_dyads(event))
            for side in ("actor", "recipient"):
                for ref in data[side]:
                    parties.append(
                        (
                            event.id,
                            side,
                            party_label(ref),
                            ref["name"],
                            ref["text"],
                            ref["country"],
                            ref["sector"],
                        )
                    )
            rows.append(
                (
                    event.id,
                    event.type,
                    event.mode,
                    event.status,
                    int(event.historical),
                    event.quad,
                    event.date.start,
                    event.date.end,
                    next((a.country for a in event.actor if a.country), None),
                    next((r.country for r in event.recipient if r.country), None),
                    event.place.country if event.place else None,
                    event.place.lat if event.place else None,
                    event.place.lon if event.place else None,
                    event.confidence,
                    _dumps(data),
                )
            )
            sources.extend((event.id, s.mention_id, s.article_id) for s in event.sources)
        with self._tx():
            if replacing is not None:
                for chunk in _chunks(sorted(set(replacing))):
                    marks = ",".join("?" * len(chunk))
                    for table in EVENT_INDEX_TABLES:
                        self.conn.execute(f"DELETE FROM {table} WHERE event_id IN ({marks})", chunk)
                    self.conn.execute(f"DELETE FROM event WHERE id IN ({marks})", chunk)
            elif blocks is None:
                for table in (*EVENT_INDEX_TABLES, "event"):
                    self.conn.execute(f"DELETE FROM {table}")
            else:
                for event_type, status in sorted(blocks):
                    for table in EVENT_INDEX_TABLES:
                        self.conn.execute(
                            f"DELETE FROM {table} WHERE event_id IN "
                            "(SELECT id FROM event WHERE type = ? AND status = ?)",
                            (event_type, status),
                        )
                    self.conn.execute("DELETE FROM event WHERE type = ? AND status = ?", (event_type, status))
            self.conn.executemany("INSERT INTO event VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
            self.conn.executemany(
                "INSERT OR IGNORE INTO event_source (event_id, mention_id, article_id) VALUES (?,?,?)",
                sources,
            )
            self.conn.executemany("INSERT INTO event_party VALUES (?,?,?,?,?,?,?)", parties)
            self.conn.executemany("INSERT INTO event_pair (dyad, event_id, starts_on) VALUES (?,?,?)", pairs)
            self.put_windows([row[0] for row in rows])
        return self.count("event")

    def mention_blocks(self, article_id: str) -> set[tuple[str, str]]:
        """The (type, status) blocks of an article's stored mentions."""
        rows = self.conn.execute(
            "SELECT DISTINCT type, status FROM mention WHERE article_id = ?", (article_id,)
        )
        return {(row[0], row[1]) for row in rows}

    def save_run(self, run_id: str, manifest: dict[str, Any]) -> None:
        """Append a run's manifest: one row per run, never replaced (``runs`` lists them)."""
        with self._tx():
            self.conn.execute(
                "INSERT OR REPLACE INTO run "
                "(id, version, config_hash, inputs, counts, started, finished, manifest) "
                "VALUES (?,?,?,?,?,?,?,?)",
                (
                    run_id,
                    manifest["version"],
                    manifest["config_hash"],
                    _dumps([item["path"] for item in manifest["inputs"]]),
                    _dumps(manifest["counts"]),
                    manifest["started"],
                    manifest["finished"],
                    _dumps(manifest),
                ),
            )

    def runs(self) -> list[dict[str, Any]]:
        """Every run's manifest, oldest first (runs from before schema 6 give what they kept)."""
        found = []
        for row in self.conn.execute(
            "SELECT id, version, config_hash, inputs, counts, started, finished, manifest FROM run "
            "ORDER BY started, rowid"
        ):
            if row[7]:
                manifest = json.loads(row[7])
            else:
                manifest = {
                    "version": row[1],
                    "config_hash": row[2],
                    "inputs": [{"path": p} for p in json.loads(row[3])],
                    "counts": json.loads(row[4]),
                    "started": row[5],
                    "finished": row[6],
                }
            found.append({"id": row[0], **manifest})
        return found

    # ------------------------------------------------------------ reading
    def articles_by_id(self, ids: Iterable[str]) -> dict[str, Article]:
        """The stored articles of these ids (those that exist)."""
        found: dict[str, Article] = {}
        for chunk in _chunks(sorted(set(ids))):
            rows = self.conn.execute(
                f"SELECT * FROM article WHERE id IN ({','.join('?' * len(chunk))})", chunk
            )
            for row in rows:
                found[row["id"]] = _article(row)

        return found

    def articles(self) -> Iterator[Article]:
        """Yield every stored article."""
        for row in self.conn.execute("SELECT * FROM article ORDER BY id"):
            yield _article(row)

    def duplicates(self, ids: Iterable[str] | None = None) -> dict[str, str | None]:
        """Return, per stored article id (of ``ids``, or all), the id of the article it copies (or None)."""
        if ids is None:
            return {row[0]: row[1] for row in self.conn.execute("SELECT id, duplicate_of FROM article")}
        found: dict[str, str | None] = {}
        for chunk in _chunks(sorted(set(ids))):
            rows = self.conn.execute(
                f"SELECT id, duplicate_of FROM article WHERE id IN ({','.join('?' * len(chunk))})", chunk
            )
            found.update({row[0]: row[1] for row in rows})
        return found

    def mentions(self, blocks: set[tuple[str, str]] | None = None) -> Iterator[Mention]:
        """Yield every stored mention, or those of the given (type, status) blocks."""
        if blocks is None:
            for row in self.conn.execute("SELECT data FROM mention ORDER BY id"):
                yield Mention.from_dict(json.loads(row["data"]))
            return
        for event_type, status in sorted(blocks):
            sql = "SELECT data FROM mention WHERE type = ? AND status = ? ORDER BY id"
            for row in self.conn.execute(sql, (event_type, status)):
                yield Mention.from_dict(json.loads(row["data"]))

    def events(self, where: str = "", params: tuple[Any, ...] = ()) -> Iterator[Event]:
        """Yield stored events, optionally filtered by a parameterised SQL clause."""
        sql = "SELECT data FROM event " + (f"WHERE {where} " if where else "")
        sql += "ORDER BY date_start, id"
        for row in self.conn.execute(sql, params):
            yield event_from_json(row["data"])

    def stats(self) -> dict[str, Any]:
        """What the store holds: row counts, events by type, status and actor country,
        errors by stage, the schema version and the file size."""

        def grouped(sql: str) -> dict[str, int]:
            return {str(key): int(n) for key, n in self.conn.execute(sql)}

        file = Path(self.path)
        size = file.stat().st_size if self.path != ":memory:" and file.exists() else None
        return {
            "path": str(self.path),
            "schema_version": int(self.conn.execute("PRAGMA user_version").fetchone()[0]),
            "bytes": size,
            "rows": {
                t: self.count(t) for t in ("article", "mention", "event", "event_source", "error", "run")
            },
            # from the tallies (schema 7), not a scan of every event
            "events_by_type": grouped(
                "SELECT type, SUM(n) AS total FROM tally_time GROUP BY type HAVING total > 0 "
                "ORDER BY total DESC, type"
            ),
            "events_by_status": grouped(
                "SELECT status, SUM(n) AS total FROM tally_time GROUP BY status HAVING total > 0 "
                "ORDER BY total DESC, status"
            ),
            "events_by_actor_country": grouped(
                "SELECT coalesce(nullif(actor_country, ''), 'unknown') AS country, SUM(n) AS total "
                "FROM tally_pair GROUP BY country HAVING total > 0 ORDER BY total DESC, country LIMIT 20"
            ),
            "errors_by_stage": grouped(
                "SELECT stage, COUNT(*) FROM error GROUP BY stage ORDER BY COUNT(*) DESC"
            ),
            "copies": int(
                self.conn.execute("SELECT COUNT(*) FROM article WHERE duplicate_of IS NOT NULL").fetchone()[0]
            ),
        }

    def count(self, table: str) -> int:
        """Return the number of rows of a known table."""
        if table not in {"article", "mention", "event", "event_source", "error", "run"}:
            raise ValueError(f"unknown table {table}")
        if table == "event":  # every run asks; the tally answers without reading the events
            return int(self.conn.execute("SELECT coalesce(SUM(n), 0) FROM tally_time").fetchone()[0])
        return int(self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def event_from_json(text: str) -> Event:
    """Rebuild an ``Event`` from its stored JSON."""
    from eventwire.records import ActorRef, DateRange, Disagreement, Place, Size, SourceRef

    data = json.loads(text)
    return Event(
        id=data["id"],
        type=data["type"],
        mode=data["mode"],
        context=data["context"],
        status=data["status"],
        historical=data["historical"],
        actor=[ActorRef.from_dict(a) for a in data["actor"]],
        recipient=[ActorRef.from_dict(r) for r in data["recipient"]],
        quad=data["quad"],
        date=DateRange.from_dict(data["date"]),
        place=Place.from_dict(data["place"]) if data["place"] else None,
        size=Size.from_dict(data["size"]) if data["size"] else None,
        confidence=data["confidence"],
        sources=[SourceRef.from_dict(s) for s in data["sources"]],
        disagreements=[Disagreement.from_dict(d) for d in data.get("disagreements", [])],
    )


def _article(row: sqlite3.Row) -> Article:
    return Article.from_dict(
        {
            "id": row["id"],
            "source": json.loads(row["source"]),
            "title": row["title"],
            "outlet": row["outlet"],
            "published": row["published"],
            "published_inferred": json.loads(row["published_inferred"] or "null"),
            "byline": row["byline"],
            "body": row["body"],
            "captions": json.loads(row["captions"]),
            "credits": json.loads(row["credits"]),
            "corrections": json.loads(row["corrections"]),
            "language": row["language"],
            "errors": json.loads(row["errors"]),
        }
    )
