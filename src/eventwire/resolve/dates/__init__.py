"""Time expressions to date ranges, against the article's publication date.

An event record must say when it happened and why we think so (DESIGN.md:
``date.basis``), so this module never guesses silently. Each phrase goes
through, in order:

1. **Normalisation** (lower case, "Sept." -> "sept", "September22" ->
   "september 22", "twenty-four" -> "24", times of day dropped), so one pattern
   covers the spellings news copy uses.
2. **Our rules**: the regexes of ``data/dates/patterns.yaml``, filled with the
   word tables of ``data/dates/words.yaml`` and tried in file order against the
   whole phrase. Leading prepositions and approximations ("on", "over",
   "nearly", "early") are peeled off one at a time until a rule matches.
3. **Terms of office** for phrases such as "the final months of Donald Trump's
   presidency" (``data/dates/terms.csv``).
4. **Explicit dates inside a longer phrase** ("1994 or later" -> 1994).
5. **dateparser**, last, and only for phrases made of date words: it answers
   almost anything ("six hours" becomes a day) so it must not see the rest.

Choices that matter to users of the data (all documented in
``data/dates/README.md``):

- Explicit years and full dates have basis ``stated``; anything that needs the
  reference date (weekdays, "last week", "September 22" without a year) has
  basis ``relative`` and is None when no reference is given.
- A weekday in a past-tense sentence is the latest such day up to the
  reference, in a future-tense one the first from it on: the reference day
  itself counts (wire copy of a Thursday names that day "Thursday"); with no
  tense it is the nearest one.
- Months, seasons and quarters without a year follow the tense: past -> the
  latest one begun by the reference, future -> the first not yet over; with no
  tense the nearest one, distances into the dispreferred direction weighted by
  ``AWAY_FROM_PREFERENCE_WEIGHT``.
- Part-of-period words ("early September", "the end of 1990") keep the whole
  period: writers use them loosely, and a wrong narrow range does more harm
  downstream (event merging by overlap) than a wide right one.

The package is split by job: ``normalise`` (one spelling for every phrase),
``tables`` (loading the data files), ``calendar_math`` and ``choice`` (which
occurrence of a recurring date), ``handlers_named`` and ``handlers_relative``
(one handler per kind of expression), ``holidays`` (named days),
``matching`` (the order of attempts), ``terms`` (terms of office),
``anchors`` (expressions read against an earlier date of the article) and
``spans`` (the time expressions of a parsed article and how each sentence
uses them: house numbers, targets and period labels do not date events).
"""

from __future__ import annotations

import datetime as dt
import logging

from eventwire.records import DateRange
from eventwire.resolve.dates.anchors import anchor_of
from eventwire.resolve.dates.matching import MAX_TEXT_CHARS, _resolve_cached
from eventwire.resolve.dates.terms import narrow_to_part, resolve_term_range

logger = logging.getLogger(__name__)

__all__ = ["narrow_to_part", "resolve_date", "resolve_term_range"]


def resolve_date(
    text: str,
    reference: dt.date | None,
    *,
    prefer_past: bool = True,
    tense: str | None = None,
    anchor: DateRange | None = None,
) -> DateRange | None:
    """Resolve one time expression against the reference (publication) date.

    ``text`` is a spaCy DATE span or a phrase next to a trigger, possibly with a
    preposition ("on Wednesday", "over the last two years", "Sept. 22, 2021").
    ``tense`` ("past"/"future"/None) is the tense of the sentence: it decides
    which Wednesday or which July is meant; ``prefer_past`` breaks ties when
    there is no tense. Returns None when the text names no date we can place
    ("six hours", "daily", "the past"), and for relative expressions when there
    is no reference. ``anchor`` is the last date the article resolved before
    this phrase: anaphoric phrases ("the following year", "later that day",
    "two weeks later") are read against it instead of the reference (see
    ``anchors``). Never raises on odd input; results are cached.
    """
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT_CHARS:
        return None
    if isinstance(reference, dt.datetime):
        reference = reference.date()
    if reference is not None and not isinstance(reference, dt.date):
        logger.debug("resolve_date: ignoring a reference that is not a date: %r", reference)
        reference = None
    tense_key = tense if tense in ("past", "future") else None
    return _resolve_cached(text, reference, bool(prefer_past), tense_key, anchor_of(anchor))
