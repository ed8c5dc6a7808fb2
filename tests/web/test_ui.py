"""The web UI in a real browser: map and table, filters, evidence, actor page, escaping."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect
from tests.api.demo import XSS_SCRIPT


def open_ui(page: Page, live_server: str) -> None:
    page.goto(live_server + "/")
    page.wait_for_selector("body[data-ready=true]", timeout=20_000)


def event_count(live_server: str, page: Page, **params: Any) -> int:
    response = page.request.get(live_server + "/api/events", params={**params, "limit": 1})
    return int(response.json()["total"])


def test_ui_shows_demo_events_on_map_and_table(page: Page, live_server: str, shots: Path) -> None:
    open_ui(page, live_server)
    total = event_count(live_server, page)
    expect(page.locator("#count")).to_have_text(f"{total} events")
    expect(page.locator("#events tbody tr")).to_have_count(total)
    markers = page.locator(".leaflet-marker-icon.cluster-icon, path.leaflet-interactive")
    assert markers.count() >= 1
    assert page.locator("path.leaflet-interactive").count() + page.locator(".cluster").count() > 0
    assert page.locator(".leaflet-overlay-pane svg path, .leaflet-overlay-pane canvas").count() > 0
    assert page.locator("#timeline rect").count() > 1
    page.screenshot(path=str(shots / "overview.png"))
    assert page.errors == []  # type: ignore[attr-defined]


def test_ui_filter_by_type_narrows_the_table(page: Page, live_server: str, shots: Path) -> None:
    open_ui(page, live_server)
    battles = event_count(live_server, page, event_type="Battles")
    page.select_option("select[name=event_type]", "Battles")
    expect(page.locator("#count")).to_have_text(f"{battles} events")
    rows = page.locator("#events tbody tr")
    expect(rows).to_have_count(battles)
    for text in rows.locator("td:nth-child(2)").all_inner_texts():
        assert text.strip() == "Battles"
    page.screenshot(path=str(shots / "battles.png"))


def test_ui_event_panel_highlights_evidence_and_opens_actor(
    page: Page, live_server: str, shots: Path
) -> None:
    open_ui(page, live_server)
    page.locator("#events tbody tr", has_text="Kafr").first.click()
    panel = page.locator("#panel")
    expect(panel).to_be_visible()
    expect(panel.locator("h2")).to_have_text(re.compile("overtakes territory"))
    actor_row = panel.locator("table.fields tr[data-field=actor1]")
    expect(actor_row.locator("mark").first).to_be_visible()
    expect(actor_row.locator("blockquote").first).to_contain_text("Kafr Zeita")
    assert panel.locator("table.claims thead th").count() >= 3  # field + two sources
    expect(panel.locator("table.claims tr.disputed")).not_to_have_count(0)
    page.screenshot(path=str(shots / "event.png"))
    panel.locator("a.actor-link").first.click()
    expect(panel.locator("h2.actor-title")).to_have_text("Jund al-Aqsa")
    expect(panel.locator("table.aliases")).to_contain_text("Liwa al-Aqsa")
    expect(panel.locator("svg.actor-graph")).to_be_visible()
    page.screenshot(path=str(shots / "actor.png"))


def test_ui_timeline_brush_filters_by_date(page: Page, live_server: str) -> None:
    open_ui(page, live_server)
    box = page.locator("#timeline").bounding_box()
    assert box is not None
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 36, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.2, y, steps=5)
    page.mouse.up()
    since = page.locator("input[name=since]")
    expect(since).not_to_have_value("")
    until = page.input_value("input[name=until]")
    expected = event_count(live_server, page, since=since.input_value(), until=until)
    expect(page.locator("#count")).to_have_text(f"{expected} events")
    expect(page.locator("#clear-brush")).to_be_visible()


def test_ui_article_text_with_script_is_shown_as_text(
    page: Page, live_server: str, shots: Path
) -> None:
    open_ui(page, live_server)
    page.select_option("select[name=source]", "Hostile Wire")
    rows = page.locator("#events tbody tr")
    expect(rows).to_have_count(1)
    rows.first.click()
    panel = page.locator("#panel")
    expect(panel.locator("ul.sources")).to_contain_text(XSS_SCRIPT)
    assert panel.locator("ul.sources a[href^=javascript]").count() == 0
    panel.locator("a.read-article").first.click()
    text = panel.locator(".article-text")
    expect(text).to_contain_text(XSS_SCRIPT)
    assert text.locator("script, img").count() == 0
    assert page.evaluate("window.__polemos_xss") is None
    page.screenshot(path=str(shots / "hostile-article.png"))
