"""Helpers shared by the benchmark scripts: where ../shared is, and the machine line."""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"


def shared_or_exit(*parts: str) -> Path:
    """Return a path under ../shared, or exit 0 with a clear skip reason."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        print(f"skipped: {path} not found (benchmark data lives in ../shared beside the project)")
        sys.exit(0)
    return path


def machine() -> str:
    """One line naming the machine the figures were taken on."""
    python = platform.python_version()
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {python}, {platform.system()}"


def today() -> str:
    """The date of the measurement."""
    return dt.date.today().isoformat()


def emit(results: dict[str, object], json_path: Path | None) -> int:
    """Stamp results with machine and date, print them as JSON, write them to ``json_path``."""
    import json

    results = {**results, "machine": machine(), "date": today()}
    text = json.dumps(results, indent=2)
    print(text)
    if json_path is not None:
        json_path.write_text(text)
    return 0
