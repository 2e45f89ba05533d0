"""Records round-trip through plain data unchanged."""

from __future__ import annotations

import json

from eventwire.records import ActorRef, Article, Correction, DateRange, Mention, Place, Size


def _mention() -> Mention:
    return Mention(
        id="m_1",
        article_id="a1",
        type="CONSULT",
        mode="phone",
        status="occurred",
        historical=False,
        actor=[ActorRef("Mark Milley", "USA", "MIL", "Milley")],
        recipient=[ActorRef(None, "CHN", None, "China")],
        date=DateRange("2021-01-01", "2021-01-08", "week", "last week", "relative"),
        place=Place("Beijing", "Beijing", "CHN", None, 39.9, 116.4, 1816670, "city", "trigger"),
        size=Size(dead=3),
        confidence=0.8,
        sentence="Milley called China.",
        start=0,
        end=20,
        trigger=[7, 13],
        in_caption=False,
        rule="consult-phone-verb",
    )


def test_mention_round_trips_through_json() -> None:
    mention = _mention()
    again = Mention.from_dict(json.loads(json.dumps(mention.to_dict())))
    assert again == mention


def test_article_round_trip_and_analysed_text() -> None:
    article = Article(
        id="a1",
        source={"path": "x.txt", "format": "text"},
        title="T",
        outlet=None,
        published=None,
        body="Body line.",
        captions=["A caption."],
        corrections=[Correction("2021-09-28", "Fixed.")],
    )
    again = Article.from_dict(json.loads(json.dumps(article.to_dict())))
    assert again == article
    assert again.analysed_text() == "Body line.\n\nA caption."
    assert again.analysed_text().index("A caption.") > len(again.body)
