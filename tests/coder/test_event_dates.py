"""Event dates end to end: a sentence in, the coded event's date out, through the real parse.

Each case is a way news copy dates (or seems to date) an event: the paper's own
weekday, a weekday with a part of the day, house numbers, targets, a century
naming a kind of building, a term of office as context, holidays and phrases
pointing back to an earlier date of the story.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.pipeline import RunStats, code_articles
from eventwire.records import Article, Mention
from eventwire.settings import Settings
from tests.coder.coding import code_text

if TYPE_CHECKING:
    from spacy.language import Language

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# A Thursday.
THU = "2021-09-23"
ARREST = "Police arrested the mayor of Lyon on March 3, 1996."


def only(mentions: list[Mention], event_type: str, last: bool = False) -> Mention:
    found = [m for m in mentions if m.type == event_type]
    if last and found:
        found = found[-1:]
    assert len(found) == 1, [(m.type, m.sentence) for m in mentions]
    return found[0]


def dates(mention: Mention) -> tuple[str | None, str | None, str]:
    return mention.date.start, mention.date.end, mention.date.basis


@given(day=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)))
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_past_tense_weekday_naming_the_papers_day_is_that_day(nlp: Language, day: dt.date) -> None:
    name = WEEKDAYS[day.weekday()]
    mentions = code_text(nlp, f"Rebels attacked an army convoy near the border on {name}.", day.isoformat())
    assert dates(only(mentions, "ASSAULT"))[:2] == (day.isoformat(), day.isoformat())


@given(day=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)), back=st.integers(1, 6))
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_past_tense_weekday_is_the_latest_one_up_to_the_paper(
    nlp: Language, day: dt.date, back: int
) -> None:
    meant = day - dt.timedelta(days=back)
    name = WEEKDAYS[meant.weekday()]
    mentions = code_text(nlp, f"Gunmen attacked a police post in the hills on {name}.", day.isoformat())
    assert dates(only(mentions, "ASSAULT"))[:2] == (meant.isoformat(), meant.isoformat())


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("Rebels attacked a supply convoy Tuesday morning.", "2021-09-21"),
        ("Rebels attacked a supply convoy on Sunday night.", "2021-09-19"),
        ("Gunmen attacked a church in the port city on Christmas Day.", "2020-12-25"),
        ("Gunmen attacked a church in the port city on Easter Sunday.", "2021-04-04"),
        ("Protesters attacked the town hall on Thanksgiving.", "2020-11-26"),
    ],
)
def test_whole_expressions_and_holidays_date_the_event(nlp: Language, text: str, start: str) -> None:
    assert dates(only(code_text(nlp, text, THU), "ASSAULT"))[:2] == (start, start)


def test_a_house_number_is_not_a_year(nlp: Language) -> None:
    mentions = code_text(nlp, "Police arrested a man at 1119 Eighth St. on Friday.", THU)
    assert dates(only(mentions, "COERCE"))[:2] == ("2021-09-17", "2021-09-17")
    shot = only(code_text(nlp, "Gunmen shot a guard outside 2134 Caldwell Place.", THU), "ASSAULT")
    assert dates(shot) == (THU, THU, "publication")


def test_a_target_year_is_not_the_events_date(nlp: Language) -> None:
    text = "Troops attacked the rebel camp and vowed to clear the region by 2024."
    assert dates(only(code_text(nlp, text, THU), "ASSAULT")) == (THU, THU, "publication")


def test_a_century_describing_a_building_is_not_the_events_date(nlp: Language) -> None:
    mentions = code_text(nlp, "Gunmen attacked the 11th century temple at dawn, witnesses said.", THU)
    assault = only(mentions, "ASSAULT")
    assert assault.date.start is None or assault.date.start >= "2021"


def test_a_hundreds_decade_word_is_a_century(nlp: Language) -> None:
    mention = only(code_text(nlp, "French troops fought English armies in the 1300s.", THU), "ASSAULT")
    assert (mention.date.start, mention.date.end) == ("1300-01-01", "1399-12-31")


def test_an_administration_as_actor_does_not_give_the_events_range(nlp: Language) -> None:
    mention = only(
        code_text(nlp, "The Trump administration imposed sanctions on Iran.", "2019-05-08"), "SANCTION"
    )
    assert dates(mention) == ("2019-05-08", "2019-05-08", "publication")


def test_a_past_administration_as_time_adjunct_dates_the_event(nlp: Language) -> None:
    text = "During the Obama administration, American forces attacked militants in Yemen."
    mention = only(code_text(nlp, text, THU), "ASSAULT")
    assert (mention.date.start, mention.date.end) == ("2009-01-20", "2017-01-20")


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        (
            ARREST + " The next day, protesters attacked the police station.",
            "1996-03-04",
            "1996-03-04",
        ),
        (
            "Soldiers attacked the village in 1995. The following year, rebels attacked the town.",
            "1996-01-01",
            "1996-12-31",
        ),
        (
            ARREST + " Two days later, protesters attacked the police station.",
            "1996-03-05",
            "1996-03-05",
        ),
    ],
)
def test_anaphora_are_read_against_the_storys_last_date(
    nlp: Language, text: str, start: str, end: str
) -> None:
    mention = only(code_text(nlp, text, THU), "ASSAULT", last=True)
    assert (mention.date.start, mention.date.end) == (start, end)


def test_every_undated_document_says_so_once_per_run() -> None:
    body = "Rebels attacked a convoy on Tuesday. Gunmen attacked a base on Friday. Troops shelled a town."

    def article(article_id: str, published: str | None) -> Article:
        source = {"path": f"{article_id}.txt", "format": "text"}
        return Article(id=article_id, source=source, title=None, outlet=None, published=published, body=body)

    stats = RunStats()
    coded = list(
        code_articles([article("a", None), article("b", THU), article("c", None)], Settings(), stats)
    )
    assert len(coded) == 3 and sum(len(mentions) for _a, mentions in coded) >= 6
    undated = [w for w in stats.warnings if "no publication date" in w]
    assert len(undated) == 2
    assert any("(id a)" in w for w in undated) and any("(id c)" in w for w in undated)
