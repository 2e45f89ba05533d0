"""Every record read ends as an article, a skip or an error, each naming the record."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.pipeline import RunStats, iter_articles

ENGLISH = "Russian troops attacked Ukrainian positions near Kharkiv on Monday, killing three soldiers."
FRENCH = "Les ministres des deux pays se sont réunis lundi à Genève pour parler de la frontière."
GERMAN = "Die Außenminister beider Länder trafen sich am Montag in Wien, um über die Grenze zu sprechen."


def _corpus(tmp_path: Path, records: list[object]) -> Path:
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n")
    return path


def test_skips_and_errors_name_file_line_and_id(tmp_path: Path) -> None:
    path = _corpus(
        tmp_path,
        [
            {"id": "en1", "text": ENGLISH},
            {"id": "fr1", "text": FRENCH},
            {"id": "empty", "text": "   "},
            "{not json",
            {"id": "digits", "text": "2024 - 12 - 01"},
            {"text": GERMAN},
        ],
    )
    stats = RunStats()
    articles = list(iter_articles([str(path)], stats))
    assert [a.id for a in articles] == ["en1"]
    assert stats.skips == [
        f"{path}:2 (id fr1): language fr, not coded (coded: en)",
        f"{path}:6: language de, not coded (coded: en)",
    ]
    described = [e.describe() for e in stats.errors]
    assert described[0] == f"{path}:3 (id empty): record has no 'text'"
    assert described[1].startswith(f"{path}:4: line is not JSON")
    assert described[2] == f"{path}:5 (id digits): no letters in the text: nothing in any language to read"
    assert stats.read == 6 and stats.skipped == 2 and stats.failed == 3


def test_every_language_is_kept_when_asked(tmp_path: Path) -> None:
    path = _corpus(tmp_path, [{"id": "en1", "text": ENGLISH}, {"id": "fr1", "text": FRENCH}])
    stats = RunStats()
    articles = list(iter_articles([str(path)], stats, languages=None))
    assert [(a.id, a.language) for a in articles] == [("en1", "en"), ("fr1", "fr")]
    assert not stats.skips


def test_a_short_english_text_is_not_skipped(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(ENGLISH + "\n")
    stats = RunStats()
    articles = list(iter_articles([str(tmp_path / "one.txt")], stats))
    assert [a.body for a in articles] == [ENGLISH]
    assert not stats.skips and not stats.errors


def test_a_warning_names_its_record(tmp_path: Path) -> None:
    furniture = "\n\n".join(
        ["Support our journalism today", "Subscribe for $1 a week", "Create a free account to keep reading."]
    )
    (tmp_path / "page.txt").write_text(f"Bridge reopens\n\n{furniture}\n\nThe bridge reopened on Sunday.\n")
    stats = RunStats()
    list(iter_articles([str(tmp_path / "page.txt")], stats))
    assert len(stats.warnings) == 1
    assert stats.warnings[0].startswith(f"{tmp_path / 'page.txt'}: cleaning dropped 16 of 23 words")


_RECORD = st.fixed_dictionaries(
    {"text": st.one_of(st.text(max_size=120), st.sampled_from([ENGLISH, FRENCH, GERMAN]))},
    optional={"id": st.from_regex(r"[a-z][a-z0-9]{0,8}", fullmatch=True), "title": st.text(max_size=30)},
)


@given(st.lists(_RECORD, min_size=1, max_size=8))
@settings(max_examples=60, deadline=None)
def test_every_record_ends_as_an_article_a_skip_or_an_error(records: list[dict[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _corpus(Path(folder), list(records))
        stats = RunStats()
        articles = list(iter_articles([str(path)], stats))
        lines = path.read_text().splitlines()
    assert len(articles) + stats.skipped + stats.failed == len(lines) == stats.read
    for line in [*stats.skips, *(e.describe() for e in stats.errors)]:
        match = re.match(rf"{re.escape(str(path))}:(\d+)\b", line)
        assert match, line
        number = int(match.group(1))
        record = json.loads(lines[number - 1])
        if record.get("id"):
            assert f"(id {record['id']})" in line
    for article in articles:
        record = json.loads(lines[article.source["line"] - 1])
        assert article.language == "en"
        assert article.body.strip() in record["text"]


_TEXT_FILE = st.one_of(
    st.text(max_size=200),
    st.lists(
        st.sampled_from([ENGLISH, FRENCH, "Bridge reopens", "", "Share this", "12 345"]), max_size=6
    ).map("\n".join),
)


@given(st.lists(_TEXT_FILE, min_size=1, max_size=4), st.booleans())
@settings(max_examples=60, deadline=None)
def test_every_text_file_ends_as_an_article_a_skip_or_an_error(texts: list[str], as_csv: bool) -> None:
    """Plain-text files and CSV rows: one outcome each, named by file (and row)."""
    with tempfile.TemporaryDirectory() as folder:
        if as_csv:
            import csv

            path = Path(folder) / "c.csv"
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(["id", "text"])
                writer.writerows([f"r{n}", text] for n, text in enumerate(texts))
            names = [f"{path}:{n + 2}" for n in range(len(texts))]
        else:
            paths = [Path(folder) / f"d{n}.txt" for n in range(len(texts))]
            for path, text in zip(paths, texts, strict=True):
                path.write_bytes(text.encode("utf-8"))
            names = [str(p) for p in paths]
        stats = RunStats()
        articles = list(iter_articles([folder], stats, languages=None))
    assert len(articles) + stats.failed == len(texts) and not stats.skips
    outcomes = [
        f"{a.source['path']}:{a.source['line']}" if "line" in a.source else a.source["path"] for a in articles
    ]
    outcomes += [e.describe().split(" (id ")[0].split(": ")[0] for e in stats.errors]
    assert sorted(outcomes) == sorted(names)
    for error in stats.errors:
        assert error.reason
