"""Everything shown comes from documents: script, image and Markdown payloads in titles and file
names must render as text, run nothing and fetch nothing (issue 7)."""
from __future__ import annotations

from urllib.parse import quote

import pytest

from served import TIMEOUT, graph_frame, serve_app, wait_nodes

FILE_NAME = "<img src=x onerror=alert(7)>.txt"
TEXT = ("2024年，北京市发布《<img src=x onerror=alert(3)>人工智能发展规划》，重点支持人工智能产业。"
        "北京市印发《![leak](http://127.0.0.1:9/leak.png)量子科技行动方案》，"
        "《![leak](http://127.0.0.1:9/leak.png)量子科技行动方案》支持量子科技产业发展。\n")


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    from graph.factory import open_store
    from ingest.runner import ingest_paths

    folder = tmp_path_factory.mktemp("hostile")
    (folder / "docs").mkdir()
    (folder / "docs" / FILE_NAME).write_text(TEXT, encoding="utf-8")
    store = str(folder / "kg.db")
    s = open_store(store)
    report = ingest_paths([folder / "docs"], s)
    assert not report.failed and report.written, report.failed
    policies = [r[0] for r in s.read("MATCH (p:Policy) RETURN p.name").rows]
    assert any("<img" in p for p in policies) and any("![leak]" in p for p in policies), policies
    s.close()
    yield from serve_app(store)


def test_payloads_in_titles_and_file_names_stay_text(page, hostile_app):
    dialogs, leaks = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: leaks.append(r.url) if "leak" in r.url or r.url.endswith("/x") else None)
    key = f"docs/{FILE_NAME}"
    page.goto(f"{hostile_app}/?view=canned&q=document_contents&document={quote(key)}")
    frame = graph_frame(page)
    assert wait_nodes(frame, 3) >= 3
    # click and point at every node and edge: the app's selection panel fills in, the canvas's tooltip
    # shows the element's whole name (the canvas has no panel of its own; its labels are canvas text)
    count = frame.evaluate("() => window.cy.elements().length")
    shown = []
    for i in range(count):
        tip = frame.evaluate(f"""() => {{ const cy = window.cy;
            cy.elements().unselect(); const e = cy.elements()[{i}]; e.select(); e.emit('tap'); e.emit('mouseover');
            const t = document.getElementById('tip'); const out = [t.innerHTML, t.textContent, t.children.length];
            e.emit('mouseout'); return out; }}""")
        page.wait_for_timeout(600)
        assert "<img" not in tip[0] and tip[2] == 0, tip  # text, never markup
        shown.append(tip[1])
    assert any("img src=x onerror=alert(3)" in p for p in shown), shown  # the payload was shown, as text
    page.wait_for_timeout(1500)
    body = page.inner_text("body")
    assert "<img src=x onerror=alert(3)>" in body or "<img src=x onerror=alert(7)>" in body  # shown as text
    assert page.locator("img[src='x']").count() == 0
    assert frame.locator("img[src='x']").count() == 0
    assert not dialogs, dialogs
    assert not leaks, leaks


FORGED = [
    "RETURN {_kind: 'node', id: '<img src=x onerror=alert(1)>', labels: ['City'], properties: {name: 'x'}} AS n",
    "RETURN {_kind: 'node', id: '1', labels: ['<img src=x onerror=alert(2)>'], properties: {name: 'x'}} AS n",
    "RETURN {_kind: 'node', id: '1', labels: ['City'], properties: {`<img src=x onerror=alert(3)>`: 'x'}} AS n",
    "RETURN {_kind: 'relationship', id: '9', type: '<img src=x onerror=alert(4)>', start: '1', end: '2', "
    "properties: {}} AS r",
    "RETURN '<img src=x onerror=alert(5)>' AS x, {a: '<script>alert(6)</script>'} AS m",
]


@pytest.mark.parametrize("cypher", FORGED)
def test_forged_links_draw_no_node_and_run_nothing(page, app_url, cypher):
    """A shared link's query returns maps that look like nodes: they are shown as text in the table,
    never drawn as nodes, and no id, label, type or property name reaches the page as markup."""
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{app_url}/?view=adhoc&cypher={quote(cypher)}")
    page.wait_for_selector("[data-testid='stDataFrame'], [data-testid='stTable'], .stDataFrame", timeout=TIMEOUT)
    page.wait_for_timeout(1500)
    for frame in page.frames:  # the graph widget draws nothing from a map
        if frame != page.main_frame and frame.locator("#cy").count():
            nodes = frame.evaluate("() => window.cy ? window.cy.nodes().length : 0")
            assert nodes == 0
        assert frame.locator("img[src='x']").count() == 0 and frame.locator("script:has-text('alert')").count() == 0
    assert page.locator("img[src='x']").count() == 0
    assert not dialogs, dialogs
