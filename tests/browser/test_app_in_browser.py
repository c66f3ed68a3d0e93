"""The app as a person uses it, in Chromium: queries, the editor, refusals, growing the graph, stories, links."""
from __future__ import annotations

import re
from urllib.parse import quote

from playwright.sync_api import expect

from served import TIMEOUT, graph_frame, settled_position, start_exploring, wait_nodes

def test_canned_query_shows_graph_and_table(page, app_url):
    page.goto(f"{app_url}/?view=canned&q=city_industries&place={quote('北京')}")
    expect(page.get_by_text("中国城市如何布局未来产业")).to_be_visible(timeout=TIMEOUT)
    assert wait_nodes(graph_frame(page), 5) >= 5
    expect(page.locator(".kg-evidence mark").first).to_be_visible()
    page.get_by_role("tab", name="表格").click()
    expect(page.locator("[data-testid='stDataFrame']").first).to_be_visible(timeout=TIMEOUT)


def test_shared_url_reopens_the_view(page, app_url):
    page.goto(f"{app_url}/?view=canned&q=industry_cities&industry={quote('人工智能')}&lang=en")
    expect(page.get_by_text("Places targeting an industry").first).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("人工智能").first).to_be_visible()
    assert wait_nodes(graph_frame(page), 3) >= 3
    assert "industry=" in page.url and "q=industry_cities" in page.url


def _editor(page):
    page.wait_for_selector("iframe[title*='cypher_editor']", timeout=TIMEOUT)
    return page.frame_locator("iframe[title*='cypher_editor']").first


def _type_query(page, text: str) -> None:
    ed = _editor(page).locator(".cm-content")
    ed.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    page.keyboard.press("Control+Enter")


def test_adhoc_cypher_runs_with_ctrl_enter(page, app_url):
    page.goto(f"{app_url}/?view=adhoc")
    _type_query(page, "MATCH (c:City) RETURN c.name AS city ORDER BY city LIMIT 5")
    expect(page.locator("[data-testid='stDataFrame']").first).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text(re.compile(r"5 行"))).to_be_visible()


def test_adhoc_write_is_refused(page, app_url):
    page.goto(f"{app_url}/?view=adhoc")
    _type_query(page, "MATCH (n) DETACH DELETE n")
    expect(page.locator("[data-testid='stAlert']").filter(has_text="refused")).to_be_visible(timeout=TIMEOUT)
    _type_query(page, "MATCH (n) RETURN count(n) AS n")
    expect(page.locator("[data-testid='stDataFrame']").first).to_be_visible(timeout=TIMEOUT)


def _code_px(page) -> float:
    content = _editor(page).locator(".cm-content")
    expect(content).to_be_visible(timeout=TIMEOUT)
    return float(content.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))


def _params_px(page) -> float:
    box = page.locator("[data-testid='stMainBlockContainer'] textarea").first
    expect(box).to_be_visible(timeout=TIMEOUT)
    return float(box.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))


def test_the_editor_type_is_presentation_sized_when_presenting(page, app_url):
    page.goto(f"{app_url}/?view=adhoc")
    assert _code_px(page) < 15 and _params_px(page) < 18
    page.goto(f"{app_url}/?view=adhoc&present=1")
    assert _code_px(page) >= 20 and _params_px(page) >= 20  # the parameters' box too


def test_explore_search_and_expand_a_node(page, app_url):
    frame = start_exploring(page, app_url)
    before = wait_nodes(frame, 3)
    # Double-click an industry other cities target too: the app adds those cities to the canvas.
    page.mouse.dblclick(*settled_position(page, "人工智能"))
    after = wait_nodes(graph_frame(page), before + 1)
    assert after > before
    # Click a node: its properties, aliases and relationships appear below the graph.
    page.mouse.click(*settled_position(page, "人工智能"))
    expect(page.get_by_text("选中的节点: 人工智能")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("关系列表")).to_be_visible()


def test_story_in_presentation_mode(page, app_url):
    page.goto(f"{app_url}/?view=stories&story=beijing_policies&step=1&present=1")
    caption = page.locator(".kg-caption")
    expect(caption).to_be_visible(timeout=TIMEOUT)
    first = caption.inner_text()
    expect(page.locator("[data-testid='stSidebar']")).to_be_hidden()
    page.get_by_role("button", name=re.compile("下一步")).click()
    expect(page.get_by_text("第 2 / 4 步")).to_be_visible(timeout=TIMEOUT)
    assert page.locator(".kg-caption").inner_text() != first
    assert "step=2" in page.url
    # the arrow keys step as the buttons do (a presenter's keyboard or clicker)
    page.locator(".kg-caption").click()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_text("第 3 / 4 步")).to_be_visible(timeout=TIMEOUT)
    page.keyboard.press("ArrowLeft")
    expect(page.get_by_text("第 2 / 4 步")).to_be_visible(timeout=TIMEOUT)


def _chosen_in_sidebar(page) -> list[str]:
    """The chosen option of each radio in the sidebar (language, view), as shown."""
    return page.locator("[data-testid='stSidebar'] [role='radiogroup']").evaluate_all(
        "gs => gs.map(g => [...g.querySelectorAll('label')].filter(l => l.querySelector('input:checked'))"
        ".map(l => l.innerText.trim()).join('|'))")


def test_switching_language_keeps_the_view(page, app_url):
    # the view list's labels change with the language: the view chosen must not change with them
    page.goto(f"{app_url}/?view=map&industry={quote('人工智能')}")
    page.wait_for_selector(".vega-embed svg", timeout=TIMEOUT)
    assert _chosen_in_sidebar(page) == ["中文", "地图"]
    for click, want in (("English", ["English", "Map"]), ("中文", ["中文", "地图"])):
        page.get_by_text(click, exact=True).click()
        for _ in range(60):  # until the rerun has replaced the previous language's list
            if _chosen_in_sidebar(page) == want:
                break
            page.wait_for_timeout(500)
        assert _chosen_in_sidebar(page) == want
        page.wait_for_selector(".vega-embed svg", timeout=TIMEOUT)  # still the map


def test_the_explore_canvas_survives_switching_language_back_and_forth(page, app_url):
    # the filters' choices are named in the language; a switch once left a filter matching nothing
    page.goto(f"{app_url}/?view=explore&entity={quote('北京')}")
    frame = graph_frame(page)
    drawn = wait_nodes(frame, 3)
    for click in ("English", "中文", "English"):
        page.get_by_text(click, exact=True).click()
        page.wait_for_timeout(1500)
        assert wait_nodes(graph_frame(page), drawn) == drawn
