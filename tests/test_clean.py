"""The plain-text cleaner on the bundled seed articles and on generated text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.clean import classify_lines, clean_source, learn_outlet_furniture, outlet_key, parse_dateline
from eventwire.errors import CleanError
from eventwire.records import Source

FURNITURE = [
    "Support truly",
    "independent journalism",
    "Whether $5 or $50, every contribution counts.",
    "Louise Thomas",
    "Thank you for registering",
    "Please refresh the page",
    "Copyright 2021 The Associated Press",
    "For more reporting from the Associated Press, see below:",
    "Saul Loeb/AFP via Getty Images",
    "Editor's pick",
    "Newsweek cover",
    "Unlimited access to",
    "Ad free experience",
    "iOS and Android app access",
    "All newsletters + podcasts",
]


def _clean(path: str) -> object:
    return clean_source(Source(origin=path, format="text", text=Path(path).read_text(encoding="utf-8")))


def test_ap_story(demo_files: list[str]) -> None:
    article = clean_source(Source(demo_files[0], "text", Path(demo_files[0]).read_text(encoding="utf-8")))
    assert article.title == "Milley: US should explore more military talks with Russia"
    assert article.outlet == "AP"
    assert article.published == "2021-09-24T05:19:00+01:00"
    assert article.body.startswith("The U.S. should explore ways to expand its military contacts")
    assert article.body.endswith("al-Qaida and Islamic State militants who may seek to attack America again.")
    assert article.credits == ["AP National Security writer Robert Burns contributed to this report."]
    for line in FURNITURE:
        assert line not in article.body


def test_newsweek_story(demo_files: list[str]) -> None:
    article = clean_source(Source(demo_files[1], "text", Path(demo_files[1]).read_text(encoding="utf-8")))
    assert article.published is None
    assert article.published_inferred == {"start": "2021-09-22", "end": "2021-09-28"}
    assert [c.to_dict() for c in article.corrections] == [
        {
            "date": "2021-09-28",
            "text": "This article was updated to correct the first name of General McKenzie.",
        }
    ]
    assert len(article.captions) == 2
    assert article.captions[0].startswith(
        "U.S. Army General Mark Milley, Chairman of the Joint Chiefs of Staff"
    )
    assert article.captions[1].startswith("Top U.S. and Russian military officials met September 22")
    assert "Saul Loeb/AFP via Getty Images" in article.credits
    assert "Sergei Savostyanov, Sputnik/Kremlin Pool Photo via AP" in article.credits
    for line in FURNITURE:
        assert line not in article.body
    assert not any(caption in article.body for caption in article.captions)


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Friday 24 September 2021 05:19 BST", "2021-09-24T05:19:00+01:00"),
        ("September 24, 2021 5:19 PM ET", "2021-09-24T17:19:00-04:00"),
        ("3 January 2020", "2020-01-03"),
        ("The ministers met on Friday", None),
    ],
)
def test_datelines(line: str, iso: str | None) -> None:
    assert parse_dateline(line) == iso


def test_nothing_left_is_an_error() -> None:
    with pytest.raises(CleanError):
        clean_source(Source("x.txt", "text", "Title\nSubscribe\nThank you for registering\n"))


@given(st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=80), max_size=30))
@settings(max_examples=200, deadline=None)
def test_filter_never_invents_text(lines: list[str]) -> None:
    text = "\n".join(lines)
    parts = classify_lines(text)
    stripped = {line.strip() for line in text.splitlines()}
    assert all(line in stripped for line in parts.body or [])


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


def test_a_line_in_few_documents_is_not_learnt(tmp_path: Path) -> None:
    sources = [
        Source(str(tmp_path / f"s{n}.txt"), "text", _story(n, PROMO if n < 2 else "")) for n in range(6)
    ]
    assert PROMO not in learn_outlet_furniture(sources).get(outlet_key(sources[0]), frozenset())


def test_language() -> None:
    from eventwire.clean import detect_language

    english = (
        "The ministers of the two countries met in the capital on Monday and said that the talks were useful."
    )
    french = (
        "Les ministres des deux pays se sont réunis lundi dans la capitale "
        "et ont déclaré que les discussions étaient utiles pour tous."
    )
    assert detect_language(english * 2) == "en"
    assert detect_language(french * 2) == "und"
    assert detect_language("Too short") is None


def test_html_without_an_article_is_an_error() -> None:
    with pytest.raises(CleanError, match="no article text"):
        clean_source(Source("empty.html", "html", "<html><body><nav>Home | About</nav></body></html>"))


def test_html_article_with_metadata() -> None:
    paragraphs = "".join(
        f"<p>Paragraph {n}: the defence ministers of both countries met in Vienna to discuss the border.</p>"
        for n in range(6)
    )
    html = (
        "<html><head><title>Ministers meet</title><meta property='og:site_name' content='Example Times'>"
        "<meta name='date' content='2021-09-22'></head>"
        f"<body><nav>Home | World</nav><article><h1>Ministers meet</h1>{paragraphs}</article>"
        "<footer>Subscribe now</footer></body></html>"
    )
    article = clean_source(Source("page.html", "html", html))
    assert "defence ministers" in article.body and "Subscribe" not in article.body
    assert article.title == "Ministers meet"
    assert article.published and article.published.startswith("2021-09-22")


def test_html_captions_and_credits_are_kept_apart() -> None:
    paragraphs = "".join(
        f"<p>Paragraph {n}: the defence ministers of both countries met in Vienna to discuss the border.</p>"
        for n in range(6)
    )
    figure = (
        "<figure><img src='x.jpg'><figcaption>The ministers arrive at the palace on Monday. "
        "<span class='credit'>Jane Doe/Reuters</span></figcaption></figure>"
    )
    head = "<html><head><title>Ministers meet</title></head>"
    html = f"{head}<body><article>{figure}{paragraphs}</article></body></html>"
    article = clean_source(Source("page.html", "html", html))
    assert article.captions == ["The ministers arrive at the palace on Monday."]
    assert article.credits == ["Jane Doe/Reuters"]
    assert "arrive at the palace" not in article.body and "Jane Doe" not in article.body
