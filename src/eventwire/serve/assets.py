"""The page's front-end files that come from npm, and how they reach the package.

The page never loads anything from a CDN. Its third-party files (Leaflet, the
world-atlas country outlines, topojson-client, Swagger UI for ``/docs``) are
declared in ``web/package.json`` with a lock file, installed by ``npm ci`` at
set-up time and copied by this module into ``serve/static/vendor/`` (git-ignored).
A wheel built after that copy carries them as package data; a source install
without npm has none, and ``eventwire serve`` says how to fetch them instead of
serving a broken page.

    python -m eventwire.serve web/node_modules
"""

from __future__ import annotations

import logging
import shutil
import sys
from pathlib import Path

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
VENDOR_DIR = STATIC_DIR / "vendor"

# vendor path (as the page asks for it) -> path inside node_modules
VENDOR_FILES: dict[str, str] = {
    "leaflet/leaflet.js": "leaflet/dist/leaflet.js",
    "leaflet/leaflet.css": "leaflet/dist/leaflet.css",
    "leaflet/LICENSE": "leaflet/LICENSE",
    "leaflet.markercluster/leaflet.markercluster.js": "leaflet.markercluster/dist/leaflet.markercluster.js",
    "leaflet.markercluster/MarkerCluster.css": "leaflet.markercluster/dist/MarkerCluster.css",
    "leaflet.markercluster/MarkerCluster.Default.css": "leaflet.markercluster/dist/MarkerCluster.Default.css",
    "leaflet.markercluster/LICENSE": "leaflet.markercluster/MIT-LICENCE.txt",
    "cytoscape/cytoscape.min.js": "cytoscape/dist/cytoscape.min.js",
    "cytoscape/LICENSE": "cytoscape/LICENSE",
    "topojson-client/topojson-client.min.js": "topojson-client/dist/topojson-client.min.js",
    "topojson-client/LICENSE": "topojson-client/LICENSE",
    "world-atlas/countries-110m.json": "world-atlas/countries-110m.json",
    "world-atlas/LICENSE": "world-atlas/LICENSE",
    "swagger-ui/swagger-ui-bundle.js": "swagger-ui-dist/swagger-ui-bundle.js",
    "swagger-ui/swagger-ui.css": "swagger-ui-dist/swagger-ui.css",
    "swagger-ui/favicon-32x32.png": "swagger-ui-dist/favicon-32x32.png",
    "swagger-ui/LICENSE": "swagger-ui-dist/LICENSE",
}

HOW_TO_FETCH = (
    "The page's front-end files (Leaflet with its marker clusters, Cytoscape, world-atlas, "
    "topojson-client, Swagger UI) are not "
    "installed. From a clone of eventwire, with Node.js and npm: `make assets` "
    "(= `npm ci --prefix web` then `python -m eventwire.serve web/node_modules`). "
    "The JSON API under /api works without them."
)


def missing_assets(vendor_dir: Path = VENDOR_DIR) -> list[str]:
    """Return the vendor files the page needs that are not in ``vendor_dir``."""
    return [name for name in VENDOR_FILES if not (vendor_dir / name).is_file()]


def copy_assets(node_modules: Path, vendor_dir: Path = VENDOR_DIR) -> int:
    """Copy the needed files from an ``npm ci`` tree into ``vendor_dir``; return how many.

    Raises FileNotFoundError naming the first missing file, so a partial npm
    install is reported rather than copied.
    """
    for source in VENDOR_FILES.values():
        if not (node_modules / source).is_file():
            raise FileNotFoundError(f"{node_modules / source} is missing: run `npm ci --prefix web` first")
    for target, source in VENDOR_FILES.items():
        destination = vendor_dir / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(node_modules / source, destination)
    return len(VENDOR_FILES)


def main(argv: list[str]) -> int:
    """Command-line entry: copy the front-end files out of the given node_modules."""
    if len(argv) != 1:
        print("usage: python -m eventwire.serve NODE_MODULES_DIR", file=sys.stderr)
        return 2
    try:
        count = copy_assets(Path(argv[0]))
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"copied {count} front-end files into {VENDOR_DIR}")
    return 0
