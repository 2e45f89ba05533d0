"""Code a text of our own as a one-article corpus would be: the helper the coder tests share."""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventwire.coder import code_article
from eventwire.records import Article, Mention

if TYPE_CHECKING:
    from spacy.language import Language


def code_text(nlp: Language, text: str, published: str | None) -> list[Mention]:
    """The mentions eventwire codes in ``text``, published at ``published``."""
    article = Article(
        id="t",
        source={"path": "t.txt", "format": "text"},
        title=None,
        outlet=None,
        published=published,
        body=text,
    )
    return code_article(article, nlp(article.analysed_text()))
