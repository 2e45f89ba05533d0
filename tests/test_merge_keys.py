"""Meeting keys never hide a merge: reports with evidence enough always share a key.

``merge.keys`` lets a report be compared only with groups sharing a key with
it; that is right only if every pair that ``evidence`` would join shares one.
Checked on generated reports built to overlap (few names, heads, places and
words) and on every pair of real reports coded from the gold articles.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.merge.evidence import evidence
from eventwire.merge.keys import meeting_keys
from eventwire.records import ActorRef, DateRange, Mention, Place
from tests.conftest import PROJECT

WORDS = ["police", "killed", "three", "Kabul", "protesters", "city", "the", "in", "said", "2", "bomb",
         "market", "officials", "Gaza", "army", "attack", "on", "Monday", "people", "a"]  # fmt: skip
NAMES = st.sampled_from([None, None, "Joe Biden", "Ali Khan"])
COUNTRIES = st.sampled_from([None, "USA", "AFG", "PSE"])
TEXTS = st.sampled_from(["police", "two gunmen", "a man", "local officials", "protesters"])


@st.composite
def refs(draw: st.DrawFn) -> ActorRef:
    name = draw(NAMES)
    return ActorRef(name, draw(COUNTRIES), draw(st.sampled_from([None, "GOV", "MIL"])), draw(TEXTS))


@st.composite
def places(draw: st.DrawFn) -> Place | None:
    if draw(st.booleans()):
        return None
    name = draw(st.sampled_from(["Kabul", "Gaza", "Afghanistan"]))
    return Place(
        text=name, name=name, country=draw(COUNTRIES), admin1=None, lat=None, lon=None,
        geonameid=draw(st.sampled_from([None, 1138958])), kind=draw(st.sampled_from(["city", "country"])),
        basis=draw(st.sampled_from(["trigger", "sentence", "dateline"])),
    )  # fmt: skip


@st.composite
def reports(draw: st.DrawFn, n: int) -> Mention:
    sentence = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=3, max_size=14)))
    day = f"2024-01-{draw(st.integers(min_value=1, max_value=3)):02d}"
    return Mention(
        id=f"m{n}", article_id=f"a{n}", type=draw(st.sampled_from(["ASSAULT", "CONSULT"])), mode=None,
        status="occurred", historical=False, actor=draw(st.lists(refs(), max_size=2)),
        recipient=draw(st.lists(refs(), max_size=2)),
        date=DateRange(day, day, "day", None, draw(st.sampled_from(["stated", "publication"]))),
        place=draw(places()), size=None, confidence=0.7, sentence=sentence, start=0, end=len(sentence),
        trigger=[0, 3], in_caption=False, rule=draw(st.sampled_from(["assault-kill", "consult-meet"])),
    )  # fmt: skip


def _shares_a_key(x: Mention, y: Mention) -> bool:
    kx, ky = meeting_keys(x), meeting_keys(y)
    return kx is None or ky is None or bool(kx & ky)


@given(reports(1), reports(2))
@settings(max_examples=2000, deadline=None)
def test_reports_with_evidence_enough_share_a_meeting_key(x: Mention, y: Mention) -> None:
    y = y if y.type == x.type else Mention.from_dict({**y.to_dict(), "type": x.type})
    if evidence(x, y).enough:
        assert _shares_a_key(x, y), evidence(x, y).describe()


@pytest.mark.slow
def test_every_real_pair_that_evidence_joins_shares_a_key(nlp: object) -> None:
    from eventwire.pipeline import RunStats, code_articles, iter_articles
    from eventwire.settings import Settings

    gold = sorted(str(p) for p in (PROJECT / "tests" / "gold" / "articles").iterdir())
    from eventwire.data_files import demo_paths

    stats = RunStats()
    articles = list(iter_articles([*gold, *demo_paths()], stats))
    mentions = [m for _a, ms in code_articles(articles, Settings(workers=1), stats) for m in ms]
    assert len(mentions) > 100
    joined = 0
    for x, y in itertools.combinations(mentions, 2):
        if x.type == y.type and evidence(x, y).enough:
            joined += 1
            assert _shares_a_key(x, y), (x.sentence, y.sentence, evidence(x, y).describe())
    assert joined > 10


def test_parties_described_alike_are_a_key_of_their_own() -> None:
    """Two reports whose only particular in common is "polygamist leaders" on one side."""
    officials = ActorRef(None, None, "GOV", "polygamist leaders")
    day = DateRange("2024-01-02", "2024-01-02", "day", None, "stated")
    x, y = (
        Mention(
            id=f"m{i}",
            article_id=f"a{i}",
            type="ACCUSE",
            mode=None,
            status="occurred",
            historical=False,
            actor=[officials],
            recipient=[],
            date=day,
            place=None,
            size=None,
            confidence=0.7,
            sentence=sentence,
            start=0,
            end=len(sentence),
            trigger=[0, 3],
            in_caption=False,
            rule="accuse-blame",
        )
        for i, sentence in enumerate(["Blame was laid quickly.", "They pointed fingers at rivals yesterday."])
    )
    assert evidence(x, y).enough
    assert _shares_a_key(x, y)
