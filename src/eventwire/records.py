"""The records that travel between the stages of the flow.

Every stage boundary has one frozen dataclass here, holding only plain data
(str, int, float, bool, None, list, dict and other records), so that the same
object maps onto a SQLite row, a JSONL line and an Arrow block. The spaCy ``Doc``
is never part of a record.

    Source      what a reader found: raw text plus what the container said of it
    Article     the cleaned article with its metadata
    ActorRef    one resolved actor (name, country, sector, surface text)
    DateRange   a resolved date: start, end, granularity, text, basis
    Place       a resolved place
    Mention     one report of one event in one sentence (with its evidence)
    Event       one merged event with all the reports that cite it
    ErrorRecord one document that could not be read or processed, with a reason
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

Status = Literal["occurred", "future", "hypothetical", "negated"]
Granularity = Literal["day", "week", "month", "season", "year", "range", "decade", "unknown"]
DateBasis = Literal["stated", "relative", "publication", "none"]

T = TypeVar("T")


def _plain(value: Any) -> Any:
    """Turn nested records into dicts and tuples into lists, recursively."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class Record:
    """Mixin giving every record ``to_dict`` and ``from_dict``."""

    def to_dict(self) -> dict[str, Any]:
        """Return the record as plain, JSON-ready data."""
        result: dict[str, Any] = _plain(self)
        return result

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        """Build the record from ``to_dict`` output; unknown keys are ignored."""
        names = _field_names(cls)  # type: ignore[arg-type]
        return cls(**{k: v for k, v in data.items() if k in names})


@functools.cache
def _field_names(cls: type) -> frozenset[str]:
    """A record class's field names (asked for every stored record read back)."""
    return frozenset(f.name for f in dataclasses.fields(cls))


@dataclass(frozen=True)
class Source(Record):
    """One document as a reader found it, before any cleaning.

    ``origin`` is the path or URL it came from; ``line`` the line (JSONL) or row
    (CSV) number inside a corpus file. ``meta`` holds what the container stated
    about the document (title, published, url, outlet, id for corpora).
    """

    origin: str
    format: str
    text: str
    line: int | None = None
    meta: dict[str, str] = field(default_factory=dict)

    def where(self) -> str:
        """``origin[:line] [(id ...)]``: the record, as skip and error lines name it."""
        place = self.origin if self.line is None else f"{self.origin}:{self.line}"
        return f"{place} (id {self.meta['id']})" if self.meta.get("id") else place


@dataclass(frozen=True)
class ErrorRecord(Record):
    """A document that failed, with the stage and a one-line human reason."""

    origin: str
    stage: str
    reason: str
    line: int | None = None
    error_type: str = ""
    article_id: str | None = None

    def describe(self) -> str:
        """Return ``origin[:line] [(id ...)]: reason`` for logs and summaries."""
        where = self.origin if self.line is None else f"{self.origin}:{self.line}"
        if self.article_id:
            where += f" (id {self.article_id})"
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class Correction(Record):
    """A correction notice: its date (ISO, or None) and its text."""

    date: str | None
    text: str


@dataclass(frozen=True)
class Article(Record):
    """A cleaned article: body and metadata, the input of the NLP stage.

    ``body`` holds only article text. Captions are kept apart; for parsing they
    are appended after the body, separated by a blank line (see ``analysed_text``).
    ``source`` says where it came from: ``path`` (the file), ``line`` (the line
    or row of a corpus file, the record number in a feed or archive), ``url``
    and ``format``. ``language`` is an ISO 639-1 code. ``dropped_words`` counts
    the words cleaning dropped from the document, per reason (a furniture group,
    ``label``, ``repeated_line``, ``standfirst``...): what was moved to the
    title, captions, credits or corrections is not dropped.
    """

    id: str
    source: dict[str, Any]
    title: str | None
    outlet: str | None
    published: str | None
    body: str
    published_inferred: dict[str, str] | None = None
    byline: str | None = None
    captions: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    language: str | None = "en"
    errors: list[str] = field(default_factory=list)
    dropped_words: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Build an article from ``to_dict`` output."""
        data = dict(data)
        data["corrections"] = [
            c if isinstance(c, Correction) else Correction.from_dict(c) for c in data.get("corrections", [])
        ]
        return super().from_dict.__func__(cls, data)  # type: ignore[attr-defined,no-any-return]

    def analysed_text(self) -> str:
        """Body, then each caption, separated by blank lines: what the parser reads.

        Offsets in annotations and evidence point into this text; offsets below
        ``len(body)`` point into the body itself.
        """
        return "\n\n".join([self.body, *self.captions]) if self.captions else self.body


@dataclass(frozen=True)
class ActorRef(Record):
    """A resolved actor. Unknown parts stay None rather than guessed."""

    name: str | None
    country: str | None
    sector: str | None
    text: str


@dataclass(frozen=True)
class DateRange(Record):
    """A resolved date range with its granularity, source text and basis."""

    start: str | None
    end: str | None
    granularity: Granularity
    text: str | None
    basis: DateBasis


@dataclass(frozen=True)
class Place(Record):
    """A resolved place: ``kind`` is its precision, ``basis`` where it was found.

    ``basis`` is one code of ``data/places/bases.csv`` (``trigger``, ``sentence``,
    ``earlier``, ``dateline``, ``focus``, ``parties``; ``named`` for a name
    resolved on its own), so a user can keep only events placed from their own
    sentence, as ACLED users filter on geo precision. ``reason`` says in words
    why the resolver read the name as it did (population, qualifier, the
    article's other places).
    """

    text: str
    name: str | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    kind: str | None
    basis: str
    reason: str = ""


@dataclass(frozen=True)
class Size(Record):
    """Casualty and arrest counts stated for an event."""

    dead: int | None = None
    injured: int | None = None
    arrested: int | None = None


@dataclass(frozen=True)
class Mention(Record):
    """One report of one event: what one sentence of one article says.

    Offsets (``start``, ``end``, ``trigger``) are character offsets into the
    article's ``analysed_text()``. ``rule`` is the id of the lexicon entry that
    fired, so every coded event can be explained.
    """

    id: str
    article_id: str
    type: str
    mode: str | None
    status: Status
    historical: bool
    actor: list[ActorRef]
    recipient: list[ActorRef]
    date: DateRange
    place: Place | None
    size: Size | None
    confidence: float
    sentence: str
    start: int
    end: int
    trigger: list[int]
    in_caption: bool
    rule: str
    context: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Mention:
        """Build a mention from ``to_dict`` output, rebuilding nested records."""
        data = dict(data)
        data["actor"] = [ActorRef.from_dict(a) for a in data.get("actor", [])]
        data["recipient"] = [ActorRef.from_dict(a) for a in data.get("recipient", [])]
        data["date"] = DateRange.from_dict(data["date"])
        data["place"] = Place.from_dict(data["place"]) if data.get("place") else None
        data["size"] = Size.from_dict(data["size"]) if data.get("size") else None
        return super().from_dict.__func__(cls, data)  # type: ignore[attr-defined,no-any-return]


@dataclass(frozen=True)
class SourceRef(Record):
    """One report cited by a merged event (the ``sources`` list of the contract)."""

    article_id: str
    url: str | None
    outlet: str | None
    published: str | None
    sentence: str
    start: int
    end: int
    trigger: list[int]
    in_caption: bool
    mention_id: str
    rule: str
    # how well this report matched the event's first report (1.0 for that one),
    # and the features that decided it, in words
    merge_score: float = 1.0
    merge_reason: str = ""
    # the language the article was read in (ISO 639-1), as its record gives it
    language: str | None = None
    # the configuration that coded the article: settings, data files, eventwire
    # version (``pipeline.config_hash``); None for articles stored before it was kept
    coded_with: str | None = None


@dataclass(frozen=True)
class Disagreement(Record):
    """Sources of one event that report a field differently (a date, a place, a toll)."""

    field: str
    values: list[dict[str, Any]]


@dataclass(frozen=True)
class Event(Record):
    """One event, merged from every mention that reports it."""

    id: str
    type: str
    mode: str | None
    context: list[str]
    status: Status
    historical: bool
    actor: list[ActorRef]
    recipient: list[ActorRef]
    quad: str
    date: DateRange
    place: Place | None
    size: Size | None
    confidence: float
    sources: list[SourceRef]
    disagreements: list[Disagreement] = field(default_factory=list)

    def to_contract(self) -> dict[str, Any]:
        """Return the event as the public JSONL record of DESIGN.md."""
        data = self.to_dict()
        for source in data["sources"]:
            source.pop("mention_id", None)
            source.pop("rule", None)
        return data
