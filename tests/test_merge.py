"""Merging mentions into events: one event per happening, never two glued together."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.merge import (
    _order_key,
    cluster_mentions,
    compatible,
    consistent,
    evidence,
    fit,
    link_score,
    merge_mentions,
)
from eventwire.records import ActorRef, Article, DateRange, Event, Mention, Place, Size

MILLEY = ActorRef("Mark Milley", "USA", "MIL", "Milley")
GERASIMOV = ActorRef("Valery Gerasimov", "RUS", "MIL", "Gerasimov")
LI = ActorRef("Li Zuocheng", "CHN", "MIL", "Li")
TRUMP = ActorRef("Donald Trump", "USA", "GOV", "Trump")


def mention(
    mid: str,
    article: str,
    *,
    type_: str = "CONSULT",
    mode: str | None = None,
    actor: ActorRef = MILLEY,
    recipient: ActorRef | None = GERASIMOV,
    day: tuple[str, str] = ("2021-09-22", "2021-09-22"),
    status: str = "occurred",
    caption: bool = False,
) -> Mention:
    return Mention(
        id=mid,
        article_id=article,
        type=type_,
        mode=mode,
        status=status,  # type: ignore[arg-type]
        historical=False,
        actor=[actor],
        recipient=[recipient] if recipient else [],
        date=DateRange(day[0], day[1], "day" if day[0] == day[1] else "range", None, "relative"),
        place=None,
        size=None,
        confidence=0.7,
        sentence=f"sentence {mid}",
        start=0,
        end=10,
        trigger=[0, 3],
        in_caption=caption,
        rule="test",
    )


ARTICLES = {
    "a": Article(
        id="a", source={"path": "a.txt", "format": "text"}, title=None, outlet="AP", published=None, body="x"
    ),
    "b": Article(
        id="b",
        source={"path": "b.txt", "format": "text"},
        title=None,
        outlet="Newsweek",
        published=None,
        body="x",
    ),
}


def test_same_meeting_from_two_outlets_is_one_event() -> None:
    events = merge_mentions(
        [mention("m1", "a", mode="third-party"), mention("m2", "b"), mention("m3", "b", caption=True)],
        ARTICLES,
    )
    assert len(events) == 1
    assert {s.article_id for s in events[0].sources} == {"a", "b"}
    assert events[0].mode == "third-party"


def test_symmetric_consult_merges_either_way_round() -> None:
    events = merge_mentions(
        [mention("m1", "a"), mention("m2", "b", actor=GERASIMOV, recipient=MILLEY)], ARTICLES
    )
    assert len(events) == 1


def test_different_recipient_or_mode_or_date_stays_apart() -> None:
    meeting = mention("m1", "a", mode="third-party")
    calls = mention("m2", "a", mode="phone", recipient=LI, day=("2020-10-01", "2021-01-20"))
    later = mention("m3", "b", day=("2021-10-05", "2021-10-05"))
    assert not compatible(meeting, calls)
    assert not compatible(meeting, later)
    assert len(merge_mentions([meeting, calls, later], ARTICLES)) == 3


def test_status_is_never_merged_across() -> None:
    assert not compatible(mention("m1", "a"), mention("m2", "a", status="future"))


def test_complete_linkage_stops_chaining() -> None:
    # m2 (recipient unknown) fits both m1 and m3, but m1 and m3 clash: no single group of three
    m1 = mention("m1", "a", recipient=GERASIMOV)
    m2 = mention("m2", "a", recipient=None)
    m3 = mention("m3", "b", recipient=LI)
    events = merge_mentions([m1, m2, m3], ARTICLES)
    assert len(events) == 2


def test_named_actors_must_not_clash() -> None:
    assert not compatible(
        mention("m1", "a", type_="ACCUSE", actor=TRUMP, recipient=MILLEY),
        mention("m2", "b", type_="ACCUSE", actor=MILLEY, recipient=TRUMP),
    )


def test_event_ids_are_stable_and_order_free() -> None:
    ms = [mention("m1", "a"), mention("m2", "b")]
    assert [e.id for e in merge_mentions(ms, ARTICLES)] == [e.id for e in merge_mentions(ms[::-1], ARTICLES)]


# ---------------------------------------------------------------- properties

COUNTRIES = st.sampled_from(["USA", "RUS", "CHN", None])
TYPES = st.sampled_from(["CONSULT", "ASSAULT", "ACCUSE"])


@st.composite
def mentions(draw: st.DrawFn) -> list[Mention]:
    n = draw(st.integers(min_value=0, max_value=12))
    result = []
    for i in range(n):
        day = f"2021-09-{draw(st.integers(min_value=10, max_value=28)):02d}"
        result.append(
            mention(
                f"m{i}",
                draw(st.sampled_from(["a", "b"])),
                type_=draw(TYPES),
                actor=ActorRef(None, draw(COUNTRIES), None, "x"),
                recipient=ActorRef(None, draw(COUNTRIES), None, "y"),
                day=(day, day),
                status=draw(st.sampled_from(["occurred", "future"])),
            )
        )
    return result


@given(mentions())
@settings(max_examples=200, deadline=None)
def test_every_mention_lands_in_exactly_one_compatible_event(ms: list[Mention]) -> None:
    events = merge_mentions(ms, ARTICLES)
    cited = [s.mention_id for e in events for s in e.sources]
    assert sorted(cited) == sorted(m.id for m in ms)
    by_id = {m.id: m for m in ms}
    for event in events:
        members = [by_id[s.mention_id] for s in event.sources]
        assert {m.type for m in members} == {event.type}
        # nothing rules out any pair; every report has evidence enough with another
        assert all(consistent(x, y) for x in members for y in members if x is not y)
        if len(members) > 1:
            assert all(any(evidence(x, y).enough for y in members if y is not x) for x in members)


KABUL = Place(
    text="Kabul",
    name="Kabul",
    country="AFG",
    admin1=None,
    lat=34.5,
    lon=69.2,
    geonameid=None,
    kind="city",
    basis="trigger",
)


def _mention_with(mention_id: str, article: str, dead: int) -> Mention:
    base = mention(mention_id, article, type_="ASSAULT")
    return dataclasses.replace(base, size=Size(dead=dead, injured=None, arrested=None), place=KABUL)


def test_sources_keep_their_merge_score_and_tolls_that_differ_are_kept_per_source() -> None:
    group = [_mention_with("m1", "a1", 10), _mention_with("m2", "a2", 12)]
    events = merge_mentions(group, {})
    assert len(events) == 1
    scores = {s.mention_id: s.merge_score for s in events[0].sources}
    assert scores[min(scores)] == 1.0
    assert all(0.0 <= v <= 1.0 for v in scores.values())
    dead = [d for d in events[0].disagreements if d.field == "dead"]
    assert dead and {v["value"] for v in dead[0].values} == {"10", "12"}
    assert not [d for d in events[0].disagreements if d.field == "place"]


def test_link_score_is_one_for_the_first_report_and_lower_for_a_looser_match() -> None:
    anchor = dataclasses.replace(
        mention("m1", "a1"), sentence="Milley met Gerasimov in Helsinki on Wednesday."
    )
    assert link_score(anchor, anchor) == (1.0, "first report")
    other = dataclasses.replace(mention("m2", "a2"), sentence="The two generals held talks for six hours.")
    score, reason = link_score(other, anchor)
    assert score < 1.0 and "text" in reason


def test_a_city_and_its_country_do_not_disagree_but_two_cities_do() -> None:
    finland = dataclasses.replace(KABUL, text="Finland", name="Finland", country="FIN", kind="country")
    helsinki = dataclasses.replace(KABUL, text="Helsinki", name="Helsinki", country="FIN")
    turku = dataclasses.replace(KABUL, text="Turku", name="Turku", country="FIN")
    first, second = mention("m1", "a1"), mention("m2", "a2")
    nested = merge_mentions(
        [dataclasses.replace(first, place=helsinki), dataclasses.replace(second, place=finland)], {}
    )
    assert len(nested) == 1 and not nested[0].disagreements
    split = merge_mentions(
        [dataclasses.replace(first, place=helsinki), dataclasses.replace(second, place=turku)], {}
    )
    assert len(split) == 1 and [d.field for d in split[0].disagreements] == ["place"]


def _brute_force_groups(ms: list[Mention]) -> list[set[str]]:
    """The clustering without the month and key indexes: every group is tried in turn."""
    groups: list[set[str]] = []
    by_block: dict[tuple[str, str], list[list[Mention]]] = {}
    for m in sorted(ms, key=_order_key):
        block = by_block.setdefault((m.type, m.status), [])
        scored = [(fit(m, g), link_score(m, g[0])[0], -i, g) for i, g in enumerate(block)]
        fits = [(s, link, i, g) for s, link, i, g in scored if s is not None]
        home = max(fits, key=lambda t: (t[0], t[1], t[2]), default=(None, None, None, None))[3]
        if home is None:
            block.append([m])
        else:
            home.append(m)
    for block in by_block.values():
        groups.extend({m.id for m in g} for g in block)
    return groups


@st.composite
def spread_mentions(draw: st.DrawFn) -> list[Mention]:
    """Mentions over two years, dated by the text or by the publication day, some
    with dates of years, decades, centuries or none, to exercise the time indexes."""
    n = draw(st.integers(min_value=0, max_value=14))
    result = []
    for i in range(n):
        kind = draw(st.sampled_from(["day", "day", "range", "wide", "decade", "century", "none"]))
        start = dt.date(2020, 1, 1) + dt.timedelta(days=draw(st.integers(min_value=0, max_value=700)))
        if kind in ("decade", "century"):
            start = dt.date(draw(st.sampled_from([1990, 2000, 2020])), 1, 1)
        length = {
            "day": 0,
            "range": draw(st.integers(min_value=1, max_value=90)),
            "wide": 1200,
            "decade": 3652,
            "century": 40_000,
            "none": 0,
        }[kind]
        end = start + dt.timedelta(days=length)
        base = mention(
            f"m{i}",
            draw(st.sampled_from(["a", "b"])),
            actor=ActorRef(None, draw(COUNTRIES), None, "x"),
            recipient=ActorRef(None, draw(COUNTRIES), None, "y"),
        )
        basis = "publication" if kind == "day" and draw(st.booleans()) else "stated"
        date = (
            DateRange(None, None, "unknown", None, "none")
            if kind == "none"
            else DateRange(
                start.isoformat(), end.isoformat(), "day" if kind == "day" else "range", None, basis
            )
        )
        result.append(dataclasses.replace(base, date=date))
    return result


@given(spread_mentions())
@settings(max_examples=200, deadline=None)
def test_the_month_index_gives_the_same_groups_as_trying_every_group(ms: list[Mention]) -> None:
    indexed = sorted(sorted(m.id for m in g) for g in cluster_mentions(ms))
    assert indexed == sorted(sorted(g) for g in _brute_force_groups(ms))


def test_a_wire_copy_is_cited_but_counts_once_as_evidence() -> None:
    original, copy = mention("m1", "a"), mention("m2", "b")
    independent = merge_mentions([original, copy], ARTICLES)[0]
    as_copies = merge_mentions([original, copy], ARTICLES, copies={"b": "a"})[0]
    assert len(as_copies.sources) == 2
    assert as_copies.confidence < independent.confidence
    assert as_copies.confidence == original.confidence


def test_a_caption_never_creates_an_event_the_body_contradicts() -> None:
    body = mention("m1", "a", status="negated")
    caption = mention("m2", "a", caption=True)
    events = merge_mentions([body, caption], ARTICLES)
    assert [e.status for e in events] == ["negated"]
    alone = merge_mentions([mention("m3", "c", caption=True)], ARTICLES)
    assert len(alone) == 1


# ------------------------------------------------- content order, not ids or paths


def _article(article_id: str, published: str, body: str) -> Article:
    return Article(
        id=article_id,
        source={"path": f"{article_id}.txt", "format": "text"},
        title=None,
        outlet=None,
        published=published,
        body=body,
    )


def _by_content(events: list[Event]) -> list[tuple[str, tuple[str, ...], str | None, str | None]]:
    return sorted(
        (e.type, tuple(sorted(s.sentence for s in e.sources)), e.date.start, e.date.end) for e in events
    )


@given(spread_mentions(), st.randoms(use_true_random=False))
@settings(max_examples=200, deadline=None)
def test_events_do_not_depend_on_ids_or_input_order(ms: list[Mention], rnd: random.Random) -> None:
    """The same reports under other ids (as from another folder), in another order,
    give the same events, by content."""
    articles = {"a": _article("a", "2021-09-24", "first story"), "b": _article("b", "2021-09-25", "second")}
    renamed_article = {"a": "zz" + str(rnd.random()), "b": "aa" + str(rnd.random())}
    moved = {
        renamed_article[k]: dataclasses.replace(v, id=renamed_article[k], source={"path": "x/y z/" + k})
        for k, v in articles.items()
    }
    new_ids = rnd.sample(range(len(ms)), len(ms))
    renamed = [
        dataclasses.replace(m, id=f"q{n}", article_id=renamed_article[m.article_id])
        for m, n in zip(ms, new_ids, strict=True)
    ]
    rnd.shuffle(renamed)
    assert _by_content(merge_mentions(ms, articles)) == _by_content(merge_mentions(renamed, moved))


def test_a_report_without_recipient_joins_the_event_it_matches_best_whatever_the_ids() -> None:
    """Calls to Uruguay in one window, calls to Argentina over two years, and "his
    calls" (no recipient) in the Uruguay window: the last joins the calls to
    Uruguay, and the calls to Argentina stay apart, whichever mention has the
    smallest id."""
    boric = ActorRef("Gabriel Boric", "CHL", "GOV", "Boric")
    lacalle = ActorRef("Luis Lacalle Pou", "URY", "GOV", "Lacalle Pou")
    fernandez = ActorRef("Alberto Fernandez", "ARG", "GOV", "Fernandez")
    window = ("2022-01-01", "2022-02-28")
    uruguay = mention("m1", "a", mode="phone", actor=boric, recipient=lacalle, day=window)
    argentina = mention(
        "m2", "a", mode="phone", actor=boric, recipient=fernandez, day=("2020-03-18", "2022-03-18")
    )
    bare = mention("m3", "b", mode="phone", actor=boric, recipient=None, day=window)
    for ids in itertools.permutations(["m1", "m2", "m3"]):
        ms = [dataclasses.replace(m, id=i) for m, i in zip((uruguay, argentina, bare), ids, strict=True)]
        events = merge_mentions(ms, ARTICLES)
        sentences = sorted(tuple(sorted(s.sentence for s in e.sources)) for e in events)
        assert sentences == sorted([(uruguay.sentence, bare.sentence), (argentina.sentence,)])


def test_a_bare_description_adds_no_party_beside_identified_ones() -> None:
    """ "the two commanders" (no name, no country) beside the named commanders of
    the same sector is not a third party of the event; a described party of a
    sector nobody identified still is."""
    okafor = ActorRef("Amara Okafor", "NGA", "MIL", "Gen. Okafor")
    diallo = ActorRef("Ibrahim Diallo", "MLI", "MIL", "Gen. Diallo")
    described = ActorRef(None, None, "MIL", "the two commanders")
    envoys = ActorRef(None, None, "GOV", "envoys")
    first = mention("m1", "a", type_="COERCE", actor=okafor, recipient=diallo)
    second = mention("m2", "a", type_="COERCE", actor=okafor, recipient=diallo)
    second = dataclasses.replace(second, actor=[okafor, described, envoys])
    [event] = merge_mentions([first, second], ARTICLES)
    assert event.actor == [okafor, envoys]
