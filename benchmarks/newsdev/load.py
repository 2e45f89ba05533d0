"""Read the hand-annotated news sentences of ``annotations.jsonl`` with their texts from ../shared.

The repository holds only references and labels: for every sentence its set,
document id, character offsets into that document's text and the first eight
hex digits of the SHA-1 of the sentence text. The texts stay in
``../shared/bench``; this module rebuilds each document's text exactly as the
annotations were made on it, slices the sentences out and checks each hash, so
a changed source shows up as an error instead of as silently wrong labels.

A document's text, per set (offsets count Python ``str`` characters):

- ``timebank``: the file ``timebank/<doc>.tml``; the text is every character
  inside its ``<TEXT>`` element with the markup removed, that is
  ``"".join(root.find("TEXT").itertext())`` of the parsed XML (entities decoded,
  newlines and spaces kept as they are).
- ``geowebnews``: ``geoparsing/GWN.xml``; the ``<article>`` whose ``file``
  attribute is ``<doc>``; the text is that article's ``<text>`` content as
  parsed (``findtext("text")``), untouched.
- ``article_extraction``: ``article_extraction/ground-truth.json``; the entry
  whose key is ``<doc>``; the text is its ``articleBody`` string, untouched.

The annotation guide is ``docs/annotation-guide.md``.

    python benchmarks/newsdev/load.py [--shared PATH]   # counts, or a skip reason
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ANNOTATIONS = HERE / "annotations.jsonl"
PROJECT = HERE.parents[1]
SHARED = PROJECT.parent / "shared"
SETS = ("timebank", "geowebnews", "article_extraction")


class SharedMissing(RuntimeError):
    """../shared (or one of its benchmark files) is not there: a reason to skip, not a failure."""


class TextChanged(ValueError):
    """A sentence's text no longer has the hash it was annotated with."""


@dataclass(frozen=True)
class Sentence:
    """One annotated sentence: where it is, its text and its events as annotated."""

    set: str
    doc: str
    split: str
    start: int
    end: int
    text: str
    events: list[dict[str, Any]]


def sha1_8(text: str) -> str:
    """The short hash stored with each sentence (first 8 hex digits of SHA-1 over UTF-8)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def _need(path: Path) -> Path:
    if not path.exists():
        raise SharedMissing(f"{path} not found: the news texts live in ../shared/bench beside the project")
    return path


@cache
def _timebank(bench: Path, doc: str) -> str:
    root = ET.parse(_need(bench / "timebank" / f"{doc}.tml")).getroot()
    node = root.find("TEXT")
    if node is None:
        raise KeyError(f"timebank/{doc}.tml has no <TEXT>")
    return "".join(node.itertext())


@cache
def _geowebnews(bench: Path) -> dict[str, str]:
    root = ET.parse(_need(bench / "geoparsing" / "GWN.xml")).getroot()
    return {a.get("file", ""): a.findtext("text") or "" for a in root.iter("article")}


@cache
def _article_extraction(bench: Path) -> dict[str, str]:
    truth = json.loads(_need(bench / "article_extraction" / "ground-truth.json").read_text(encoding="utf-8"))
    return {key: str(value["articleBody"]) for key, value in truth.items()}


def document_text(set_name: str, doc: str, shared: Path = SHARED) -> str:
    """The text of one document as the offsets count it (see the module docstring)."""
    bench = _need(shared / "bench")
    if set_name == "timebank":
        return _timebank(bench, doc)
    if set_name == "geowebnews":
        return _geowebnews(bench)[doc]
    if set_name == "article_extraction":
        return _article_extraction(bench)[doc]
    raise KeyError(f"unknown set {set_name!r}; known: {', '.join(SETS)}")


def published_date(set_name: str, doc: str, shared: Path = SHARED) -> str | None:
    """The day a document was published, as a user's corpus would give it: the
    TimeBank creation time; the other sets state none."""
    if set_name != "timebank":
        return None
    root = ET.parse(_need(shared / "bench") / "timebank" / f"{doc}.tml").getroot()
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME" and timex.get("value"):
            return timex.get("value", "")[:10]
    return None


def document_ids(set_name: str, shared: Path = SHARED) -> list[str]:
    """Every document id of one set, sorted."""
    bench = _need(shared / "bench")
    if set_name == "timebank":
        return sorted(p.name.removesuffix(".tml") for p in _need(bench / "timebank").glob("*.tml"))
    if set_name == "geowebnews":
        return sorted(_geowebnews(bench), key=lambda d: (len(d), d))
    if set_name == "article_extraction":
        return sorted(_article_extraction(bench))
    raise KeyError(f"unknown set {set_name!r}; known: {', '.join(SETS)}")


def read_annotations(path: Path = ANNOTATIONS) -> list[dict[str, Any]]:
    """The annotation lines as stored (no texts); needs nothing from ../shared."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_sentences(
    shared: Path = SHARED, path: Path = ANNOTATIONS, split: str | None = None
) -> list[Sentence]:
    """Every annotated sentence (or one split's) with its text, each hash checked.

    Raises ``SharedMissing`` when ../shared is absent (callers skip with its
    message) and ``TextChanged`` naming the sentence whose text moved.
    """
    if not (shared / "bench").is_dir():
        raise SharedMissing(
            f"{shared / 'bench'} not found: the news texts live in ../shared beside the project"
        )
    sentences = []
    for number, row in enumerate(read_annotations(path), start=1):
        if split is not None and row["split"] != split:
            continue
        text = document_text(row["set"], row["doc"], shared)[row["start"] : row["end"]]
        if sha1_8(text) != row["sha1_8"]:
            raise TextChanged(
                f"{path.name} line {number}: {row['set']}/{row['doc']} [{row['start']}:{row['end']}] "
                f"has hash {sha1_8(text)}, annotated as {row['sha1_8']}: {text[:60]!r}"
            )
        sentences.append(
            Sentence(row["set"], row["doc"], row["split"], row["start"], row["end"], text, row["events"])
        )
    return sentences


def summary(sentences: list[Sentence]) -> dict[str, Any]:
    """Counts per split, set, event type and status."""
    events = [e for s in sentences for e in s.events]
    return {
        "sentences": len(sentences),
        "documents": len({(s.set, s.doc) for s in sentences}),
        "sentences_per_split": dict(Counter(s.split for s in sentences)),
        "documents_per_split": dict(
            Counter(split for _, _, split in {(s.set, s.doc, s.split) for s in sentences})
        ),
        "sentences_per_set": dict(Counter(s.set for s in sentences)),
        "sentences_with_events": sum(1 for s in sentences if s.events),
        "events": len(events),
        "events_per_type": dict(sorted(Counter(e["type"] for e in events).items())),
        "events_per_status": dict(sorted(Counter(e["status"] for e in events).items())),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description="Check every annotation against its text; print counts.")
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared folder (default ../shared)")
    args = parser.parse_args()
    try:
        sentences = load_sentences(args.shared)
    except SharedMissing as missing:
        print(f"skipped: {missing}")
        return 0
    print(json.dumps(summary(sentences), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
