"""Every bound on an input refuses one document or record, with a reason naming it, and reading goes on."""

from __future__ import annotations

import json
from pathlib import Path

from eventwire.limits import Limits, applied, nesting_depth
from eventwire.pipeline import RunStats, iter_articles
from eventwire.settings import load_settings

TEXT = "Police arrested five protesters in the capital on Monday, officials said."


def outcomes(path: Path, limits: Limits) -> tuple[list[str], list[str]]:
    stats = RunStats()
    articles = list(iter_articles([str(path)], stats, limits=limits))
    return [a.id for a in articles], [e.describe() for e in stats.errors]


def test_a_record_nested_too_deep_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    deep = '{"id": "deep", "text": "x", "extra": ' + "[" * 500 + "]" * 500 + "}"
    corpus.write_text(deep + "\n" + json.dumps({"id": "ok", "text": TEXT}) + "\n")
    ids, errors = outcomes(corpus, Limits(max_nesting=50))
    assert ids == ["ok"]
    assert errors == [f"{corpus}:1: line is JSON nested more than 50 deep (max_nesting); skipped"]


def test_brackets_inside_strings_are_not_nesting() -> None:
    assert nesting_depth('{"text": "[[[[[[[[[[ {{{{ \\" ]]]"}', 100) == 1
    assert nesting_depth("[[[]]]", 100) == 3
    assert nesting_depth("[" * 1000, 10) == 11  # stops counting past the bound


def test_records_past_the_count_bound_are_refused_with_one_reason(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"r{n}", "text": TEXT}) + "\n" for n in range(5)))
    ids, errors = outcomes(corpus, Limits(max_records=3))
    assert ids == ["r0", "r1", "r2"]
    assert errors == [f"{corpus}:4: more than 3 records (max_records); the rest of the file is not read"]


def test_a_csv_field_over_the_record_bound_is_one_rows_error(tmp_path: Path) -> None:
    corpus = tmp_path / "c.csv"
    corpus.write_text(f'id,text\nbig,"{"word " * 3000}"\nok,"{TEXT}"\n')
    ids, errors = outcomes(corpus, Limits(max_record_mb=0.01))
    assert ids == ["ok"]
    assert len(errors) == 1 and errors[0].startswith(f"{corpus}:2: row is not readable CSV")


def test_a_document_over_the_size_bound_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "big.txt"
    page.write_text(TEXT + "\n\n" + "More words here. " * 5000)
    ids, errors = outcomes(page, Limits(max_document_mb=0.05))
    assert ids == []
    assert errors == [f"{page}: larger than 0.05 MB (max_document_mb); not a single article"]


def test_the_bounds_are_settings(tmp_path: Path) -> None:
    config = tmp_path / "eventwire.toml"
    config.write_text("[eventwire]\nmax_nesting = 7\nmax_record_mb = 1.5\n")
    limits = load_settings(config).limits()
    assert (limits.max_nesting, limits.max_record_mb, limits.max_document_mb) == (7, 1.5, 50.0)


def test_limits_apply_only_inside_their_block() -> None:
    from eventwire.limits import current

    with applied(Limits(max_records=1)):
        assert current().max_records == 1
    assert current().max_records == Limits().max_records


def test_a_gzipped_corpus_is_streamed_and_a_bomb_inside_it_is_one_error(tmp_path: Path) -> None:
    import gzip

    corpus = tmp_path / "c.jsonl.gz"
    good = "".join(json.dumps({"id": f"r{n}", "text": TEXT}) + "\n" for n in range(3))
    corpus.write_bytes(gzip.compress((good + " " * 3_000_000).encode()))
    ids, errors = outcomes(corpus, Limits(max_gunzip_mb=1))
    assert ids == ["r0", "r1", "r2"]
    assert errors == [f"{corpus}: expands to more than 1 MB (max_gunzip_mb)"]


def test_a_gzipped_csv_corpus_is_read_as_csv(tmp_path: Path) -> None:
    import gzip

    corpus = tmp_path / "c.csv.gz"
    corpus.write_bytes(gzip.compress(f'id,text\na,"{TEXT}"\n'.encode()))
    ids, errors = outcomes(corpus, Limits())
    assert (ids, errors) == (["a"], [])
