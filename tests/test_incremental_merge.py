"""Merging only what a new article can reach gives the events of merging everything.

The store keeps the months each mention's date reaches; a run re-merges the
part of each (type, status) block its articles connect to by months
(``Store.connected_mentions``). Here articles are saved one at a time, each
followed by that partial merge, and the result is compared with one merge of
every mention, over dates spread across years, wide and unknown.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.merge import merge_mentions
from eventwire.pipeline import merge_connected
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


@given(spread_mentions(), st.integers(min_value=1, max_value=4), st.randoms(use_true_random=False))
@settings(max_examples=60, deadline=None)
def test_one_article_at_a_time_gives_the_events_of_one_merge(
    drawn: list[Mention], n_articles: int, rng: object
) -> None:
    spread = [dataclasses.replace(m, article_id=f"art{i % n_articles}") for i, m in enumerate(drawn)]
    by_article: dict[str, list[Mention]] = defaultdict(list)
    for m in spread:
        by_article[m.article_id].append(m)
    articles = _articles(set(by_article))
    order = sorted(by_article)
    rng.shuffle(order)  # type: ignore[attr-defined]

    with Store(":memory:") as whole, Store(":memory:") as partial:
        for article_id in order:
            whole.save_article(articles[article_id], by_article[article_id])
        whole.replace_events(merge_mentions(whole.mentions(), articles))

        for article_id in order:
            seeds = partial.mention_months(article_id)
            stale = partial.events_citing(article_ids=[article_id])
            partial.save_article(articles[article_id], by_article[article_id])
            for block, months in partial.mention_months(article_id).items():
                seeds[block] = seeds.get(block, set()) | months
            merge_connected(partial, seeds, stale)
        assert _events(partial) == _events(whole)


def test_coding_an_article_again_with_fewer_reports_drops_its_events() -> None:
    first = [mention("m1", "a"), mention("m2", "b")]
    articles = _articles({"a", "b"})
    with Store(":memory:") as store:
        for m in first:
            store.save_article(articles[m.article_id], [m])
            merge_connected(store, store.mention_months(m.article_id), set())
        assert store.count("event") == 1
        stale = store.events_citing(article_ids=["b"])
        seeds = store.mention_months("b")
        store.save_article(articles["b"], [])
        merge_connected(store, seeds, stale)
        events = list(store.events())
        assert len(events) == 1 and {s.article_id for s in events[0].sources} == {"a"}


def test_a_report_reaching_one_month_re_merges_the_reports_chained_to_it() -> None:
    """X spans January and February and is one event with Y (February); a new report
    Z in January reaches X by its month, and through X, Y: all three are merged again,
    and X leaves Y for Z, the report of the day it fits best."""
    x = mention("m1", "a", day=("2021-01-10", "2021-02-20"))
    y = mention("m2", "b", day=("2021-02-15", "2021-02-15"))
    z = mention("m3", "c", day=("2021-01-12", "2021-01-12"))
    articles = _articles({"a", "b", "c"})
    with Store(":memory:") as store:
        for m in (x, y, z):
            store.save_article(articles[m.article_id], [m])
            merge_connected(store, store.mention_months(m.article_id), set())
        merged = merge_mentions([x, y, z], articles)
        assert _events(store) == {e.id: e.to_dict() for e in merged}
        assert sorted(len(e.sources) for e in merged) == [1, 2]
