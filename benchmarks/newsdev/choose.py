"""Which documents the news evaluation set annotates, and which split each is in.

The rule was fixed before any document was read in detail, and it never looks
at how eventwire does on a text (eventwire is not run here):

1. For every document of the three sets (texts as ``load.py`` defines them),
   count word-initial matches of two fixed keyword lists: ``POLITICAL``
   (conflict, crime and justice, protest, diplomacy, government) and
   ``NEGATIVE`` (disasters, accidents, disease, markets and the economy).
   A document is English when at least 15 % of its words are among
   ``ENGLISH_WORDS``.
2. The political pool of a set holds its English documents with at least 5
   political matches and more political than negative ones; the negative pool
   its English documents with at least 5 negative matches and at most 1
   political one.
3. Each pool is ordered by ``sha256("newsdev:<set>:<doc>")`` and the first
   ``TAKE[set]`` documents of each pool are chosen.
4. Split: the chosen documents of each set and pool, in the order of
   ``sha256("newsdev-split:<set>:<doc>")``, go dev, test, dev, test, ...
   so each set and pool is halved (an odd one left over goes to dev).
5. A chosen document is annotated from its first sentence to its 22nd (all
   of it when shorter).

    python benchmarks/newsdev/choose.py [--shared PATH]   # prints the chosen documents
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

from load import SETS, SHARED, SharedMissing, document_ids, document_text

POLITICAL = re.compile(
    r"\b(?:attack|bomb|kill|troop|soldier|army|armed forces|military|militant|rebel|insurgent|police"
    r"|arrest|detain|charged|court|judge|trial|prosecut|protest|demonstrat|riot|war|minister|president"
    r"|government|talks|negotiat|sanction|treaty|diplomat|ambassador|embass|summit|ceasefire|cease-fire"
    r"|accus|condemn|threat|hostage|invade|invasion|missile|weapon)",
    re.IGNORECASE,
)
NEGATIVE = re.compile(
    r"\b(?:earthquake|flood|storm|hurricane|tornado|wildfire|blaze|crash|accident|epidemic|outbreak|virus"
    r"|disease|stock|shares|profit|earnings|revenue|market|inflation|econom|prices|percent|interest rate"
    r"|quarter)",
    re.IGNORECASE,
)
ENGLISH_WORDS = frozenset(
    {
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "that",
        "for",
        "on",
        "with",
        "was",
        "as",
        "by",
        "it",
        "at",
        "from",
    }
)
# documents taken per set from (political pool, negative pool)
TAKE = {"timebank": (7, 2), "geowebnews": (7, 2), "article_extraction": (4, 2)}
FIRST_SENTENCES = 22


def _key(prefix: str, set_name: str, doc: str) -> str:
    return hashlib.sha256(f"{prefix}:{set_name}:{doc}".encode()).hexdigest()


def pools(set_name: str, shared: Path = SHARED) -> tuple[list[str], list[str]]:
    """(political, negative) document ids of one set, each in selection order."""
    political, negative = [], []
    for doc in document_ids(set_name, shared):
        text = document_text(set_name, doc, shared)
        words = re.findall(r"[A-Za-z']+", text.lower())
        if not words or sum(w in ENGLISH_WORDS for w in words) / len(words) < 0.15:
            continue
        p, n = len(POLITICAL.findall(text)), len(NEGATIVE.findall(text))
        if p >= 5 and p > n:
            political.append(doc)
        elif n >= 5 and p <= 1:
            negative.append(doc)
    return sorted(political, key=lambda d: _key("newsdev", set_name, d)), sorted(
        negative, key=lambda d: _key("newsdev", set_name, d)
    )


def chosen(shared: Path = SHARED) -> list[tuple[str, str, str, str]]:
    """(set, doc, pool, split) of every chosen document."""
    rows = []
    for set_name in SETS:
        for pool_name, pool, take in zip(
            ("political", "negative"), pools(set_name, shared), TAKE[set_name], strict=True
        ):
            picked = sorted(pool[:take], key=lambda doc: _key("newsdev-split", set_name, doc))
            rows += [
                (set_name, doc, pool_name, "dev" if i % 2 == 0 else "test") for i, doc in enumerate(picked)
            ]
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description="Print the chosen documents: set, doc, pool, split.")
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared folder (default ../shared)")
    args = parser.parse_args()
    try:
        rows = chosen(args.shared)
    except SharedMissing as missing:
        print(f"skipped: {missing}")
        return 0
    for row in rows:
        print("\t".join(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
