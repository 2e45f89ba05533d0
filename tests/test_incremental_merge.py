"""Adding reports to a store: what a later run may and may not do to stored events.

A run adds its reports to the stored events of their months (``merge.online``)
instead of merging the whole store again. On an empty store that is the one-run
grouping; later reports can join stored events, never take their reports away.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.merge import merge_mentions
from eventwire.pipeline import RunStats, StoreWriter
from eventwire.records import Article, Mention
from eventwire.store import Store
from tests.test_merge import mention, spread_mentions


def _articles(ids: set[str]) -> dict[str, Article]:
    return {
        i: Article(id=i, source={"path": f"{i}.txt", "format": "text"}, title=None, outlet=None,
                   published=None, body=f"body of {i}")
        for i in sorted(ids)
    }  # fmt: skip


def _events(store: Store) -> dict[str, dict[str, object]]:
    return {e.id: e.to_dict() for e in store.events()}


def _write(
    store: Store, articles: dict[str, Article], by_article: dict[str, list[Mention]], ids: list[str]
) -> None:
    writer = StoreWriter(store, RunStats())
    for article_id in ids:
        writer.add(articles[article_id], by_article.get(article_id, []))
    writer.finish()


def _spread(
    drawn: list[Mention], n_articles: int, rng: object
) -> tuple[list[Mention], dict[str, list[Mention]], dict[str, Article], list[str]]:
    """The drawn mentions dealt over ``n_articles`` articles, and the articles in a random order."""
    spread = [dataclasses.replace(m, article_id=f"art{i % n_articles}") for i, m in enumerate(drawn)]
    by_article: dict[str, list[Mention]] = defaultdict(list)
    for m in spread:
        by_article[m.article_id].append(m)
    order = sorted(by_article)
    rng.shuffle(order)  # type: ignore[attr-defined]
    return spread, by_article, _articles(set(by_article)), order


def _cited(store: Store) -> Counter[str]:
    return Counter(row[0] for row in store.conn.execute("SELECT mention_id FROM event_source"))


@given(spread_mentions(), st.integers(min_value=1, max_value=4), st.randoms(use_true_random=False))
@settings(max_examples=60, deadline=None)
def test_runs_of_one_article_cite_every_report_once_and_one_run_merges_as_always(
    drawn: list[Mention], n_articles: int, rng: object
) -> None:
    spread, by_article, articles, order = _spread(drawn, n_articles, rng)
    with Store(":memory:") as whole, Store(":memory:") as apart:
        _write(whole, articles, by_article, order)
        expected = {e.id: e.to_dict() for e in merge_mentions(spread, articles)}
        assert _events(whole) == expected
        for article_id in order:
            _write(apart, articles, by_article, [article_id])
        assert _cited(apart) == Counter(m.id for m in spread)
        before = _events(apart)
        _write(apart, articles, by_article, [])  # a run with nothing new changes nothing
        assert _events(apart) == before


def test_a_later_report_joins_the_stored_event() -> None:
    first, second = mention("m1", "a"), mention("m2", "b")
    articles = _articles({"a", "b"})
    with Store(":memory:") as store:
        _write(store, articles, {"a": [first]}, ["a"])
        _write(store, articles, {"b": [second]}, ["b"])
        events = list(store.events())
        assert len(events) == 1 and {s.article_id for s in events[0].sources} == {"a", "b"}


def test_a_later_report_never_takes_a_report_from_its_stored_event() -> None:
    """X (January to February) and Y (February) are stored as one event; Z (January)
    would have taken X in one run, but arriving later it starts its own event."""
    x = mention("m1", "a", day=("2021-01-10", "2021-02-20"))
    y = mention("m2", "b", day=("2021-02-15", "2021-02-15"))
    z = mention("m3", "c", day=("2021-01-12", "2021-01-12"))
    articles = _articles({"a", "b", "c"})
    groups = sorted(sorted(s.mention_id for s in e.sources) for e in merge_mentions([x, y, z], articles))
    assert groups == [["m1", "m3"], ["m2"]]  # one run
    with Store(":memory:") as store:
        _write(store, articles, {"a": [x], "b": [y]}, ["a", "b"])
        _write(store, articles, {"c": [z]}, ["c"])
        stored = sorted(sorted(s.mention_id for s in e.sources) for e in store.events())
        assert stored == [["m1", "m2"], ["m3"]]


def test_coding_an_article_again_with_fewer_reports_drops_them_from_its_events() -> None:
    articles = _articles({"a", "b"})
    with Store(":memory:") as store:
        _write(store, articles, {"a": [mention("m1", "a")]}, ["a"])
        _write(store, articles, {"b": [mention("m2", "b")]}, ["b"])
        assert store.count("event") == 1
        _write(store, articles, {"b": []}, ["b"])
        events = list(store.events())
        assert len(events) == 1 and {s.article_id for s in events[0].sources} == {"a"}


class _EveryEvent(Store):
    """A store whose lookup returns every stored event of the block: the
    reference the indexed lookup must agree with."""

    def events_reaching(self, event_type, status, buckets, keys, exclude):  # type: ignore[no-untyped-def]
        return super().events_reaching(event_type, status, (), None, exclude)


@given(spread_mentions(), st.integers(min_value=2, max_value=5), st.randoms(use_true_random=False))
@settings(max_examples=60, deadline=None)
def test_the_indexed_lookup_meets_every_stored_event_a_report_could_join(
    drawn: list[Mention], n_articles: int, rng: object
) -> None:
    _, by_article, articles, order = _spread(drawn, n_articles, rng)
    with Store(":memory:") as indexed, _EveryEvent(":memory:") as everything:
        for article_id in order:
            _write(indexed, articles, by_article, [article_id])
            _write(everything, articles, by_article, [article_id])
        assert _events(indexed) == _events(everything)
