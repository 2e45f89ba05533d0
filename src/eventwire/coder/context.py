"""What the coder knows about one article while it reads the sentences.

``CodingContext`` carries the article, its parse, the actor resolver, the
reference date and publication range, the places the article names without
doubt, and the mentions coded so far. The helpers here read the article's
dates; they are shared by the coder's modules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from eventwire.coder.coref import PronounSlot
from eventwire.records import Article, DateRange, Mention
from eventwire.resolve.actors import DocActors
from eventwire.resolve.places import ArticleContext, article_context

if TYPE_CHECKING:
    from spacy.tokens import Doc

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Entity labels of time expressions: no word inside one is a place or an event noun.
TIME_LABELS = frozenset({"DATE", "TIME"})


@dataclass(frozen=True)
class CodingContext:
    """What the coder knows about the article while reading its sentences."""

    article: Article
    doc: Doc
    actors: DocActors
    reference: dt.date | None
    publication: DateRange | None
    places: ArticleContext
    historical_days: int
    # mentions coded so far, in text order (read by event coreference)
    earlier: list[Mention] = field(default_factory=list)
    # mention id -> the parties it took from person pronouns (read by ``coref``)
    pronoun_slots: dict[str, list[PronounSlot]] = field(default_factory=dict)


def parse_day(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def publication_range(article: Article) -> tuple[dt.date | None, DateRange | None]:
    """Return the reference date for relative expressions and the publication range."""
    published = parse_day(article.published)
    if published is not None:
        iso = published.isoformat()
        return published, DateRange(iso, iso, "day", article.published, "publication")
    inferred = article.published_inferred or {}
    start, end = parse_day(inferred.get("start")), parse_day(inferred.get("end"))
    if end is not None:
        first = (start or end).isoformat()
        return end, DateRange(first, end.isoformat(), "range", None, "publication")
    return None, None


def place_context(doc: Doc, dateline: list[str] | None = None) -> ArticleContext:
    """What the article's place names say without doubt ("Georgia" says nothing).

    The dateline counts first, qualified ("LONDON, Ontario"): a wire story
    filed there means that London when its sentences say "London".
    """
    names = [*(dateline or [])[:1], *(ent.text for ent in doc.ents if ent.label_ in PLACE_LABELS)]
    return article_context(names)


def is_historical(date: DateRange, ctx: CodingContext) -> bool:
    end = parse_day(date.end)
    if end is None or ctx.reference is None:
        return False
    return (ctx.reference - end).days >= ctx.historical_days
