"""One table of settings: name, default and help, frozen when a run starts.

Precedence is defaults < TOML file (``eventwire.toml`` or ``--config``) <
environment (``EVENTWIRE_<NAME>``) < command-line flags. The same table feeds
the CLI help and ``docs/settings.md``, so a setting cannot exist undocumented.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.limits import DEFAULT as LIMITS
from eventwire.limits import Limits

CORPUS_FIELDS = ("text", "id", "title", "published", "url", "outlet")


@dataclass(frozen=True)
class SettingSpec:
    """One row of the settings table."""

    name: str
    default: Any
    help: str


SETTINGS_TABLE: tuple[SettingSpec, ...] = (
    SettingSpec("db", "eventwire.db", "Path of the SQLite store written by `run` and read by `query`."),
    SettingSpec("batch_size", 16, "Articles parsed per spaCy batch (nlp.pipe)."),
    SettingSpec(
        "workers",
        0,
        "Processes that parse and code, one batch at a time (0: one per core; 1: all in the "
        "main process). The output is the same for any number.",
    ),
    SettingSpec(
        "engine",
        "local",
        "Where batches are parsed and coded: `local` (worker processes on this machine) or "
        "`ray` (Ray Data actors on the cluster `ray_address` names; pip install 'eventwire[ray]').",
    ),
    SettingSpec(
        "ray_address",
        "",
        "The Ray cluster the `ray` engine joins, e.g. 10.0.0.5:6379 (empty: RAY_ADDRESS, or a "
        "local Ray started for the run).",
    ),
    SettingSpec(
        "fetch_user_agent",
        "",
        "The User-Agent of `run URL` and `watch` (empty: eventwire/VERSION); name yourself "
        "and a contact if you fetch much.",
    ),
    SettingSpec("fetch_timeout_s", 20.0, "Seconds to wait for a web server's answer."),
    SettingSpec(
        "fetch_retries",
        2,
        "Tries after the first when a server errs (5xx, 429), times out or refuses; the pause "
        "doubles each time.",
    ),
    SettingSpec("fetch_delay_s", 1.0, "Least seconds between two requests to one web server."),
    SettingSpec(
        "max_chars",
        1_000_000,
        "Longest analysed text (body plus captions) the parser accepts; longer articles "
        "are cut at a paragraph boundary and flagged.",
    ),
    SettingSpec(
        "min_confidence",
        0.0,
        "Mentions below this confidence are dropped before merging (0 keeps all).",
    ),
    SettingSpec(
        "historical_days",
        60,
        "An event whose date ends this many days or more before publication is flagged "
        "`historical` (background, not news of the day).",
    ),
    SettingSpec(
        "corpus_fields",
        "",
        "How a JSONL/CSV corpus names its fields, as ours=theirs pairs: "
        "'text=body,id=uuid,published=date'. Ours: text, id, title, published, url, outlet.",
    ),
    SettingSpec(
        "progress",
        True,
        "Show a progress bar on runs of more than a few documents.",
    ),
    SettingSpec(
        "max_document_mb",
        LIMITS.max_document_mb,
        "Largest single text or HTML file read, in MB; a larger one is refused with its reason "
        "(see docs/limits.md).",
    ),
    SettingSpec(
        "max_record_mb",
        LIMITS.max_record_mb,
        "Largest JSONL line, CSV row or WARC response read, in MB; a larger one is refused "
        "and reading goes on with the next.",
    ),
    SettingSpec(
        "max_gunzip_mb",
        LIMITS.max_gunzip_mb,
        "Most a gzipped corpus may expand to in all, in MB (a guard against compression bombs; "
        "corpora are streamed). A gzipped single document may expand to max_document_mb.",
    ),
    SettingSpec(
        "max_nesting",
        LIMITS.max_nesting,
        "Deepest bracket nesting of a JSON record; a deeper record is refused before it is parsed.",
    ),
    SettingSpec(
        "max_records",
        LIMITS.max_records,
        "Most records read from one corpus file or archive; the rest of that file is refused "
        "with one reason naming the line where reading stopped.",
    ),
)


@dataclass(frozen=True)
class Settings:
    """The frozen settings of one run; build with :func:`load_settings`."""

    db: str = "eventwire.db"
    batch_size: int = 16
    workers: int = 0
    engine: str = "local"
    ray_address: str = ""
    fetch_user_agent: str = ""
    fetch_timeout_s: float = 20.0
    fetch_retries: int = 2
    fetch_delay_s: float = 1.0
    max_chars: int = 1_000_000
    min_confidence: float = 0.0
    historical_days: int = 60
    corpus_fields: str = ""
    progress: bool = True
    max_document_mb: float = LIMITS.max_document_mb
    max_record_mb: float = LIMITS.max_record_mb
    max_gunzip_mb: float = LIMITS.max_gunzip_mb
    max_nesting: int = LIMITS.max_nesting
    max_records: int = LIMITS.max_records

    def limits(self) -> Limits:
        """The bounds on one input these settings give (``eventwire.limits``)."""
        return Limits(
            max_document_mb=self.max_document_mb,
            max_record_mb=self.max_record_mb,
            max_gunzip_mb=self.max_gunzip_mb,
            max_nesting=self.max_nesting,
            max_records=self.max_records,
        )

    def field_map(self) -> dict[str, str]:
        """Parse ``corpus_fields`` into {our name: the corpus's name}."""
        pairs = [p.strip() for p in self.corpus_fields.split(",") if p.strip()]
        mapping = {}
        for pair in pairs:
            ours, sep, theirs = pair.partition("=")
            if not sep or ours.strip() not in CORPUS_FIELDS or not theirs.strip():
                raise ValueError(
                    f"corpus_fields: {pair!r} is not ours=theirs with ours one of {', '.join(CORPUS_FIELDS)}"
                )
            mapping[ours.strip()] = theirs.strip()
        return mapping

    def digest(self) -> str:
        """A short hash of the settings that decide what a run writes, stored in the
        run manifest and with each input read: how many workers run it, where the
        store is and whether a bar shows change nothing in the output."""
        text = json.dumps(self.public(), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def public(self) -> dict[str, Any]:
        """The settings that decide what a run writes, as plain values (the manifest's copy)."""
        return {k: v for k, v in sorted(dataclasses.asdict(self).items()) if k not in _NOT_IN_OUTPUT}

    def replace(self, **changes: Any) -> Settings:
        """Return a copy with ``changes`` applied (None values are ignored)."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


# settings that change how a run goes, never what it writes
_NOT_IN_OUTPUT = frozenset(
    {"db", "workers", "progress", "engine", "ray_address"}
    | {"fetch_user_agent", "fetch_timeout_s", "fetch_retries", "fetch_delay_s"}
)


def _coerce(value: str, default: Any) -> Any:
    """Convert an environment string to the type of the default."""
    if isinstance(default, bool):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(value)
    if isinstance(default, float):
        return float(value)
    return value


def load_settings(config: Path | None = None, **flags: Any) -> Settings:
    """Build the run's settings from defaults, a TOML file, the environment and flags.

    ``config`` names a TOML file whose ``[eventwire]`` table (or top level) sets
    values; without it, ``eventwire.toml`` in the working directory is read when
    present. Flags that are None are treated as not given.
    """
    values: dict[str, Any] = {spec.name: spec.default for spec in SETTINGS_TABLE}
    path = config if config is not None else Path("eventwire.toml")
    if path.is_file():
        with path.open("rb") as handle:
            data = tomllib.load(handle)
        table = data.get("eventwire", data)
        values.update({k: v for k, v in table.items() if k in values})
    for spec in SETTINGS_TABLE:
        env = os.environ.get(f"EVENTWIRE_{spec.name.upper()}")
        if env is not None:
            values[spec.name] = _coerce(env, spec.default)
    values.update({k: v for k, v in flags.items() if v is not None and k in values})
    return Settings(**values)


def settings_reference() -> str:
    """``docs/settings.md``, written from the settings table (a test keeps the file in step)."""
    lines = [
        "# Settings",
        "",
        "Written from the settings table in `src/eventwire/settings.py` by",
        "`python -m eventwire.settings > docs/settings.md`; a test fails when the two differ.",
        "",
        "A setting's value comes from, in rising order: its default, a TOML file",
        "(`eventwire.toml` in the working directory, or the file `--config` names; keys at",
        "the top level or in an `[eventwire]` table), the environment variable",
        "`EVENTWIRE_<NAME>`, and the command-line flag where a verb has one. The settings of",
        "a run, hashed, are part of its manifest in the store.",
        "",
        "| setting | default | environment | meaning |",
        "|---|---|---|---|",
    ]
    for spec in SETTINGS_TABLE:
        default = json.dumps(spec.default)
        lines.append(f"| `{spec.name}` | `{default}` | `EVENTWIRE_{spec.name.upper()}` | {spec.help} |")
    lines += ["", "An example `eventwire.toml`:", "", "```toml", "[eventwire]"]
    lines += [f"{spec.name} = {json.dumps(spec.default)}" for spec in SETTINGS_TABLE]
    lines += ["```", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(settings_reference(), end="")
