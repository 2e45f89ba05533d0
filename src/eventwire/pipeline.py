"""The flow, stage by stage: read → clean → parse → code → merge → store.

Each document ends in one of three outcomes, each counted: ok (an article,
with or without events), skipped (with a reason, e.g. not English) or failed
(an ``ErrorRecord`` with the stage and a reason), and each skip or failure
names its record (file and line, and the record's id when it has one). A
failure never stops the run. Stages are plain functions over records; this module only strings them
together and keeps the books.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire import __version__
from eventwire.clean import clean_source, outlet_key
from eventwire.clean_text import OutletFurniture
from eventwire.coder.context import publication_range
from eventwire.dedupe import DuplicateFinder
from eventwire.errors import EventwireError
from eventwire.ingest import input_files, may_hold_pages, read_file, read_inputs
from eventwire.ingest.fetch import USER_AGENT, Fetcher, is_url
from eventwire.limits import Limits, applied
from eventwire.merge import clear_caches
from eventwire.merge.build import build_event, contradicted_by_body
from eventwire.merge.cluster import order_key
from eventwire.merge.online import add_reports
from eventwire.records import Article, ErrorRecord, Event, Mention, Source
from eventwire.settings import Settings
from eventwire.store import Store
from eventwire.workers import BatchRunner, Job, Outcome

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[int], None]


@dataclass
class RunStats:
    """What one run did: counts, failures with reasons, and time."""

    read: int = 0
    articles: int = 0
    skipped: int = 0
    unchanged: int = 0  # input files skipped as already stored, unchanged
    failed: int = 0
    mentions: int = 0
    duplicates: int = 0
    events: int = 0
    seconds: float = 0.0
    errors: list[ErrorRecord] = field(default_factory=list)
    skips: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # documents (or failures) read per input file, by path
    per_origin: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        """One line for the end of a run."""
        unchanged = f"{self.unchanged} unchanged inputs skipped, " if self.unchanged else ""
        return (
            f"{unchanged}{self.read} documents read, {self.articles} articles, {self.skipped} skipped, "
            f"{self.failed} failed, {self.duplicates} copies of other articles, "
            f"{self.mentions} event mentions, {self.events} events, "
            f"{self.seconds:.1f} s"
        )

    @property
    def nothing_read(self) -> bool:
        """True when no document at all could be read (and none was already stored):
        the run has failed."""
        return self.articles == 0 and self.skipped == 0 and self.unchanged == 0


def _error(
    origin: str, stage: str, exc: BaseException, line: int | None = None, record_id: str | None = None
) -> ErrorRecord:
    reason = exc.reason if isinstance(exc, EventwireError) else f"{type(exc).__name__}: {exc}"
    return ErrorRecord(
        origin=origin,
        stage=stage,
        reason=reason,
        line=line,
        error_type=type(exc).__name__,
        article_id=record_id,
    )


# The languages the coder reads; articles in any other are skipped by the
# verbs that code (run, extract, annotate) and kept by `eventwire articles`.
CODED_LANGUAGES = frozenset({"en"})


def _read_sources(
    inputs: Iterable[str],
    stats: RunStats,
    on_progress: ProgressCallback | None,
    fields: dict[str, str],
    fetcher: Fetcher | None = None,
) -> Iterator[Source]:
    for item in read_inputs(inputs, fields=fields, fetcher=fetcher):
        stats.read += 1
        stats.per_origin[item.origin] = stats.per_origin.get(item.origin, 0) + 1
        if on_progress is not None:
            on_progress(1)
        if isinstance(item, ErrorRecord):
            stats.failed += 1
            stats.errors.append(item)
            logger.warning("%s", item.describe())
            continue
        yield item


def learn_furniture(inputs: Iterable[str], fields: dict[str, str] | None = None) -> dict[str, frozenset[str]]:
    """Each outlet's repeated furniture lines, from every plain-text page and
    feed entry the inputs hold (a first, reading-only pass over those files).

    Learning from the whole input, not from a window of it, is what makes a
    page clean the same whatever order the files are given in. Corpora,
    archives and HTML pages are not read in this pass: their text is not
    cleaned line by line.
    """
    learner = OutletFurniture()
    for path in input_files(inputs):
        if not may_hold_pages(path):
            continue
        for item in read_file(path, fields):
            if isinstance(item, Source):
                learner.add(item)
    return learner.learned()


def iter_articles(
    inputs: Iterable[str],
    stats: RunStats,
    on_progress: ProgressCallback | None = None,
    fields: dict[str, str] | None = None,
    languages: frozenset[str] | None = CODED_LANGUAGES,
    limits: Limits | None = None,
    furniture_from: Iterable[str] | None = None,
    fetcher: Fetcher | None = None,
) -> Iterator[Article]:
    """Read and clean every input, yielding articles and booking failures in ``stats``.

    ``fields`` renames corpus fields (see ``Settings.corpus_fields``). Articles
    in a language outside ``languages`` are skipped with the language in the
    reason; ``None`` keeps every language. ``limits`` bounds what one input may
    hold (the defaults of ``eventwire.limits`` when None). Outlet furniture is
    learned from ``furniture_from`` (default: the inputs), so that a run that
    skips stored files cleans the others as a run over all of them would.
    URLs are fetched with ``fetcher`` (``url_fetcher``).
    """
    inputs = list(inputs)
    with applied(limits):
        learned = learn_furniture(inputs if furniture_from is None else list(furniture_from), fields)
        yield from _articles(inputs, learned, stats, on_progress, fields, languages, fetcher)
    if fetcher is not None:  # pages unchanged since they were stored
        stats.skips.extend(fetcher.skips)
        stats.unchanged += len(fetcher.skips)


def _articles(
    inputs: list[str],
    learned: dict[str, frozenset[str]],
    stats: RunStats,
    on_progress: ProgressCallback | None,
    fields: dict[str, str] | None,
    languages: frozenset[str] | None,
    fetcher: Fetcher | None = None,
) -> Iterator[Article]:
    for source in _read_sources(inputs, stats, on_progress, fields or {}, fetcher):
        article = _clean(source, stats, learned.get(outlet_key(source), frozenset()))
        if article is None:
            continue
        for warning in article.errors:
            stats.warnings.append(f"{source.where()}: {warning}")
        if languages is not None and article.language not in languages:
            stats.skipped += 1
            names = ", ".join(sorted(languages))
            stats.skips.append(f"{source.where()}: language {article.language}, not coded (coded: {names})")
            continue
        yield article


def _clean(source: Source, stats: RunStats, outlet_lines: frozenset[str] = frozenset()) -> Article | None:
    try:
        return clean_source(source, outlet_lines)
    except Exception as exc:  # one bad document must not stop the run
        error = _error(source.origin, "clean", exc, source.line, source.meta.get("id"))
        stats.failed += 1
        stats.errors.append(error)
        logger.warning("%s", error.describe())
        return None


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _clip(article: Article, max_chars: int) -> Article:
    """Cut an over-long article at a paragraph boundary so the parser accepts it."""
    if len(article.analysed_text()) <= max_chars:
        return article
    cut = article.body.rfind("\n", 0, max_chars)
    body = article.body[: cut if cut > 0 else max_chars]
    data = article.to_dict()
    data.update(body=body, captions=[], errors=[*article.errors, f"body cut to {len(body)} characters"])
    return Article.from_dict(data)


def _coded(articles: Iterable[Article], settings: Settings, stats: RunStats, job: Job) -> Iterator[Outcome]:
    """Parse and code (or annotate) articles in batches, on ``settings.workers``
    processes; failures are booked in ``stats`` and not yielded.

    An article with no publication date (given or inferred) is named once, in one
    warning: its weekdays, "last week" and the like cannot be placed, so its
    events are dated only by explicit dates. One line per record, not per event.
    """
    undated: set[str] = set()
    batches = _batches((_clip(a, settings.max_chars) for a in articles), settings.batch_size)
    for outcomes in _runner(settings, job).run(batches):
        for outcome in outcomes:
            article = outcome.article
            if outcome.error is not None:
                stats.failed += 1
                stats.errors.append(outcome.error)
                logger.warning("%s", outcome.error.describe())
                continue
            if article.id not in undated and publication_range(article)[0] is None:
                undated.add(article.id)
                origin = article.source.get("path") or article.source.get("url", "")
                line = article.source.get("line")
                where = f"{origin}:{line}" if line is not None else str(origin)
                message = (
                    f"{where} (id {article.id}): no publication date; relative dates "
                    "(weekdays, 'last week') in it are left undated"
                )
                # reported with the run's other per-record warnings (printed once at its end)
                stats.warnings.append(message)
                logger.debug("%s", message)
            stats.articles += 1
            yield outcome


def _runner(settings: Settings, job: Job) -> Any:
    """The engine that runs the batches (``settings.engine``)."""
    if settings.engine == "ray":
        from eventwire.ray_engine import RayRunner

        return RayRunner(job, settings.ray_address, settings.workers)
    if settings.engine != "local":
        raise ValueError(f"unknown engine {settings.engine!r}: choose local or ray")
    return BatchRunner(settings.workers, job)


def _job(settings: Settings, annotate: bool = False) -> Job:
    return Job(batch_size=settings.batch_size, historical_days=settings.historical_days, annotate=annotate)


def code_articles(
    articles: Iterable[Article], settings: Settings, stats: RunStats
) -> Iterator[tuple[Article, list[Mention]]]:
    """Parse articles in batches and code their events; failures are booked in ``stats``."""
    for outcome in _coded(articles, settings, stats, _job(settings)):
        mentions = [m for m in outcome.mentions or [] if m.confidence >= settings.min_confidence]
        stats.mentions += len(mentions)
        yield outcome.article, mentions


def annotate_articles(
    articles: Iterable[Article], settings: Settings, stats: RunStats
) -> Iterator[tuple[Article, dict[str, Any]]]:
    """What the resolvers find in each article (``eventwire.annotate``), in batches."""
    for outcome in _coded(articles, settings, stats, _job(settings, annotate=True)):
        yield outcome.article, outcome.annotation or {}


def run(
    inputs: list[str],
    settings: Settings,
    store: Store,
    on_progress: ProgressCallback | None = None,
    *,
    force: bool = False,
) -> RunStats:
    """Run the whole flow on ``inputs`` and write the results into ``store``.

    Input files already stored whole, with this content and configuration,
    are skipped (``force`` reads them again). Articles and mentions are
    upserted; then the run's reports are added to the stored events of their
    months (``StoreWriter``, ``merge.online``), so the cost follows the new
    input, not the store. Returns the run's statistics.
    """
    started = time.perf_counter()
    started_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    stats = RunStats()
    config = config_hash(settings)
    todo, hashes, unchanged, lines = _inputs_to_read(inputs, store, config, force, stats)
    expect = getattr(on_progress, "expect", None)
    if callable(expect):  # a progress display that can show a total
        expect(_expected_documents(todo, lines))
    fetcher = url_fetcher(todo, settings, store, config, force)
    read = iter_articles(
        todo,
        stats,
        on_progress,
        settings.field_map(),
        limits=settings.limits(),
        furniture_from=inputs,
        fetcher=fetcher,
    )
    writer = StoreWriter(store, stats, config)
    with store.bulk():
        for article, mentions in code_articles(read, settings, stats):
            writer.add(article, mentions)
    writer.finish()
    if fetcher is not None:  # each page read is an input, so that an unchanged one is skipped
        hashes.update(fetcher.pages)
    store.save_inputs(
        (digest, config, path, size, stats.per_origin.get(path, 0)) for path, (digest, size) in hashes.items()
    )
    stats.seconds = time.perf_counter() - started
    manifest = _manifest(settings, stats, started_at, config, todo, hashes, unchanged)
    store.save_run(_run_id(started_at), manifest)
    logger.info("%s", stats.summary())
    return stats


def url_fetcher(
    inputs: list[str],
    settings: Settings,
    store: Store | None = None,
    config: str = "",
    force: bool = False,
) -> Fetcher | None:
    """How a run fetches the URLs among its inputs: politely (``ingest.fetch``),
    conditionally on what the store holds, skipping stored content (none of
    that with ``force``). None when no input is a URL: nothing is fetched unless asked."""
    if not any(is_url(item) for item in inputs):
        return None
    return Fetcher(
        state=None if store is None or force else _StoreFetchState(store, config),
        user_agent=settings.fetch_user_agent or USER_AGENT,
        timeout_s=settings.fetch_timeout_s,
        retries=settings.fetch_retries,
        delay_s=settings.fetch_delay_s,
    )


@dataclass
class _StoreFetchState:
    """The store's record of earlier fetches, trusted only for pages stored under
    this configuration (a page fetched but not stored is fetched whole again)."""

    store: Store
    config: str

    def fetch_validators(self, url: str) -> tuple[str | None, str | None]:
        return self.store.fetch_validators(url, self.config)

    def save_fetch(self, url: str, etag: str | None, last_modified: str | None, sha256: str | None) -> None:
        self.store.save_fetch(url, etag, last_modified, sha256)

    def stored(self, sha256: str) -> str | None:
        return self.store.stored_input(sha256, self.config)


# Articles saved per commit inside a run (``Store.bulk``).
COMMIT_EVERY = 200


class StoreWriter:
    """The store half of a run: coded articles in; duplicate marks, errors and
    merged events out, at a cost that follows the new articles, not the store.

    ``add`` saves an article with its mentions; ``finish`` marks copies, saves
    the run's errors and adds the new reports to the stored events of their
    months (``merge.online``). The events of an article coded again, or of one
    whose copy mark changed, are taken apart first and their other reports
    added again with the new ones.
    """

    def __init__(self, store: Store, stats: RunStats, config: str | None = None) -> None:
        self.store = store
        self.stats = stats
        self.config = config  # the configuration hash recorded with each article
        self.finder = DuplicateFinder(store)
        self.new: dict[str, list[Mention]] = {}  # this run's reports, by article
        self.stale: set[str] = set()  # events citing an article coded again
        self.seen: list[str] = []

    def add(self, article: Article, mentions: list[Mention]) -> None:
        """Save one coded article (replacing an earlier coding of it)."""
        store = self.store
        self.finder.add(article)
        self.seen.append(article.id)
        self.stale |= store.events_citing(article_ids=[article.id])
        store.save_article(
            article,
            mentions,
            duplicate_of=store.duplicates([article.id]).get(article.id),
            coded_with=self.config,
        )
        self.new[article.id] = list(mentions)
        if len(self.seen) % COMMIT_EVERY == 0:
            store.commit_pending()

    def finish(self) -> None:
        """Mark copies, save errors and merge the new reports into the stored events."""
        store, stats = self.store, self.stats
        changed = _mark_copies(self.seen, self.finder, store, stats)
        for error in stats.errors:
            store.save_error(error)
        if store.needs_full_merge():  # once, in a store written by an older eventwire
            stats.events = _merge_reports(store, list(store.mentions()), everything=True)
            store.full_merge_done()
            return
        dissolved = self.stale | store.events_citing(article_ids=changed)
        reports = {m.id: m for mentions in self.new.values() for m in mentions}
        for members in store.event_members(dissolved).values():
            reports.update((m.id, m) for m in members)
        if reports or dissolved:
            stats.events = _merge_reports(store, list(reports.values()), dissolved=dissolved)
        else:
            stats.events = store.count("event")
        clear_caches()


class _ContentKeys(Mapping[str, str]):
    """Articles' content keys (``dedupe.content_key``), read from the store as asked."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.cache: dict[str, str] = {}

    def __getitem__(self, article_id: str) -> str:
        if article_id not in self.cache:
            self.cache.update(self.store.content_keys([article_id]))
        if article_id not in self.cache:
            raise KeyError(article_id)
        return self.cache[article_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self.cache)

    def __len__(self) -> int:
        return len(self.cache)


def _merge_reports(
    store: Store, reports: list[Mention], dissolved: set[str] | None = None, everything: bool = False
) -> int:
    """Add ``reports`` to the stored events (none when ``everything``: they are all
    merged anew), replace the events that changed; return the store's event count."""
    dissolved = dissolved or set()
    keys = _ContentKeys(store)
    keys.cache.update(store.content_keys({m.article_id for m in reports}))

    def stored(
        event_type: str, status: str, buckets: set[tuple[str, int]], shared: set[str] | None
    ) -> Mapping[str, list[Mention]]:
        if everything:
            return {}
        return store.events_reaching(event_type, status, buckets, shared, exclude=dissolved or set())

    grouping = add_reports(reports, stored, keys)
    changed = grouping.changed()
    members = [m for _, group in changed for m in group]
    article_ids = {m.article_id for m in members}
    articles = store.articles_by_id(article_ids)
    coded_with = store.coded_with(article_ids)
    copies = {a: original for a, original in store.duplicates(article_ids).items() if original}
    captioned = {m.article_id for m in members if m.in_caption}
    body: dict[str, list[Mention]] = defaultdict(list)
    if captioned:
        for mention in store.body_mentions(captioned, {m.type for m in members if m.in_caption}):
            body[mention.article_id].append(mention)
    # members in the order one run would have met them: the first is the anchor
    ordered = [sorted(group, key=lambda m: order_key(m, keys)) for _, group in changed]
    events = [
        build_event(group, articles, copies, keys, coded_with)
        for group in ordered
        if not contradicted_by_body(group, body)
    ]
    if everything:
        return store.replace_events(events)
    replacing = dissolved | {event_id for event_id, _ in changed if event_id is not None}
    return store.replace_events(events, replacing=replacing)


def config_hash(settings: Settings) -> str:
    """What decides a run's output besides its input: the settings, the rule and
    lexicon files, and eventwire's version."""
    from eventwire.data_files import data_digest

    return f"{settings.digest()}-{data_digest()}-{__version__}"


def _inputs_to_read(
    inputs: list[str], store: Store, config: str, force: bool, stats: RunStats
) -> tuple[list[str], dict[str, tuple[str, int]], dict[str, tuple[str, int]], dict[str, int]]:
    """The inputs this run must read, the content hash and size of each file in
    them, those of the files skipped as unchanged, and the line count of each
    file to read (taken while hashing it, for ``_expected_documents``).

    A file whose content was read to the end by an earlier run with the same
    configuration is skipped, with a line saying so: its articles, mentions
    and errors are in the store already. Standard input, missing paths and
    empty folders are passed on as given, for the readers to report.
    """
    todo: list[str] = []
    hashes: dict[str, tuple[str, int]] = {}
    unchanged: dict[str, tuple[str, int]] = {}
    lines: dict[str, int] = {}
    for item in inputs:
        files = [] if item == "-" else list(input_files([item]))
        if not files:
            todo.append(item)
            continue
        for path in files:
            try:
                digest, size, count = _file_digest(path)
            except OSError:  # the reader reports why it cannot be read
                todo.append(str(path))
                continue
            stored = None if force else store.stored_input(digest, config)
            if stored is not None:
                stats.unchanged += 1
                stats.skips.append(
                    f"{path}: unchanged since {stored}, already stored (--force reads it again)"
                )
                unchanged[str(path)] = (digest, size)
                continue
            todo.append(str(path))
            hashes[str(path)] = (digest, size)
            lines[str(path)] = count
    return todo, hashes, unchanged, lines


# readers that give one document per file (the rest hold many, or an unknown number)
_ONE_DOCUMENT = frozenset({".txt", ".text", ".md", ".html", ".htm", ".xhtml"})


def _expected_documents(todo: list[str], lines: dict[str, int]) -> int | None:
    """About how many documents the files to read hold, for a progress total:
    one per page or text file, a line per JSONL record, a row per CSV line; None
    when a file's count cannot be known without reading it (archives, feeds,
    compressed corpora, standard input)."""
    total = 0
    for item in todo:
        path = Path(item)
        suffix = path.suffix.lower()
        if item not in lines:
            return None
        if suffix in _ONE_DOCUMENT:
            total += 1
        elif suffix in (".jsonl", ".ndjson", ".csv"):
            total += max(lines[item] - (suffix == ".csv"), 0)
        else:
            return None
    return total


def _file_digest(path: Path) -> tuple[str, int, int]:
    """A file's SHA-256, its size and its lines (a last line without a newline counts)."""
    digest = hashlib.sha256()
    size = lines = 0
    last = b""
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return digest.hexdigest(), size, lines + (1 if last and last != b"\n" else 0)


def _mark_copies(seen: list[str], finder: DuplicateFinder, store: Store, stats: RunStats) -> set[str]:
    """Mark this run's articles, and the stored copies of them, with the original they copy.

    Done once every article is known, so the original is the same whatever the
    order the inputs came in (see ``dedupe``). Returns the articles whose mark
    changed: their events count evidence anew.
    """
    affected = set(seen)
    for article_id in seen:
        affected |= finder.copies_of(article_id)
    stored = store.duplicates(affected)
    changed: dict[str, str | None] = {}
    for article_id in sorted(affected):
        original = finder.original_of(article_id)
        if original != stored.get(article_id):
            changed[article_id] = original
    stats.duplicates = sum(1 for article_id in set(seen) if finder.original_of(article_id) is not None)
    store.mark_duplicates(changed)
    return set(changed)


def extract_events(
    inputs: list[str], settings: Settings, on_progress: ProgressCallback | None = None
) -> tuple[list[Event], RunStats]:
    """Run the flow in an in-memory store and return the merged events."""
    with Store(":memory:") as store:
        stats = run(inputs, settings, store, on_progress)
        return list(store.events()), stats


def _run_id(started_at: str) -> str:
    """A run's id: when it started, and a random part (two runs may start in one second)."""
    stamp = started_at.replace("-", "").replace(":", "").split("+")[0]
    return f"{stamp}-{uuid.uuid4().hex[:8]}"


def _versions() -> dict[str, str]:
    """What besides the settings decides a run's output: eventwire, spaCy and its
    model, the gazetteer build and the data files (rules, lexicons, tables)."""
    from importlib import metadata

    from eventwire.data_files import data_digest
    from eventwire.nlp import MODEL_PACKAGE
    from eventwire.resolve.gazetteer import source_digest

    def version(package: str) -> str:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return "not installed"

    return {
        "eventwire": __version__,
        "spacy": version("spacy"),
        "model": f"{MODEL_PACKAGE} {version(MODEL_PACKAGE.replace('_', '-'))}",
        "gazetteer": source_digest(),
        "data": data_digest(),
    }


def _manifest(
    settings: Settings,
    stats: RunStats,
    started_at: str,
    config: str,
    todo: list[str],
    read: dict[str, tuple[str, int]],
    unchanged: dict[str, tuple[str, int]],
) -> dict[str, Any]:
    """The run's record in the store: each input file with its checksum and what
    became of it (read, or unchanged and skipped), what coded it and how."""
    listed = []
    for path in sorted(set(todo) | set(read) | set(unchanged)):
        digest, size = read.get(path) or unchanged.get(path) or (None, None)
        listed.append(
            {
                "path": path,
                "sha256": digest,
                "bytes": size,
                "status": "unchanged" if path in unchanged else "read",
                "documents": stats.per_origin.get(path, 0) if path not in unchanged else None,
            }
        )
    return {
        "version": __version__,
        "config_hash": config,
        "versions": _versions(),
        "settings": settings.public(),
        "inputs": listed,
        "counts": {
            "read": stats.read,
            "articles": stats.articles,
            "skipped": stats.skipped,
            "unchanged": stats.unchanged,
            "failed": stats.failed,
            "duplicates": stats.duplicates,
            "mentions": stats.mentions,
            "events": stats.events,
            "errors": [e.describe() for e in stats.errors],
        },
        "started": started_at,
        "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "seconds": round(stats.seconds, 3),
    }
