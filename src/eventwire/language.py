"""The language a text is written in, as an ISO 639-1 code, from one sentence up.

The coder reads English only, so every other article is skipped, and the skip
must be right even for a one-sentence corpus record. The identifier is
py3langid (naive Bayes over byte n-grams; its model ships inside the wheel, so
it works offline), restricted to the languages of its model that have a
two-letter ISO 639-1 code: left unrestricted it can answer codes such as
``pcm`` (Nigerian Pidgin) for English news from Lagos, which is neither a
two-letter code nor a reason to skip an English article.

Why py3langid and not lingua-language-detector (both work on single sentences
and ship their models), measured on the 322 PLOVER gold sentences (short English
news sentences) and on the first sentence and whole body of the 181
article-extraction pages (161 English, 20 in eight other languages), see
docs/languages.md: both name all 322 sentences and all 20 foreign first
sentences right (lingua in its low-accuracy mode; its high-accuracy mode is no
better here and holds ~0.9 GB), py3langid is five times faster per sentence,
its wheel is 4.6 MB against lingua's 96 MB, and it already rests on numpy,
which spaCy brings.
"""

from __future__ import annotations

import functools
import re
from typing import Any

# A text with no letter in any script has no language to name.
_LETTER = re.compile(r"[^\W\d_]")


def has_letters(text: str) -> bool:
    """True when the text holds at least one letter of some script."""
    return _LETTER.search(text) is not None


@functools.cache
def _identifier() -> Any:
    """Load the model once per process (about half a second, ~100 MB)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages([code for code in identifier.labels if len(code) == 2])
    return identifier


def identify_language(text: str) -> tuple[str, float]:
    """Return (ISO 639-1 code, probability) of the most likely language of ``text``.

    Call only on text with letters (see ``has_letters``): without any, every
    language is equally likely and the answer means nothing.
    """
    code, probability = _identifier().classify(text)
    return str(code), float(probability)
