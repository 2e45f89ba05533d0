"""A built wheel carries the page's front-end files, so `pip install` gives a working page.

The wheel is built from the project's tracked files alone (as a fresh checkout
or an sdist has them: no vendored files yet), so the build itself must fetch
them with npm from the pinned lock file. Skipped without git or npm.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from eventwire.serve.assets import VENDOR_FILES
from tests.conftest import PROJECT

pytestmark = pytest.mark.slow


def test_a_wheel_built_from_a_fresh_tree_holds_every_vendored_file(tmp_path: Path) -> None:
    if shutil.which("npm") is None or shutil.which("git") is None or not (PROJECT / ".git").exists():
        pytest.skip("needs git, npm and a git checkout of eventwire")
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=PROJECT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    tree = tmp_path / "tree"
    for name in tracked:
        if (PROJECT / name).is_file():
            (tree / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(PROJECT / name, tree / name)
    assert not (tree / "src" / "eventwire" / "serve" / "static" / "vendor").exists()
    out = tmp_path / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(tree), "--no-deps", "--quiet", "-w", str(out)],
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = out.glob("eventwire-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [f for f in VENDOR_FILES if f"eventwire/serve/static/vendor/{f}" not in names]
    assert not missing
