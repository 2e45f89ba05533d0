"""Shared fixtures: the spaCy pipeline (loaded once), the bundled demo articles, ../shared."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from eventwire.data_files import demo_paths

if TYPE_CHECKING:
    from spacy.language import Language

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The real pipeline with eventwire's sentence rule."""
    from eventwire.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def demo_files() -> list[str]:
    """Paths of the two bundled seed articles."""
    return sorted(demo_paths())


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder; tests that need it skip in a user's clone."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the project (a user's clone): benchmark data unavailable")
    return SHARED
