"""``python -m eventwire.serve NODE_MODULES``: copy the page's npm files into the package."""

import sys

from eventwire.serve.assets import main

sys.exit(main(sys.argv[1:]))
