"""Mentions to events: one event, however many reports cite it.

Three jobs, one module each: ``evidence`` says whether two reports can tell
one happening (nothing rules it out) and what positively says they do (a named
party, both sides' countries, the same sentence, or parties described alike,
the place, the trigger sense, the counts and the sentence content — never type
and date alone); ``cluster`` groups the reports; ``build`` makes each group an
event with its sources, each source keeping its score and, in words, what
joined it (``eventwire explain`` shows both).

Nothing here depends on where the texts were read from or in which order:
mentions are clustered in an order fixed by their content (precise dates and
fully identified reports first, then the article's publication date and text,
see ``dedupe.content_key``), never by their ids, which include the source path.
Event ids are the hash of the group's smallest mention id, so re-running on the
same input gives the same ids.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from eventwire.dedupe import content_key
from eventwire.merge.build import build_event, contradicted_by_body, disagreements
from eventwire.merge.cluster import cluster_mentions, fit, order_key
from eventwire.merge.evidence import compatible, consistent, evidence, link_score, weak_mark
from eventwire.records import Article, Event, Mention

__all__ = [
    "build_event",
    "clear_caches",
    "cluster_mentions",
    "compatible",
    "consistent",
    "disagreements",
    "evidence",
    "fit",
    "link_score",
    "merge_mentions",
    "order_key",
    "weak_mark",
]

# the name the tests and older callers use
_order_key = order_key


def merge_mentions(
    mentions: Iterable[Mention],
    articles: Mapping[str, Article],
    copies: Mapping[str, str] | None = None,
    context: Iterable[Mention] = (),
) -> list[Event]:
    """Merge mentions into events, sorted by date, type and content for stable output.

    A photo caption may add a source to an event the body reports, but never
    creates an event the body of its article contradicts; ``context`` adds
    body mentions that are not merged here but may contradict a caption (when
    only part of the store is merged again). The result depends on the
    articles' content only, not on their ids, paths or input order.
    """
    mentions = list(mentions)
    body: dict[str, list[Mention]] = defaultdict(list)
    known: set[str] = set()
    for mention in (*mentions, *context):
        if not mention.in_caption and mention.id not in known:
            known.add(mention.id)
            body[mention.article_id].append(mention)
    keys = {article_id: content_key(article) for article_id, article in articles.items()}
    groups = [g for g in cluster_mentions(mentions, keys) if not contradicted_by_body(g, body)]
    built = [(build_event(group, articles, copies, keys), order_key(group[0], keys)) for group in groups]
    built.sort(key=lambda pair: (pair[0].date.start or "9999", pair[0].type, pair[0].status, pair[1]))
    return [event for event, _ in built]


def clear_caches() -> None:
    """Forget the sentences and party texts merging has taken apart.

    Comparing reports reads each sentence many times, so its words, trigrams and
    keys are cached (65,536 entries each). A run's reports and the stored events
    they meet are what repeats; clearing at the end of a run keeps a process that
    runs many (``StoreWriter`` in a long-lived caller) at the memory of one run.
    """
    from eventwire.merge.evidence import _description, _last_stem, content_words, shingles
    from eventwire.merge.keys import _sentence_keys

    for cached in (content_words, shingles, _description, _last_stem, _sentence_keys):
        cached.cache_clear()
