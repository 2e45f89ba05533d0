"""The codebook: every closed value an event record holds, and what it means.

``docs/codebook.md`` is written by ``python -m eventwire.codebook`` from the
data files that decide those values (the PLOVER types and modes, the sectors,
the place bases) and from ``data/codebook/terms.yaml`` for the rest (status,
quad, date granularity and basis, place kind, confidence). A test fails when
the file and the data disagree, or when the event schema allows a value the
codebook does not define, so the codebook cannot drift from what is coded.
"""

from __future__ import annotations

import csv
import io
from importlib import resources
from typing import Any

import yaml

from eventwire.coder.ontology import load_ontology
from eventwire.flat import FLAT_COLUMNS_VERSION, columns


def _data(name: str) -> str:
    return resources.files("eventwire").joinpath(f"data/{name}").read_text("utf-8")


def terms() -> dict[str, Any]:
    """The definitions of ``data/codebook/terms.yaml``."""
    loaded: dict[str, Any] = yaml.safe_load(_data("codebook/terms.yaml"))
    return loaded


def _rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_data(name))))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _definitions(title: str, field: str, values: dict[str, str]) -> list[str]:
    lines = [f"## {title} (`{field}`)", "", "| value | meaning |", "|---|---|"]
    lines += [f"| `{value}` | {_cell(meaning)} |" for value, meaning in values.items()]
    return [*lines, ""]


def codebook_markdown() -> str:
    """``docs/codebook.md``."""
    defined = terms()
    lines = [
        "# Codebook",
        "",
        "What every closed value of an event record means. Written from the data files",
        "by `python -m eventwire.codebook > docs/codebook.md`; a test fails when the two",
        "differ. The record's fields are described in [records.md](records.md).",
        "",
        "## Event types (`type`) and modes (`mode`)",
        "",
        "The 16 PLOVER types (`data/plover/categories.yaml`), each with its quad",
        "category, whether PLOVER requires a recipient, and the modes it may carry.",
        "",
        "| type | quad | recipient required | modes |",
        "|---|---|---|---|",
    ]
    for name, spec in load_ontology().items():
        modes = ", ".join(f"`{m}`" for m in spec.modes) or "—"
        lines.append(f"| `{name}` | {spec.quad} | {'yes' if spec.requires_recipient else 'no'} | {modes} |")
    lines.append("")
    lines += _definitions("Status", "status", defined["status"])
    lines += _definitions("Quad category", "quad", defined["quad"])
    lines += _definitions("Date granularity", "date.granularity", defined["date_granularity"])
    lines += _definitions("Date basis", "date.basis", defined["date_basis"])
    lines += _definitions("Place kind: its precision", "place.kind", defined["place_kind"])
    bases = {
        row["id"]: f"{row['meaning']} (read from the sentence: {row['stated']})"
        for row in _rows("places/bases.csv")
    }
    lines += _definitions("Place basis: where the place came from", "place.basis", bases)
    lines += [
        "## Sectors (`actor[].sector`, `recipient[].sector`)",
        "",
        "From `data/actors/sectors.csv`.",
        "",
        "| code | label | meaning |",
        "|---|---|---|",
    ]
    lines += [
        f"| `{row['code']}` | {row['label']} | {_cell(row['meaning'])} |"
        for row in _rows("actors/sectors.csv")
    ]
    lines += ["", "## Confidence (`confidence`)", "", defined["confidence"], ""]
    lines += ["## Historical (`historical`)", "", defined["historical"], ""]
    lines += [
        "## The flat table (CSV, Parquet, GeoJSON properties)",
        "",
        "One row per event; lists (several actors, outlets, articles) are joined with `;`.",
        f"Parquet stores each column with its type and the layout version "
        f"(`flat_columns_version` {FLAT_COLUMNS_VERSION}) in its metadata. Read from",
        "`data/export/flat_columns.csv`.",
        "",
        "| column | type | meaning |",
        "|---|---|---|",
    ]
    lines += [f"| `{c.name}` | {c.type} | {_cell(c.meaning)} |" for c in columns()]
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(codebook_markdown(), end="")
