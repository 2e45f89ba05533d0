"""eventwire: read news, write down what happened.

The package turns news reports into PLOVER event data: who did what to whom,
where and when, with every claim traced to the sentences that report it.
"""

from __future__ import annotations

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["__version__"]
