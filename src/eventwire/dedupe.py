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
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np

from eventwire.records import Article

if TYPE_CHECKING:
    from datasketch import MinHash

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
    from datasketch import MinHash  # imported when first needed: it pulls in SciPy (half a second)

    words = _WORD.findall(body.lower())
    shingles = {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(max(len(words) - SHINGLE_WORDS + 1, 1))}
    minhash = MinHash(num_perm=NUM_PERMUTATIONS)
    minhash.update_batch([s.encode() for s in shingles])
    return minhash


# Locality-sensitive hashing: the signature cut into BANDS bands of
# ROWS_PER_BAND values; two articles are compared only when a band is equal.
# With 16 bands of 4, a pair at Jaccard 0.8 shares a band with probability
# 1 - (1 - 0.8**4)**16 > 0.999, while a pair at 0.3 does so with 0.12: copies
# are all found, and few strangers need the exact comparison.
BANDS = 16
ROWS_PER_BAND = NUM_PERMUTATIONS // BANDS


@dataclass(frozen=True)
class Signature:
    """What finding an article's copies needs of it, small enough to store with it."""

    fingerprint: str
    content_key: str
    values: bytes  # the MinHash values, little-endian unsigned 64-bit

    @classmethod
    def of(cls, article: Article) -> Signature:
        """The signature of an article's body."""
        values = np.asarray(signature(article.body).hashvalues, dtype="<u8").tobytes()
        return cls(fingerprint(article.body), content_key(article), values)

    def bands(self) -> list[str]:
        """The band keys under which this article is indexed and looked up."""
        width = ROWS_PER_BAND * 8
        return [
            f"{i}:{hashlib.blake2b(self.values[i * width : (i + 1) * width], digest_size=8).hexdigest()}"
            for i in range(BANDS)
        ]

    def similarity(self, other: Signature) -> float:
        """The estimated Jaccard similarity of the two bodies' shingles."""
        mine = np.frombuffer(self.values, dtype="<u8")
        theirs = np.frombuffer(other.values, dtype="<u8")
        return float(np.count_nonzero(mine == theirs)) / len(mine)


class SignatureIndex(Protocol):
    """Where signatures are kept: in memory (``MemorySignatures``) or in the store."""

    def get_signature(self, article_id: str) -> Signature | None:
        """The signature of an article, or None when it is not indexed."""
        ...

    def put_signature(self, article_id: str, signature: Signature) -> None:
        """Index an article's signature (again: replaces it)."""
        ...

    def near_signatures(self, signature: Signature) -> dict[str, Signature]:
        """Indexed articles sharing a band or the fingerprint with ``signature``."""
        ...


class MemorySignatures:
    """A signature index held in memory, for a run without a store."""

    def __init__(self) -> None:
        self.signatures: dict[str, Signature] = {}
        self.by_key: dict[str, set[str]] = defaultdict(set)

    def get_signature(self, article_id: str) -> Signature | None:
        """The signature of an article, or None when it is not indexed."""
        return self.signatures.get(article_id)

    def put_signature(self, article_id: str, signature: Signature) -> None:
        """Index an article's signature."""
        self.signatures[article_id] = signature
        for key in (*signature.bands(), f"f:{signature.fingerprint}"):
            self.by_key[key].add(article_id)

    def near_signatures(self, signature: Signature) -> dict[str, Signature]:
        """Indexed articles sharing a band or the fingerprint with ``signature``."""
        found: set[str] = set()
        for key in (*signature.bands(), f"f:{signature.fingerprint}"):
            found |= self.by_key.get(key, set())
        return {article_id: self.signatures[article_id] for article_id in found}


class DuplicateFinder:
    """Remembers articles and names, for each, the earlier copy it duplicates.

    The signatures live in an index: in memory by default, or the store's
    (``Store.signatures``), so that a run looks copies up among the stored
    articles without loading them.
    """

    def __init__(self, index: SignatureIndex | None = None) -> None:
        self.index: SignatureIndex = index if index is not None else MemorySignatures()

    def add(self, article: Article) -> None:
        """Remember an article (once; adding it again changes nothing)."""
        if self.index.get_signature(article.id) is None:
            self.index.put_signature(article.id, Signature.of(article))

    def add_all(self, articles: Iterable[Article]) -> None:
        """Remember several articles."""
        for article in articles:
            self.add(article)

    def copies_of(self, article_id: str) -> set[str]:
        """The other remembered articles that are copies of the same story."""
        own = self._signature(article_id)
        return {
            other
            for other, theirs in self.index.near_signatures(own).items()
            if other != article_id
            and (theirs.fingerprint == own.fingerprint or theirs.similarity(own) >= NEAR_DUPLICATE_THRESHOLD)
        }

    def original_of(self, article_id: str) -> str | None:
        """The copy this article duplicates, or None when it comes first itself.

        Of the copies that come before it by content (``content_key``), the
        first; the id only separates copies whose content is the same.
        """
        own = (self._signature(article_id).content_key, article_id)
        earlier = [(self._signature(c).content_key, c) for c in self.copies_of(article_id)]
        earlier = [key for key in earlier if key < own]
        return min(earlier)[1] if earlier else None

    def _signature(self, article_id: str) -> Signature:
        found = self.index.get_signature(article_id)
        if found is None:
            raise KeyError(f"article {article_id} was never added")
        return found
