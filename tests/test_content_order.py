"""The same texts give the same events from any folder and in any input order.

Article ids include the source path (DESIGN.md), so anything the pipeline
orders or breaks ties by must be content: these tests copy the same texts into
other folders, give them in other orders and compare the events by what they
say (types, parties, dates, places, the set of cited sentences and file names).
The texts are our own.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.pipeline import RunStats, extract_events, iter_articles
from eventwire.records import ActorRef, Event
from eventwire.settings import Settings

pytestmark = pytest.mark.slow

TEXTS = {
    "lima-talks.txt": (
        "Chile and Peru ministers hold border talks\n\n"
        "Wednesday 9 March 2022 10:02 GMT\n\n"
        "Chilean Foreign Minister Antonia Urrejola met Peruvian Foreign Minister Cesar Landa in Lima "
        "on Tuesday to settle a dispute over fishing rights.\n\n"
        "Urrejola later spoke by phone with Bolivian President Luis Arce about the same waters.\n\n"
        "Peru accused Chile in February of letting trawlers cross the maritime line.\n"
    ),
    "fishing.txt": (
        "Fishing dispute: ministers meet in Lima\n\n"
        "Thursday 10 March 2022\n\n"
        "The foreign ministers of Chile and Peru, Antonia Urrejola and Cesar Landa, held talks in Lima "
        "on Tuesday about fishing rights off the coast.\n\n"
        "Bolivia protested on Monday against the closure of a border crossing by Chile.\n"
    ),
    # "the calls he made" names no recipient: it fits the Argentine calls (same
    # months) better than the Uruguayan ones (three years), whichever is read first
    "calls.txt": (
        "Boric defends his calls to Buenos Aires\n\n"
        "Friday 18 March 2022 08:30 GMT\n\n"
        "Chilean President Gabriel Boric said on Thursday that he placed two calls to Argentine "
        "President Alberto Fernandez between January and February to ease a quarrel over gas exports.\n\n"
        "He added that there had been several phone calls between him and Uruguayan "
        "President Luis Lacalle Pou over the past three years.\n"
    ),
    "critics.txt": (
        "Santiago lawmakers question phone diplomacy\n\n"
        "Saturday 19 March 2022\n\n"
        "Chilean President Gabriel Boric returned to Santiago on Friday.\n\n"
        "Opposition senators said the calls he made between January and February achieved little.\n"
    ),
    # a wire copy of the first under other furniture: marked as a copy of one of them
    "lima-talks-copy.txt": (
        "Chile and Peru ministers hold border talks\n\n"
        "Wednesday 9 March 2022 10:02 GMT\n\n"
        "Chilean Foreign Minister Antonia Urrejola met Peruvian Foreign Minister Cesar Landa in Lima "
        "on Tuesday to settle a dispute over fishing rights.\n\n"
        "Urrejola later spoke by phone with Bolivian President Luis Arce about the same waters.\n\n"
        "Peru accused Chile in February of letting trawlers cross the maritime line.\n\n"
        "Republished with permission of the Andes Wire service.\n"
    ),
}

FOLDERS = st.lists(
    st.sampled_from(["a", "news", "2022", "03", "Some Folder", "z z", "wire-copies"]), min_size=1, max_size=3
)


def _parties(refs: list[ActorRef]) -> tuple[tuple[str, str, str], ...]:
    return tuple(sorted((r.name or "", r.country or "", r.sector or "") for r in refs))


def _signature(event: Event, name_of: dict[str, str]) -> tuple[Any, ...]:
    sources = tuple(sorted((name_of[s.article_id], s.sentence) for s in event.sources))
    return (
        event.type,
        event.mode or "",
        event.status,
        event.date.start or "",
        event.date.end or "",
        _parties(event.actor),
        _parties(event.recipient),
        event.place.name if event.place else "",
        event.confidence,
        sources,
    )


def _extract(root: Path, folder: list[str], order: list[str]) -> tuple[list[tuple[Any, ...]], list[str]]:
    where = root.joinpath(*folder)
    where.mkdir(parents=True, exist_ok=True)
    for name, text in TEXTS.items():
        (where / name).write_text(text, encoding="utf-8")
    inputs = [str(where / name) for name in order]
    name_of = {a.id: Path(a.source["path"]).name for a in iter_articles(inputs, RunStats())}
    events, _stats = extract_events(inputs, Settings(progress=False))
    return sorted(_signature(e, name_of) for e in events), [e.id for e in events]


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Any, ...]]:
    signatures, _ = _extract(tmp_path_factory.mktemp("first"), ["here"], sorted(TEXTS))
    return signatures


@given(FOLDERS, st.randoms(use_true_random=False))
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_same_texts_give_the_same_events_from_any_folder_and_order(
    reference: list[tuple[Any, ...]], tmp_path: Path, folder: list[str], rnd: random.Random
) -> None:
    order = sorted(TEXTS)
    rnd.shuffle(order)
    root = tmp_path / f"run{rnd.random()}"
    try:
        signatures, _ = _extract(root, folder, order)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    assert signatures == reference


def test_ids_stay_the_same_when_the_same_files_are_read_again(tmp_path: Path) -> None:
    first = _extract(tmp_path, ["same"], sorted(TEXTS))
    again = _extract(tmp_path, ["same"], sorted(TEXTS, reverse=True))
    assert first == again
