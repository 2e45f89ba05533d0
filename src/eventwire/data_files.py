"""Access to the package's data files and a digest of them for run manifests."""

from __future__ import annotations

import functools
import hashlib
from importlib import resources
from importlib.abc import Traversable


def _walk(node: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    files: list[tuple[str, Traversable]] = []
    for child in sorted(node.iterdir(), key=lambda c: c.name):
        name = f"{prefix}{child.name}"
        if child.is_dir():
            files.extend(_walk(child, name + "/"))
        elif child.is_file():
            files.append((name, child))
    return files


@functools.cache
def data_digest() -> str:
    """Return a short hash over every rule, table and schema file shipped in ``data/``.

    Stored in each run's manifest so a result can be tied to the exact rules
    that produced it.
    """
    digest = hashlib.sha256()
    for name, node in _walk(resources.files("eventwire").joinpath("data")):
        if "/demo/" in f"/{name}":
            continue
        digest.update(name.encode())
        digest.update(node.read_bytes())
    return digest.hexdigest()[:16]


def demo_paths() -> list[str]:
    """Return the paths of the bundled example articles used by ``eventwire demo``."""
    demo = resources.files("eventwire").joinpath("data/demo")
    return [str(node) for _, node in _walk(demo) if node.name.endswith(".txt")]
