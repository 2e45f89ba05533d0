"""HTML pages: the article and what the page says of itself, through trafilatura.

trafilatura finds the body and the page's metadata: title, canonical URL, site
name, date and author. Comments are left out (they are readers' text, not the
article's). Captions the page marks up (``<figcaption>``) are kept apart from
the body, as in plain text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from eventwire.clean_text import TextRules, split_caption
from eventwire.errors import CleanError

# What trafilatura keeps of a page with no article (a menu, a cookie notice)
# is a handful of words; the shortest news briefs run to several sentences.
MIN_HTML_ARTICLE_WORDS = 20
# Scripts written without spaces between words: there a character, not a
# space-separated token, is the unit (two characters make a word on average).
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f\u0e80-\u0eff]")
_TOKEN = re.compile(r"[^\W_]+")


def text_size(text: str) -> int:
    """The length of a text in words, counting unspaced scripts (Chinese,
    Japanese, Thai, Lao) at two characters a word, so that a Japanese article
    is as long as its English translation would be."""
    unspaced = len(_UNSPACED.findall(text))
    spaced = len(_TOKEN.findall(_UNSPACED.sub(" ", text)))
    return spaced + (unspaced + 1) // 2


@dataclass
class Page:
    """What the extractor found in one page."""

    body: str
    title: str | None = None
    url: str | None = None
    sitename: str | None = None
    date: str | None = None
    author: str | None = None
    captions: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)


def _html_captions(html: str, rules: TextRules) -> tuple[list[str], list[str]]:
    """Captions and photo credits the page marks up (<figcaption>, credit classes)."""
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return [], []
    captions: list[str] = []
    credits: list[str] = []
    for node in root.iter("figcaption"):
        credit_nodes = [
            n for n in node.iter() if "credit" in (n.get("class") or "").lower() and n is not node
        ]
        for credit_node in credit_nodes:
            credit = " ".join(credit_node.text_content().split())
            if credit:
                credits.append(credit)
            credit_node.drop_tree()
        text = " ".join(node.text_content().split())
        split = split_caption(text, rules)
        if split is not None:
            text = split[0]
            credits.append(split[1])
        if text:
            captions.append(text)
    return captions, credits


def extract_page(html: str, rules: TextRules) -> Page:
    """The article of a page; raises CleanError when the page holds none."""
    import trafilatura

    document = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        raise CleanError("no article text found in the page")
    captions, credits = _html_captions(html, rules)
    caption_set = {" ".join(c.split()) for c in captions}
    # a caption trafilatura also kept in the text is moved out of the body, not lost
    lines = [line for line in text.strip().splitlines() if " ".join(line.split()) not in caption_set]
    body = "\n".join(lines).strip()
    size = text_size(body)
    if size < MIN_HTML_ARTICLE_WORDS:
        raise CleanError(f"no article text found in the page (only {size} words left)")
    return Page(
        body=body,
        title=getattr(document, "title", None),
        url=getattr(document, "url", None),
        sitename=getattr(document, "sitename", None),
        date=getattr(document, "date", None),
        author=getattr(document, "author", None),
        captions=captions,
        credits=credits,
    )
