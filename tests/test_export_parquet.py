"""Parquet exports: streamed in row groups, typed, atomic, and a monthly dataset
that DuckDB and pyarrow read back with Hive partitioning."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from eventwire import __version__, export
from eventwire.cli import main
from eventwire.errors import ExportError
from eventwire.export import (
    FLAT_COLUMNS,
    FLAT_COLUMNS_VERSION,
    PARQUET_ROW_GROUP_ROWS,
    event_month,
    write_parquet,
)
from eventwire.flat import typed_row
from eventwire.records import ActorRef, Article, DateRange, Event, Place, Size, SourceRef
from eventwire.store import Store

from .test_merge import mention

UNDATED_EVERY = 40  # one event in 40 has no start date: it goes to month=unknown


def make_event(i: int, start: str | None) -> Event:
    """A complete synthetic event; every third has no place, every fifth no size."""
    place = (
        None
        if i % 3 == 0
        else Place(
            text="Kyiv", name="Kyiv", country="UKR", admin1="Kyiv City", lat=50.45 + i * 1e-6,
            lon=30.52, geonameid=703448, kind="city", basis="sentence",
        )
    )  # fmt: skip
    return Event(
        id=f"ev{i:06d}",
        type="ASSAULT" if i % 2 else "CONSULT",
        mode=None,
        context=[],
        status="occurred",
        historical=i % 7 == 0,
        actor=[ActorRef("Mark Milley", "USA", "MIL", "Milley"), ActorRef(None, "GBR", "GOV", "London")],
        recipient=[ActorRef(None, "RUS", None, "Moscow")],
        quad="MATERIAL_CONFLICT" if i % 2 else "VERBAL_COOPERATION",
        date=DateRange(start, start, "day", None, "stated")
        if start
        else DateRange(None, None, "unknown", None, "none"),
        place=place,
        size=None if i % 5 == 0 else Size(dead=i % 11, injured=None),
        confidence=0.5 + (i % 50) / 100,
        sources=[
            SourceRef(f"a{i}", None, "AP", None, "sentence", 0, 8, [0, 3], False, f"m{i}", "test"),
            SourceRef(f"b{i}", None, "AFP", None, "sentence", 0, 8, [0, 3], False, f"n{i}", "test"),
        ],
    )


def synthetic_events(n: int, first: dt.date = dt.date(2021, 1, 1), days: int = 365) -> list[Event]:
    """``n`` events spread over ``days`` days, sorted by date as the store yields them (undated last)."""
    dated, undated = [], []
    for i in range(n):
        if i % UNDATED_EVERY == UNDATED_EVERY - 1:
            undated.append(make_event(i, None))
        else:
            day = first + dt.timedelta(days=i * days // n)
            dated.append(make_event(i, day.isoformat()))
    return dated + undated


def months_of(events: list[Event]) -> Counter[str]:
    return Counter(event_month(e) for e in events)


def duckdb_months(dataset: Path) -> dict[str, int]:
    """Events per month of a dataset, as an analyst asks DuckDB for them."""
    rows = duckdb.execute(
        f"SELECT month, count(*) FROM read_parquet('{dataset}/*/*.parquet', hive_partitioning = true) "
        "GROUP BY month ORDER BY month"
    ).fetchall()
    return {str(month): count for month, count in rows}


def test_a_large_export_is_written_in_typed_row_groups_with_metadata(tmp_path: Path) -> None:
    events = synthetic_events(25_000)
    target = tmp_path / "events.parquet"
    assert write_parquet(iter(events), target) == 25_000
    parquet = pq.ParquetFile(target)
    assert parquet.metadata.num_rows == 25_000
    assert parquet.num_row_groups == 3 > 1
    assert [parquet.metadata.row_group(g).num_rows for g in range(3)] == [PARQUET_ROW_GROUP_ROWS] * 2 + [
        5_000
    ]
    schema = parquet.schema_arrow
    assert schema.names == list(FLAT_COLUMNS)
    assert str(schema.field("latitude").type) == "double"
    assert str(schema.field("confidence").type) == "double"
    assert str(schema.field("historical").type) == "bool"
    assert str(schema.field("n_sources").type) == "int64"
    assert str(schema.field("geonameid").type) == "int64"
    assert str(schema.field("actor_country").type) == "string"
    metadata = parquet.metadata.metadata
    assert metadata[b"eventwire_version"] == __version__.encode()
    assert metadata[b"flat_columns_version"] == FLAT_COLUMNS_VERSION.encode()
    assert not list(tmp_path.glob("*.part"))
    # the rows are the typed flat rows, in order, with nulls where an event has no place or size
    table = pq.read_table(target)
    for index in (0, 1, 9_999, 10_000, 24_999):
        expected = typed_row(events[index])
        assert table.slice(index, 1).to_pylist()[0] == expected
    assert str(schema.field("date_start").type) == "date32[day]"
    assert table.column("latitude").null_count == sum(e.place is None for e in events)
    assert table.column("n_sources").to_pylist()[:3] == [2, 2, 2]
    assert table.column("actor_country")[1].as_py() == "USA;GBR"


def test_no_events_make_a_valid_empty_file(tmp_path: Path) -> None:
    target = tmp_path / "empty.parquet"
    assert write_parquet(iter([]), target) == 0
    table = pq.read_table(target)
    assert table.num_rows == 0 and table.schema.names == list(FLAT_COLUMNS)


def test_the_monthly_dataset_reads_back_in_duckdb_and_pyarrow(tmp_path: Path) -> None:
    events = synthetic_events(25_000, days=75)  # January to mid-March 2021, and undated events
    target = tmp_path / "events"
    assert write_parquet(iter(events), target, partition_by_month=True) == 25_000
    expected = months_of(events)
    assert expected["unknown"] == 25_000 // UNDATED_EVERY and len(expected) == 4
    assert sorted(p.name for p in target.iterdir()) == sorted(f"month={m}" for m in expected)
    # sorted input: one file per month, full row groups but the month's last
    for month, count in expected.items():
        files = list((target / f"month={month}").iterdir())
        assert [f.name for f in files] == ["part-0.parquet"]
        assert pq.ParquetFile(files[0]).metadata.num_rows == count
    assert pq.ParquetFile(target / "month=2021-01" / "part-0.parquet").num_row_groups > 1
    assert not list(tmp_path.glob("*.part"))

    assert duckdb_months(target) == dict(expected)
    kv = duckdb.execute(f"SELECT key, value FROM parquet_kv_metadata('{target}/month=2021-02/*.parquet')")
    assert (b"flat_columns_version", FLAT_COLUMNS_VERSION.encode()) in kv.fetchall()

    dataset = ds.dataset(target, format="parquet", partitioning="hive")
    table = dataset.to_table(columns=["event_id", "month", "latitude", "historical"])
    assert table.num_rows == 25_000
    assert str(table.schema.field("latitude").type) == "double"
    assert Counter(table.column("month").to_pylist()) == expected
    march = dataset.to_table(filter=ds.field("month") == "2021-03")
    assert march.num_rows == expected["2021-03"]


def test_unsorted_events_still_land_in_their_months(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    events = synthetic_events(3_000, first=dt.date(2019, 1, 1), days=900)
    random.Random(7).shuffle(events)
    # few open files and small row groups: months are closed and reopened as part-1, part-2...
    monkeypatch.setattr(export, "PARQUET_MAX_OPEN_PARTITIONS", 3)
    target = tmp_path / "shuffled"
    assert write_parquet(iter(events), target, partition_by_month=True, row_group_rows=200) == 3_000
    table = ds.dataset(target, format="parquet", partitioning="hive").to_table()
    assert sorted(table.column("event_id").to_pylist()) == sorted(e.id for e in events)
    assert Counter(table.column("month").to_pylist()) == months_of(events)
    by_id = dict(zip(table.column("event_id").to_pylist(), table.column("month").to_pylist(), strict=True))
    assert all(by_id[e.id] == event_month(e) for e in events)
    assert any(len(list(folder.iterdir())) > 1 for folder in target.iterdir())


def failing(events: list[Event], after: int) -> Iterator[Event]:
    """The events, then an error (a store that breaks mid-export)."""
    yield from events[:after]
    raise RuntimeError("the store went away")


@pytest.mark.parametrize("partition_by_month", [False, True])
def test_a_failed_export_leaves_nothing_behind(tmp_path: Path, partition_by_month: bool) -> None:
    events = synthetic_events(2_500)
    target = tmp_path / "out"
    with pytest.raises(RuntimeError, match="went away"):
        write_parquet(
            failing(events, 2_300), target, partition_by_month=partition_by_month, row_group_rows=500
        )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("partition_by_month", [False, True])
def test_a_failed_export_keeps_the_earlier_one(tmp_path: Path, partition_by_month: bool) -> None:
    target = tmp_path / "out"
    write_parquet(iter(synthetic_events(100)), target, partition_by_month=partition_by_month)
    with pytest.raises(RuntimeError):
        write_parquet(failing(synthetic_events(900), 800), target, partition_by_month=partition_by_month)
    assert ds.dataset(target, format="parquet", partitioning="hive").count_rows() == 100
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_an_earlier_dataset_is_replaced_and_anything_else_refused(tmp_path: Path) -> None:
    target = tmp_path / "events"
    write_parquet(iter(synthetic_events(500, first=dt.date(2020, 1, 1))), target, partition_by_month=True)
    assert (target / "month=2020-06").is_dir()
    write_parquet(
        iter(synthetic_events(300, first=dt.date(2022, 1, 1), days=30)), target, partition_by_month=True
    )
    assert sorted(p.name for p in target.iterdir()) == ["month=2022-01", "month=unknown"]
    assert ds.dataset(target, format="parquet", partitioning="hive").count_rows() == 300
    assert [p.name for p in tmp_path.iterdir()] == ["events"]

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    with pytest.raises(ExportError, match="not an earlier eventwire dataset"):
        write_parquet(iter(synthetic_events(10)), mine, partition_by_month=True)
    assert (mine / "notes.txt").read_text() == "keep me"
    (target / "month=2022-01" / "notes.txt").write_text("mine too")
    with pytest.raises(ExportError):
        write_parquet(iter(synthetic_events(10)), target, partition_by_month=True)
    a_file = tmp_path / "events.parquet"
    write_parquet(iter(synthetic_events(10)), a_file)
    with pytest.raises(ExportError, match="is a file"):
        write_parquet(iter(synthetic_events(10)), a_file, partition_by_month=True)
    with pytest.raises(ExportError, match="is a directory"):
        write_parquet(iter(synthetic_events(10)), mine)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events", "events.parquet", "mine"]


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_the_cli_exports_a_store_as_a_monthly_dataset(tmp_path: Path) -> None:
    db = tmp_path / "ew.db"
    events = synthetic_events(120, first=dt.date(2021, 8, 15), days=60)
    with Store(db) as store:
        # the store keeps only events whose reports it holds: one article per cited report
        for event in events:
            for source in event.sources:
                article = Article(
                    id=source.article_id, source={"path": f"{source.article_id}.txt", "format": "text"},
                    title=None, outlet=source.outlet, published=None, body="-",
                )  # fmt: skip
                store.save_article(article, [mention(source.mention_id, source.article_id)])
        store.replace_events(events)
    out = tmp_path / "dataset"
    code, _, err = invoke(
        "export", "--db", str(db), "--format", "parquet", "--partition", "month", "--out", str(out)
    )
    assert code == 0, err
    assert "120 events exported" in err
    assert duckdb_months(out) == dict(months_of(events))
    # filters apply as in every export
    single = tmp_path / "usa.parquet"
    code, _, err = invoke(
        "export", "--db", str(db), "--format", "parquet", "--type", "CONSULT", "--out", str(single)
    )
    assert code == 0, err
    assert pq.read_table(single).num_rows == sum(e.type == "CONSULT" for e in events)

    code, _, err = invoke("export", "--db", str(db), "--format", "csv", "--partition", "month")
    assert code == 2 and "--format parquet only" in err
    code, _, err = invoke("export", "--db", str(db), "--format", "parquet", "--partition", "month")
    assert code == 2 and "--out DIRECTORY" in err
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.txt").write_text("x")
    code, _, err = invoke(
        "export",
        "--db",
        str(db),
        "--format",
        "parquet",
        "--partition",
        "month",
        "--out",
        str(tmp_path / "notes"),
    )
    assert code == 2 and "not an earlier eventwire dataset" in err
    assert (tmp_path / "notes" / "a.txt").read_text() == "x"
