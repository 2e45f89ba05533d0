"""Exact and near-duplicate articles: wire copies republished by several outlets.

Every article gets a fingerprint (a hash of its normalised body) and a MinHash
signature over word 5-shingles. Two articles whose fingerprints are equal, or
whose estimated Jaccard similarity is at or above ``NEAR_DUPLICATE_THRESHOLD``,
are copies of one story. Of the copies, the one that comes first by content
(``content_key``: the earliest publication date, then its text) is the
original; the others are marked as duplicates of it. The articles stay in the
store and are still coded: a copy is a report too, but one that merging can
count once.

Which article is the original depends only on the articles, never on the order
in which they were read or on their ids (which include the source path): the
same texts from any folder, in any order, in one run or several, give the same
marks.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable

from datasketch import MinHash, MinHashLSH

from eventwire.records import Article

# Chosen so that the same wire story under two outlets' headers and furniture
# (measured: Jaccard 0.85-0.95 on 5-shingles) matches, while two different
# stories on one event (below 0.3) do not.
NEAR_DUPLICATE_THRESHOLD = 0.8
NUM_PERMUTATIONS = 64
SHINGLE_WORDS = 5
_WORD = re.compile(r"\w+")
# sorts after every ISO date: an article of unknown date comes after the dated ones
UNDATED = "~"


def fingerprint(body: str) -> str:
    """A hash of the body with case, punctuation and spacing folded."""
    words = _WORD.findall(body.lower())
    return hashlib.sha256(" ".join(words).encode()).hexdigest()[:16]


def content_key(article: Article) -> str:
    """A key that orders articles by what they say, never by where they were read.

    The publication date (or the start of the range it was inferred to), then
    a hash of the title, outlet, body and captions. Two articles share a key
    only when they are the same text published the same day, so anything
    ordered by it (the original of a set of copies, the report that anchors a
    merged event) comes out the same from any folder and input order.
    """
    published = article.published or (article.published_inferred or {}).get("start") or UNDATED
    text = json.dumps([article.title, article.outlet, article.body, article.captions], ensure_ascii=False)
    return f"{published}|{hashlib.sha256(text.encode()).hexdigest()[:16]}"


def signature(body: str) -> MinHash:
    """The MinHash signature of the body's word shingles."""
    words = _WORD.findall(body.lower())
    shingles = {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(max(len(words) - SHINGLE_WORDS + 1, 1))}
    minhash = MinHash(num_perm=NUM_PERMUTATIONS)
    minhash.update_batch([s.encode() for s in shingles])
    return minhash


class DuplicateFinder:
    """Remembers articles and names, for each, the earlier copy it duplicates."""

    def __init__(self) -> None:
        self.lsh = MinHashLSH(threshold=NEAR_DUPLICATE_THRESHOLD, num_perm=NUM_PERMUTATIONS)
        self.fingerprints: dict[str, str] = {}
        self.by_fingerprint: dict[str, set[str]] = {}
        self.signatures: dict[str, MinHash] = {}
        self.keys: dict[str, str] = {}

    def add(self, article: Article) -> None:
        """Remember an article (once; adding it again changes nothing)."""
        if article.id in self.signatures:
            return
        mark = fingerprint(article.body)
        minhash = signature(article.body)
        self.fingerprints[article.id] = mark
        self.by_fingerprint.setdefault(mark, set()).add(article.id)
        self.signatures[article.id] = minhash
        self.keys[article.id] = content_key(article)
        self.lsh.insert(article.id, minhash)

    def add_all(self, articles: Iterable[Article]) -> None:
        """Remember several articles (e.g. those already stored)."""
        for article in articles:
            self.add(article)

    def copies_of(self, article_id: str) -> set[str]:
        """The other remembered articles that are copies of the same story."""
        minhash = self.signatures[article_id]
        near = {
            other
            for other in self.lsh.query(minhash)
            if self.signatures[other].jaccard(minhash) >= NEAR_DUPLICATE_THRESHOLD
        }
        near |= self.by_fingerprint.get(self.fingerprints[article_id], set())
        near.discard(article_id)
        return near

    def original_of(self, article_id: str) -> str | None:
        """The copy this article duplicates, or None when it comes first itself.

        Of the copies that come before it by content (``content_key``), the
        first; the id only separates copies whose content is the same.
        """
        own = (self.keys[article_id], article_id)
        earlier = [(self.keys[c], c) for c in self.copies_of(article_id) if (self.keys[c], c) < own]
        return min(earlier)[1] if earlier else None
