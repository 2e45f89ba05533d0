"""The actor tables of ``data/actors/``: read once per process, keyed by normalised phrase."""

from __future__ import annotations

import csv
import dataclasses
import functools
import io
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources

from eventwire.resolve.folding import QUOTES, fold_phrase

logger = logging.getLogger(__name__)


DATA_DIR = "data/actors"

# Entry kinds. A country-like entry names a state (or a region folded into one);
# a multinational region ("Central Asia", "the Baltic states") is an actor with
# a name and no country; a block is an ambiguous name ("Korea", "Kurdish") that
# deliberately resolves to nothing.
COUNTRY = "country"
DEMONYM = "demonym"
CAPITAL = "capital"
SEAT = "seat"
BLOCK = "block"
MULTINATIONAL = "multinational"
INSTITUTION = "institution"
IGO = "igo"
GROUP = "group"
PERSON = "person"
ROLE = "role"

COUNTRY_KINDS = frozenset({COUNTRY, DEMONYM, CAPITAL, SEAT})
ORG_KINDS = frozenset({INSTITUTION, IGO, GROUP})
# Role kinds (the ``kind`` column of roles.csv) that can head an actor phrase.
HEAD_ROLES = frozenset({"role", "title", "counterpart", "abstract"})
# The role kind of words for a set of states ("countries", "nations"): an actor
# only with a multinational region beside it ("the Central Asian republics").
COLLECTIVE_ROLE = "collective"
# Dependency labels by which a word modifies a noun inside its phrase.
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod"})
# Prepositions whose object places an actor ("rebels in Darfur", "students
# throughout Indonesia") or gives its origin ("doctors from Sweden").
LOCATION_PREPS = frozenset({"in", "throughout", "across"})
ORIGIN_PREPS = frozenset({"from"})
# Prepositions after an abstract role noun that show the abstract sense
# ("opposition to the plan", "intelligence on the attack").
ABSTRACT_PREPS = frozenset({"to", "against", "on", "about", "over", "from", "in"})
# Role kinds that name a position someone holds before a name ("Gen. X").
TITLE_ROLES = frozenset({"title", "prefix"})
# Dependency labels (ClearNLP style, as the small English model uses) of the
# words that stand left of a noun inside its phrase.
LEFT_DEPS = frozenset({"det", "compound", "amod", "nmod", "nummod", "quantmod", "poss", "predet", "npadvmod"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
# Words in a person's name that are particles, not a surname ("al-Baghdadi").
NAME_PARTICLES = frozenset(
    {"al", "el", "bin", "ibn", "abu", "de", "da", "di", "van", "von", "der", "le", "la"}
)
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})

# How far back a pronoun looks for its antecedent, in sentences.
PERSON_PRONOUN_WINDOW = 4
PLURAL_PRONOUN_WINDOW = 2
# Longest phrase, in tokens, tried against the tables.
MAX_SPAN_TOKENS = 14
# Typo matching only for long single words; see ``fuzzy_country``.
MIN_FUZZY_LENGTH = 7

POSSESSIVE_END = re.compile(r"'s?\s*$")


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class Entry:
    """One meaning of one normalised phrase.

    ``case`` says how the phrase must be written in the text: 0 any case (role
    words), 1 with a capital letter (proper names: "Turkey", not "turkey"), 2 in
    capitals (acronyms: "US", "WHO", never "us", "who"). It follows from how
    the phrase is written in the data file.
    """

    kind: str
    country: str | None = None
    sector: str | None = None
    name: str | None = None
    inherit: bool = False
    override: bool = False
    role: str = ""
    case: int = 0


@dataclass(frozen=True)
class ActorTables:
    """Everything the resolver knows, keyed by normalised phrase.

    ``phrases`` maps a phrase to its meanings in priority order (people, groups,
    international organisations, institutions, countries, roles): the first
    whose case rule the text satisfies wins. ``pronouns`` maps a pronoun to
    what it refers to (person, plural, relative); ``country_names`` an ISO3
    code to the common name of the state. The three sector sets come from
    ``sectors.csv``: sectors of state office holders ("former" makes them ELI),
    sectors of actors that belong to the country they are "in", and sectors a
    role word keeps beside an "of" phrase naming another sector.
    """

    phrases: Mapping[str, tuple[Entry, ...]]
    sectors: frozenset[str]
    pronouns: Mapping[str, str]
    country_names: Mapping[str, str]
    state_sectors: frozenset[str] = frozenset()
    located_sectors: frozenset[str] = frozenset()
    own_sectors: frozenset[str] = frozenset()

    @functools.cached_property
    def fuzzy_index(self) -> dict[str, frozenset[str]]:
        """Single-deletion variants of long country names and demonyms → the names.

        Built on first use only: most articles never need typo matching.
        """
        index: dict[str, set[str]] = {}
        for key, entries in self.phrases.items():
            if " " in key or len(key) < MIN_FUZZY_LENGTH:
                continue
            if not any(e.kind in (COUNTRY, DEMONYM) and e.country for e in entries):
                continue
            index.setdefault(key, set()).add(key)
            for i in range(len(key)):
                index.setdefault(key[:i] + key[i + 1 :], set()).add(key)
        return {k: frozenset(v) for k, v in index.items()}


@functools.lru_cache(maxsize=1 << 16)
def normalise(text: str) -> str:
    """Fold a phrase for lookup: accents, case, quotes, periods, hyphens, a leading
    "the" and a final possessive go; "U.S." and "US" become the same key."""
    return fold_phrase(POSSESSIVE_END.sub("", text.translate(QUOTES).lower().strip()))


def _case_of(alias: str) -> int:
    letters = [ch for ch in alias if ch.isalpha()]
    if not any(ch.isupper() for ch in letters):
        return 0
    if len(letters) >= 2 and all(ch.isupper() for ch in letters):
        return 2
    return 1


def case_ok(case: int, text: str) -> bool:
    """True when ``text`` is written the way an entry with this case rule must be."""
    if case == 0:
        return True
    text = text.strip()
    if text[:4].lower() == "the ":
        text = text[4:]
    text = POSSESSIVE_END.sub("", text.translate(QUOTES))
    if case == 2:
        return not any(ch.islower() for ch in text)
    return any(ch.isupper() for ch in text)


def _plural(phrase: str) -> str:
    """Regular English plural of a role phrase's last word."""
    head, _, last = phrase.rpartition(" ")
    if last.endswith("man"):
        last = last[:-3] + "men"
    elif last.endswith(("s", "x", "ch", "sh")):
        last += "es"
    elif last.endswith("y") and len(last) > 1 and last[-2] not in "aeiou":
        last = last[:-1] + "ies"
    else:
        last += "s"
    return f"{head} {last}" if head else last


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def _read(name: str) -> list[dict[str, str]]:
    text = resources.files("eventwire").joinpath(f"{DATA_DIR}/{name}").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


class _Builder:
    """Collects entries while the files are read; the first meaning of a key wins."""

    def __init__(self) -> None:
        self.phrases: dict[str, list[Entry]] = {}

    def add(self, alias: str, entry: Entry) -> None:
        key = normalise(alias)
        if not key:
            return
        entry = dataclasses.replace(entry, case=_case_of(alias))
        bucket = self.phrases.setdefault(key, [])
        if entry.kind == PERSON:
            for n, other in enumerate(bucket):
                if other.kind == PERSON and other.name != entry.name:
                    # Two people share this alias ("Bush", "Clinton"): keep what they
                    # agree on and drop the name, or keep nothing.
                    same = (other.country, other.sector) == (entry.country, entry.sector)
                    bucket[n] = Entry(
                        PERSON,
                        country=other.country if same else None,
                        sector=other.sector if same else None,
                        name=None,
                        case=min(other.case, entry.case),
                    )
                    return
        if entry not in bucket:
            bucket.append(entry)


def _yes(cell: str) -> bool:
    return cell.strip().lower() in {"yes", "y", "true", "1"}


def _opt(cell: str) -> str | None:
    return cell.strip() or None


def _load_people(builder: _Builder) -> None:
    for row in _read("people.csv"):
        entry = Entry(PERSON, country=_opt(row["country"]), sector=_opt(row["sector"]), name=row["name"])
        for alias in [row["name"], *_split(row["aliases"])]:
            builder.add(alias, entry)


def _load_groups(builder: _Builder) -> None:
    for row in _read("groups.csv"):
        entry = Entry(
            GROUP,
            country=_opt(row["country"]),
            sector=_opt(row["sector"]),
            name=row["name"] if row["country"] else None,
            override=_yes(row["override"]),
        )
        for alias in [row["name"], *_split(row["aliases"])]:
            builder.add(alias, entry)


def _load_igos(builder: _Builder) -> None:
    for row in _read("igos.csv"):
        entry = Entry(IGO, country=_opt(row["country"]), sector=_opt(row["sector"]), name=row["name"])
        for alias in [row["name"], *_split(row["aliases"])]:
            builder.add(alias, entry)


def _load_institutions(builder: _Builder) -> None:
    for row in _read("institutions.csv"):
        entry = Entry(
            INSTITUTION,
            country=_opt(row["country"]),
            sector=_opt(row["sector"]),
            name=_opt(row["name"]),
            override=_yes(row["override"]),
        )
        for alias in [row["phrase"], *_split(row["aliases"])]:
            builder.add(alias, entry)


def _load_countries(builder: _Builder, names: dict[str, str]) -> None:
    rows = _read("countries.csv")
    country_keys: set[str] = set()
    for row in rows:
        iso3 = _opt(row["iso3"])
        if row["kind"] == BLOCK:
            for alias in [row["name"], *_split(row["alt_names"]), *_split(row["adjectives"])]:
                builder.add(alias, Entry(BLOCK))
            continue
        if row["kind"] == MULTINATIONAL:
            # the adjective ("Central Asian", "Europeans") qualifies; alone it names
            # people of some country of the region, not the region's states
            for alias in [row["name"], *_split(row["alt_names"])]:
                builder.add(alias, Entry(MULTINATIONAL, name=row["name"]))
            for alias in _split(row["adjectives"]):
                builder.add(alias, Entry(MULTINATIONAL, name=row["name"], role=DEMONYM))
            continue
        if iso3 and row["kind"] == "state":
            names.setdefault(iso3, row["name"])
        for alias in [row["name"], *_split(row["alt_names"])]:
            builder.add(alias, Entry(COUNTRY, country=iso3))
            country_keys.add(normalise(alias))
        for alias in _split(row["adjectives"]):
            builder.add(alias, Entry(DEMONYM, country=iso3))
    for row in rows:
        iso3 = _opt(row["iso3"])
        # A capital that shares its country's name ("Singapore") means the country.
        for alias in _split(row["capitals"]):
            if normalise(alias) not in country_keys:
                builder.add(alias, Entry(CAPITAL, country=iso3, sector="GOV"))
        for alias in _split(row["seats"]):
            builder.add(alias, Entry(SEAT, country=iso3, sector="GOV"))


def _load_roles(builder: _Builder) -> None:
    for row in _read("roles.csv"):
        kind = row["kind"].strip()
        entry = Entry(ROLE, sector=_opt(row["sector"]), inherit=_yes(row["inherit"]), role=kind)
        forms = [row["phrase"]]
        if kind in HEAD_ROLES or kind == COLLECTIVE_ROLE:
            forms += _split(row["plural"]) or [_plural(row["phrase"])]
        for alias in forms:
            builder.add(alias, entry)


def _check(phrases: Mapping[str, tuple[Entry, ...]], sectors: frozenset[str]) -> None:
    """Reject codes the contract cannot carry, so a typo in a data file fails loudly."""
    for key, entries in phrases.items():
        for entry in entries:
            if entry.sector is not None and entry.sector not in sectors:
                raise ValueError(f"actor tables: unknown sector {entry.sector!r} for {key!r}")
            if entry.country is not None and not re.fullmatch(r"[A-Z]{3}", entry.country):
                raise ValueError(f"actor tables: bad country code {entry.country!r} for {key!r}")


@functools.cache
def load_tables() -> ActorTables:
    """Read the actor tables once per process (about 0.1 s)."""
    sector_rows = _read("sectors.csv")
    sectors = frozenset(row["code"] for row in sector_rows)
    builder = _Builder()
    names: dict[str, str] = {}
    _load_people(builder)
    _load_groups(builder)
    _load_igos(builder)
    _load_institutions(builder)
    _load_countries(builder, names)
    _load_roles(builder)
    phrases = {key: tuple(entries) for key, entries in builder.phrases.items()}
    _check(phrases, sectors)
    pronouns = {row["word"].strip().lower(): row["refers_to"].strip() for row in _read("pronouns.csv")}
    logger.debug("actor tables: %d phrases, %d countries", len(phrases), len(names))
    return ActorTables(
        phrases=phrases,
        sectors=sectors,
        pronouns=pronouns,
        country_names=names,
        state_sectors=frozenset(row["code"] for row in sector_rows if _yes(row["state"])),
        located_sectors=frozenset(row["code"] for row in sector_rows if _yes(row["located"])),
        own_sectors=frozenset(row["code"] for row in sector_rows if _yes(row["own"])),
    )
