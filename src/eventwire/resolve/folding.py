"""Text folding shared by the three resolvers' lookup keys."""

from __future__ import annotations

import unicodedata


def strip_accents(text: str) -> str:
    """Decompose and drop combining marks: "Zürich" → "Zurich", "Kyïv" → "Kyiv".

    News copy spells foreign names with and without accents; every lookup
    table is keyed on the folded form so both find the same entry.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
