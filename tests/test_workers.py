"""The worker pool: results in input order, and nothing lost when a worker dies."""

from __future__ import annotations

import os
import signal

import pytest

from eventwire.records import Article
from eventwire.workers import BatchRunner, Job, process_batch

pytestmark = pytest.mark.slow

TEXTS = [
    "Police arrested {n} protesters in Lyon on Monday, officials said.",
    "Rebels attacked a convoy near Goma, killing {n} soldiers.",
    "The foreign ministers of France and Germany met in Paris to discuss {n} proposals.",
]


def _batches(count: int, size: int = 2) -> list[list[Article]]:
    batches = []
    for b in range(count):
        batch = []
        for i in range(size):
            n = b * size + i
            text = TEXTS[n % len(TEXTS)].format(n=n + 2)
            batch.append(
                Article(id=f"a{n}", source={"path": f"a{n}.txt", "format": "text"}, title=None,
                        outlet=None, published="2024-03-04", body=text)
            )  # fmt: skip
        batches.append(batch)
    return batches


def _summary(outcomes: list[list[object]]) -> list[tuple[str, list[str]]]:
    return [
        (o.article.id, [m.id for m in o.mentions or []])  # type: ignore[attr-defined]
        for batch in outcomes
        for o in batch
    ]


def test_two_workers_give_the_outcomes_of_one_process_in_order() -> None:
    batches = _batches(6)
    job = Job()
    inline = [process_batch(batch, job) for batch in batches]
    pooled = list(BatchRunner(2, job).run(batches))
    assert _summary(pooled) == _summary(inline)
    assert any(ids for _, ids in _summary(inline))


def test_a_killed_worker_loses_no_batch(caplog: pytest.LogCaptureFixture) -> None:
    batches = _batches(10)
    job = Job()
    runner = BatchRunner(2, job)
    results = []
    for n, outcomes in enumerate(runner.run(batches)):
        results.append(outcomes)
        if n == 0:
            pid = next(iter(runner._pool._processes))  # a live worker of the pool
            os.kill(pid, signal.SIGKILL)
    assert _summary(results) == _summary([process_batch(batch, job) for batch in batches])
    assert "a worker process died" in caplog.text
