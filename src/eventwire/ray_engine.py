"""The Ray engine: the same batches, parsed and coded by Ray Data actors on a cluster.

``eventwire run --engine ray`` (``pip install 'eventwire[ray]'``) swaps the
local process pool of ``workers.BatchRunner`` for a Ray Data pipeline: each
window of batches becomes a dataset, ``map_batches`` hands every batch to an
actor that loaded the spaCy pipeline and the gazetteer once, and the outcomes
come back in input order. Everything else (reading, cleaning, duplicate marks,
the store, merging) runs in the driver exactly as with the local engine, so
both engines write the same events for the same input. Only ``process_batch``
runs on the cluster; its inputs and outputs travel as JSON text, which every
Ray version stores in Arrow without custom serialisers.

The driver joins the cluster named by ``ray_address`` (or ``RAY_ADDRESS``);
with neither, Ray starts a local one for the run.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from eventwire.errors import OptionalDependencyError
from eventwire.records import Article, ErrorRecord, Mention
from eventwire.workers import Job, Outcome, process_batch

logger = logging.getLogger(__name__)

# Batches per dataset: enough to keep every actor busy for a while, few enough
# that a corpus of millions of articles is never held in the object store.
WINDOW_BATCHES = 512


def _outcome_json(outcome: Outcome) -> str:
    return json.dumps(
        {
            "article": outcome.article.to_dict(),
            "mentions": None if outcome.mentions is None else [m.to_dict() for m in outcome.mentions],
            "annotation": outcome.annotation,
            "error": None if outcome.error is None else outcome.error.to_dict(),
        },
        ensure_ascii=False,
    )


def _outcome_from_json(text: str) -> Outcome:
    data = json.loads(text)
    return Outcome(
        article=Article.from_dict(data["article"]),
        mentions=None if data["mentions"] is None else [Mention.from_dict(m) for m in data["mentions"]],
        annotation=data["annotation"],
        error=None if data["error"] is None else ErrorRecord.from_dict(data["error"]),
    )


class BatchCoder:
    """A Ray Data actor: loads the pipeline once, then codes one batch per call."""

    def __init__(self, job: dict[str, Any]) -> None:
        from eventwire.workers import _warm_up

        self.job = Job(**job)
        _warm_up()

    def __call__(self, rows: dict[str, Any]) -> dict[str, list[str]]:
        """Code the batches of articles in ``rows["batch"]`` (JSON lists of articles)."""
        outcomes: list[str] = []
        for text in rows["batch"]:
            batch = [Article.from_dict(a) for a in json.loads(str(text))]
            outcomes.append(json.dumps([_outcome_json(o) for o in process_batch(batch, self.job)]))
        return {"outcomes": outcomes}


class RayRunner:
    """Runs ``process_batch`` over a stream of batches on a Ray cluster, in order."""

    def __init__(self, job: Job, address: str = "", actors: int = 0) -> None:
        try:
            import ray
        except ImportError as exc:
            raise OptionalDependencyError("the Ray engine needs Ray: pip install 'eventwire[ray]'") from exc
        self.ray = ray
        self.job = job
        self.address = address or os.environ.get("RAY_ADDRESS", "")
        self.actors = actors

    def _connect(self) -> int:
        ray = self.ray
        if not ray.is_initialized():
            ray.init(
                address=self.address or None,
                include_dashboard=False,
                log_to_driver=False,
                logging_level=logging.WARNING,
            )
        cpus = int(ray.cluster_resources().get("CPU", 1))
        return self.actors if self.actors > 0 else max(cpus, 1)

    def run(self, batches: Iterable[list[Article]]) -> Iterator[list[Outcome]]:
        """Yield each batch's outcomes, in the order the batches came."""
        import ray.data

        actors = self._connect()
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True
        context.enable_progress_bars = False
        job = {"batch_size": self.job.batch_size, "historical_days": self.job.historical_days,
               "annotate": self.job.annotate}  # fmt: skip
        stream = iter(batches)
        while window := list(islice(stream, WINDOW_BATCHES)):
            rows = [
                {"batch": json.dumps([a.to_dict() for a in batch], ensure_ascii=False)} for batch in window
            ]
            dataset = ray.data.from_items(rows, override_num_blocks=min(len(rows), actors * 4)).map_batches(
                BatchCoder,
                fn_constructor_kwargs={"job": job},
                batch_size=1,
                concurrency=min(actors, len(rows)),
                num_cpus=1,
            )
            for row in dataset.iter_rows():
                yield [_outcome_from_json(text) for text in json.loads(row["outcomes"])]
            logger.info("ray engine: %d batches coded", len(window))
