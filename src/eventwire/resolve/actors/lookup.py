"""One phrase looked up in the actor tables as written, with typo matching for countries."""

from __future__ import annotations

import logging

from eventwire.records import ActorRef
from eventwire.resolve.actors.tables import (
    BLOCK,
    COUNTRY,
    COUNTRY_KINDS,
    DEMONYM,
    HEAD_ROLES,
    MIN_FUZZY_LENGTH,
    MULTINATIONAL,
    ROLE,
    ActorTables,
    Entry,
    case_ok,
    load_tables,
    normalise,
)

logger = logging.getLogger(__name__)


def first_entry(tables: ActorTables, key: str, text: str) -> Entry | None:
    for entry in tables.phrases.get(key, ()):
        if case_ok(entry.case, text):
            return entry
    return None


def _entry_ref(entry: Entry, text: str) -> ActorRef | None:
    """The actor a phrase stands for on its own (no context)."""
    if entry.kind == BLOCK:
        return None
    if entry.kind == MULTINATIONAL:
        return None if entry.role == DEMONYM else ActorRef(entry.name, None, None, text)
    if entry.kind in COUNTRY_KINDS:
        return ActorRef(None, entry.country, entry.sector, text)
    if entry.kind == ROLE and entry.role not in HEAD_ROLES:
        return None
    if entry.country is None and entry.sector is None:
        return None
    return ActorRef(entry.name, entry.country, entry.sector, text)


def lookup_phrase(text: str, tables: ActorTables | None = None) -> ActorRef | None:
    """Resolve one phrase exactly as written, without context.

    Case, punctuation, a leading "the" and a final possessive are ignored
    ("the U.S.'s" = "US"), but capitalisation still tells a name from a word
    ("Turkey" is a country, "turkey" is not). Country names and demonyms give
    the country with no sector; capitals and seats of government give GOV;
    institutions, international organisations, groups and known people give
    what the tables say; role words give their sector alone ("troops" → MIL).
    """
    tables = tables or load_tables()
    entry = first_entry(tables, normalise(text), text)
    return None if entry is None else _entry_ref(entry, text.strip())


def _osa_distance_le1(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by at most one edit (incl. one swap)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def fuzzy_country(word: str, tables: ActorTables) -> Entry | None:
    """A misspelt country name or demonym ("Krygyzstan", "Ethopia"), or None.

    Only one edit away (a letter missing, extra, wrong, or two swapped), with
    the first and last letters right (which keeps "Indiana" from "Indian"), and
    only when every close name belongs to the same country.
    """
    key = normalise(word)
    if " " in key or len(key) < MIN_FUZZY_LENGTH:
        return None
    index = tables.fuzzy_index
    candidates: set[str] = set(index.get(key, ()))
    for i in range(len(key)):
        candidates |= index.get(key[:i] + key[i + 1 :], frozenset())
    found = [c for c in candidates if c[0] == key[0] and c[-1] == key[-1] and _osa_distance_le1(c, key)]
    entries = [e for c in found for e in tables.phrases[c] if e.kind in (COUNTRY, DEMONYM) and e.country]
    if not entries or len({e.country for e in entries}) != 1:
        return None
    logger.debug("actor: %r read as %r", word, found[0])
    return entries[0]


# --------------------------------------------------------------------------- documents
