"""What actor resolution knows about one parsed article: its sentences, entities and caches.

The readers of phrases, pronouns and people (``phrases``, ``pronouns``,
``people``) share this state; ``DocActors`` combines them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from eventwire.records import ActorRef
from eventwire.resolve.actors.tables import ActorTables, Entry, load_tables

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


@dataclass(frozen=True)
class TableMatch:
    """A table phrase found on tokens [start, end)."""

    start: int
    end: int
    entry: Entry


@dataclass(frozen=True)
class Description:
    """What one noun phrase says: its country, sector and name, and its extent."""

    country: str | None
    sector: str | None
    name: str | None
    kind: str
    start: int
    end: int


@dataclass
class NamedPerson:
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


class ArticleState(ABC):
    """The parsed article and the caches every reader of actors shares.

    ``resolve_token`` is the one way in: it expands a token to its phrase and
    asks the readers (``_describe`` for noun phrases, ``_resolve_pronoun`` for
    pronouns) what the phrase stands for; the people the article names are
    read once, when the article is first seen (see ``DocActors``).
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
        self._desc_cache: dict[tuple[int, int], Description | None] = {}
        self._in_progress: set[int] = set()
        self._persons: list[NamedPerson] = []
        self._person_at: dict[int, int] = {}
        self._mention_span: dict[int, tuple[int, int]] = {}
        self._title_start: dict[int, int] = {}

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

    def _person_ref(self, person: NamedPerson, text: str) -> ActorRef | None:
        """A named person is a party even when the article says nothing of their
        country or role: "Jamal Williams was arrested" is an arrest of someone
        an analyst can look up, and merging can match the name."""
        return ActorRef(person.name, person.country, person.sector, text)

    @abstractmethod
    def _describe(self, head: Token, floor: int = 0) -> Description | None:
        """What the noun phrase headed by ``head`` says (see ``PhraseReader``)."""

    @abstractmethod
    def _resolve_pronoun(self, token: Token, kind: str) -> ActorRef | None:
        """The actor a pronoun stands for (see ``PronounReader``)."""

    def _text(self, start: int, end: int) -> str:
        span = self.doc[start:end]
        while len(span) > 1 and (span[-1].is_punct or span[-1].tag_ == "POS"):
            span = span[:-1]
        return span.text
