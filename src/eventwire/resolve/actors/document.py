"""``DocActors``: every reader of actors over one parsed article, in one object."""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventwire.resolve.actors.people import PeopleReader
from eventwire.resolve.actors.pronouns import PronounReader

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from eventwire.resolve.actors.tables import ActorTables


class DocActors(PeopleReader, PronounReader):
    """Actor resolution inside one parsed article (a spaCy Doc).

    Construction makes one pass over the people the article names: for each
    mention it reads the titles before the name ("U.S. Defense Secretary"),
    appositions ("..., chief of the Russian General Staff"), a role phrase set
    off by a comma before it ("his Russian counterpart, Gen. ..."), and an "of"
    phrase ("General Li Zuocheng of the People's Liberation Army"). What one
    mention says holds for every mention of the same person, so a later bare
    "Milley" is the US general. Everything else is resolved on request
    (``resolve_token``) and cached per token.
    """

    def __init__(self, doc: Doc, tables: ActorTables | None = None) -> None:
        super().__init__(doc, tables)
        self._read_people()
        # Answers given while the people were still being read may be incomplete.
        self._cache.clear()
        self._desc_cache.clear()
