"""Highlights in evidence sentences: trigger by offsets, parties by text, never nested."""

from __future__ import annotations

from eventwire.records import ActorRef, SourceRef
from eventwire.serve.evidence import highlights


def source(sentence: str, offset: int, trigger: str) -> SourceRef:
    at = offset + sentence.index(trigger)
    return SourceRef(
        article_id="a1",
        url=None,
        outlet=None,
        published=None,
        sentence=sentence,
        start=offset,
        end=offset + len(sentence),
        trigger=[at, at + len(trigger)],
        in_caption=False,
        mention_id="m1",
        rule="r1",
    )


def ref(text: str, name: str | None = None) -> ActorRef:
    return ActorRef(name=name, country="USA", sector=None, text=text)


def test_trigger_actor_and_recipient_are_marked_relative_to_the_sentence() -> None:
    sentence = "Army Gen. Mark Milley met his Russian counterpart in Helsinki."
    spans = highlights(
        source(sentence, 300, "met"), [ref("Army Gen. Mark Milley")], [ref("his Russian counterpart")]
    )
    assert [(sentence[h.start : h.end], h.role) for h in spans] == [
        ("Army Gen. Mark Milley", "actor"),
        ("met", "trigger"),
        ("his Russian counterpart", "recipient"),
    ]


def test_a_party_is_found_by_its_name_when_its_text_is_elsewhere() -> None:
    sentence = "Milley declined to detail his talks with Gerasimov."
    spans = highlights(
        source(sentence, 0, "talks"), [ref("Army Gen. Mark Milley", "Milley")], [ref("x", "Gerasimov")]
    )
    assert {(sentence[h.start : h.end], h.role) for h in spans} == {
        ("Milley", "actor"),
        ("talks", "trigger"),
        ("Gerasimov", "recipient"),
    }


def test_whole_words_only_and_overlaps_dropped() -> None:
    sentence = "The USAF met officials of the USA."
    spans = highlights(source(sentence, 0, "met"), [ref("USA")], [ref("officials of the USA")])
    roles = {(sentence[h.start : h.end], h.role) for h in spans}
    # "USA" is not matched inside "USAF"; the recipient phrase overlaps the actor's and loses
    assert ("USA", "actor") in roles
    assert all(role != "recipient" for _, role in roles)
    assert sentence.index("USA.") == next(h.start for h in spans if h.role == "actor")


def test_a_trigger_outside_the_sentence_is_not_marked() -> None:
    sentence = "They met."
    bad = SourceRef("a", None, None, None, sentence, 10, 19, [0, 3], False, "m", "r")
    assert highlights(bad, [], []) == []
