"""The PLOVER ontology: types, their quad category and their modes.

Read from ``data/plover/categories.yaml``; the coder checks every entry of the
trigger lexicon against it at load time, so a typo in a rule file fails loudly.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import yaml


@dataclass(frozen=True)
class EventType:
    """One PLOVER event type."""

    name: str
    quad: str
    requires_recipient: bool
    modes: tuple[str, ...]


@functools.cache
def load_ontology() -> dict[str, EventType]:
    """Return the 16 PLOVER types by name."""
    text = resources.files("eventwire").joinpath("data/plover/categories.yaml").read_text("utf-8")
    data = yaml.safe_load(text)["types"]
    return {
        name: EventType(
            name=name,
            quad=spec["quad"],
            requires_recipient=bool(spec["requires_recipient"]),
            modes=tuple(spec["modes"]),
        )
        for name, spec in data.items()
    }


def quad_of(event_type: str) -> str:
    """Return the quad category (verbal/material, coop/conflict) of a type."""
    return load_ontology()[event_type].quad


def check_mode(event_type: str, mode: str | None) -> None:
    """Raise ValueError when ``mode`` is not a mode of ``event_type``."""
    ontology = load_ontology()
    if event_type not in ontology:
        raise ValueError(f"unknown PLOVER type {event_type!r}")
    if mode is not None and mode not in ontology[event_type].modes:
        raise ValueError(f"{mode!r} is not a mode of {event_type}")
