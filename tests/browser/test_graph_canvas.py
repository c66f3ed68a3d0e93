"""The graph canvas as a room sees it, in Chromium: names on the picture whatever its size, a picture
that stays put when it grows, large type in presentation mode, no widget text of its own, and only
the interface's language on the canvas."""
from __future__ import annotations

import re
from urllib.parse import quote

from playwright.sync_api import expect

from served import CY_COUNT, FRAME, TIMEOUT, graph_frame, settled_position, start_exploring, wait_nodes

# What the canvas shows of each element: the label it draws (empty when unnamed) and its size on screen.
DRAWN = """() => window.cy.elements().map(e => ({
    id: e.id(), node: e.isNode(), degree: e.isNode() ? e.data('degree') : 0, name: e.data('caption'),
    label: e.style('label'), px: parseFloat(e.style('font-size')) * window.cy.zoom() }))"""
POSITIONS = "() => Object.fromEntries(window.cy.nodes().map(n => [n.id(), [n.position('x'), n.position('y')]]))"
ENGLISH_TYPES = re.compile(r"TARGETS|SUPPORTS|LOCATED_IN|ISSUED_BY|PART_OF|MENTIONS|STATES")


def _largest_place(store_path: str) -> str:
    """The place with the most neighbours in the test graph (上海 when the essays are the demo's)."""
    from graph.factory import open_store

    s = open_store(store_path)
    try:
        rows = s.read("MATCH (c:City)--(m) RETURN c.name AS name, count(DISTINCT m) AS n "
                      "ORDER BY n DESC, name LIMIT 1").rows
    finally:
        s.close()
    return rows[0][0]


# Each named node's name as drawn, on screen (cytoscape's own measure of the label, not the canvas's).
NAME_BOXES = """() => { const cy = window.cy, z = cy.zoom(), p = cy.pan();
  return cy.nodes().filter(n => n.style('label')).map(n => {
    const b = n.boundingBox({includeNodes: false, includeLabels: true, includeOverlays: false});
    return {name: n.data('caption'), box: [b.x1 * z + p.x, b.y1 * z + p.y, b.x2 * z + p.x, b.y2 * z + p.y]}; }); }"""


def _drawn(frame) -> list[dict]:
    frame.page.wait_for_timeout(300)  # the restyle after the fit runs on the next frame
    return frame.evaluate(DRAWN)


def _overlapping(frame, slack: float = 1.0) -> list[tuple[str, str]]:
    """The pairs of drawn names whose boxes overlap (by more than `slack` px each way)."""
    boxes = frame.evaluate(NAME_BOXES)
    return [(a["name"], b["name"]) for i, a in enumerate(boxes) for b in boxes[:i]
            if a["box"][0] + slack < b["box"][2] and b["box"][0] + slack < a["box"][2]
            and a["box"][1] + slack < b["box"][3] and b["box"][1] + slack < a["box"][3]]


def test_the_best_connected_nodes_are_named_at_a_readable_size(page, app_url, essays_store_path):
    place = _largest_place(essays_store_path)
    page.goto(f"{app_url}/?view=explore&entity={quote(place)}")
    frame = graph_frame(page)
    n = wait_nodes(frame, 10)
    nodes = sorted((e for e in _drawn(frame) if e["node"]), key=lambda e: -e["degree"])
    named = [e for e in nodes if e["label"]]
    # names for the best-connected nodes (15 at most, ties broken by name; every node of a small
    # graph), at ≥ 12 px, and only where they do not cover one another: the hub is always named
    top = nodes if n <= 25 else [e for e in nodes if e["degree"] >= nodes[14]["degree"]]
    assert named and nodes[0]["label"], nodes[:3]
    assert len(named) >= min(n, 8), named
    assert {e["id"] for e in named} <= {e["id"] for e in top}, (named, top)
    for e in named:
        assert e["px"] >= 12, (e, n)
    assert all(e["label"] in (e["name"], e["name"][:len(e["label"]) - 1] + "…") for e in named)
    assert not _overlapping(frame), _overlapping(frame)
    if n > 25:  # a big picture names its hubs, not everything
        assert len(named) < n
    # zooming out keeps the names the same size on screen, and drops those that would now collide
    frame.evaluate("() => { window.cy.zoom(window.cy.zoom() / 3); }")
    page.wait_for_timeout(400)
    after = {e["id"]: e for e in frame.evaluate(DRAWN)}
    assert after[nodes[0]["id"]]["label"]
    for e in named:
        if after[e["id"]]["label"]:
            assert abs(after[e["id"]]["px"] - e["px"]) < 0.5, (e, after[e["id"]])
    assert not _overlapping(frame), _overlapping(frame)
    # zooming in spreads the picture: at least as many names fit as at first, still apart
    frame.evaluate("() => { window.cy.zoom(window.cy.zoom() * 6); }")
    page.wait_for_timeout(400)
    assert len([e for e in frame.evaluate(DRAWN) if e["node"] and e["label"]]) >= len(named)
    assert not _overlapping(frame), _overlapping(frame)


def test_names_do_not_cover_one_another_on_a_crowded_picture(page, app_url):
    """Eighty rows of a query in a small canvas, in both languages and in presentation mode's large
    type: the names that are drawn never overlap, the selected node is always named, and
    *show all names* still names every node."""
    cypher = quote("MATCH (c:City)-[t:TARGETS]->(i:Industry) RETURN c, t, i LIMIT 80")
    for lang, present, size in (("zh", "", (1440, 900)), ("en", "", (1440, 900)), ("en", "&present=1", (1440, 900)),
                                ("zh", "&present=1", (1920, 1080))):
        page.set_viewport_size({"width": size[0], "height": size[1]})
        page.goto(f"{app_url}/?view=adhoc&cypher={cypher}&lang={lang}{present}")
        frame = graph_frame(page)
        n = wait_nodes(frame, 40)
        named = [e for e in _drawn(frame) if e["node"] and e["label"]]
        assert 3 <= len(named) < n, (lang, present, len(named), n)
        assert not _overlapping(frame), (lang, present, _overlapping(frame))
        # a selected node is named even where its name covers another's
        hidden = frame.evaluate("() => window.cy.nodes().filter(n => !n.style('label'))[0].id()")
        frame.evaluate(f"() => {{ window.cy.getElementById({hidden!r}).select(); }}")  # (returns no collection)
        page.wait_for_timeout(300)
        assert frame.evaluate(f"() => window.cy.getElementById({hidden!r}).style('label')")
        frame.evaluate("() => { window.cy.elements().unselect(); }")
    frame.locator("#all").click()
    page.wait_for_timeout(300)
    assert all(e["label"] for e in _drawn(frame) if e["node"])


def test_expanding_a_node_keeps_every_node_where_it_was(page, app_url):
    frame = start_exploring(page, app_url)
    before_n = wait_nodes(frame, 3)
    before = frame.evaluate(POSITIONS)
    on_screen = frame.evaluate("() => { const p = window.cy.nodes()[0].renderedPosition(); return [p.x, p.y]; }")
    page.mouse.dblclick(*settled_position(page, "人工智能"))
    after_n = wait_nodes(graph_frame(page), before_n + 1)
    assert after_n > before_n
    page.wait_for_timeout(500)
    after = frame.evaluate(POSITIONS)
    moved = {k: (before[k], after[k]) for k in before
             if k in after and abs(before[k][0] - after[k][0]) + abs(before[k][1] - after[k][1]) > 1}
    assert not moved, moved
    assert set(after) - set(before)  # the new ones were placed
    # and nothing is animating: a moment later the picture is the same
    page.wait_for_timeout(400)
    assert frame.evaluate(POSITIONS) == after
    assert on_screen  # (rendered positions may shift only if the view had to be fitted again)


def test_presentation_mode_type_is_large_and_the_canvas_fits_the_screen(page, app_url):
    url = f"{app_url}/?view=stories&story=beijing_policies&step=1&present=1"
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(url)
    frame = graph_frame(page)
    wait_nodes(frame, 3)
    page.wait_for_timeout(800)
    drawn = _drawn(frame)
    named = [e for e in drawn if e["node"] and e["label"]]
    captions = [e for e in drawn if not e["node"] and e["label"]]
    assert named and captions
    # (px is font size x zoom, a product of floats: 22 / zoom x zoom came out 21.999999999999996)
    assert round(min(e["px"] for e in named), 3) >= 22, named
    assert round(min(e["px"] for e in captions), 3) >= 22, captions
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(url)
    graph_frame(page)
    page.wait_for_timeout(1000)
    box = page.locator(FRAME).first.bounding_box()
    assert box["height"] >= 320 and box["y"] + box["height"] <= 900, box  # whole on one screen


def test_the_canvas_has_no_text_of_its_own_but_the_interfaces(page, app_url):
    page.goto(f"{app_url}/?view=canned&q=city_industries&place={quote('北京')}")
    frame = graph_frame(page)
    wait_nodes(frame, 5)
    page.mouse.click(*settled_position(page, "北京"))
    expect(page.get_by_text("选中的节点: 北京")).to_be_visible(timeout=TIMEOUT)
    for text in (page.inner_text("body"), frame.inner_text("body")):
        assert "No selected elements" not in text and "parent: undefined" not in text and "undefined" not in text
    assert frame.locator("button").all_inner_texts() == ["适应画布", "显示全部名称"]


def test_in_chinese_the_canvas_shows_no_english_type_names(page, app_url):
    page.goto(f"{app_url}/?view=canned&q=city_industries&place={quote('北京')}")
    frame = graph_frame(page)
    wait_nodes(frame, 5)
    frame.get_by_role("button", name="显示全部名称").click()  # every node and edge named
    page.wait_for_timeout(300)
    labels = [e["label"] for e in _drawn(frame) if e["label"]]
    captions = [e["label"] for e in _drawn(frame) if not e["node"]]
    assert "布局" in captions, captions
    visible = labels + [frame.inner_text("body")]
    assert not [t for t in visible if ENGLISH_TYPES.search(t)], visible
    page.goto(f"{app_url}/?view=canned&q=city_industries&place={quote('北京')}&lang=en")
    frame = graph_frame(page)
    wait_nodes(frame, 5)
    frame.get_by_role("button", name="Show all names").click()
    page.wait_for_timeout(300)
    assert "targets" in [e["label"] for e in _drawn(frame) if not e["node"]]


def test_delete_removes_the_selected_node_for_good(page, app_url):
    page.goto(f"{app_url}/?view=explore&entity={quote('北京')}")
    frame = graph_frame(page)
    n = wait_nodes(frame, 3)
    page.mouse.click(*settled_position(page, "人工智能"))
    expect(page.get_by_text("选中的节点: 人工智能")).to_be_visible(timeout=TIMEOUT)
    page.keyboard.press("Delete")
    expect(page.get_by_text("选中的节点: 人工智能")).to_have_count(0, timeout=TIMEOUT)
    page.wait_for_timeout(1000)  # the app's rerun draws the canvas again, without it
    frame = graph_frame(page)
    assert frame.evaluate("() => window.cy.nodes().filter(x => x.data('name') === '人工智能').length") == 0
    assert frame.evaluate(CY_COUNT) == n - 1
