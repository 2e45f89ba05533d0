"""Who acted and who was acted on: argument phrases resolved to PLOVER actors.

PLOVER codes each side of an event as a country (ISO 3166-1 alpha-3, or a
code for a non-state body such as ``IGO``) and a sector (GOV, MIL, LEG, ...).
News text rarely states both: "Moscow" means the Russian government, "the
Pentagon" the US military, "Milley" whoever the article said Milley was. This
module turns what the text does say into those two codes, using only our own
knowledge tables (``data/actors/``, documented in its README) and the parse.

    load_tables()           the tables, read once per process
    lookup_phrase(text)     one phrase, exactly as written (normalised)
    DocActors(doc)          everything one parsed article says about its actors
        .resolve_token(t)   the actor an argument token stands for, or None

Three principles shape the rules:

* Never guess. A phrase resolves only when the tables know its words; an
  unknown name with nothing said about it stays None.
* The article beats the tables. "Gen. X, chief of the Russian General Staff"
  makes X Russian military whatever the people table says; the table only fills
  what the article leaves open.
* A bare country is the country, not its government. PLOVER's own gold records
  leave the sector empty for "Russia" or "the U.S."; capitals and seats of
  government ("Moscow", "the Kremlin") are the metonymy for the government and
  get GOV.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import io
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING

from eventwire.records import ActorRef
from eventwire.resolve.folding import strip_accents

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

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
# Typo matching only for long single words; see ``_fuzzy_country``.
MIN_FUZZY_LENGTH = 7

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_POSSESSIVE_END = re.compile(r"'s?\s*$")
_SEPARATORS = re.compile(r"[-‐‑‒–—―/]")
_NON_WORD = re.compile(r"[^\w\s]")


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
    text = strip_accents(text).translate(_QUOTES).lower().strip().replace("&", " and ")
    text = _POSSESSIVE_END.sub("", text)
    text = text.replace("'", "").replace(".", "")
    text = _NON_WORD.sub(" ", _SEPARATORS.sub(" ", text))
    words = text.split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _case_of(alias: str) -> int:
    letters = [ch for ch in alias if ch.isalpha()]
    if not any(ch.isupper() for ch in letters):
        return 0
    if len(letters) >= 2 and all(ch.isupper() for ch in letters):
        return 2
    return 1


def _case_ok(case: int, text: str) -> bool:
    """True when ``text`` is written the way an entry with this case rule must be."""
    if case == 0:
        return True
    text = text.strip()
    if text[:4].lower() == "the ":
        text = text[4:]
    text = _POSSESSIVE_END.sub("", text.translate(_QUOTES))
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


def _first_entry(tables: ActorTables, key: str, text: str) -> Entry | None:
    for entry in tables.phrases.get(key, ()):
        if _case_ok(entry.case, text):
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
    entry = _first_entry(tables, normalise(text), text)
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


def _fuzzy_country(word: str, tables: ActorTables) -> Entry | None:
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


@dataclass(frozen=True)
class _Match:
    """A table phrase found on tokens [start, end)."""

    start: int
    end: int
    entry: Entry


@dataclass(frozen=True)
class _Desc:
    """What one noun phrase says: its country, sector and name, and its extent."""

    country: str | None
    sector: str | None
    name: str | None
    kind: str
    start: int
    end: int


@dataclass
class _Person:
    """One person named in the article and everything said of them so far."""

    name: str
    surname: str
    first: str
    country: str | None = None
    sector: str | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)

    def learn(self, country: str | None, sector: str | None) -> None:
        """Fill what is still unknown; the first statement in the article wins."""
        self.country = self.country or country
        self.sector = self.sector or sector


class DocActors:
    """Actor resolution inside one parsed article (a spaCy Doc).

    Construction makes one pass over the people the article names: for each
    mention it reads the titles before the name ("U.S. Defense Secretary"),
    appositions ("..., chief of the Russian General Staff"), a role phrase set
    off by a comma before it ("his Russian counterpart, Gen. ..."), and an "of"
    phrase ("General Li Zuocheng of the People's Liberation Army"). What one
    mention says holds for every mention of the same person, so a later bare
    "Milley" is the US general. Everything else is resolved on request and
    cached per token.
    """

    def __init__(self, doc: Doc, tables: ActorTables | None = None) -> None:
        self.doc = doc
        self.tables = tables or load_tables()
        self._sent_of: list[int] = [0] * len(doc)
        self._sent_start: list[int] = []
        self._sent_end: list[int] = []
        for n, sent in enumerate(self._sentences(doc)):
            self._sent_start.append(sent.start)
            self._sent_end.append(sent.end)
            for i in range(sent.start, sent.end):
                self._sent_of[i] = n
        self._ent_of: dict[int, Span] = {}
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                self._ent_of[i] = ent
        self._cache: dict[int, ActorRef | None] = {}
        self._desc_cache: dict[tuple[int, int], _Desc | None] = {}
        self._in_progress: set[int] = set()
        self._persons: list[_Person] = []
        self._person_at: dict[int, int] = {}
        self._mention_span: dict[int, tuple[int, int]] = {}
        self._title_start: dict[int, int] = {}
        self._read_people()
        # Answers given while the people were still being read may be incomplete.
        self._cache.clear()
        self._desc_cache.clear()

    @staticmethod
    def _sentences(doc: Doc) -> list[Span]:
        """The doc's sentences; the whole doc when nothing set sentence boundaries."""
        try:
            return list(doc.sents)
        except ValueError:
            return [doc[:]] if len(doc) else []

    # ----------------------------------------------------------------- public

    def resolve_token(self, token: Token) -> ActorRef | None:
        """Return the actor an argument token stands for, or None when unknown.

        The token is expanded to its phrase (compounds, adjectives, possessor,
        entity, "of"/"for" phrase). A named person gives what the article said
        of them; a pronoun gives its antecedent; anything else is composed from
        the tables ("Russian forces" → RUS/MIL, "some Congress members" →
        USA/LEG, "his Chinese counterpart" → CHN with the sector of whoever's
        counterpart it is).
        """
        if token.doc is not self.doc:
            raise ValueError("token belongs to another document")
        i = token.i
        if i in self._cache:
            return self._cache[i]
        if i in self._in_progress:
            return None
        self._in_progress.add(i)
        try:
            ref = self._resolve(token)
        finally:
            self._in_progress.discard(i)
        self._cache[i] = ref
        return ref

    # ------------------------------------------------------------- resolution

    def _resolve(self, token: Token) -> ActorRef | None:
        person = self._person_at.get(token.i)
        if person is not None:
            start, end = self._mention_span.get(token.i, (token.i, token.i + 1))
            return self._person_ref(self._persons[person], self._text(start, end))
        kind = self.tables.pronouns.get(token.lower_)
        if kind is not None and token.pos_ in {"PRON", "DET"}:
            return self._resolve_pronoun(token, kind)
        desc = self._describe(token)
        if desc is None:
            return None
        return ActorRef(desc.name, desc.country, desc.sector, self._text(desc.start, desc.end))

    def _person_ref(self, person: _Person, text: str) -> ActorRef | None:
        """A named person is a party even when the article says nothing of their
        country or role: "Jamal Williams was arrested" is an arrest of someone
        an analyst can look up, and merging can match the name."""
        return ActorRef(person.name, person.country, person.sector, text)

    def _text(self, start: int, end: int) -> str:
        span = self.doc[start:end]
        while len(span) > 1 and (span[-1].is_punct or span[-1].tag_ == "POS"):
            span = span[:-1]
        return span.text

    # ------------------------------------------------------------- table matching

    def _lookup(self, start: int, end: int) -> Entry | None:
        text = self.doc[start:end].text
        entry = _first_entry(self.tables, normalise(text), text)
        if entry is not None:
            return entry
        last = self.doc[end - 1]
        if last.pos_ in {"NOUN", "PROPN"} and last.lemma_ and last.lemma_.lower() != last.lower_:
            # the plural the tables did not spell out: "militiamen" → "militiaman"
            lemma_text = f"{self.doc[start : end - 1].text} {last.lemma_}".strip()
            entry = _first_entry(self.tables, normalise(lemma_text), lemma_text)
            if entry is not None and entry.kind == ROLE:
                return entry
        return None

    def _matches(self, start: int, end: int) -> list[_Match]:
        """Greedy longest table phrases over tokens [start, end), left to right."""
        found: list[_Match] = []
        i = start
        while i < end:
            token = self.doc[i]
            if token.is_punct or token.is_space or token.tag_ == "POS":
                i += 1
                continue
            hit: _Match | None = None
            for j in range(min(end, i + MAX_SPAN_TOKENS), i, -1):
                if self.doc[j - 1].is_punct and j - 1 > i:
                    continue
                entry = self._lookup(i, j)
                if entry is not None:
                    hit = _Match(i, j, entry)
                    break
            if hit is None and self._may_be_misspelt_country(token):
                entry = _fuzzy_country(token.text, self.tables)
                if entry is not None:
                    hit = _Match(i, i + 1, entry)
            if hit is None:
                i += 1
            else:
                found.append(hit)
                i = hit.end
        return found

    def _may_be_misspelt_country(self, token: Token) -> bool:
        """A capitalised name standing alone, which the entity recogniser takes for
        a place, a nationality or nothing: "Columbia Pictures" or a company called
        "Permian" is a name of its own, not a country misspelt."""
        if not token.text[:1].isupper() or not (token.pos_ == "PROPN" or token.ent_type_ in {"NORP", "GPE"}):
            return False
        ent = self._ent_of.get(token.i)
        return ent is None or (ent.label_ in {"GPE", "NORP", "PERSON"} and len(ent) == 1)

    # ------------------------------------------------------------- phrases

    def _bounds(self, head: Token, floor: int, depth: int = 0) -> tuple[int, int, Token | None, list[Token]]:
        """Extent of the head's noun phrase: (start, end, possessor, of/for objects)."""
        start = head.i
        possessor: Token | None = None
        for child in head.children:
            if child.i < head.i and child.dep_ in LEFT_DEPS and child.left_edge.i >= floor:
                if child.dep_ == "poss":
                    possessor = child
                start = min(start, child.left_edge.i)
        end = head.i + 1
        ent = self._ent_of.get(head.i)
        if ent is not None and ent.label_ in NAME_LABELS:
            start = min(start, max(ent.start, floor))
            end = max(end, ent.end)
        objects: list[Token] = []
        if depth < 2:
            for child in head.children:
                if child.dep_ == "prep" and child.lower_ in {"of", "for"} and child.i == end:
                    obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                    if obj is not None:
                        _, obj_end, _, _ = self._bounds(obj, child.i + 1, depth + 1)
                        end = max(end, obj_end)
                        objects.append(obj)
        return start, end, possessor, objects

    def _describe(self, head: Token, floor: int = 0) -> _Desc | None:
        """Compose what the head's phrase says from the tables; None when nothing."""
        key = (head.i, floor)
        if key in self._desc_cache:
            return self._desc_cache[key]
        self._desc_cache[key] = None  # guards against cycles in odd parses
        desc = self._compose(head, floor)
        self._desc_cache[key] = desc
        return desc

    def _compose(self, head: Token, floor: int) -> _Desc | None:
        start, end, possessor, objects = self._bounds(head, floor)
        run_start = start
        ent = self._ent_of.get(head.i)
        if possessor is not None and not (ent is not None and possessor.i >= ent.start):
            # "Russia's parliament": the possessor is described on its own; inside
            # a name ("the People's Liberation Army") it is part of the name
            run_start = max(run_start, possessor.right_edge.i + 1)
        matches = self._matches(run_start, end)
        head_match = next((m for m in matches if m.start <= head.i < m.end), None)
        if head_match is None:
            return None
        before = [m for m in matches if m.end <= head_match.start]
        extras = [d for d in (self._describe(o) for o in objects if o.i >= head_match.end) if d is not None]
        owner_poss = self._possessor(possessor) if possessor is not None else None
        found = self._combine(head, head_match, before, extras, owner_poss)
        if found is None:
            return None
        country, sector, name = found
        return _Desc(country, sector, name, head_match.entry.kind, start, end)

    def _possessor(self, token: Token) -> _Desc | None:
        """What the possessor of a phrase is: a person (also via a pronoun) or a
        country or organisation ("Russia's", "NATO's", "his")."""
        if token.i in self._person_at or token.lower_ in self.tables.pronouns:
            ref = self.resolve_token(token)
            if ref is None:
                return None
            return _Desc(ref.country, ref.sector, ref.name, PERSON, token.i, token.i + 1)
        return self._describe(token)

    def _owner_country(self, before: list[_Match]) -> str | None:
        """The country a phrase's modifiers assign ("Russian", "U.S.", "Moscow's").

        A country followed by a patronage word ("Iran-backed") or preceded by a
        stance word ("pro-Iranian", "anti-Syria") is a sponsor or a target, not
        the owner; after "ethnic" it names a people, not a state.
        """
        for n, m in enumerate(before):
            if m.entry.kind not in COUNTRY_KINDS or m.entry.country is None:
                continue
            after = before[n + 1] if n + 1 < len(before) else None
            prior = before[n - 1] if n > 0 else None
            if after is not None and after.entry.role == "patron" and after.start - m.end <= 1:
                continue
            if prior is not None and prior.entry.role == "stance" and m.start - prior.end <= 1:
                continue
            if prior is not None and prior.entry.role == "kin" and m.start == prior.end:
                continue
            return m.entry.country
        return None

    def _prep_country(self, head: Token, preps: frozenset[str], places_only: bool) -> str | None:
        """The country of a place or origin phrase on the head ("rebels in Darfur",
        "doctors from two American aid groups")."""
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in preps:
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is None:
                    continue
                desc = self._describe(obj)
                if desc is not None and desc.country and (desc.kind in COUNTRY_KINDS or not places_only):
                    return desc.country
        return None

    def _combine(
        self, head: Token, head_match: _Match, before: list[_Match], extras: list[_Desc], poss: _Desc | None
    ) -> tuple[str | None, str | None, str | None] | None:
        """Country, sector and name of a phrase from its head and its modifiers."""
        entry = head_match.entry
        if entry.kind == BLOCK:
            return None
        if entry.kind == MULTINATIONAL:
            # "Central Asia", "the Baltic states": the region, by name
            return None if entry.role == DEMONYM else (None, self._modified_sector(head), entry.name)
        if entry.kind == ROLE and entry.role == COLLECTIVE_ROLE:
            # "the Central Asian republics", "nations of West Africa": the region they make up
            region = next((m.entry.name for m in reversed(before) if m.entry.kind == MULTINATIONAL), None)
            region = region or next((d.name for d in extras if d.kind == MULTINATIONAL), None)
            return (None, None, region) if region else None
        if entry.kind in COUNTRY_KINDS:
            if before and before[-1].entry.role == "kin" and before[-1].end == head_match.start:
                # "ethnic Albanians": a people, who may live in any state; as a
                # group of people they are civilians unless a role word says more,
                # of the country a place phrase puts them in ("in south Serbia")
                where = self._prep_country(head, LOCATION_PREPS, places_only=True)
                return where, self._modified_sector(head) or before[-1].entry.sector, None
            return entry.country, entry.sector or self._modified_sector(head), None
        eli = any(m.entry.role == "eli" for m in before)
        owner = self._owner_country(before)
        country: str | None
        sector: str | None
        name: str | None = None
        if entry.kind == PERSON:
            country, sector, name = entry.country, entry.sector, entry.name
        elif entry.kind in ORG_KINDS:
            country, sector, name = entry.country, entry.sector, entry.name
            if entry.kind == IGO:
                # "UN" in "UN peacekeepers" stands for the peacekeepers' side
                sector = self._modified_sector(head) or sector
            if owner is not None and entry.kind != IGO and (entry.override or entry.country is None):
                if owner != entry.country:
                    name = None
                country = owner
            if country is None:
                country = (poss.country if poss else None) or next(
                    (d.country for d in extras if d.country), None
                )
        elif entry.kind == ROLE and entry.role == "counterpart":
            country = (
                owner
                or next((m.entry.country for m in reversed(before) if m.entry.kind in ORG_KINDS), None)
                or next((d.country for d in extras if d.country), None)
            )
            sector = poss.sector if poss is not None and poss.kind == PERSON else None
        elif entry.kind == ROLE and entry.role in HEAD_ROLES:
            if entry.role == "abstract" and self._abstract_use(head):
                return None
            sector = entry.sector
            lent = self._lent_sector(entry, before, extras, poss)
            if entry.inherit and lent is not None and not (lent == "GOV" and entry.sector):
                sector = lent
            country = (
                owner
                or next(
                    (m.entry.country for m in reversed(before) if m.entry.kind in ORG_KINDS | {PERSON}), None
                )
                or (poss.country if poss else None)
                or next((d.country for d in extras if d.country), None)
            )
            if country is None:
                country = self._prep_country(head, ORIGIN_PREPS, places_only=False)
            if country is None and sector in self.tables.located_sectors:
                country = self._prep_country(head, LOCATION_PREPS, places_only=True)
        else:
            return None
        if eli and sector in self.tables.state_sectors:
            sector = "ELI"
        if country is None and sector is None:
            return None
        return country, sector, name

    def _modified_sector(self, token: Token) -> str | None:
        """The sector of the role noun a nationality modifies: "Hungarian" in
        "Hungarian and Romanian officials" is the Hungarian government's side."""
        noun = token
        for _ in range(4):
            if noun.dep_ in MODIFIER_DEPS or (noun.dep_ == "conj" and noun.head.dep_ in MODIFIER_DEPS):
                noun = noun.head
            else:
                break
        if noun == token or noun.pos_ not in {"NOUN", "PROPN"}:
            return None
        desc = self._describe(noun)
        if desc is None or desc.kind not in (ROLE, INSTITUTION):
            return None
        return desc.sector

    @staticmethod
    def _abstract_use(head: Token) -> bool:
        """True when a word like "opposition" means a stance, not a body of people:
        "its opposition", "opposition to the plan"."""
        if any(c.dep_ == "poss" and c.lower_ == "its" for c in head.children):
            return True
        return any(c.dep_ == "prep" and c.lower_ in ABSTRACT_PREPS for c in head.children)

    def _lent_sector(
        self, entry: Entry, before: list[_Match], extras: list[_Desc], poss: _Desc | None
    ) -> str | None:
        """The sector an organisation or role beside a role word lends it.

        "Pentagon officials" are MIL, "rebel leaders" REB, "members of Congress"
        LEG. A non-state group beats other modifiers ("Taliban religious
        faction" is REB). International organisations lend none: their staff
        are not what the body is ("NATO officials" are not soldiers). An "of"
        phrase does not change a role that has its own sector ("workers of the
        bus company" stay labour).
        """
        lenders = [
            m.entry
            for m in before
            if m.entry.sector
            and (
                m.entry.kind in (INSTITUTION, GROUP)
                or (m.entry.kind == ROLE and m.entry.role in {"role", "title", "modifier", "abstract"})
            )
        ]
        groups = [e for e in lenders if e.kind == GROUP]
        if groups:
            return groups[-1].sector
        if lenders:
            return lenders[-1].sector
        if poss is not None and poss.sector and poss.kind != IGO:
            return poss.sector
        if entry.sector in self.tables.own_sectors:
            return None
        for d in extras:
            if d.sector and d.kind != IGO:
                return d.sector
        return None

    # ------------------------------------------------------------- pronouns

    def _resolve_pronoun(self, token: Token, kind: str) -> ActorRef | None:
        if kind == "relative":
            verb = token.head
            if verb.dep_ == "relcl" and verb.head.i < token.i:
                ref = self.resolve_token(verb.head)
                return None if ref is None else ActorRef(ref.name, ref.country, ref.sector, token.text)
            return None
        if kind == "collective":
            ref = self._antecedent_collective(token)
        elif kind == "person":
            ref = self._antecedent_person(token)
        else:
            ref = self._antecedent_plural(token)
        return None if ref is None else ActorRef(ref.name, ref.country, ref.sector, token.text)

    def _antecedent_collective(self, token: Token) -> ActorRef | None:
        """it/its: the nearest singular subject or possessor before it in the same
        sentence that is a country, government or organisation ("Syria says it
        will not accept ...", "Russia's annexation of Crimea and its intervention")."""
        sentence = self._sentence(token)
        earlier = [t for t in sentence if t.i < token.i and (t.dep_ in SUBJECT_DEPS or t.dep_ == "poss")]
        for subject in reversed(earlier):
            if (
                subject.pos_ not in {"PROPN", "NOUN"}
                or self._is_plural(subject)
                or subject.i in self._person_at
            ):
                continue
            ref = self.resolve_token(subject)
            if ref is not None and ref.country is not None:
                return ref
        return None

    def _sentence(self, token: Token) -> Span:
        n = self._sent_of[token.i]
        return self.doc[self._sent_start[n] : self._sent_end[n]]

    def _sentence_subjects(self, token: Token) -> list[Token]:
        return [t for t in self._sentence(token) if t.i < token.i and t.dep_ in SUBJECT_DEPS]

    def _is_person_mention(self, token: Token) -> bool:
        return token.i in self._person_at or self.tables.pronouns.get(token.lower_) == "person"

    def _antecedent_person(self, token: Token) -> ActorRef | None:
        """he/she/his/her: the person it most likely refers to, or None.

        In the pronoun's own sentence, the first subject before it that is a
        person (or itself a person pronoun); a pronoun in a clause fronted before
        a person subject ("Speaking to reporters traveling with him, Milley said")
        refers to that subject. Otherwise the sentences before it are read
        backwards, a few at most; in the nearest one that names a person, a
        person subject wins over other mentions, else the last person named.
        """
        root = self._sentence(token).root
        main_subject = next((c for c in root.children if c.dep_ in SUBJECT_DEPS), None)
        if main_subject is not None and main_subject.i > token.i and main_subject.i in self._person_at:
            fronted = next((c for c in root.children if c.i < main_subject.i and token in c.subtree), None)
            if fronted is not None and fronted.dep_ in {"advcl", "prep", "npadvmod"}:
                return self.resolve_token(main_subject)
        for subject in self._sentence_subjects(token):
            if self._is_person_mention(subject):
                return self.resolve_token(subject)
        here = self._sent_of[token.i]
        for sent_index in range(here, max(-1, here - PERSON_PRONOUN_WINDOW - 1), -1):
            candidates = self._person_candidates(sent_index, token.i)
            if not candidates:
                continue
            subjects = [t for t in candidates if t.dep_ in SUBJECT_DEPS]
            return self.resolve_token(subjects[0] if subjects else candidates[-1])
        return None

    def _person_candidates(self, sent_index: int, before: int) -> list[Token]:
        """Person mentions (names and person pronouns) of one sentence before a token,
        one token per mention (its root)."""
        found: list[Token] = []
        for i in range(self._sent_start[sent_index], min(before, self._sent_end[sent_index])):
            token = self.doc[i]
            if i in self._person_at:
                start, end = self._mention_span.get(i, (i, i + 1))
                if token.head == token or not start <= token.head.i < end:
                    found.append(token)
            elif self.tables.pronouns.get(token.lower_) == "person" and token.pos_ == "PRON":
                found.append(token)
        return found

    def _antecedent_plural(self, token: Token) -> ActorRef | None:
        """they/them/their: a plural subject of the same sentence before it, else the
        most recent plural noun phrase that resolves (within two sentences)."""
        for subject in self._sentence_subjects(token):
            if self._is_plural(subject):
                ref = self.resolve_token(subject)
                if ref is not None:
                    return ref
        limit = self._sent_of[token.i] - PLURAL_PRONOUN_WINDOW
        for i in range(token.i - 1, -1, -1):
            if self._sent_of[i] < limit:
                break
            candidate = self.doc[i]
            if candidate.dep_ in {"compound", "amod"} or not self._is_plural(candidate):
                continue
            ref = self.resolve_token(candidate)
            if ref is not None:
                return ref
        return None

    @staticmethod
    def _is_plural(token: Token) -> bool:
        if token.pos_ not in {"NOUN", "PROPN"}:
            return False
        return token.tag_ in {"NNS", "NNPS"} or any(c.dep_ == "conj" for c in token.children)

    # ------------------------------------------------------------- people

    def _read_people(self) -> None:
        """Find every person mention, group mentions by person, and learn from
        each mention, in reading order, what the article says of them."""
        spans = self._name_spans()
        by_key: dict[str, int] = {}
        mentions: list[tuple[int, int, int]] = []
        for s, e in spans:
            words = self._name_words(s, e)
            if len(words) < 2:
                continue
            key = f"{words[0]} {words[-1]}"
            if key not in by_key:
                by_key[key] = len(self._persons)
                name = self._clean_name(s, e)
                self._persons.append(_Person(name=name, surname=words[-1], first=words[0]))
            self._persons[by_key[key]].mentions.append((s, e))
            mentions.append((s, e, by_key[key]))
        for s, e in spans:
            words = self._name_words(s, e)
            if len(words) != 1:
                continue
            person = self._person_for_short(words[0], s)
            if person is None:
                person = by_key.setdefault(words[0], len(self._persons))
                if person == len(self._persons):
                    self._persons.append(_Person(name=self._clean_name(s, e), surname=words[0], first=""))
            self._persons[person].mentions.append((s, e))
            mentions.append((s, e, person))
        mentions.sort()
        for s, e, person in mentions:
            self._register(person, s, e)
        for s, e, person in mentions:
            country, sector = self._describe_person(s, e)
            self._persons[person].learn(country, sector)
        for record in self._persons:
            self._from_table(record)

    def _name_words(self, start: int, end: int) -> list[str]:
        words = normalise(self.doc[start:end].text).split()
        while words and words[-1] in NAME_SUFFIXES:
            words.pop()
        if words and all(w in NAME_PARTICLES for w in words[:-1]):
            return words[-1:]
        return words

    def _clean_name(self, start: int, end: int) -> str:
        return _POSSESSIVE_END.sub("", self.doc[start:end].text.translate(_QUOTES)).strip()

    def _name_spans(self) -> list[tuple[int, int]]:
        """Spans of person names: PERSON entities without their titles, and runs of
        proper nouns that the people table or a name seen elsewhere identifies
        (the small model tags "Trump" ORG and misses many bare surnames)."""
        spans: list[tuple[int, int]] = []
        taken: set[int] = set()
        for ent in self.doc.ents:
            if ent.label_ != "PERSON":
                continue
            span = self._trim_name(ent.start, ent.end)
            if span is not None:
                spans.append(span)
                taken.update(range(*span))
        surnames = {words[-1] for s, e in spans if (words := self._name_words(s, e))}
        i = 0
        while i < len(self.doc):
            if i in taken or self.doc[i].pos_ != "PROPN":
                i += 1
                continue
            j = i
            while j < len(self.doc) and j not in taken and self.doc[j].pos_ == "PROPN":
                j += 1
            spans.extend(self._people_in_run(i, j, surnames))
            i = j
        return sorted(set(spans))

    def _people_in_run(self, start: int, end: int, surnames: set[str]) -> list[tuple[int, int]]:
        """Names inside a run of proper nouns: people the table knows, surnames
        of people named elsewhere, and unknown names right after a title
        ("Vice-President Moody Awori" tagged ORG)."""
        matches = self._matches(start, end)
        found = [(m.start, m.end) for m in matches if m.entry.kind == PERSON]
        matched = {i for m in matches for i in range(m.start, m.end)}
        for m in matches:
            if m.entry.kind != ROLE or m.entry.role not in TITLE_ROLES:
                continue
            j = m.end
            while j < end and j not in matched and self.doc[j].text[:1].isupper():
                j += 1
            if j > m.end:
                found.append((m.end, j))
        covered = {i for s, e in found for i in range(s, e)}
        for i in range(start, end):
            if i in covered or normalise(self.doc[i].text) not in surnames:
                continue
            entry = self._lookup(i, i + 1)
            if entry is None or entry.kind == PERSON:
                found.append((i, i + 1))
        return found

    def _trim_name(self, start: int, end: int) -> tuple[int, int] | None:
        """Drop titles, nationalities and organisations the NER left inside a name
        ("Gen. Mark Milley", "Donald Trump's"); None when no name is left."""
        while end > start and (self.doc[end - 1].is_punct or self.doc[end - 1].tag_ == "POS"):
            end -= 1
        for m in self._matches(start, end):
            if m.start != start or m.entry.kind == PERSON:
                break
            start = m.end
        while start < end and (self.doc[start].is_punct or self.doc[start].pos_ == "DET"):
            start += 1
        if start >= end or not any(t.text[:1].isupper() for t in self.doc[start:end]):
            return None
        return start, end

    def _person_for_short(self, word: str, at: int) -> int | None:
        """The person a one-word mention names.

        By surname: the nearest such person named before it, else the first named
        after it (headlines come before the full name). Failing that, by a given
        name, since East Asian names put the family name first ("Li" for "Li
        Zuocheng").
        """
        for attribute in ("surname", "first"):
            candidates = [n for n, p in enumerate(self._persons) if p.first and getattr(p, attribute) == word]
            if not candidates:
                continue
            earlier = [
                (max(s for s, _ in self._persons[n].mentions if s < at), n)
                for n in candidates
                if any(s < at for s, _ in self._persons[n].mentions)
            ]
            if earlier:
                return max(earlier)[1]
            return min((min(s for s, _ in self._persons[n].mentions), n) for n in candidates)[1]
        return None

    def _register(self, person: int, start: int, end: int) -> None:
        """Record a mention; title words before the name resolve to the person too,
        except nationalities, organisations and pronouns ("his" in "his Russian
        counterpart Gen. X" is someone else)."""
        left = self._title_run_start(start, end)
        self._title_start[start] = left
        titles = {
            i for m in self._matches(left, start) if m.entry.kind == ROLE for i in range(m.start, m.end)
        }
        for i in [*sorted(titles), *range(start, end)]:
            self._person_at.setdefault(i, person)
            self._mention_span.setdefault(i, (left, end))

    def _root(self, start: int, end: int) -> Token:
        for token in self.doc[start:end]:
            if not start <= token.head.i < end or token.head == token:
                return token
        return self.doc[end - 1]

    def _title_run_start(self, start: int, end: int) -> int:
        """Start of the words before a name that belong to its phrase ("U.S. Defense
        Secretary" in "U.S. Defense Secretary Lloyd Austin", "his Russian
        counterpart" when no comma sets it off)."""
        root = self._root(start, end)
        subtree = {t.i for t in root.subtree}
        left = start
        while left - 1 >= 0:
            token = self.doc[left - 1]
            if left - 1 not in subtree or left - 1 in self._person_at:
                break
            if token.is_punct and token.text not in {".", "-", "'"}:
                break
            if token.pos_ in {"AUX", "CCONJ", "ADP"} or (token.pos_ == "VERB" and token.dep_ != "amod"):
                break
            if token.pos_ == "PRON" and token.dep_ != "poss":
                break
            if token.dep_ in {"appos", "conj", "cc", "relcl", "acl", "prep"}:
                break
            left -= 1
        return left

    def _describe_person(self, start: int, end: int) -> tuple[str | None, str | None]:
        """Country and sector the article gives one mention of a person.

        Sources, first found first used: the title words before the name; an
        apposition, either way round; a role noun the parser made the name a
        compound of ("Gerasimov chief of ..."); a role phrase right after the
        name or set off by a comma right before it; an "of" phrase on the name.
        A role phrase so linked resolves to the person from then on.
        """
        doc = self.doc
        root = self._root(start, end)
        person = self._person_at.get(start)
        descs: list[_Desc] = []
        left = self._title_start.get(start, start)
        if left < start:
            desc = self._describe_run(left, start)
            if desc is not None:
                descs.append(desc)
        linked: list[Token] = [c for c in root.children if c.dep_ == "appos" and c.i >= end]
        if root.dep_ == "appos" or (root.dep_ == "compound" and root.head.i >= end):
            linked.append(root.head)
        after = end + 1 if end < len(doc) and doc[end].text == "," else end
        if after < len(doc) and doc[after].pos_ in {"NOUN", "PROPN"}:
            linked.append(doc[after])
        comma = left - 1
        if comma >= 1 and doc[comma].text == "," and doc[comma - 1].pos_ == "NOUN":
            linked.append(doc[comma - 1])
        seen: set[int] = set()
        for head in linked:
            if head.i in seen or (head.i in self._person_at and self._person_at[head.i] != person):
                continue
            seen.add(head.i)
            desc = self._describe(head, end if head.i >= end else 0)
            if desc is None or desc.kind not in {ROLE, INSTITUTION, IGO, GROUP}:
                continue
            descs.append(desc)
            if person is not None:
                self._person_at.setdefault(head.i, person)
                self._mention_span.setdefault(head.i, (desc.start, desc.end))
        for child in root.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                desc = self._describe(obj) if obj is not None else None
                if desc is not None and desc.kind in ORG_KINDS | COUNTRY_KINDS:
                    descs.append(desc)
        country = next((d.country for d in descs if d.country), None)
        sector = next((d.sector for d in descs if d.sector), None)
        return country, sector

    def _describe_run(self, start: int, end: int) -> _Desc | None:
        """Describe title words before a name: their last role or organisation is
        the head, the rest modify it ("Army Gen." → MIL, "Russian Defense
        Minister" → RUS/GOV, "his Russian counterpart" → RUS and his sector)."""
        matches = self._matches(start, end)
        heads = [
            m
            for m in matches
            if m.entry.kind in ORG_KINDS
            or (m.entry.kind == ROLE and m.entry.role in HEAD_ROLES | TITLE_ROLES)
        ]
        if not heads:
            owner = self._owner_country(matches)
            return None if owner is None else _Desc(owner, None, None, COUNTRY, start, end)
        head_match = heads[-1]
        entry = head_match.entry
        if entry.kind == ROLE and entry.role == "prefix":
            entry = dataclasses.replace(entry, role="title")
        before = [m for m in matches if m.end <= head_match.start]
        poss_token = next((t for t in self.doc[start : head_match.start] if t.dep_ == "poss"), None)
        poss = self._possessor(poss_token) if poss_token is not None else None
        head = self.doc[head_match.start]
        found = self._combine(head, dataclasses.replace(head_match, entry=entry), before, [], poss)
        if found is None:
            return None
        return _Desc(found[0], found[1], None, ROLE, start, end)

    def _from_table(self, person: _Person) -> None:
        """Fill what the article left open from the people table (a fallback) and
        give a bare surname its full name when the table knows it uniquely."""
        entry: Entry | None = None
        for s, e in person.mentions:
            text = self.doc[s:e].text
            candidate = _first_entry(self.tables, normalise(text), text)
            if candidate is not None and candidate.kind == PERSON:
                entry = candidate
                if len(self._name_words(s, e)) >= 2:
                    break
        if entry is None:
            return
        if entry.name and not person.first:
            person.name = entry.name
        person.learn(entry.country, entry.sector)
