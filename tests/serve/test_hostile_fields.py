"""Markup in every field the page shows stays text: names, places, modes, dates,
outlets, sentences and merge reasons of a stored event, in Chromium.

The store is built by the real pipeline from the bundled examples; then one
event is given a script payload in each of its text fields (as a store
written by another tool, or by a future coder bug, might hold), so that every
field is tested, not only those our coder fills from article text.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from typing import Any

import pytest

from eventwire.records import ActorRef, Disagreement, Place
from eventwire.settings import load_settings
from eventwire.store import Store

from .conftest import serving

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def payload(field: str) -> str:
    return f"<img src=x onerror=\"window.__pwned='{field}'\"><script>window.__pwned='{field}-s'</script>"


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory, demo_files: list[str]) -> Iterator[str]:
    from eventwire.pipeline import run

    path = tmp_path_factory.mktemp("hostile-fields") / "h.db"
    with Store(path) as store:
        run(demo_files, load_settings(None, db=str(path)), store)
        events = list(store.events())
        target = next(e for e in events if e.place is not None and e.actor and e.recipient)
        hostile = dataclasses.replace(
            target,
            mode=payload("mode"),
            actor=[ActorRef(payload("actor-name"), "USA", "GOV", payload("actor-text"))],
            recipient=[ActorRef(None, "RUS", None, payload("recipient-text"))],
            date=dataclasses.replace(target.date, text=payload("date-text")),
            place=Place(
                payload("place-text"),
                payload("place-name"),
                "FIN",
                payload("admin1"),
                60.17,
                24.94,
                None,
                "city",
                "trigger",
                payload("reason"),
            ),
            sources=[
                dataclasses.replace(
                    s, outlet=payload("outlet"), sentence=payload("sentence"), merge_reason=payload("merge")
                )
                for s in target.sources
            ],
            disagreements=[Disagreement("place", [{"value": payload("disagreement"), "sources": ["x"]}])],
        )
        store.replace_events([hostile if e.id == target.id else e for e in events])
    with serving(path) as base:
        yield base


def test_markup_in_every_field_of_an_event_shows_as_text(browser: Any, hostile_server: str) -> None:
    context = browser.new_context(viewport={"width": 1500, "height": 1000}, bypass_csp=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(hostile_server + "/")
    page.wait_for_selector("body[data-ready=true]", timeout=30_000)
    row = page.locator("tr.event-row").filter(has_text="window.__pwned")
    assert row.count() >= 1
    row.first.click()
    page.wait_for_selector("#sources .source")
    for marker in page.locator(".leaflet-interactive").all()[:20]:
        marker.hover(force=True)
    for node in page.locator("#network g").all()[:20]:
        node.hover(force=True)
    text = page.locator("body").text_content() or ""
    for field in ("mode", "actor-name", "place-name", "outlet", "sentence"):
        assert f"window.__pwned='{field}'" in text, field
    injected = page.evaluate(
        "document.querySelectorAll(\"img[src='x'], [onerror], [onmouseover], script:not([src])\").length"
    )
    assert injected == 0
    assert page.evaluate("window.__pwned === undefined")
    assert errors == [], json.dumps(errors)
    context.close()


def test_the_api_returns_the_payloads_as_json_strings(hostile_server: str) -> None:
    import httpx

    events = httpx.get(hostile_server + "/api/events", params={"limit": 200}).json()["events"]
    hostile = [e for e in events if e["mode"] and "__pwned" in e["mode"]]
    assert len(hostile) == 1
    # the payload is data: it comes back byte for byte
    assert hostile[0]["actor"][0]["name"] == payload("actor-name")
