"""The codebook defines every value the records may hold and is written from the data."""

from __future__ import annotations

import csv
import json
import re
from importlib import resources

from eventwire.codebook import codebook_markdown, terms
from tests.conftest import PROJECT


def _schema() -> dict[str, object]:
    text = resources.files("eventwire").joinpath("data/schemas/event.schema.json").read_text("utf-8")
    return json.loads(text)


def test_docs_codebook_is_written_from_the_data() -> None:
    assert (PROJECT / "docs" / "codebook.md").read_text(encoding="utf-8") == codebook_markdown(), (
        "docs/codebook.md is stale: python -m eventwire.codebook > docs/codebook.md"
    )


def test_every_value_the_event_schema_allows_is_defined() -> None:
    props = _schema()["properties"]
    assert isinstance(props, dict)
    defined = terms()
    assert set(props["status"]["enum"]) == set(defined["status"])
    assert set(props["quad"]["enum"]) == set(defined["quad"])
    date = props["date"]["properties"]
    assert set(date["granularity"]["enum"]) == set(defined["date_granularity"])
    assert set(date["basis"]["enum"]) == set(defined["date_basis"])
    place = next(option for option in props["place"]["oneOf"] if option.get("type") == "object")
    bases = {row["id"] for row in csv.DictReader((PROJECT / "src/eventwire/data/places/bases.csv").open())}
    assert set(place["properties"]["basis"]["enum"]) <= bases


def test_every_place_kind_the_gazetteer_and_the_curated_places_use_is_defined() -> None:
    kinds = set(terms()["place_kind"])
    curated = {
        row["kind"] for row in csv.DictReader((PROJECT / "src/eventwire/data/places/aliases.csv").open())
    }
    source = (PROJECT / "src/eventwire/resolve/gazetteer_build.py").read_text(encoding="utf-8")
    built = set(re.findall(r'kind="([a-z0-9]+)"', source))
    assert built and curated <= kinds and built <= kinds
    assert kinds <= built | curated, "a kind is defined that no place is given"
