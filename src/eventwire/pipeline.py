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
import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from eventwire import __version__
from eventwire.clean import clean_source, outlet_key
from eventwire.clean_text import OutletFurniture
from eventwire.coder import code_article
from eventwire.coder.context import publication_range
from eventwire.dedupe import DuplicateFinder
from eventwire.errors import EventwireError
from eventwire.ingest import input_files, may_hold_pages, read_file, read_inputs
from eventwire.limits import Limits, applied
from eventwire.merge import merge_mentions
from eventwire.nlp import parse_texts
from eventwire.records import Article, ErrorRecord, Event, Mention, Source
from eventwire.settings import Settings
from eventwire.store import Store

if TYPE_CHECKING:
    from spacy.tokens import Doc

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[int], None]


@dataclass
class RunStats:
    """What one run did: counts, failures with reasons, and time."""

    read: int = 0
    articles: int = 0
    skipped: int = 0
    failed: int = 0
    mentions: int = 0
    duplicates: int = 0
    events: int = 0
    seconds: float = 0.0
    errors: list[ErrorRecord] = field(default_factory=list)
    skips: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the end of a run."""
        return (
            f"{self.read} documents read, {self.articles} articles, {self.skipped} skipped, "
            f"{self.failed} failed, {self.duplicates} copies of other articles, "
            f"{self.mentions} event mentions, {self.events} events, "
            f"{self.seconds:.1f} s"
        )

    @property
    def nothing_read(self) -> bool:
        """True when no document at all could be read: the run has failed."""
        return self.articles == 0 and self.skipped == 0


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
    inputs: Iterable[str], stats: RunStats, on_progress: ProgressCallback | None, fields: dict[str, str]
) -> Iterator[Source]:
    for item in read_inputs(inputs, fields=fields):
        stats.read += 1
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
) -> Iterator[Article]:
    """Read and clean every input, yielding articles and booking failures in ``stats``.

    ``fields`` renames corpus fields (see ``Settings.corpus_fields``). Articles
    in a language outside ``languages`` are skipped with the language in the
    reason; ``None`` keeps every language. ``limits`` bounds what one input may
    hold (the defaults of ``eventwire.limits`` when None).
    """
    with applied(limits):
        yield from _articles(list(inputs), stats, on_progress, fields, languages)


def _articles(
    inputs: list[str],
    stats: RunStats,
    on_progress: ProgressCallback | None,
    fields: dict[str, str] | None,
    languages: frozenset[str] | None,
) -> Iterator[Article]:
    learned = learn_furniture(inputs, fields)
    for source in _read_sources(inputs, stats, on_progress, fields or {}):
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


def _parse_batch(batch: list[Article], settings: Settings, stats: RunStats) -> list[Doc | None]:
    """Parse a batch; if the parser fails on it, parse each article alone so that
    only the article it fails on is lost (booked as an error naming it)."""
    texts = [a.analysed_text() for a in batch]
    try:
        return list(parse_texts(texts, batch_size=settings.batch_size))
    except Exception:  # one article the parser cannot take must not lose the batch
        logger.debug("parsing a batch of %d failed; parsing its articles one by one", len(batch))
    docs: list[Doc | None] = []
    for article, text in zip(batch, texts, strict=True):
        try:
            docs.extend(parse_texts([text]))
        except Exception as exc:
            origin = article.source.get("path") or article.source.get("url", "")
            error = _error(origin, "parse", exc, article.source.get("line"), article.id)
            stats.failed += 1
            stats.errors.append(error)
            logger.warning("%s", error.describe())
            docs.append(None)
    return docs


def code_articles(
    articles: Iterable[Article], settings: Settings, stats: RunStats
) -> Iterator[tuple[Article, Doc, list[Mention]]]:
    """Parse articles in batches and code their events; failures are booked in ``stats``.

    An article with no publication date (given or inferred) is named once, in one
    warning: its weekdays, "last week" and the like cannot be placed, so its
    events are dated only by explicit dates. One line per record, not per event.
    """
    undated: set[str] = set()
    for batch in _batches((_clip(a, settings.max_chars) for a in articles), settings.batch_size):
        for article, doc in zip(batch, _parse_batch(batch, settings, stats), strict=True):
            if doc is None:
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
            try:
                mentions = code_article(article, doc, historical_days=settings.historical_days)
            except Exception as exc:  # a coder bug on one article must not stop the run
                origin = article.source.get("path") or article.source.get("url", "")
                error = _error(origin, "code", exc, article.source.get("line"), article.id)
                stats.failed += 1
                stats.errors.append(error)
                logger.warning("%s", error.describe())
                continue
            mentions = [m for m in mentions if m.confidence >= settings.min_confidence]
            stats.articles += 1
            stats.mentions += len(mentions)
            yield article, doc, mentions


def run(
    inputs: list[str],
    settings: Settings,
    store: Store,
    on_progress: ProgressCallback | None = None,
) -> RunStats:
    """Run the whole flow on ``inputs`` and write the results into ``store``.

    Articles and mentions are upserted; afterwards the mentions of every event
    type and status the run touched are merged again, with those already stored,
    so adding articles merges their reports into the events already stored and
    the result equals one run over everything. Returns the run's statistics.
    """
    started = time.perf_counter()
    started_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    stats = RunStats()
    finder = DuplicateFinder()
    stored = store.duplicates()
    finder.add_all(store.articles())
    read = iter_articles(inputs, stats, on_progress, settings.field_map(), limits=settings.limits())
    # the (type, status) blocks this run's articles touch, before and after: only
    # those are merged again, the rest of the store's events stay as they are
    touched: set[tuple[str, str]] = set()
    seen: list[str] = []
    for article, _doc, mentions in code_articles(read, settings, stats):
        finder.add(article)
        seen.append(article.id)
        touched |= store.mention_blocks(article.id)
        store.save_article(article, mentions, duplicate_of=stored.get(article.id))
        touched |= {(m.type, m.status) for m in mentions}
    touched |= _mark_copies(seen, finder, stored, store, stats)
    for error in stats.errors:
        store.save_error(error)
    if touched:
        articles = {a.id: a for a in store.articles()}
        copies = {article: original for article, original in store.duplicates().items() if original}
        events = merge_mentions(store.mentions(touched), articles, copies)
        stats.events = store.replace_events(events, blocks=touched)
    else:
        stats.events = store.count("event")
    stats.seconds = time.perf_counter() - started
    store.save_run(_run_id(inputs, settings), _manifest(inputs, settings, stats, started_at))
    logger.info("%s", stats.summary())
    return stats


def _mark_copies(
    seen: list[str], finder: DuplicateFinder, stored: dict[str, str | None], store: Store, stats: RunStats
) -> set[tuple[str, str]]:
    """Mark this run's articles, and the stored copies of them, with the original they copy.

    Done once every article is known, so the original is the same whatever the
    order the inputs came in (see ``dedupe``). Returns the (type, status) blocks
    of the articles whose mark changed: their events count evidence anew.
    """
    affected = set(seen)
    for article_id in seen:
        affected |= finder.copies_of(article_id)
    changed: dict[str, str | None] = {}
    for article_id in sorted(affected):
        original = finder.original_of(article_id)
        if original != stored.get(article_id):
            changed[article_id] = original
    stats.duplicates = sum(1 for article_id in set(seen) if finder.original_of(article_id) is not None)
    store.mark_duplicates(changed)
    blocks: set[tuple[str, str]] = set()
    for article_id in changed:
        blocks |= store.mention_blocks(article_id)
    return blocks


def extract_events(
    inputs: list[str], settings: Settings, on_progress: ProgressCallback | None = None
) -> tuple[list[Event], RunStats]:
    """Run the flow in an in-memory store and return the merged events."""
    with Store(":memory:") as store:
        stats = run(inputs, settings, store, on_progress)
        return list(store.events()), stats


def _run_id(inputs: list[str], settings: Settings) -> str:
    key = json.dumps([sorted(inputs), settings.digest(), __version__])
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _manifest(inputs: list[str], settings: Settings, stats: RunStats, started_at: str) -> dict[str, Any]:
    from eventwire.data_files import data_digest

    return {
        "version": __version__,
        "config_hash": f"{settings.digest()}-{data_digest()}",
        "inputs": sorted(inputs),
        "counts": {
            "read": stats.read,
            "articles": stats.articles,
            "skipped": stats.skipped,
            "failed": stats.failed,
            "duplicates": stats.duplicates,
            "mentions": stats.mentions,
            "events": stats.events,
            "errors": [e.describe() for e in stats.errors],
        },
        "started": started_at,
        "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
