"""The hand-annotated news set: its labels are well formed and its references still find their texts."""

from __future__ import annotations

import importlib.util
import json
import sys
from importlib import resources
from pathlib import Path
from types import ModuleType

import pytest
import yaml

PROJECT = Path(__file__).resolve().parents[1]
STATUSES = {"occurred", "future", "hypothetical", "negated"}
SECTORS_CSV = resources.files("eventwire").joinpath("data/actors/sectors.csv").read_text("utf-8")
SECTORS = {line.split(",")[0] for line in SECTORS_CSV.splitlines()[1:] if line}


def _load_module() -> ModuleType:
    """benchmarks/ is not a package: load the loader from its file, as the benchmark scripts run it."""
    path = PROJECT / "benchmarks" / "newsdev" / "load.py"
    spec = importlib.util.spec_from_file_location("newsdev_load", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


load = _load_module()


def test_labels_are_plover_and_well_formed() -> None:
    categories = resources.files("eventwire").joinpath("data/plover/categories.yaml").read_text("utf-8")
    types = yaml.safe_load(categories)["types"]
    rows = load.read_annotations()
    assert len(rows) >= 320
    seen = set()
    for row in rows:
        key = (row["set"], row["doc"], row["start"])
        assert key not in seen
        seen.add(key)
        assert row["set"] in load.SETS and row["split"] in {"dev", "test"}
        assert 0 <= row["start"] < row["end"] and len(row["sha1_8"]) == 8
        for event in row["events"]:
            assert event["type"] in types
            assert event["mode"] is None or event["mode"] in types[event["type"]]["modes"]
            assert event["status"] in STATUSES and isinstance(event["historical"], bool)
            for party in event["actor"] + event["recipient"]:
                assert set(party) == {"text", "country", "sector", "name"}
                assert party["sector"] is None or party["sector"] in SECTORS
                assert party["country"] is None or (len(party["country"]) == 3 and party["country"].isupper())
    # one split per document
    splits: dict[tuple[str, str], set[str]] = {}
    for row in rows:
        splits.setdefault((row["set"], row["doc"]), set()).add(row["split"])
    assert all(len(s) == 1 for s in splits.values())


@pytest.mark.shared
def test_every_hash_matches_its_text(shared: Path) -> None:
    rows = {(r["set"], r["doc"], r["start"]): r["sha1_8"] for r in load.read_annotations()}
    sentences = load.load_sentences(shared)  # raises TextChanged on the first hash that differs
    assert len(sentences) == len(rows)
    for sentence in sentences:
        assert load.sha1_8(sentence.text) == rows[(sentence.set, sentence.doc, sentence.start)]
        # the labelled words are in the sentence they label
        for event in sentence.events:
            assert event["trigger"] in sentence.text
            assert all(p["text"] in sentence.text for p in event["actor"] + event["recipient"])


def test_missing_shared_gives_a_reason(tmp_path: Path) -> None:
    with pytest.raises(load.SharedMissing, match="not found"):
        load.load_sentences(tmp_path)


def test_a_changed_text_is_named(tmp_path: Path) -> None:
    """A text that moved under its offsets fails loudly, naming the line and the document."""
    folder = tmp_path / "bench" / "timebank"
    folder.mkdir(parents=True)
    tml = "<TimeML><TEXT>\nPolice arrested <EVENT>two men</EVENT>.\n</TEXT></TimeML>"
    (folder / "DOC1.tml").write_text(tml)
    text = load.document_text("timebank", "DOC1", tmp_path)
    assert text == "\nPolice arrested two men.\n"
    row = {"set": "timebank", "doc": "DOC1", "split": "dev", "start": 1, "end": 25, "events": []}
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({**row, "sha1_8": load.sha1_8(text[1:25])}) + "\n")
    [sentence] = load.load_sentences(tmp_path, good)
    assert sentence.text == "Police arrested two men."
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({**row, "sha1_8": "00000000"}) + "\n")
    with pytest.raises(load.TextChanged, match=r"bad.jsonl line 1: timebank/DOC1"):
        load.load_sentences(tmp_path, bad)
