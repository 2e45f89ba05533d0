"""Front-end vendoring: files copied out of an npm tree, gaps reported by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.serve.assets import VENDOR_FILES, copy_assets, main, missing_assets


def fake_node_modules(root: Path) -> Path:
    for source in VENDOR_FILES.values():
        path = root / source
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"contents of {source}")
    return root


def test_copy_fills_every_vendor_file(tmp_path: Path) -> None:
    modules = fake_node_modules(tmp_path / "node_modules")
    vendor = tmp_path / "vendor"
    assert missing_assets(vendor) == list(VENDOR_FILES)
    assert copy_assets(modules, vendor) == len(VENDOR_FILES)
    assert missing_assets(vendor) == []
    assert (vendor / "leaflet/leaflet.js").read_text() == "contents of leaflet/dist/leaflet.js"


def test_an_incomplete_npm_tree_is_named_and_nothing_is_copied(tmp_path: Path) -> None:
    modules = fake_node_modules(tmp_path / "node_modules")
    (modules / "world-atlas/countries-110m.json").unlink()
    vendor = tmp_path / "vendor"
    with pytest.raises(FileNotFoundError, match=r"countries-110m\.json"):
        copy_assets(modules, vendor)
    assert not vendor.exists()


def test_the_command_reports_a_missing_tree(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "nowhere")]) == 1
    assert "npm ci" in capsys.readouterr().err
    assert main([]) == 2
