"""One suite for every export format, run through ``eventwire export`` on a real store.

Each format must carry the flat table's columns (CSV, Parquet, GeoJSON
properties) or the public record (JSONL), read back in pandas or pyarrow with
its types, keep awkward text intact, and make a valid file of no events.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from eventwire import state_codes
from eventwire.cli import main
from eventwire.flat import FLAT_COLUMNS, columns, country_facts, flat_row
from eventwire.records import ActorRef, Article, Event, Size
from eventwire.state_codes import StateNumbers, state_numbers, table_version
from eventwire.store import Store

from .test_export_parquet import synthetic_events
from .test_merge import mention

AWKWARD = 'He said: "no, never";\nthen left — 日本語, =SUM(A1), <script>x</script>'


def _events() -> list[Event]:
    events = synthetic_events(30, first=dt.date(2021, 9, 1), days=20)
    first = events[0]
    sources = [
        dataclasses.replace(
            first.sources[0], url="https://example.org/a?x=1,2", published="2021-09-03T10:00", language="en"
        ),
        dataclasses.replace(first.sources[1], sentence=AWKWARD, published="2021-09-02", url=None),
    ]
    events[0] = dataclasses.replace(
        first,
        actor=[ActorRef(AWKWARD, "USA", "MIL", AWKWARD)],
        size=Size(dead=2, injured=None, arrested=7),
        sources=sources,
    )
    return events


def _store(path: Path, events: list[Event]) -> Path:
    with Store(path) as store:
        for event in events:
            for source in event.sources:
                article = Article(
                    id=source.article_id, source={"path": f"{source.article_id}.txt", "format": "text"},
                    title=None, outlet=source.outlet, published=source.published, body="-",
                )  # fmt: skip
                store.save_article(article, [mention(source.mention_id, source.article_id)])
        store.replace_events(events)
    return path


def _export(db: Path, fmt: str, out: Path, *extra: str) -> None:
    result = CliRunner().invoke(
        main, ["export", "--db", str(db), "--format", fmt, "--out", str(out), *extra], catch_exceptions=False
    )
    assert result.exit_code == 0, result.stderr


def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def _parquet(path: Path) -> pd.DataFrame:
    return pq.read_table(path).to_pandas()


def _dataset(path: Path) -> pd.DataFrame:
    return ds.dataset(path, format="parquet", partitioning="hive").to_table().to_pandas()


def _geojson(path: Path) -> pd.DataFrame:
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return pd.DataFrame([f["properties"] for f in features], columns=list(FLAT_COLUMNS))


# format, file name, extra options, reader
TABLES: list[tuple[str, str, tuple[str, ...], Callable[[Path], pd.DataFrame]]] = [
    ("csv", "events.csv", (), _csv),
    ("parquet", "events.parquet", (), _parquet),
    ("parquet", "dataset", ("--partition", "month"), _dataset),
    ("geojson", "events.geojson", (), _geojson),
]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _store(tmp_path_factory.mktemp("exporters") / "ew.db", _events())


@pytest.fixture(params=TABLES, ids=[t[1] for t in TABLES])
def exported(request: pytest.FixtureRequest, store_path: Path, tmp_path: Path) -> tuple[str, pd.DataFrame]:
    """The store exported through the CLI in one flat format, read back: (format, frame)."""
    fmt, name, extra, read = request.param
    _export(store_path, fmt, tmp_path / name, *extra)
    return fmt, read(tmp_path / name)


def test_every_flat_format_has_every_column_and_every_event(exported: tuple[str, pd.DataFrame]) -> None:
    fmt, frame = exported
    assert [c for c in frame.columns if c != "month"] == list(FLAT_COLUMNS)
    events = _events()
    placed = [e for e in events if e.place is not None]
    assert len(frame) == (len(placed) if fmt == "geojson" else len(events))
    if fmt != "geojson":  # the first event has no place
        row = frame.set_index("event_id").loc[events[0].id]
        assert row["actor_name"] == AWKWARD and row["evidence"] == events[0].sources[0].sentence
        assert int(row["arrested"]) == 7 and int(row["n_articles"]) == 2
        assert str(row["first_published"])[:10] == "2021-09-02"
        assert row["source_urls"] == "https://example.org/a?x=1,2"
        assert row["outlets"] == "AFP;AP"
        assert row["languages"] == "en"
        assert row["actor_country_numeric"] == "840"
        # Correlates of War and Gleditsch-Ward numbers, from the countrycode table
        assert [str(row[c]).removesuffix(".0") for c in ("actor_cow", "actor_gw")] == ["2", "2"]


def test_every_flat_format_reads_back_with_its_types(exported: tuple[str, pd.DataFrame]) -> None:
    fmt, frame = exported
    for column in columns():
        values = frame[column.name].dropna()
        if column.type in ("integer", "number") and len(values):
            assert pd.api.types.is_numeric_dtype(values), column.name
        if column.type == "boolean" and fmt != "csv":  # CSV spells booleans as words
            assert set(values) <= {True, False}, column.name
        if column.type == "date" and fmt.startswith("parquet"):
            assert all(isinstance(v, dt.date) for v in values), column.name


def test_parquet_dates_are_typed_as_dates(store_path: Path, tmp_path: Path) -> None:
    _export(store_path, "parquet", tmp_path / "e.parquet")
    schema = pq.read_schema(tmp_path / "e.parquet")
    for column in columns():
        if column.type == "date":
            assert str(schema.field(column.name).type) == "date32[day]"


def test_jsonl_keeps_the_whole_record(store_path: Path, tmp_path: Path) -> None:
    _export(store_path, "jsonl", tmp_path / "e.jsonl")
    records = [json.loads(line) for line in (tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(_events())
    first = next(r for r in records if r["id"] == _events()[0].id)
    assert first["actor"][0]["name"] == AWKWARD
    assert {s["sentence"] for s in first["sources"]} >= {AWKWARD}


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "geojson", "parquet"])
def test_no_events_make_a_valid_empty_export(tmp_path: Path, fmt: str) -> None:
    db = _store(tmp_path / "empty.db", [])
    out = tmp_path / f"empty.{fmt}"
    _export(db, fmt, out)
    if fmt == "csv":
        assert _csv(out).columns.tolist() == list(FLAT_COLUMNS) and _csv(out).empty
    elif fmt == "parquet":
        assert pq.read_table(out).num_rows == 0
    elif fmt == "geojson":
        assert json.loads(out.read_text()) == {"type": "FeatureCollection", "features": []}
    else:
        assert out.read_text() == ""


def test_flat_rows_have_the_declared_columns_and_country_codes_come_from_the_table() -> None:
    event = _events()[1]
    assert list(flat_row(event)) == list(FLAT_COLUMNS)
    facts = country_facts("RUS")
    assert facts is not None and facts.numeric == "643" and facts.region == "Europe"
    assert country_facts("ZZZ") is None and country_facts(None) is None
    row = flat_row(event)
    assert row["recipient_country_numeric"] == "643"
    assert row["place_region"] == ("Europe" if event.place else None)
    assert (row["recipient_cow"], row["recipient_gw"]) == ("365", "365")


def test_cow_and_gw_numbers_follow_the_table_where_the_systems_differ() -> None:
    germany, serbia = state_numbers("DEU"), state_numbers("SRB")
    assert germany == StateNumbers(cow=255, gw=260)
    assert serbia is not None and serbia.gw == 340 and serbia.cow is None
    assert state_numbers("ZZZ") is None and state_numbers(None) is None
    assert (table_version() or "").startswith("countrycode ")


def test_without_the_codes_extra_the_state_columns_are_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(state_codes, "_table", lambda: None)
    row = flat_row(_events()[1])
    assert row["recipient_cow"] == "" and row["recipient_gw"] == "" and row["place_cow"] is None
    assert state_codes.table_version() is None


def test_csv_quotes_awkward_text_so_that_it_reads_back(store_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", "--db", str(store_path), "--format", "csv"])
    assert result.exit_code == 0
    frame = pd.read_csv(io.StringIO(result.stdout), keep_default_na=False)
    assert AWKWARD in set(frame["actor_name"])


def test_each_row_names_the_version_and_configuration_that_coded_it(
    demo_files: list[str], tmp_path: Path
) -> None:
    from eventwire import __version__

    db = tmp_path / "ew.db"
    result = CliRunner().invoke(main, ["run", *demo_files, "--db", str(db)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    runs = CliRunner().invoke(main, ["runs", "--db", str(db), "--format", "jsonl"]).stdout
    config = json.loads(runs.splitlines()[0])["config_hash"]
    _export(db, "csv", tmp_path / "e.csv")
    frame = _csv(tmp_path / "e.csv")
    assert len(frame) > 0
    assert set(frame["coder_version"]) == {__version__}
    assert set(frame["config_hash"]) == {config}
