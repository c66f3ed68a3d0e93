"""Regenerate the README screenshots: every view in both languages, and the curation views.

    kg demo --no-serve --store /tmp/shots/demo.db
    KG_STORE=/tmp/shots/demo.db python docs/screenshots.py [VIEW ...]

Writes docs/screenshots/VIEW_zh.png and VIEW_en.png at 1440×900 for each view of VIEWS (the
language comes from the link's lang=, as a shared link carries it), then correct_edge.png and
corrections.png (the app with --curate on a store of its own). Naming views makes only those
(`python docs/screenshots.py map`; `curate` the curation pair). Needs Chromium (make browsers).
Without KG_STORE, the demo store `kg demo` fills.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
SIZE = {"width": 1440, "height": 900}
LABELS = {"zh": "搜索实体（中文、别名、英文或拼音）", "en": "Find an entity (Chinese, alias, English or pinyin)"}
START = {"zh": "从这里开始", "en": "Start here"}
CYPHER = "MATCH (c:City {name: '上海'})-[t:TARGETS]->(i:Industry)\nRETURN c, t, i"
# view -> the link that opens it (lang= added); explore is searched for by typing, the map clicked on
VIEWS = {
    "dashboard": "",
    "explore": "view=explore",
    "canned": f"view=canned&q=city_industries&place={quote('上海')}",
    "adhoc": f"view=adhoc&cypher={quote(CYPHER)}&params={quote('{}')}",
    "story": "view=stories&story=beijing_policies&step=1",
    "map": f"view=map&industry={quote('人工智能')}",
    "overview": "view=overview",
    "present_canned": f"view=canned&q=industry_cities&industry={quote('人工智能')}&present=1",
    "present_story": "view=stories&story=competing_cities&step=4&present=1",
}
CANVAS = "() => window.cy ? window.cy.nodes().map(n => { const p = n.renderedPosition(); return [p.x, p.y]; }) : null"


def serve(store: str, port: int, curate: bool = False) -> tuple[subprocess.Popen, str]:
    """The app on `store` at 127.0.0.1:`port` (taking corrections with `curate`), once it answers."""
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless",
                             "true", "--server.address", "127.0.0.1", "--server.port", str(port)],
                            cwd=ROOT, env=dict(os.environ, KG_STORE=store, KG_CURATE="1" if curate else "0"),
                            stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=1)
            break
        except OSError:
            time.sleep(0.3)
    return proc, url


def settled(page, timeout: float = 60.0) -> None:
    """Wait until the script run has finished and any graph canvas holds still (no node moved for 0.5 s)."""
    page.wait_for_timeout(800)
    t0 = time.monotonic()
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout * 1000)
    if page.locator("iframe[title*='graph_canvas']").count():
        last, still = None, 0
        while still < 5 and time.monotonic() - t0 < timeout:
            frame = next((f for f in page.frames if "graph_canvas" in f.url), None)
            try:
                now = frame.evaluate(CANVAS) if frame else None
            except Exception:  # the frame is being replaced
                now = None
            still = still + 1 if now and now == last else 0
            last = now
            page.wait_for_timeout(100)
    page.mouse.move(2, 2)  # no tooltip over the picture
    page.wait_for_timeout(1000)  # charts and fonts drawn


def shoot(page, url: str, view: str, lang: str) -> None:
    link = "&".join(x for x in (VIEWS[view], f"lang={lang}") if x)
    page.goto(f"{url}/?{link}")
    if view == "explore":  # as someone does it: type a name, pick the first hit, start from it
        page.get_by_label(LABELS[lang]).fill("shanghai")
        page.keyboard.press("Enter")
        page.get_by_role("button", name=START[lang]).click()
    elif view == "map":  # a place clicked: its evidence under the map, the place ringed
        points = ".vega-embed svg g.mark-symbol.role-mark path"
        page.wait_for_selector(points, timeout=60_000)
        page.locator(f"{points}[aria-label*='{'北京' if lang == 'zh' else 'Beijing'}']").click()
        page.locator(".kg-evidence").first.wait_for(timeout=60_000)
    elif view == "adhoc":
        page.wait_for_selector("iframe[title*='cypher_editor']", timeout=60_000)
    settled(page)
    page.screenshot(path=str(OUT / f"{view}_{lang}.png"))


def main() -> None:
    from playwright.sync_api import sync_playwright

    from graph.paths import demo_store_path

    store = os.environ.get("KG_STORE") or str(demo_store_path())
    wanted = sys.argv[1:] or [*VIEWS, "curate"]
    unknown = set(wanted) - set(VIEWS) - {"curate"}
    if unknown:
        sys.exit(f"unknown view(s) {', '.join(sorted(unknown))}; views: {', '.join(VIEWS)}, curate")
    port = 8597
    OUT.mkdir(parents=True, exist_ok=True)
    views = [v for v in VIEWS if v in wanted]
    if views:
        proc, url = serve(store, port)
        try:
            with sync_playwright() as p:
                b = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
                for lang in ("zh", "en"):
                    for view in views:
                        page = b.new_page(viewport=SIZE)  # a session of its own, as a link opens one
                        shoot(page, url, view, lang)
                        page.close()
                        print("wrote", f"{view}_{lang}.png", flush=True)
                b.close()
        finally:
            proc.terminate()
            proc.wait(30)
    if "curate" in wanted:
        corrections_shots(port + 1)
        print("wrote correct_edge.png corrections.png")


def corrections_shots(port: int) -> None:
    """The app served with --curate on a store of its own holding the essays and a few corrections."""
    import tempfile

    from playwright.sync_api import sync_playwright

    from cli.main import ESSAYS
    from graph.corrections import Correction
    from graph.factory import open_store
    from ingest.runner import ingest_paths
    from queries import reads

    tmp = tempfile.mkdtemp()
    store = str(Path(tmp) / "curated.db")
    with open_store(store) as s:
        ingest_paths([ESSAYS], s)
        for c in [Correction("reject", {"rel": {"type": "TARGETS", "head": ["City", "伦敦"],
                                                "tail": ["Industry", "先进制造业"]}}, "王晓",
                             reason="说的是伦敦制造业就业下降，不是布局"),
                  Correction("add", {"to": {"type": "TARGETS", "head": ["City", "上海"],
                                            "tail": ["Industry", "可控核聚变"]}}, "王晓",
                             note="《上海市未来产业行动方案》：布局可控核聚变")]:
            c.evidence = reads.correction_basis(s, c) or []
            s.correct(c)
    proc, url = serve(store, port, curate=True)
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
            page = b.new_page(viewport={"width": 1400, "height": 1500})
            page.goto(f"{url}/?view=canned&q=city_industries&place={quote('上海')}")
            page.get_by_label("你的名字（记录谁做的更正）").fill("王晓")
            page.keyboard.press("Enter")
            page.wait_for_timeout(7000)
            page.get_by_text("更正这条关系").scroll_into_view_if_needed()
            page.screenshot(path=str(OUT / "correct_edge.png"))
            page.goto(f"{url}/?view=corrections")
            page.wait_for_timeout(5000)
            page.screenshot(path=str(OUT / "corrections.png"))
            b.close()
    finally:
        proc.terminate()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
