"""Text folding shared by the resolvers' lookup keys: one way to fold a phrase.

The actor tables, the gazetteer and the date tables are all keyed on folded
text, so "U.S." and "US", "Kyïv" and "Kyiv", "Guinea-Bissau" and "Guinea
Bissau", "the Hague" and "Hague" meet the same entry. ``fold_phrase`` is that
fold; each resolver adds only what is its own (a final possessive for actors,
written-out short words for places).
"""

from __future__ import annotations

import re
import unicodedata

# typographic apostrophes and quotes as the plain apostrophe
QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
# marks that join the letters around them ("U.S.", "O'Brien")
_JOINING = re.compile(r"[.']")
# everything else that is not a letter, digit or space separates words
_NON_WORD = re.compile(r"[^\w\s]")


def strip_accents(text: str) -> str:
    """Decompose and drop combining marks: "Zürich" → "Zurich", "Kyïv" → "Kyiv".

    News copy spells foreign names with and without accents; every lookup
    table is keyed on the folded form so both find the same entry.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_phrase(text: str) -> str:
    """Fold a phrase into a lookup key: no accents or case, "&" as "and", periods
    and apostrophes dropped, other punctuation (hyphens, slashes) a space, and
    no leading "the"."""
    text = strip_accents(text).translate(QUOTES).lower().replace("&", " and ")
    words = _NON_WORD.sub(" ", _JOINING.sub("", text)).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)
