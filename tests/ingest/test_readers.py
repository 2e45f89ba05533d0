"""Readers: every input either gives Sources or an ErrorRecord with a reason."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from eventwire.ingest import read_inputs
from eventwire.limits import Limits, applied
from eventwire.records import ErrorRecord, Source

TEXT = "A title\n\nThe ministers met in Paris on Monday and agreed to talk again.\n"


def collect(*inputs: str, stdin: str | None = None) -> tuple[list[Source], list[ErrorRecord]]:
    items = list(read_inputs(inputs, stdin=io.StringIO(stdin) if stdin is not None else None))
    return [i for i in items if isinstance(i, Source)], [i for i in items if isinstance(i, ErrorRecord)]


def test_text_html_and_gzip_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "b.html").write_text("<html><body><p>Hello</p></body></html>")
    with gzip.open(tmp_path / "c.html.gz", "wt") as handle:
        handle.write("<!DOCTYPE html><html><body><p>Zipped</p></body></html>")
    (tmp_path / "page").write_text("<html><body>sniffed by content</body></html>")
    sources, errors = collect(str(tmp_path))
    assert not errors
    assert {Path(s.origin).name: s.format for s in sources} == {
        "a.txt": "text",
        "b.html": "html",
        "c.html.gz": "html",
        "page": "html",
    }


def test_jsonl_bad_line_is_reported_and_reading_goes_on(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    lines = [
        json.dumps({"id": "1", "text": TEXT, "title": "T", "url": "https://example.org/1"}),
        "{broken",
        json.dumps({"id": "3"}),
        json.dumps({"id": "4", "text": TEXT}),
    ]
    corpus.write_text("\n".join(lines) + "\n")
    sources, errors = collect(str(corpus))
    assert [s.meta["id"] for s in sources] == ["1", "4"]
    assert sources[0].meta["url"] == "https://example.org/1"
    assert [(e.line, e.reason) for e in errors] == [
        (2, "line is not JSON (JSONDecodeError)"),
        (3, "record has no 'text'"),
    ]


def test_csv_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "c.csv"
    corpus.write_text('id,text,outlet\n1,"Rebels attacked the town.",Wire\n2,,Wire\n')
    sources, errors = collect(str(corpus))
    assert [s.meta["outlet"] for s in sources] == ["Wire"]
    assert errors[0].line == 3


def test_bad_files_each_get_a_reason(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "bad.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    (tmp_path / "nothing").mkdir()
    sources, errors = collect(
        str(tmp_path / "empty.txt"),
        str(tmp_path / "bin.txt"),
        str(tmp_path / "bad.gz"),
        str(tmp_path / "nothing"),
        str(tmp_path / "missing.txt"),
        str(tmp_path / "*.none"),
    )
    assert not sources
    reasons = {Path(e.origin).name: e.reason for e in errors}
    assert reasons["empty.txt"] == "empty file"
    assert reasons["bin.txt"] == "binary data, not text"
    assert "cannot read" in reasons["bad.gz"]
    assert reasons["nothing"] == "folder holds no readable files"
    assert reasons["missing.txt"] == "no such file or folder"
    assert reasons["*.none"] == "pattern matches no files"


def test_latin1_is_decoded_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Les ministres se sont réunis à Orléans et ont parlé de l'été.\n".encode("cp1252"))
    sources, errors = collect(str(path))
    assert not errors
    assert "réunis" in sources[0].text
    assert "not UTF-8" in sources[0].meta["warning"]


def test_stdin(tmp_path: Path) -> None:
    sources, _ = collect("-", stdin=TEXT)
    assert sources[0].origin == "<stdin>" and sources[0].format == "text"
    sources, _ = collect("-", stdin=json.dumps({"id": "x", "text": TEXT}) + "\n")
    assert sources[0].meta["id"] == "x"


def test_overlong_jsonl_line_is_skipped_with_a_reason(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    big = json.dumps({"id": "big", "text": "word " * 5000})
    corpus.write_text(big + "\n" + json.dumps({"id": "ok", "text": TEXT}) + "\n")
    with applied(Limits(max_record_mb=0.001)):
        sources, errors = collect(str(corpus))
    assert [s.meta["id"] for s in sources] == ["ok"]
    assert errors[0].line == 1 and "longer than" in errors[0].reason


def test_gzip_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.html.gz"
    path.write_bytes(gzip.compress(b"<html>" + b" " * 1_000_000 + b"</html>"))
    with applied(Limits(max_gunzip_mb=0.01)):
        sources, errors = collect(str(path))
    assert not sources
    assert "expands to more than" in errors[0].reason


def test_corpus_fields_can_be_renamed(tmp_path: Path) -> None:
    corpus = tmp_path / "c.csv"
    corpus.write_text('uuid,body,headline\nu1,"Rebels attacked the town.",Attack\n')
    items = list(read_inputs([str(corpus)], fields={"text": "body", "id": "uuid", "title": "headline"}))
    assert isinstance(items[0], Source)
    assert items[0].text == "Rebels attacked the town."
    assert items[0].meta == {"id": "u1", "title": "Attack"}


def test_mixed_encodings_in_one_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "mixed.jsonl"
    utf8 = json.dumps({"id": "u", "text": "Réunion à Orléans des ministres."}, ensure_ascii=False).encode(
        "utf-8"
    )
    latin = json.dumps({"id": "l", "text": "Réunion à Orléans des ministres de l'été."}, ensure_ascii=False)
    corpus.write_bytes(utf8 + b"\n" + latin.encode("cp1252") + b"\n")
    sources, errors = collect(str(corpus))
    assert not errors
    assert [s.meta["id"] for s in sources] == ["u", "l"]
    assert "Orléans" in sources[1].text and "not UTF-8" in sources[1].meta["warning"]
