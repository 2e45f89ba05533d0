"""RSS/Atom feeds and WARC archives: entries and HTML responses become documents."""

from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventwire.ingest import read_inputs
from eventwire.records import ErrorRecord, Source

RSS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Example Wire</title>
<item><title>Ministers meet in Oslo</title><link>https://example.org/a</link><guid>a1</guid>
<pubDate>Wed, 22 Sep 2021 10:00:00 GMT</pubDate>
<description><![CDATA[<p>The foreign ministers of Norway and Sweden met in Oslo on Wednesday.</p>
<p>They discussed energy.</p>]]></description></item>
<item><title>Empty</title><link>https://example.org/b</link><description></description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title>
<entry><title>Talks end</title><id>urn:x:1</id><link href="https://example.org/c"/>
<updated>2021-09-23T08:00:00Z</updated>
<content type="html">&lt;p&gt;The talks ended in Geneva.&lt;/p&gt;</content></entry>
</feed>"""

PAGE = b"<html><head><title>T</title></head><body><article><p>Rebels attacked the town.</p></article></body></html>"  # noqa: E501


def sources_and_errors(*paths: Path) -> tuple[list[Source], list[ErrorRecord]]:
    items = list(read_inputs([str(p) for p in paths]))
    return [i for i in items if isinstance(i, Source)], [i for i in items if isinstance(i, ErrorRecord)]


def test_rss_and_atom_entries(tmp_path: Path) -> None:
    (tmp_path / "feed.rss").write_text(RSS)
    (tmp_path / "feed").write_text(ATOM)  # no suffix: told by content
    sources, errors = sources_and_errors(tmp_path / "feed.rss", tmp_path / "feed")
    assert [s.meta["url"] for s in sources] == ["https://example.org/a", "https://example.org/c"]
    first = sources[0]
    assert first.meta["outlet"] == "Example Wire" and first.meta["title"] == "Ministers meet in Oslo"
    assert first.meta["published"] == "2021-09-22T10:00:00+00:00"
    assert "met in Oslo on Wednesday." in first.text and "<p>" not in first.text
    # the entry's title is metadata, not text: the cleaner never gives it twice
    assert first.format == "feed" and first.line == 1
    assert first.text.startswith("The foreign ministers") and "Ministers meet in Oslo" not in first.text
    assert [e.reason for e in errors] == ["feed entry has no text"]


def test_feed_entries_become_articles_with_their_titles_and_urls(tmp_path: Path) -> None:
    from eventwire.clean import clean_source

    (tmp_path / "feed.rss").write_text(RSS)
    sources, _ = sources_and_errors(tmp_path / "feed.rss")
    article = clean_source(sources[0])
    assert article.title == "Ministers meet in Oslo"
    assert (
        article.body
        == "The foreign ministers of Norway and Sweden met in Oslo on Wednesday.\n\nThey discussed energy."
    )
    assert article.source == {
        "path": str(tmp_path / "feed.rss"),
        "line": 1,
        "url": "https://example.org/a",
        "format": "feed",
    }
    assert article.outlet == "Example Wire" and article.id == "a1"


def test_warc_articles_name_archive_record_and_url(tmp_path: Path) -> None:
    from eventwire.clean import clean_source

    paragraphs = "".join(
        f"<p>Paragraph {n}: the finance ministers of both countries met in Prague to discuss tariffs.</p>"
        for n in range(5)
    )
    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        _response(
            writer, "https://example.org/9", "text/html", f"<html><body>{paragraphs}</body></html>".encode()
        )
    sources, _ = sources_and_errors(path)
    article = clean_source(sources[0])
    assert article.source["path"] == str(path) and article.source["url"] == "https://example.org/9"
    assert isinstance(article.source["line"], int)


def _response(writer: WARCWriter, url: str, kind: str, payload: bytes) -> None:
    headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=headers)
    )


def test_warc_html_responses_deduplicated(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        _response(writer, "https://example.org/1", "text/html; charset=utf-8", PAGE)
        _response(writer, "https://example.org/1-again", "text/html", PAGE)
        _response(writer, "https://example.org/logo.png", "image/png", b"\x89PNG....")
    sources, errors = sources_and_errors(path)
    assert [(s.format, s.meta["url"]) for s in sources] == [("html", "https://example.org/1")]
    assert len(errors) == 1 and "image/png" in errors[0].reason


def test_truncated_warc_keeps_the_complete_records(tmp_path: Path) -> None:
    good = tmp_path / "good.warc.gz"
    with good.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        _response(writer, "https://example.org/1", "text/html", PAGE)
        _response(writer, "https://example.org/2", "text/html", PAGE.replace(b"town", b"city"))
    data = good.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) - 40])
    sources, errors = sources_and_errors(cut)
    # the complete first record survives intact; the cut one is reported, not read
    assert [s.meta["url"] for s in sources] == ["https://example.org/1"]
    assert sources[0].text == PAGE.decode()
    assert any("cut short" in e.reason for e in errors)


def test_entry_html_gives_every_piece_of_text_once() -> None:
    from eventwire.ingest.feed import _html_to_text

    html = (
        "Opening words outside any paragraph."
        "<p>First <b>paragraph</b> here.</p>"
        "<blockquote><p>A quoted paragraph.</p><p>And a second one.</p></blockquote>"
        "<ul><li><p>A listed point.</p></li></ul>"
        "Line one<br><br>Line two<script>var x = 1;</script>"
    )
    assert _html_to_text(html).split("\n\n") == [
        "Opening words outside any paragraph.",
        "First paragraph here.",
        "A quoted paragraph.",
        "And a second one.",
        "A listed point.",
        "Line one",
        "Line two",
    ]
    assert _html_to_text("Plain   summary\n\nwith two parts") == "Plain summary\n\nwith two parts"
