"""``eventwire serve``: the read-only HTTP API and the web page over one store.

``api.py`` builds the FastAPI app, ``evidence.py`` places the highlights in an
evidence sentence, ``assets.py`` vendors the npm front-end files, and
``static/`` holds the page (one HTML, one script, one stylesheet).
"""

from eventwire.serve.api import create_app

__all__ = ["create_app"]
