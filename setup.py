"""Build hook: a wheel carries the page's front-end files (see eventwire/serve/assets.py).

The files come from the npm packages pinned by web/package-lock.json, never a
CDN. A regular wheel build fetches them with `npm ci` when they are not in the
tree yet and stops with the reason when it cannot; an editable install (the
Makefile's `setup`) only warns, and `make assets` adds them later.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path
from types import ModuleType

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def _assets_module() -> ModuleType:
    """eventwire/serve/assets.py alone (stdlib only), without importing the package."""
    path = ROOT / "src" / "eventwire" / "serve" / "assets.py"
    spec = importlib.util.spec_from_file_location("_eventwire_assets", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BuildWithAssets(build_py):
    """build_py that makes sure the vendored front-end files are in the package."""

    def run(self) -> None:
        assets = _assets_module()
        if assets.missing_assets():
            self._fetch(assets)
        super().run()

    def _fetch(self, assets: ModuleType) -> None:
        editable = bool(getattr(self, "editable_mode", False))
        npm = shutil.which("npm")
        web = ROOT / "web"
        if npm is None or not (web / "package-lock.json").is_file():
            message = "npm and web/package-lock.json are needed to put the page's front-end files in a wheel"
            if editable:
                print(f"warning: {message}; run `make assets` later")
                return
            raise SystemExit(f"error: {message}")
        # install scripts never run (web/.npmrc says so too)
        command = [npm, "ci", "--prefix", str(web), "--no-audit", "--no-fund", "--ignore-scripts"]
        subprocess.run([*command, "--loglevel=error"], check=True)
        assets.copy_assets(web / "node_modules")


setup(cmdclass={"build_py": BuildWithAssets})
