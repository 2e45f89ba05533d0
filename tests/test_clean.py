"""The cleaner on texts of our own: titles, furniture, captions, records, warnings.

None of these texts shares a four-word sequence with the seed articles (checked
by ``test_no_text_here_shares_four_words_with_the_seeds``): the seeds are the
acceptance check's business, not the unit tests'.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.clean import (
    classify_lines,
    clean_source,
    furniture_kind,
    learn_outlet_furniture,
    load_rules,
    looks_like_title,
    outlet_key,
    parse_dateline,
)
from eventwire.errors import CleanError
from eventwire.records import Source

WIRE_STORY = """Port workers strike over pay in Rotterdam

Dock unions say the walkout could halt container traffic for a week

From Northsea news wire
Tuesday 7 March 2023 14:02 GMT
Netherlands Shipping
Netherlands Shipping (Copyright 2023 Northsea Media Ltd. All rights reserved)

Back our newsroom
fearless local reporting

Our mission is simple: keep the harbour city informed, every day of the year.

Give what you can: any contribution keeps the presses running.

Help fund us so that reporters can keep asking hard questions.

Anna de Vries

Anna de Vries

Thousands of dock workers walked off the job in Rotterdam on Tuesday, leaving container ships at anchor.

The FNV union called the strike after talks with terminal operators on a wage deal broke down.

"We have waited two years for an offer that matches the cost of living," a union negotiator told reporters.

Operators warned that the stoppage could divert cargo to Antwerp and Hamburg if it lasts beyond the weekend.

___ Reporter Jan Bakker contributed to this story.

Thanks for signing up

Please refresh this page to stay logged in with your account
"""

MAGAZINE_STORY = """Drought talks between upstream and downstream states stall again

Water ministers from the three river states met on May 14 in Tashkent without agreeing on the dam.

For the latest coverage of the water dispute, see below:

Dam site
Engineers inspect the spillway of the unfinished dam near the border on May 2. Lena Ortiz/Getty Images

Farmers downstream say the reservoir has already cut their irrigation season by a month.

The ministers plan to meet again before the autumn sowing begins.

Correction 5/20/23, 9.15 a.m. ET: An earlier version of this article misspelled the name of the dam.

Archive cover
  • Weekly print edition sent to your door
  • Full archive access
  • No adverts
Archive cover
  • Full archive access
  • No adverts
"""

ONE_PARAGRAPH = "Russian troops attacked Ukrainian positions near Kharkiv on Monday, killing three soldiers."


def _text(text: str, origin: str = "story.txt") -> Source:
    return Source(origin, "text", text)


def test_wire_story_title_metadata_furniture_and_credits() -> None:
    article = clean_source(_text(WIRE_STORY))
    assert article.title == "Port workers strike over pay in Rotterdam"
    assert article.outlet == "Northsea"
    assert article.published == "2023-03-07T14:02:00+00:00"
    assert article.body.startswith("Thousands of dock workers walked off the job")
    assert article.body.endswith("if it lasts beyond the weekend.")
    assert article.credits == ["Reporter Jan Bakker contributed to this story."]
    for line in ["Back our newsroom", "any contribution", "Help fund us", "Anna de Vries", "Copyright"]:
        assert line not in article.body
    assert "Thanks for signing up" not in article.body and "refresh this page" not in article.body
    # what was dropped, and why, is on the article
    dropped = article.dropped_words
    assert dropped["standfirst"] == 12
    assert dropped["donation_appeal"] > 0 and dropped["copyright"] > 0 and dropped["login_prompt"] > 0
    assert dropped["repeated_line"] == 6  # the name, printed twice
    assert article.language == "en"


def test_magazine_story_captions_corrections_and_inferred_date() -> None:
    article = clean_source(_text(MAGAZINE_STORY))
    assert article.title == "Drought talks between upstream and downstream states stall again"
    assert article.published is None
    assert article.published_inferred == {"start": "2023-05-14", "end": "2023-05-20"}
    assert [c.to_dict() for c in article.corrections] == [
        {"date": "2023-05-20", "text": "An earlier version of this article misspelled the name of the dam."}
    ]
    assert article.captions == [
        "Engineers inspect the spillway of the unfinished dam near the border on May 2."
    ]
    assert article.credits == ["Lena Ortiz/Getty Images"]
    assert "Dam site" not in article.body and "spillway" not in article.body
    assert "see below" not in article.body and "sent to your door" not in article.body
    assert "archive access" not in article.body.lower()
    assert article.body.startswith("Water ministers from the three river states")
    assert article.body.endswith("before the autumn sowing begins.")
    assert {"more_coverage", "label", "subscription_offer", "repeated_line"} <= set(article.dropped_words)


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Tuesday 7 March 2023 14:02 GMT", "2023-03-07T14:02:00+00:00"),
        ("June 3, 2022 9:45 PM ET", "2022-06-03T21:45:00-04:00"),
        ("Sunday, 12 November 2017 08.30 CET", "2017-11-12T08:30:00+01:00"),
        ("3 January 2020", "2020-01-03"),
        ("The ministers met on Friday", None),
        ("31 February 2021", None),
    ],
)
def test_datelines(line: str, iso: str | None) -> None:
    assert parse_dateline(line) == iso


# --------------------------------------------------------------------------- titles
@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Floods close schools in the north\n\nHeavy rain closed schools on Monday.", True),
        ("Will the truce hold?\n\nBoth sides accused each other of shelling.", True),
        ("Floods close schools\nTuesday 7 March 2023 14:02 GMT\nHeavy rain closed schools.", True),
        ("Floods close schools\nFrom Valley news wire\nHeavy rain closed schools.", True),
        # a first line that closes like a sentence is the body's first paragraph
        ("Heavy rain closed schools on Monday.\n\nThe ministry said classes resume soon.", False),
        ("Heavy rain closed schools on Monday, officials said;\n\nClasses resume soon.", False),
        # running straight into the next line: a paragraph wrapped over lines
        ("Heavy rain closed schools on Monday in\nthe north, officials said.", False),
        # one paragraph, no title
        (ONE_PARAGRAPH, False),
        ("Rebels seized the border post", False),
        # too long for a headline
        (" ".join(["word"] * 30) + "\n\nA body sentence follows here.", False),
    ],
)
def test_first_line_is_a_title_only_when_it_looks_like_one(text: str, title: bool) -> None:
    assert looks_like_title(text) is title


def test_a_one_paragraph_text_is_an_ordinary_article() -> None:
    article = clean_source(_text(ONE_PARAGRAPH + "\n"))
    assert article.title is None
    assert article.body == ONE_PARAGRAPH
    assert article.dropped_words == {}
    assert article.language == "en"


def test_paragraphs_without_a_title_are_all_body() -> None:
    text = "The council voted to close the bridge.\n\nRepairs will take a year.\n"
    article = clean_source(_text(text))
    assert article.title is None
    assert article.body == "The council voted to close the bridge.\n\nRepairs will take a year."


def test_a_dateline_opening_an_untitled_text_is_metadata_and_the_lead_stays() -> None:
    text = "3 January 2020\nThe council voted to close the bridge.\n\nRepairs will take a year.\n"
    article = clean_source(_text(text))
    assert article.published == "2020-01-03"
    assert article.body.startswith("The council voted")
    assert "standfirst" not in article.dropped_words


# --------------------------------------------------------------------------- furniture
FURNITURE_LINES = {
    "Support our journalism today": "donation_appeal",
    "Please back local reporting with a gift": "donation_appeal",
    "Join us in keeping this site free for all readers.": "donation_appeal",
    "Our mission: facts first, for everyone.": "donation_appeal",
    "Readers like you make independent journalism possible.": "donation_appeal",
    "Every donation, however small, goes to the newsroom.": "donation_appeal",
    "Donate now": "donation_appeal",
    "Subscribe for $1 a week": "subscription_offer",
    "Already convinced? Register now and read on.": "subscription_offer",
    "Start your free trial of the digital edition.": "subscription_offer",
    "Get our morning briefing newsletter every weekday.": "subscription_offer",
    "Headlines sent to your inbox before breakfast.": "subscription_offer",
    "Thanks for reading all the way to the end.": "login_prompt",
    "Refresh your browser window for the latest version.": "login_prompt",
    "Log in to comment on this story.": "login_prompt",
    "You will then be automatically signed in on every visit.": "login_prompt",
    "Create a free account to keep reading.": "login_prompt",
    "Share this story": "sharing",
    "Share via WhatsApp and Telegram": "sharing",
    "Follow us on social media for updates": "sharing",
    "Click here for the full timeline.": "sharing",
    "Read more about the election campaign here.": "sharing",
    "Sponsored": "sharing",
    "Most popular stories:": "sharing",
    "Copyright 2019 Westfield Gazette Group.": "copyright",
    "All rights reserved.": "copyright",
    "© Harbour Press 2024": "copyright",
    "For more coverage from our bureau, visit the live page.": "more_coverage",
    "Listen below:": "more_coverage",
}

# News sentences that use furniture words and must stay article text.
NEWS_LINES = [
    '"Every contribution counts," the charity\'s director told donors in Lyon.',
    "Qatar pledged a donation of $50 million to the relief fund.",
    "Inspectors demanded unlimited access to the enrichment sites.",
    "The two leaders are expected to sign the accord in Oslo on Friday.",
    "The court heard a copyright dispute between two music publishers.",
    "Subscribers to the state broadcaster will pay a higher licence fee.",
    "The ministry said it would refresh the list of banned imports every month.",
    "Our mission was to protect civilians, the peacekeeping commander said.",
]


@pytest.mark.parametrize(("line", "group"), sorted(FURNITURE_LINES.items()))
def test_furniture_lines(line: str, group: str) -> None:
    assert furniture_kind(line) == group


@pytest.mark.parametrize("line", NEWS_LINES)
def test_news_sentences_are_not_furniture(line: str) -> None:
    assert furniture_kind(line) is None


def test_every_furniture_pattern_is_exercised_by_a_test_line() -> None:
    rules = load_rules()
    unused = [
        pattern.pattern
        for _group, pattern in rules.furniture
        if not any(pattern.search(line) for line in FURNITURE_LINES)
    ]
    assert not unused


def test_a_long_paragraph_is_never_furniture() -> None:
    line = "Subscribe " + " ".join(["word"] * 40)
    assert furniture_kind(line) is None


def test_bullets_are_not_words() -> None:
    parts = classify_lines("Title line\n\nA sentence of the body.\n  • Six words of an offer list\n")
    assert parts.dropped == {"label": 6}


def test_nothing_left_is_an_error_that_says_what_was_dropped() -> None:
    with pytest.raises(CleanError, match=r"all \d+ words dropped \(.*login_prompt"):
        clean_source(_text("Subscribe today\nThanks for registering\nShare this\n"))


def test_text_without_letters_is_an_error() -> None:
    with pytest.raises(CleanError, match="no letters"):
        clean_source(_text("12 345 678.\n\n90.\n"))


def test_dropping_most_of_a_document_is_a_warning() -> None:
    furniture = "\n\n".join(line for line, group in FURNITURE_LINES.items() if group != "sharing")
    article = clean_source(_text(f"{furniture}\n\nThe bridge reopened on Sunday after repairs.\n"))
    assert article.body == "The bridge reopened on Sunday after repairs."
    assert any(w.startswith("cleaning dropped ") and "donation_appeal" in w for w in article.errors)


@given(st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=80), max_size=30))
@settings(max_examples=200, deadline=None)
def test_filter_never_invents_text(lines: list[str]) -> None:
    text = "\n".join(lines)
    parts = classify_lines(text)
    stripped = {line.strip() for line in text.splitlines()}
    assert all(line in stripped for line in parts.body)


_LINE = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="\r\n\x0b\x0c\x1c\x1d\x1e\x85"), max_size=60
)


@given(st.lists(_LINE, max_size=20))
@settings(max_examples=200, deadline=None)
def test_every_word_is_kept_moved_or_counted(lines: list[str]) -> None:
    """No line vanishes silently: body, title, captions, credits, corrections,
    metadata, or a count under a reason."""
    from eventwire.clean_text import words

    text = "\n".join(lines)
    parts = classify_lines(text)
    placed = sum(words(line) for line in parts.body) + sum(parts.dropped.values())
    placed += words(parts.title or "") + sum(words(c) for c in parts.captions + parts.credits)
    total = words(text)
    assert placed <= total
    # metadata lines, credits and correction notices are parsed: their words change
    if not (parts.corrections or parts.credits or parts.outlet or parts.published):
        assert placed == total


# --------------------------------------------------------------------------- outlet furniture
def _story(n: int, promo: str) -> str:
    body = f"Officials in region {n} said on Monday that talks on water rights would resume next month."
    more = f"A second paragraph about region {n} follows here with more detail."
    return f"Headline number {n}\n\n{body}\n\n{promo}\n\n{more}\n"


PROMO = "The Daily Planet brings you the stories that matter, every single day"


def test_outlet_furniture_is_learnt_from_the_batch(tmp_path: Path) -> None:
    sources = [Source(str(tmp_path / f"s{n}.txt"), "text", _story(n, PROMO)) for n in range(4)]
    learned = learn_outlet_furniture(sources)
    lines = learned[outlet_key(sources[0])]
    assert PROMO in lines
    assert not any("region" in line for line in lines)
    article = clean_source(sources[0], lines)
    assert PROMO not in article.body and "talks on water rights" in article.body
    assert article.dropped_words["outlet_line"] == len(PROMO.split())


def test_a_line_in_few_documents_is_not_learnt(tmp_path: Path) -> None:
    sources = [
        Source(str(tmp_path / f"s{n}.txt"), "text", _story(n, PROMO if n < 2 else "")) for n in range(6)
    ]
    assert PROMO not in learn_outlet_furniture(sources).get(outlet_key(sources[0]), frozenset())


def test_outlet_furniture_does_not_depend_on_input_order(tmp_path: Path) -> None:
    """The whole input teaches the outlet's lines: a promotion that only the last
    of 100 pages carry often enough is dropped from the first page too, in
    either order."""
    from eventwire.pipeline import RunStats, iter_articles

    paths = []
    for n in range(100):
        path = tmp_path / f"page{n:03d}.txt"
        path.write_text(_story(n, PROMO if n == 0 or n >= 40 else ""), encoding="utf-8")
        paths.append(str(path))
    forward = {a.source["path"]: a.body for a in iter_articles(paths, RunStats())}
    backward = {a.source["path"]: a.body for a in iter_articles(paths[::-1], RunStats())}
    assert forward == backward
    assert PROMO not in forward[paths[0]]


# --------------------------------------------------------------------------- records
def _record(text: str, fmt: str = "jsonl", **meta: str) -> Source:
    return Source("corpus.jsonl", fmt, text, line=4, meta=meta)


def test_a_record_with_a_title_gives_its_one_paragraph_once() -> None:
    article = clean_source(_record(ONE_PARAGRAPH, title="Attack near Kharkiv", id="r1"))
    assert article.title == "Attack near Kharkiv"
    assert article.body == ONE_PARAGRAPH
    assert article.id == "r1"
    assert article.source == {"path": "corpus.jsonl", "line": 4, "format": "jsonl"}


def test_a_record_without_a_title_has_none_and_keeps_its_first_line() -> None:
    text = "Floods close schools in the north\n\nHeavy rain closed schools on Monday."
    article = clean_source(_record(text))
    assert article.title is None
    assert article.body == text


def test_a_record_keeps_its_text_whole() -> None:
    text = "Subscribe today\n\nThe bridge reopened on Sunday.\n\nShare this\n\nTags: roads"
    article = clean_source(_record(text, fmt="csv"))
    assert article.body == text
    assert article.dropped_words == {}


def test_a_first_paragraph_repeating_the_title_is_the_title() -> None:
    text = "Bridge reopens\n\nThe bridge reopened on Sunday after repairs."
    article = clean_source(_record(text, title="Bridge reopens"))
    assert article.body == "The bridge reopened on Sunday after repairs."


def test_a_feed_entry_drops_and_counts_furniture_paragraphs() -> None:
    text = "The bridge reopened on Sunday after repairs.\n\nShare via Facebook and email\n\nTraffic is light."
    article = clean_source(
        Source("feed.rss", "feed", text, line=2, meta={"title": "Bridge reopens", "url": "https://e.org/b"})
    )
    assert article.title == "Bridge reopens"
    assert article.body == "The bridge reopened on Sunday after repairs.\n\nTraffic is light."
    assert article.dropped_words == {"sharing": 5}
    assert article.source == {"path": "feed.rss", "line": 2, "url": "https://e.org/b", "format": "feed"}


@given(
    text=st.text(min_size=1, max_size=300),
    title=st.one_of(st.none(), st.text(min_size=1, max_size=40)),
    fmt=st.sampled_from(["jsonl", "csv", "feed", "text"]),
)
@settings(max_examples=300, deadline=None)
def test_any_text_gives_an_article_or_an_error_with_a_reason(text: str, title: str | None, fmt: str) -> None:
    meta = {"title": title} if title and title.strip() else {}
    source = Source("c.jsonl", fmt, text, line=7, meta=meta)
    try:
        article = clean_source(source)
    except CleanError as exc:
        assert exc.reason
        return
    assert article.body.strip()
    assert re.fullmatch(r"[a-z]{2}", article.language or "")
    assert article.source["line"] == 7
    if fmt in {"jsonl", "csv"}:
        # the record's text, whole (less a first paragraph that only repeats the title)
        assert article.body == text.strip() or text.strip().endswith(article.body)
    if article.title and fmt != "text":
        assert article.body.count(article.title) <= text.count(article.title)


# --------------------------------------------------------------------------- HTML
def test_html_without_an_article_is_an_error() -> None:
    with pytest.raises(CleanError, match="no article text"):
        clean_source(Source("empty.html", "html", "<html><body><nav>Home | About</nav></body></html>"))


PARAGRAPHS = "".join(
    f"<p>Paragraph {n}: the defence ministers of both countries met in Vienna to discuss the border.</p>"
    for n in range(6)
)


def test_html_article_with_metadata() -> None:
    html = (
        "<html><head><title>Ministers meet</title><meta property='og:site_name' content='Example Times'>"
        "<link rel='canonical' href='https://example.org/world/ministers-meet'>"
        "<meta name='date' content='2021-09-22'></head>"
        f"<body><nav>Home | World</nav><article><h1>Ministers meet</h1>{PARAGRAPHS}</article>"
        "<footer>Subscribe now</footer></body></html>"
    )
    article = clean_source(Source("page.html", "html", html))
    assert "defence ministers" in article.body and "Subscribe" not in article.body
    assert article.title == "Ministers meet"
    assert article.outlet == "Example Times"
    assert article.published and article.published.startswith("2021-09-22")
    assert article.source == {
        "path": "page.html",
        "format": "html",
        "url": "https://example.org/world/ministers-meet",
    }
    assert article.language == "en"


def test_html_stated_url_wins_over_the_page_canonical() -> None:
    html = f"<html><head><link rel='canonical' href='https://example.org/c'></head><body>{PARAGRAPHS}</body></html>"
    source = Source("crawl.warc", "html", html, line=3, meta={"url": "https://example.org/fetched"})
    assert clean_source(source).source["url"] == "https://example.org/fetched"


def test_html_in_a_script_without_spaces_is_measured_by_characters() -> None:
    sentence = "東京の港で労働者が賃金をめぐってストライキを始め、多くの船が沖で待っている。"
    html = f"<html><body><article><p>{sentence}</p><p>{sentence}</p></article></body></html>"
    article = clean_source(Source("jp.html", "html", html))
    assert article.language == "ja"


def test_html_captions_and_credits_are_kept_apart() -> None:
    figure = (
        "<figure><img src='x.jpg'><figcaption>The ministers arrive at the palace on Monday. "
        "<span class='credit'>Jane Doe/Reuters</span></figcaption></figure>"
    )
    head = "<html><head><title>Ministers meet</title></head>"
    html = f"{head}<body><article>{figure}{PARAGRAPHS}</article></body></html>"
    article = clean_source(Source("page.html", "html", html))
    assert article.captions == ["The ministers arrive at the palace on Monday."]
    assert article.credits == ["Jane Doe/Reuters"]
    assert "arrive at the palace" not in article.body and "Jane Doe" not in article.body


# --------------------------------------------------------------------------- honesty
def _four_grams(text: str) -> set[tuple[str, ...]]:
    tokens = re.findall(r"\w+", text.lower())
    return {tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3)}


def test_no_text_here_shares_four_words_with_the_seeds(demo_files: list[str]) -> None:
    """The texts and furniture patterns of the cleaner's tests and rules are our own."""
    seeds: set[tuple[str, ...]] = set()
    for path in demo_files:
        seeds |= _four_grams(Path(path).read_text(encoding="utf-8"))
    here = Path(__file__).parent
    files = [Path(__file__), here / "test_language.py", *sorted((here / "ingest").glob("*.py"))]
    ours = set().union(*(_four_grams(f.read_text(encoding="utf-8")) for f in files))
    rules = yaml.safe_load(
        resources.files("eventwire").joinpath("data/clean/text_rules.yaml").read_text("utf-8")
    )
    patterns = " ".join(p for group in rules["furniture"].values() for p in group)
    shared = (ours | _four_grams(re.sub(r"\\[bsw]|[()|?^$*+\\]", " ", patterns))) & seeds
    assert not shared


def test_a_short_label_before_a_caption_is_dropped_with_it_apart() -> None:
    text = (
        "Bridge reopens\n\nThe bridge reopened on Sunday after a year of repairs.\n"
        "At the river:\n"
        "Crews lift the last span into place on Saturday. Photo: Tom Reyes\n"
        "Traffic was light on the first day.\n"
    )
    parts = classify_lines(text)
    assert parts.captions == ["Crews lift the last span into place on Saturday."]
    assert parts.credits == ["Photo: Tom Reyes"]
    assert parts.dropped == {"caption_label": 3}
    assert parts.body == [
        "The bridge reopened on Sunday after a year of repairs.",
        "Traffic was light on the first day.",
    ]
