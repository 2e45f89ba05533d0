"""The command line, end to end on real input: records, bad input, idempotence."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.schemas import validate_record

pytestmark = pytest.mark.slow

GOOD_TEXT = (
    "Leaders meet in Paris\n\n"
    "French President Emmanuel Macron met German Chancellor Olaf Scholz in Paris on Monday, "
    "officials said.\n\nThe two leaders discussed energy prices.\n"
)


def invoke(*args: str) -> tuple[int, str, str]:
    runner = CliRunner()
    result = runner.invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def table_dump(db: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(db)
    dump = {
        table: sorted(conn.execute(f"SELECT * FROM {table}").fetchall())
        for table in ("article", "mention", "event", "event_source", "error")
    }
    conn.close()
    return dump


def test_every_command_has_help() -> None:
    for name, command in main.commands.items():
        assert command.help, name
        code, out, _ = invoke(name, "--help")
        assert code == 0 and "Usage" in out


def test_extract_writes_valid_records_with_the_helsinki_meeting(
    demo_files: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "events.jsonl"
    code, _, err = invoke("extract", *demo_files, "--out", str(out))
    assert code == 0, err
    events = [json.loads(line) for line in out.read_text().splitlines()]
    assert events
    for event in events:
        validate_record("event", event)
    meetings = [
        e
        for e in events
        if e["type"] == "CONSULT"
        and e["status"] == "occurred"
        and any(a["country"] == "USA" and a["sector"] == "MIL" for a in e["actor"])
        and any(r["country"] == "RUS" and r["sector"] == "MIL" for r in e["recipient"])
        and e["date"]["start"] <= "2021-09-22" <= e["date"]["end"]
    ]
    assert meetings, "the Helsinki meeting was not coded"
    assert any(len({s["article_id"] for s in m["sources"]}) == 2 for m in meetings), (
        "the meeting should come out as one event citing both articles"
    )


def test_articles_and_annotations_follow_their_schemas(demo_files: list[str], tmp_path: Path) -> None:
    code, out, err = invoke("articles", *demo_files)
    assert code == 0, err
    articles = [json.loads(line) for line in out.splitlines()]
    assert len(articles) == 2
    for article in articles:
        validate_record("article", article)
    code, out, err = invoke("annotate", demo_files[0])
    assert code == 0, err
    annotation = json.loads(out.splitlines()[0])
    validate_record("annotation", annotation)
    assert any(p["country"] == "FIN" for p in annotation["places"])
    assert any(t["start_date"] == "2021-09-22" for t in annotation["times"])


def test_run_twice_leaves_the_store_unchanged(demo_files: list[str], tmp_path: Path) -> None:
    db = tmp_path / "ew.db"
    code, _, err = invoke("run", *demo_files, "--db", str(db))
    assert code == 0, err
    first = table_dump(db)
    assert first["event"]
    code, _, err = invoke("run", *demo_files, "--db", str(db))
    assert code == 0, err
    assert table_dump(db) == first
    # the second run is logged beside the first, its inputs as unchanged
    code, out, err = invoke("runs", "--db", str(db), "--format", "jsonl")
    assert code == 0, err
    runs = [json.loads(line) for line in out.splitlines()]
    assert len(runs) == 2 and runs[0]["id"] != runs[1]["id"]
    assert [i["status"] for i in runs[0]["inputs"]] == ["read"] * len(demo_files)
    assert [i["status"] for i in runs[1]["inputs"]] == ["unchanged"] * len(demo_files)
    assert all(len(i["sha256"]) == 64 for run in runs for i in run["inputs"])
    versions = runs[0]["versions"]
    assert set(versions) == {"eventwire", "spacy", "model", "gazetteer", "data"}
    assert "en_core_web_sm" in versions["model"] and runs[0]["settings"]
    code, out, err = invoke("runs", "--db", str(db))
    assert code == 0 and "2 runs" in out


def test_adding_articles_later_gives_the_events_of_one_run(demo_files: list[str], tmp_path: Path) -> None:
    together, apart = tmp_path / "together.db", tmp_path / "apart.db"
    assert invoke("run", *demo_files, "--db", str(together))[0] == 0
    for path in demo_files:
        assert invoke("run", path, "--db", str(apart))[0] == 0
    events = [table_dump(db)["event"] for db in (together, apart)]
    assert events[0] == events[1]
    # the Helsinki meeting cites both articles after the second run
    cited = [json.loads(row[-1])["sources"] for row in events[1] if "Helsinki" in str(row)]
    assert any(len({s["article_id"] for s in sources}) == 2 for sources in cited)


def test_query_filters_and_counts(demo_files: list[str], tmp_path: Path) -> None:
    db = tmp_path / "ew.db"
    assert invoke("run", *demo_files, "--db", str(db))[0] == 0
    code, out, _ = invoke(
        "query", "--db", str(db), "--dyad", "RUS-USA", "--text", "Helsinki", "--format", "jsonl"
    )
    assert code == 0
    events = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert events and all(e["type"] for e in events)
    assert any(e["type"] == "CONSULT" and e["place"] and e["place"]["name"] == "Helsinki" for e in events)
    code, out, _ = invoke("query", "--db", str(db), "--count-by", "type")
    assert code == 0 and "CONSULT" in out
    code, _, err = invoke("query", "--db", str(db), "--dyad", "USA")
    assert code == 2 and "dyad" in err


def test_stats_and_geojson(demo_files: list[str], tmp_path: Path) -> None:
    db = tmp_path / "ew.db"
    assert invoke("run", *demo_files, "--db", str(db))[0] == 0
    code, out, _ = invoke("stats", "--db", str(db), "--json")
    assert code == 0
    figures = json.loads(out)
    assert figures["rows"]["article"] == 2 and figures["schema_version"] >= 3
    assert sum(figures["events_by_type"].values()) == figures["rows"]["event"]
    target = tmp_path / "events.geojson"
    assert invoke("export", "--db", str(db), "--format", "geojson", "--out", str(target))[0] == 0
    collection = json.loads(target.read_text())
    assert collection["type"] == "FeatureCollection" and collection["features"]
    lon, lat = collection["features"][0]["geometry"]["coordinates"]
    assert -180 <= lon <= 180 and -90 <= lat <= 90
    table_path = tmp_path / "events.parquet"
    assert invoke("export", "--db", str(db), "--format", "parquet", "--out", str(table_path))[0] == 0
    import pyarrow.parquet as pq

    table = pq.read_table(table_path)
    assert table.num_rows == figures["rows"]["event"]
    assert str(table.schema.field("latitude").type) == "double"
    assert invoke("export", "--db", str(db), "--format", "parquet")[0] == 2


def test_bad_inputs_are_reported_and_the_rest_is_processed(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD_TEXT)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    latin = tmp_path / "latin.txt"
    latin.write_bytes(("Café talks\n\n" + GOOD_TEXT.replace("Paris", "Orléans")).encode("latin-1"))
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        json.dumps({"id": "c1", "text": GOOD_TEXT})
        + "\n{not json\n"
        + json.dumps({"id": "c2", "text": GOOD_TEXT})
        + "\n"
    )
    empty_dir = tmp_path / "nothing"
    empty_dir.mkdir()
    db = tmp_path / "ew.db"
    code, _, err = invoke(
        "run",
        str(good),
        str(empty),
        str(binary),
        str(latin),
        str(corpus),
        str(empty_dir),
        str(tmp_path / "missing.txt"),
        "--db",
        str(db),
    )
    assert code == 0, err
    for name in ("empty.txt", "image.txt", "corpus.jsonl:2", "nothing", "missing.txt"):
        assert name in err, f"no reason given for {name}: {err}"
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM article").fetchone()[0] == 4
    assert conn.execute("SELECT COUNT(*) FROM error").fetchone()[0] >= 5


def test_nothing_readable_exits_non_zero(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    code, _, err = invoke("extract", str(empty), str(tmp_path / "missing.txt"))
    assert code == 1
    assert "empty.txt" in err and "missing.txt" in err


def test_query_and_export(demo_files: list[str], tmp_path: Path) -> None:
    db = tmp_path / "ew.db"
    invoke("run", *demo_files, "--db", str(db))
    code, out, _ = invoke(
        "query", "--db", str(db), "--type", "CONSULT", "--actor-country", "USA", "--format", "jsonl"
    )
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows and all(r["type"] == "CONSULT" for r in rows)
    code, out, _ = invoke("export", "--db", str(db), "--format", "csv")
    assert code == 0
    table = list(csv.DictReader(io.StringIO(out)))
    assert table and {"event_id", "type", "actor_country", "latitude"} <= set(table[0])
    code, _, err = invoke("query", "--db", str(tmp_path / "absent.db"))
    assert code != 0 and "no store" in err


def test_explain_shows_rule_and_sentence(demo_files: list[str], tmp_path: Path) -> None:
    db = tmp_path / "ew.db"
    invoke("run", *demo_files, "--db", str(db))
    event_id = sqlite3.connect(db).execute("SELECT id FROM event LIMIT 1").fetchone()[0]
    code, out, _ = invoke("explain", event_id, "--db", str(db))
    assert code == 0
    assert "rule" in out and "trigger" in out
    assert "why: " in out


def test_describe_rule_spells_out_reductions() -> None:
    from eventwire.coder import describe_rule

    text = describe_rule("consult-meet>intent-agree")
    assert text.startswith("consult-meet: ")
    assert "intent-agree: future cooperation" in text
    assert "no longer in the lexicon" in describe_rule("gone-rule")


def test_non_english_article_is_skipped_with_a_reason(tmp_path: Path) -> None:
    french = tmp_path / "fr.txt"
    sentence = "Les ministres des deux pays se sont réunis lundi dans la capitale et ont parlé de la paix."
    french.write_text("Titre\n\n" + " ".join([sentence] * 3) + "\n")
    code, _, err = invoke("run", str(french), "--db", str(tmp_path / "ew.db"))
    assert code == 0
    assert "fr.txt: language fr, not coded" in err


def test_articles_writes_every_language_and_run_codes_a_one_line_english_text(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    records = [
        {"id": "de1", "text": "Die Minister beider Länder trafen sich am Montag in Wien."},
        {"id": "en1", "text": "Russian troops attacked Ukrainian positions near Kharkiv on Monday."},
    ]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records))
    code, out, err = invoke("articles", str(corpus))
    assert code == 0, err
    written = [json.loads(line) for line in out.splitlines()]
    assert [(a["id"], a["language"]) for a in written] == [("de1", "de"), ("en1", "en")]
    for article in written:
        validate_record("article", article)
    code, _, err = invoke("run", str(corpus), "--db", str(tmp_path / "ew.db"))
    assert code == 0, err
    assert f"{corpus}:1 (id de1): language de, not coded" in err
    assert "1 articles, 1 skipped" in err


def test_fields_option_reads_a_corpus_with_other_names(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"uuid": "x1", "story": GOOD_TEXT}) + "\n")
    code, out, err = invoke("articles", str(corpus), "--fields", "text=story,id=uuid")
    assert code == 0, err
    assert json.loads(out.splitlines()[0])["id"] == "x1"


def test_query_counts_in_every_format_and_geojson_limits_placed_events(
    demo_files: list[str], tmp_path: Path
) -> None:
    db = tmp_path / "ew.db"
    assert invoke("run", *demo_files, "--db", str(db))[0] == 0
    code, out, _ = invoke("query", "--db", str(db), "--count-by", "type", "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0 and rows[0] == ["type", "events"] and any(r[0] == "CONSULT" for r in rows[1:])
    code, out, _ = invoke("query", "--db", str(db), "--count-by", "week", "--format", "jsonl")
    weeks = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and weeks and all(set(w) == {"week", "events"} for w in weeks)
    code, _, err = invoke("query", "--db", str(db), "--count-by", "type", "--format", "geojson")
    assert code == 2 and "count" in err
    code, out, _ = invoke("query", "--db", str(db), "--format", "geojson", "--limit", "2")
    assert code == 0 and len(json.loads(out)["features"]) == 2
    code, out, _ = invoke("query", "--db", str(db), "--limit", "3")
    assert code == 0 and "ev_" in out and "sources" in out


def test_a_bad_fields_option_is_a_usage_error(demo_files: list[str], tmp_path: Path) -> None:
    code, _, err = invoke("run", *demo_files, "--db", str(tmp_path / "x.db"), "--fields", "nonsense")
    assert code == 2 and "--fields" in err and "Traceback" not in err


def test_a_run_tells_its_progress_display_how_many_documents_to_expect(tmp_path: Path) -> None:
    from eventwire.pipeline import run
    from eventwire.settings import load_settings
    from eventwire.store import Store

    folder = tmp_path / "news"
    folder.mkdir()
    records = [
        {"id": f"r{i}", "text": f"Police arrested {i + 2} protesters in Lagos on Monday."} for i in range(5)
    ]
    (folder / "corpus.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    (folder / "table.csv").write_text(
        "id,text\na,Troops shelled a village.\nb,Ministers met.\n", encoding="utf-8"
    )
    (folder / "page.html").write_text(
        "<html><body><p>Rebels seized a town.</p></body></html>", encoding="utf-8"
    )

    class Recorder:
        def __init__(self) -> None:
            self.expected: list[int | None] = []
            self.seen = 0

        def __call__(self, n: int) -> None:
            self.seen += n

        def expect(self, total: int | None) -> None:
            self.expected.append(total)

    recorder = Recorder()
    db = tmp_path / "ew.db"
    with Store(db) as store:
        run([str(folder)], load_settings(None, db=str(db)), store, on_progress=recorder)
    assert recorder.expected == [5 + 2 + 1] and recorder.seen == 8
    (folder / "feed.warc.gz").write_bytes(b"")  # a count nobody knows before reading
    with Store(db) as store:
        run([str(folder)], load_settings(None, db=str(db)), store, on_progress=recorder, force=True)
    assert recorder.expected[-1] is None
