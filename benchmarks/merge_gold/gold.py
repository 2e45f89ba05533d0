"""Read the hand-labelled same-event clusters of ``clusters.jsonl`` and find their quotes.

Each line is one happening: ``cluster_id``, ``split`` (dev or test, from a hash
of the id: see ``split_of``), the PLOVER ``type`` the labeller expects, a
``description`` in words, and its ``reports``: ``{set, doc, quote}``, a quote
from one document of ../shared/bench that tells the happening. The texts stay
in ../shared; a document's text is rebuilt exactly as
``benchmarks/newsdev/load.py`` builds it, and each quote is found in it with
runs of white space matched loosely (the texts wrap lines). A quote that is no
longer found is an error naming it, never a silently dropped label.

    python benchmarks/merge_gold/gold.py        # counts, or a skip reason
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CLUSTERS = HERE / "clusters.jsonl"
sys.path.insert(0, str(HERE.parent / "newsdev"))
from load import SETS, SHARED, SharedMissing, document_text, published_date  # noqa: E402

__all__ = [
    "CLUSTERS",
    "SETS",
    "SHARED",
    "Report",
    "SharedMissing",
    "load_clusters",
    "published_date",
    "read_clusters",
    "split_of",
]


class QuoteMissing(ValueError):
    """A quote is not (or no longer) in its document's text."""


@dataclass(frozen=True)
class Report:
    """One labelled report: the document, the quote's span in its text, the cluster."""

    cluster_id: str
    split: str
    set: str
    doc: str
    start: int
    end: int
    quote: str

    @property
    def record_id(self) -> str:
        """The id the document gets in the benchmark's JSONL corpus."""
        return f"{self.set}:{self.doc}"


def split_of(cluster_id: str) -> str:
    """dev for an even SHA-1 of the id, test for an odd one: fixed before any error was read."""
    return "dev" if int(hashlib.sha1(cluster_id.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "test"


def read_clusters(path: Path = CLUSTERS) -> list[dict[str, Any]]:
    """The cluster lines as stored (no texts); needs nothing from ../shared."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """The span of ``quote`` in ``text``, white space matched loosely; None when absent."""
    pattern = r"\s+".join(re.escape(word) for word in quote.split())
    match = re.search(pattern, text)
    return (match.start(), match.end()) if match else None


def load_clusters(shared: Path = SHARED, path: Path = CLUSTERS) -> list[Report]:
    """Every labelled report with its span. Raises ``SharedMissing`` without
    ../shared and ``QuoteMissing`` naming a quote its document no longer has."""
    if not (shared / "bench").is_dir():
        raise SharedMissing(
            f"{shared / 'bench'} not found: the news texts live in ../shared beside the project"
        )
    reports = []
    for cluster in read_clusters(path):
        for report in cluster["reports"]:
            text = document_text(report["set"], report["doc"], shared)
            span = find_quote(text, report["quote"])
            if span is None:
                raise QuoteMissing(
                    f"{path.name}: {cluster['cluster_id']}: {report['set']}/{report['doc']} "
                    f"has no {report['quote'][:60]!r}"
                )
            reports.append(
                Report(
                    cluster["cluster_id"],
                    cluster["split"],
                    report["set"],
                    report["doc"],
                    *span,
                    report["quote"],
                )
            )
    return reports


def summary(path: Path = CLUSTERS) -> dict[str, Any]:
    """Counts: clusters, those told by two documents or more, reports, pairs, per split."""
    clusters = read_clusters(path)
    result: dict[str, Any] = {"clusters": len(clusters)}
    for split in ("dev", "test"):
        chosen = [c for c in clusters if c["split"] == split]
        docs = [len({(r["set"], r["doc"]) for r in c["reports"]}) for c in chosen]
        result[f"{split}_clusters"] = len(chosen)
        result[f"{split}_multi_document_clusters"] = sum(1 for n in docs if n > 1)
        result[f"{split}_reports"] = sum(len(c["reports"]) for c in chosen)
        result[f"{split}_cross_document_pairs"] = sum(n * (n - 1) // 2 for n in docs)
    return result


def main() -> int:
    try:
        load_clusters()
    except SharedMissing as missing:
        print(f"skipped: {missing}")
        return 0
    print(json.dumps(summary(), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
