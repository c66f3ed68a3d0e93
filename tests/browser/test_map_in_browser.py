"""The map view in Chromium: the map of China draws (SVG paths for the provinces and the places) in
both languages, offline, and clicking a city on it shows its evidence sentences."""
from __future__ import annotations

from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from served import TIMEOUT

SHAPES = ".vega-embed svg g.mark-shape path"
POINTS = ".vega-embed svg g.mark-symbol.role-mark path"


def _open_map(page, app_url, lang: str):
    page.goto(f"{app_url}/?view=map&industry={quote('人工智能')}&lang={lang}")
    page.wait_for_selector(POINTS, timeout=TIMEOUT)


@pytest.mark.parametrize("lang, title, beijing", [("zh", "布局「人工智能」的地方", "北京"),
                                                  ("en", "Places targeting Artificial intelligence", "Beijing")])
def test_the_map_draws_in_both_languages(page, app_url, lang, title, beijing):
    _open_map(page, app_url, lang)
    # the 34 provinces (and the coloured ones over them), each a path with a drawn outline
    assert page.locator(SHAPES).count() >= 34
    outlines = page.locator(SHAPES).evaluate_all("ps => ps.map(p => p.getAttribute('d') || '')")
    assert all(outlines) and sum(len(d) > 200 for d in outlines) >= 30  # Macao is a few points at this scale
    labels = page.locator(POINTS).evaluate_all("ps => ps.map(p => p.getAttribute('aria-label') || '')")
    assert len(labels) >= 2 and any(beijing in label for label in labels)  # 北京, 深圳 and what else the model links
    texts = page.locator(".vega-embed svg text").evaluate_all("ts => ts.map(t => t.textContent)")
    assert title in texts and beijing in texts
    assert not [t for t in texts if t in ("伦敦", "东京", "London", "Tokyo")]
    # the chart's own menu exports it (Streamlit's toolbar: Download as PNG)
    page.locator("[data-testid='stVegaLiteChart']").first.hover()
    expect(page.get_by_role("button", name="Download as PNG")).to_be_visible(timeout=TIMEOUT)


def test_clicking_a_city_shows_its_evidence(page, app_url):
    _open_map(page, app_url, "zh")
    expect(page.locator(".kg-evidence")).to_have_count(0)
    page.locator(f"{POINTS}[aria-label*='北京']").click()
    expect(page.get_by_text("选中的关系: 北京 —布局→ 人工智能")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator(".kg-evidence mark").first).to_be_visible()
    assert "place=City" in page.url


def test_clicking_a_province_shows_its_evidence(page, app_url):
    _open_map(page, app_url, "en")
    page.locator(f"{SHAPES}[aria-label^='Sichuan · ']").click()  # the coloured one, over the grey
    expect(page.get_by_text("Sichuan —targets→ Artificial intelligence")).to_be_visible(timeout=TIMEOUT)  # English
    expect(page.locator(".kg-evidence mark").first).to_be_visible()
    assert "place=Province" in page.url


def test_presented_evidence_stands_beside_the_map(browser, app_url):
    # in presentation mode on a 1440 x 900 screen a clicked city's sentences stood under the map,
    # below the screen's edge (y = 1070): now beside it, in large type
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{app_url}/?view=map&industry={quote('人工智能')}&present=1&lang=zh")
        page.wait_for_selector(POINTS, timeout=TIMEOUT)
        page.locator(f"{POINTS}[aria-label*='北京']").click()
        evidence = page.locator(".kg-evidence").first
        evidence.wait_for(timeout=TIMEOUT)
        box = evidence.bounding_box()
        chart = page.locator("[data-testid='stVegaLiteChart']").first.bounding_box()
        assert box["x"] >= chart["x"] + chart["width"], (box, chart)  # beside the map
        assert box["y"] < 900 - 60, box  # on the screen
        assert float(evidence.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 24
    finally:
        context.close()
