"""Merging as real reporting needs it: outlets describe the same parties without
resolving them, and unrelated stories of one kind on one day stay apart."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.merge import compatible, consistent, evidence, merge_mentions
from eventwire.merge.evidence import content_similarity, dates_agree, rule_family, stem
from eventwire.records import ActorRef, Article, DateRange, Mention, Place, Size

MONDAY = DateRange("2023-05-08", "2023-05-08", "day", "Monday", "relative")
UNDATED = DateRange(None, None, "unknown", None, "none")


def town(name: str, country: str = "USA", admin1: str | None = "Arizona") -> Place:
    return Place(
        text=name,
        name=name,
        country=country,
        admin1=admin1,
        lat=None,
        lon=None,
        geonameid=None,
        kind="city",
        basis="trigger",
    )


def party(
    text: str, sector: str | None = None, country: str | None = None, name: str | None = None
) -> ActorRef:
    return ActorRef(name=name, country=country, sector=sector, text=text)


def report(
    mid: str,
    article: str,
    sentence: str,
    *,
    type_: str = "COERCE",
    mode: str | None = "arrest",
    rule: str = "coerce-arrest",
    trigger: str = "arrested",
    actor: list[ActorRef] | None = None,
    recipient: list[ActorRef] | None = None,
    date: DateRange = MONDAY,
    place: Place | None = None,
    size: Size | None = None,
) -> Mention:
    """A mention as the coder writes one: offsets into the sentence, which starts the text."""
    at = sentence.find(trigger)
    assert at >= 0, trigger
    return Mention(
        id=mid,
        article_id=article,
        type=type_,
        mode=mode,
        status="occurred",
        historical=False,
        actor=actor or [],
        recipient=recipient or [],
        date=date,
        place=place,
        size=size,
        confidence=0.8,
        sentence=sentence,
        start=0,
        end=len(sentence),
        trigger=[at, at + len(trigger)],
        in_caption=False,
        rule=rule,
    )


def articles(*ids: str) -> dict[str, Article]:
    return {
        i: Article(
            id=i,
            source={"path": f"{i}.txt", "format": "text"},
            title=None,
            outlet=i,
            published=None,
            body="x",
        )
        for i in ids
    }


# ------------------------------------------------------------------ described parties merge


def test_reports_with_matching_unresolved_descriptions_and_place_merge() -> None:
    """Two outlets on one arrest: nobody is named or given a country, but the
    parties are described alike, in the same town, with the same trigger sense."""
    first = report(
        "m1",
        "wire",
        "Sheriff's deputies arrested two polygamist leaders in Colorado City on Monday after a long inquiry.",
        actor=[party("Sheriff's deputies", "COP")],
        recipient=[party("two polygamist leaders", "REL")],
        place=town("Colorado City"),
    )
    second = report(
        "m2",
        "daily",
        "The two polygamist sect leaders were arrested at a ranch outside Colorado City, the sheriff said.",
        recipient=[party("The two polygamist sect leaders", "REL")],
        place=town("Colorado City"),
    )
    found = evidence(first, second)
    assert consistent(first, second) and found.enough
    assert {"description", "description_modifier", "same_place"} <= set(found.parts)
    [event] = merge_mentions([first, second], articles("wire", "daily"))
    assert {s.article_id for s in event.sources} == {"wire", "daily"}
    joined = [s.merge_reason for s in event.sources if s.merge_score < 1.0]
    assert joined and "joined on" in joined[0] and "same place" in joined[0]


def test_a_gunman_told_two_ways_with_the_same_toll_merges() -> None:
    first = report(
        "m1",
        "a",
        "A gunman killed three people at a shopping mall in Tucson on Monday, police said.",
        type_="ASSAULT",
        mode=None,
        rule="assault-kill",
        trigger="killed",
        actor=[party("A gunman", "CVL")],
        recipient=[party("three people", "CVL")],
        size=Size(dead=3),
    )
    second = report(
        "m2",
        "b",
        "Three shoppers died when a gunman opened fire inside the Tucson shopping mall.",
        type_="ASSAULT",
        mode=None,
        rule="assault-kill",
        trigger="died",
        actor=[party("a gunman", "CVL")],
        size=Size(dead=3),
    )
    assert compatible(first, second)
    assert len(merge_mentions([first, second], articles("a", "b"))) == 1


# ------------------------------------------------------------------ type and date are never enough


def test_unrelated_same_type_same_day_reports_do_not_merge() -> None:
    """The failure the merge had on real news: one kind of event, one day, and
    nothing else in common (no party, no place, other words)."""
    bar = report(
        "m1",
        "a",
        "A man was stabbed outside a bar in Duluth late on Monday, police said.",
        type_="ASSAULT",
        mode=None,
        rule="assault-attack-verb",
        trigger="stabbed",
        recipient=[party("A man", "CVL")],
    )
    shelling = report(
        "m2",
        "b",
        "Artillery shelled a border village overnight, destroying two homes, the regional governor said.",
        type_="ASSAULT",
        mode=None,
        rule="assault-attack-verb",
        trigger="shelled",
        recipient=[party("a border village")],
    )
    assert consistent(bar, shelling)
    assert not evidence(bar, shelling).enough
    assert len(merge_mentions([bar, shelling], articles("a", "b"))) == 2


def test_a_country_on_opposite_sides_on_one_day_is_not_evidence() -> None:
    """A country as the actor of one report and the recipient of another, on the
    same day, was once enough to merge: it says nothing of the happening."""
    usa = party("U.S. forces", "MIL", "USA")
    strike = report(
        "m1",
        "a",
        "Militants fired rockets at a base housing U.S. forces on Monday.",
        type_="ASSAULT",
        mode=None,
        rule="assault-attack-verb",
        trigger="fired",
        recipient=[usa],
    )
    raid = report(
        "m2",
        "b",
        "U.S. forces raided a compound in a farming district and detained four suspects.",
        type_="ASSAULT",
        mode=None,
        rule="assault-raid",
        trigger="raided",
        actor=[usa],
    )
    assert not evidence(strike, raid).enough
    assert len(merge_mentions([strike, raid], articles("a", "b"))) == 2


def test_two_arrests_told_alike_in_two_towns_stay_apart() -> None:
    """Like words for two happenings: different towns of one country rule the merge out;
    without the places the same reports would merge."""
    one = report(
        "m1",
        "a",
        "Police arrested a teenager after a brawl at a high school on Monday.",
        actor=[party("Police", "COP")],
        recipient=[party("a teenager", "CVL")],
        place=town("Flagstaff"),
    )
    two = report(
        "m2",
        "b",
        "A teenager was arrested by police after a fight broke out at the high school, the principal said.",
        actor=[party("police", "COP")],
        recipient=[party("A teenager", "CVL")],
        place=town("Yuma"),
    )
    assert "place_conflict" in evidence(one, two).parts
    assert len(merge_mentions([one, two], articles("a", "b"))) == 2
    unplaced = [dataclasses.replace(m, place=None) for m in (one, two)]
    assert len(merge_mentions(unplaced, articles("a", "b"))) == 1


def test_one_named_party_in_two_undated_stories_is_not_enough() -> None:
    """A leader named in every other story of a day: his name alone, with the
    kind of event, does not make two undated reports one happening."""
    leader = party("President Alvarez", "GOV", "ARG", name="Javier Alvarez")
    tariffs = report(
        "m1",
        "a",
        "President Alvarez criticised the central bank for raising rates again.",
        type_="ACCUSE",
        mode="disapprove",
        rule="accuse-disapprove",
        trigger="criticised",
        actor=[leader],
        date=UNDATED,
    )
    strikes = report(
        "m2",
        "b",
        "Alvarez criticised striking dock workers, saying they held the ports hostage.",
        type_="ACCUSE",
        mode="disapprove",
        rule="accuse-disapprove",
        trigger="criticised",
        actor=[leader],
        date=UNDATED,
    )
    assert not evidence(tariffs, strikes).enough
    bank = party("the central bank", "BUS", "ARG", name="Central Bank of Argentina")
    both_sides = [dataclasses.replace(m, recipient=[bank]) for m in (tariffs, strikes)]
    assert evidence(*both_sides).sufficient == "named_parties"


# ------------------------------------------------------------------ copies


def test_identical_undated_copies_give_one_event() -> None:
    sentence = "Masked men set fire to a warehouse near the harbour and fled before firefighters arrived."
    copies = [
        report(
            f"m{n:03d}",
            f"copy{n:03d}",
            sentence,
            type_="ASSAULT",
            mode=None,
            rule="assault-arson",
            trigger="set fire",
            actor=[party("Masked men", "CVL")],
            date=UNDATED,
        )
        for n in range(100)
    ]
    events = merge_mentions(copies, articles(*(m.article_id for m in copies)))
    assert len(events) == 1 and len(events[0].sources) == 100
    counted_once = merge_mentions(copies, {}, copies={m.article_id: "copy000" for m in copies[1:]})
    assert counted_once[0].confidence == copies[0].confidence


def test_two_events_of_one_sentence_are_not_evidence_for_each_other() -> None:
    sentence = "Troops shelled the town while rebels ambushed a convoy on the highway south of it."
    shelling = report(
        "m1", "a", sentence, type_="ASSAULT", mode=None, rule="assault-attack-verb", trigger="shelled"
    )
    ambush = report(
        "m2", "a", sentence, type_="ASSAULT", mode=None, rule="assault-ambush", trigger="ambushed"
    )
    assert not evidence(shelling, ambush).enough


# ------------------------------------------------------------------ dates and words


def test_a_publication_day_allows_an_earlier_stated_date_but_not_a_later_one() -> None:
    published = DateRange("1999-06-15", "1999-06-15", "day", "1999-06-15", "publication")
    earlier = DateRange("1999-06-02", "1999-06-02", "day", "June 2", "stated")
    later = DateRange("1999-06-20", "1999-06-20", "day", "June 20", "stated")
    long_before = DateRange("1999-01-02", "1999-01-02", "day", "January 2", "stated")
    assert dates_agree(published, earlier)
    assert not dates_agree(published, later)
    assert not dates_agree(published, long_before)
    assert not dates_agree(earlier, later)


def test_word_forms_and_rule_families_are_compared_as_one() -> None:
    assert stem("killed") == stem("killing") == stem("kills") == "kill"
    assert stem("men") == stem("man")
    assert rule_family("coerce-blockade-noun") == rule_family("coerce-blockade-verb")
    assert rule_family("concede-ease>refusal-reject") == "concede-ease"
    same, _ = content_similarity("Three people died in Tucson.", "3 people were killed in Tucson.")
    other, _ = content_similarity("Three people died in Tucson.", "Voters queued at dawn in Boise.")
    assert same > 0.4 > other


# ------------------------------------------------------------------ end to end


@pytest.mark.slow
def test_two_outlets_on_one_shooting_give_one_event_through_the_cli(tmp_path: Path) -> None:
    corpus = tmp_path / "news.jsonl"
    records = [
        {
            "id": "herald-1",
            "outlet": "Valley Herald",
            "published": "2024-03-12",
            "title": "Gunman kills two at Fresno car wash",
            "text": "FRESNO, Calif. — A gunman shot and killed two workers at a car wash in Fresno on Monday "
            "afternoon, police said.\n\nOfficers found the victims, both in their twenties, near the vacuum "
            "stands. The shooter fled in a gray pickup truck, and no arrest has been made.",
        },
        {
            "id": "daily-7",
            "outlet": "Central Daily",
            "published": "2024-03-12",
            "title": "Two employees slain in Fresno",
            "text": "Two car wash employees were shot dead in Fresno on Monday by a gunman who drove away "
            "in a pickup, the Fresno Police Department said.\n\nDetectives asked witnesses to come forward.",
        },
        {
            "id": "post-3",
            "outlet": "Coast Post",
            "published": "2024-03-12",
            "title": "Man wounded in Oakland",
            "text": "OAKLAND, Calif. — A man was shot and wounded outside a liquor store in Oakland on "
            "Monday night, police said. The victim was taken to a hospital.",
        },
    ]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "events.jsonl"
    result = CliRunner().invoke(main, ["extract", str(corpus), "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assaults = [e for e in events if e["type"] == "ASSAULT"]
    by_articles = sorted(sorted({s["article_id"] for s in e["sources"]}) for e in assaults)
    assert ["daily-7", "herald-1"] in by_articles
    assert ["post-3"] in by_articles
