"""Parsing and coding on every core: batches of articles go to worker processes,
their results come back in input order.

Parsing is nearly all of a run's cost (the coder adds under a tenth), and it
needs no shared state, so it is what runs in parallel: each worker loads the
spaCy pipeline and the gazetteer once and then parses and codes whole batches.
The main process keeps what must be done once and in order: reading, cleaning,
duplicate marks, the store (one writer) and merging. A batch is a batch of the
same articles whether one process or eight code it, and results are taken in
submission order, so the output does not depend on the number of workers.

``process_batch`` is the one function that turns a batch into outcomes; the
local loop, the process pool and the Ray engine all call it.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from eventwire.errors import EventwireError
from eventwire.records import Article, ErrorRecord, Mention

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    """What a worker does with each article of a batch: code its events
    (``annotate`` False) or list what the resolvers find in it (True)."""

    batch_size: int = 16
    historical_days: int = 60
    annotate: bool = False


@dataclass(frozen=True)
class Outcome:
    """One article's result: its mentions (or annotation), or the error that stopped it."""

    article: Article
    mentions: list[Mention] | None = None
    annotation: dict[str, Any] | None = None
    error: ErrorRecord | None = None


def _origin(article: Article) -> str:
    return str(article.source.get("path") or article.source.get("url", ""))


def _failure(article: Article, stage: str, exc: BaseException) -> ErrorRecord:
    reason = exc.reason if isinstance(exc, EventwireError) else f"{type(exc).__name__}: {exc}"
    return ErrorRecord(
        origin=_origin(article),
        stage=stage,
        reason=reason,
        line=article.source.get("line"),
        error_type=type(exc).__name__,
        article_id=article.id,
    )


def _parse(batch: list[Article], batch_size: int) -> list[Any]:
    """Parse a batch; if the parser fails on it, parse each article alone so that
    only the article it fails on is lost (its error is returned in its place)."""
    from eventwire.nlp import parse_texts

    texts = [a.analysed_text() for a in batch]
    try:
        return list(parse_texts(texts, batch_size=batch_size))
    except Exception:  # one article the parser cannot take must not lose the batch
        logger.debug("parsing a batch of %d failed; parsing its articles one by one", len(batch))
    docs: list[Any] = []
    for article, text in zip(batch, texts, strict=True):
        try:
            docs.extend(parse_texts([text]))
        except Exception as exc:
            docs.append(_failure(article, "parse", exc))
    return docs


def process_batch(batch: list[Article], job: Job) -> list[Outcome]:
    """Parse and code (or annotate) a batch; never raises for one article's fault."""
    from eventwire.coder import code_article

    outcomes: list[Outcome] = []
    for article, doc in zip(batch, _parse(batch, job.batch_size), strict=True):
        if isinstance(doc, ErrorRecord):
            outcomes.append(Outcome(article, error=doc))
            continue
        try:
            if job.annotate:
                from eventwire.annotate import annotate_article

                outcomes.append(Outcome(article, annotation=annotate_article(article, doc)))
            else:
                mentions = code_article(article, doc, historical_days=job.historical_days)
                outcomes.append(Outcome(article, mentions=mentions))
        except Exception as exc:  # a coder bug on one article must not stop the run
            outcomes.append(Outcome(article, error=_failure(article, "code", exc)))
    return outcomes


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not on Linux
        return max(os.cpu_count() or 1, 1)


def _warm_up() -> None:
    """Load what every batch needs once, when the worker starts."""
    from eventwire.nlp import load_pipeline

    load_pipeline()


class BatchRunner:
    """Runs ``process_batch`` over a stream of batches, in this process or in a pool.

    With ``workers`` above 1, a pool of that many processes starts only once a
    second batch arrives (a one-batch input is not worth the start-up), and at
    most two batches per worker are in flight, so that a corpus of millions of
    articles is never read ahead into memory.
    """

    def __init__(self, workers: int, job: Job) -> None:
        self.workers = workers if workers > 0 else default_workers()
        self.job = job

    def run(self, batches: Iterable[list[Article]]) -> Iterator[list[Outcome]]:
        """Yield each batch's outcomes, in the order the batches came."""
        stream = iter(batches)
        first = next(stream, None)
        if first is None:
            return
        second = next(stream, None)
        if self.workers <= 1 or second is None:
            yield process_batch(first, self.job)
            if second is not None:
                yield process_batch(second, self.job)
                for batch in stream:
                    yield process_batch(batch, self.job)
            return
        yield from self._pooled(_chain(first, second, stream))

    def _pooled(self, batches: Iterator[list[Article]]) -> Iterator[list[Outcome]]:
        self._context = multiprocessing.get_context("forkserver" if os.name == "posix" else "spawn")
        self._pool = self._start()
        window = 2 * self.workers
        pending: deque[tuple[list[Article], Future[list[Outcome]], ProcessPoolExecutor]] = deque()
        try:
            for batch in batches:
                pending.append((batch, self._pool.submit(process_batch, batch, self.job), self._pool))
                if len(pending) >= window:
                    yield self._result(*pending.popleft())
            while pending:
                yield self._result(*pending.popleft())
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=self._context, initializer=_warm_up)

    def _result(
        self, batch: list[Article], future: Future[list[Outcome]], pool: ProcessPoolExecutor
    ) -> list[Outcome]:
        """A batch's outcomes. When a worker died (killed, out of memory), the
        batches that were in its pool are coded in this process and a new pool
        takes the batches that follow."""
        try:
            return future.result()
        except BrokenProcessPool:
            if pool is self._pool:
                logger.warning("a worker process died; the batches it held are coded in the main process")
                pool.shutdown(wait=False, cancel_futures=True)
                self._pool = self._start()
            return process_batch(batch, self.job)


def _chain(
    first: list[Article], second: list[Article], rest: Iterator[list[Article]]
) -> Iterator[list[Article]]:
    yield first
    yield second
    yield from rest
