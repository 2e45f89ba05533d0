"""JSON Schemas of the public records, shipped in ``data/schemas``.

``validate_record`` is used by the tests on real output and is available to
users who want to check files they produced or received.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

import jsonschema

SCHEMA_NAMES = ("article", "annotation", "event")


@functools.cache
def load_schema(name: str) -> dict[str, Any]:
    """Return the JSON Schema of the record ``name`` (article, annotation, event)."""
    if name not in SCHEMA_NAMES:
        raise ValueError(f"no schema named {name!r}; choose one of {', '.join(SCHEMA_NAMES)}")
    text = resources.files("eventwire").joinpath(f"data/schemas/{name}.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def validate_record(name: str, record: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` when ``record`` breaks the ``name`` schema."""
    jsonschema.validate(
        record, load_schema(name), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
