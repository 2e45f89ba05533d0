"""The hand-labelled same-event clusters: well formed, split by hash, quotes still in their texts."""

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


def _load_module() -> ModuleType:
    """benchmarks/ is not a package: load the loader from its file, as the benchmark runs it."""
    path = PROJECT / "benchmarks" / "merge_gold" / "gold.py"
    spec = importlib.util.spec_from_file_location("merge_gold", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


gold = _load_module()


def test_clusters_are_well_formed_and_split_by_their_hash() -> None:
    categories = resources.files("eventwire").joinpath("data/plover/categories.yaml").read_text("utf-8")
    types = yaml.safe_load(categories)["types"]
    clusters = gold.read_clusters()
    ids = [c["cluster_id"] for c in clusters]
    assert len(ids) == len(set(ids))
    multi = 0
    for cluster in clusters:
        assert set(cluster) == {"cluster_id", "split", "type", "description", "reports"}
        assert cluster["split"] == gold.split_of(cluster["cluster_id"])
        assert cluster["type"] in types and cluster["description"].strip()
        assert cluster["reports"]
        for report in cluster["reports"]:
            assert set(report) == {"set", "doc", "quote"}
            assert report["set"] in gold.SETS and len(report["quote"].split()) >= 3
        multi += len({(r["set"], r["doc"]) for r in cluster["reports"]}) > 1
    assert multi >= 25
    # both halves can be measured
    assert {c["split"] for c in clusters if len({r["doc"] for r in c["reports"]}) > 1} == {"dev", "test"}


def test_every_quote_is_found_in_its_document() -> None:
    try:
        reports = gold.load_clusters()
    except gold.SharedMissing as missing:
        pytest.skip(str(missing))
    assert len(reports) == sum(len(c["reports"]) for c in gold.read_clusters())
    for report in reports:
        text = gold.document_text(report.set, report.doc)
        assert " ".join(text[report.start : report.end].split()) == " ".join(report.quote.split())


def test_a_moved_quote_is_an_error_naming_it(tmp_path: Path) -> None:
    if not (gold.SHARED / "bench").is_dir():
        pytest.skip("../shared/bench not found")
    first = gold.read_clusters()[0]
    changed = {**first, "reports": [{**first["reports"][0], "quote": "words no document of the set holds"}]}
    path = tmp_path / "clusters.jsonl"
    path.write_text(json.dumps(changed) + "\n", encoding="utf-8")
    with pytest.raises(gold.QuoteMissing, match=first["cluster_id"]):
        gold.load_clusters(path=path)
