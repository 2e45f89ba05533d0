"""The page in headless Chromium on a real server over the seeds' store.

A person's path through the page: load it, filter to the USA–RUS dyad, open the
Helsinki meeting, read both sources. Screenshots go to test-output/browser/.
Hostile article text must show as text and never run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from eventwire.store import Store

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    """A fresh page that records every request leaving the server and every script error.

    The page's Content-Security-Policy is bypassed here, so that the escaping
    test proves the page itself never turns data into markup (the header is a
    second line of defence, checked in test_api.py).
    """
    context = browser.new_context(viewport={"width": 1500, "height": 1000}, bypass_csp=True)
    tab = context.new_page()
    tab.outside_requests = []
    tab.errors = []
    tab.on("request", lambda r: None if r.url.startswith(server) else tab.outside_requests.append(r.url))
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    tab.goto(server + "/")
    tab.wait_for_selector("body[data-ready=true]", timeout=30_000)
    yield tab
    context.close()


def _apply(page: Any, actor: str, recipient: str) -> None:
    page.fill("#f-actor-country", actor)
    page.fill("#f-recipient-country", recipient)
    page.click("#apply")
    page.wait_for_function(
        "document.querySelector('#status').textContent.endsWith('events')"
        " || document.querySelector('#status').textContent.endsWith('event')"
    )


def test_filter_to_usa_rus_and_open_the_helsinki_meeting(
    page: Any, store_path: Path, screenshots: Path
) -> None:
    page.screenshot(path=str(screenshots / "1-loaded.png"), full_page=True)
    all_rows = page.locator("tr.event-row").count()

    _apply(page, "USA", "RUS")
    rows = page.locator("tr.event-row")
    assert 0 < rows.count() < all_rows
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td")
        assert "USA" in cells.nth(2).text_content()
        assert "RUS" in cells.nth(3).text_content()
    # the three views follow the filter
    assert page.locator("#timeline rect.bar").count() > 0
    assert page.locator("#map path.leaflet-interactive, #map .marker-cluster").count() > 0
    assert int(page.get_attribute("#network", "data-nodes") or 0) > 0
    assert page.locator("#network canvas").count() > 0
    page.screenshot(path=str(screenshots / "2-usa-rus.png"), full_page=True)

    helsinki = rows.filter(has_text="Helsinki").filter(has_text="CONSULT").filter(has_text="2021-09-22")
    assert helsinki.count() == 1
    helsinki.click()
    page.wait_for_selector("#sources .source")
    panel = page.locator("#panel")
    assert "Helsinki" in panel.text_content()

    with Store(store_path) as store:
        seeds = {a.id: a for a in store.articles() if a.source.get("format") == "text"}
    assert len(seeds) == 2
    shown = page.locator("#sources .source")
    assert shown.count() == 2
    assert {shown.nth(i).get_attribute("data-article-id") for i in range(2)} == set(seeds)
    for i in range(2):
        block = shown.nth(i)
        article = seeds[block.get_attribute("data-article-id")]
        assert block.locator("h3").text_content() == article.title
        assert (article.outlet or "unknown outlet") in block.locator(".meta").text_content()
        assert block.locator("mark.trigger").count() >= 1
    assert panel.locator("mark.actor").count() >= 1
    assert panel.locator("mark.recipient").count() >= 1
    page.screenshot(path=str(screenshots / "3-helsinki.png"), full_page=True)

    assert page.outside_requests == []
    assert page.errors == []


def test_hostile_article_text_is_shown_as_text(page: Any, screenshots: Path) -> None:
    _apply(page, "RUS", "USA")
    row = page.locator("tr.event-row").filter(has_text="Sergei Lavrov")
    assert row.count() >= 1
    row.first.click()
    page.wait_for_selector("#sources .source")
    source = page.locator("#sources .source[data-article-id='hostile-headline']")
    heading = source.locator("h3")
    assert heading.text_content().startswith("<script>window.__pwned='title'</script><img src=x")
    assert "<b onmouseover" in source.locator(".meta").text_content()
    assert "<script>window.__pwned='body'</script>" in source.locator("blockquote").first.text_content()
    # nothing of it became markup: no script, image or bold element, no javascript: link
    assert page.locator("#panel script, #panel img, #panel b").count() == 0
    assert page.locator("#panel a[href^='javascript']").count() == 0
    page.hover("#sources .source .meta")
    page.screenshot(path=str(screenshots / "hostile.png"), full_page=True)
    assert page.evaluate("window.__pwned === undefined")
    assert page.errors == []


def test_network_edge_and_timeline_bar_narrow_the_filters(page: Any) -> None:
    page.click("#network-pairs summary")
    edge = page.locator("#network-list button.edge").first
    edge.click()
    page.wait_for_function("document.querySelector('#f-actor-country').value !== ''")
    assert len(page.input_value("#f-actor-country")) == 3
    bar = page.locator("#timeline rect.bar").first
    bar.dispatch_event("click")
    page.wait_for_function("document.querySelector('#f-date-from').value !== ''")
    assert page.input_value("#f-date-from") <= page.input_value("#f-date-to")
    assert page.errors == []


def test_the_view_is_in_the_address_and_downloads_as_it_is_shown(
    page: Any, server: str, browser: Any
) -> None:
    # events that took place come first; the others are one choice away
    assert page.input_value("#f-status") == "occurred"
    assert page.locator("#status-note").is_visible()
    _apply(page, "USA", "RUS")
    address = page.url
    assert (
        "actor_country=USA" in address and "recipient_country=RUS" in address and "status=occurred" in address
    )
    shown = page.locator("tr.event-row").count()
    # the download links carry the same view
    href = page.get_attribute("#download-csv", "href")
    assert href is not None and "actor_country=USA" in href and "format=csv" in href
    with page.expect_download() as download:
        page.click("#download-csv")
    lines = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("event_id,") and len(lines) - 1 >= shown > 0
    # a shared address opens the same view
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    other = context.new_page()
    other.goto(address)
    other.wait_for_selector("body[data-ready=true]", timeout=30_000)
    assert other.input_value("#f-actor-country") == "USA"
    assert other.locator("tr.event-row").count() == shown
    other.select_option("#f-status", "")
    other.click("#apply")
    other.wait_for_function("!location.search.includes('status=')")
    assert other.locator("tr.event-row").count() >= shown
    context.close()
    assert page.errors == []


def test_stored_text_opens_as_a_readable_page(page: Any) -> None:
    _apply(page, "RUS", "USA")
    page.locator("tr.event-row").filter(has_text="Sergei Lavrov").first.click()
    page.wait_for_selector("#sources .source[data-article-id='hostile-headline']")
    link = page.locator("#sources .source[data-article-id='hostile-headline'] .meta a")
    with page.context.expect_page() as opened:
        link.click()
    article = opened.value
    article.wait_for_load_state()
    assert article.locator("h1").text_content().startswith("<script>")
    assert article.locator("script, img").count() == 0
    assert article.evaluate("window.__pwned === undefined")


def test_the_network_zooms_and_a_node_click_shows_its_dealings(page: Any, screenshots: Path) -> None:
    page.locator("#network").scroll_into_view_if_needed()
    page.wait_for_timeout(500)  # the graph settles its size after the first paint
    where = page.evaluate(
        """() => {
          const box = document.getElementById("network");
          const cy = box._cyreg.cy;
          const node = cy.nodes().max((n) => n.degree()).ele;
          const at = node.renderedPosition();
          const rect = box.getBoundingClientRect();
          return { x: rect.left + at.x, y: rect.top + at.y, zoom: cy.zoom(), label: node.data("label") };
        }"""
    )
    page.mouse.click(where["x"], where["y"])
    page.wait_for_function("document.querySelector('#status').textContent.includes('in this view')")
    assert page.text_content("#status").startswith(where["label"] + ":")
    assert page.evaluate("document.getElementById('network')._cyreg.cy.elements('.faded').length") > 0
    page.mouse.move(where["x"], where["y"])
    for _ in range(5):
        page.mouse.wheel(0, -200)
        page.wait_for_timeout(100)
    page.wait_for_function(
        f"document.getElementById('network')._cyreg.cy.zoom() > {where['zoom']}", timeout=5_000
    )
    page.screenshot(path=str(screenshots / "network.png"), full_page=True)
    assert page.errors == []
