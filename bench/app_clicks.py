"""From a click to a settled picture, in the app, measured in Chromium.

    python bench/app_clicks.py [--corpus demo|dev|50k|STORE] [--repeats 10] [--only NAME,...]

The corpus: `demo` the five bundled essays, `dev` the essays and the dev set's 28 real texts
(data/training/devset/texts, what `kg eval` scores), each ingested into a store of its own; `50k`
the generated 50,000-document store bench/scale.py makes (kept in ~/.cache/kg-industries/bench/ and
built on first use: tens of minutes); anything else a store path or bolt:// URI used as it is (the
app is served without --curate: nothing is written). Prints the corpus's size, then, for each
interaction, times a real click until the graph canvas shows the click's result and holds still: the
nodes asked for are drawn and no node's position on screen has changed for 200 ms (the time reported
is when that still picture was first drawn). Interactions: search → graph (explore's start button),
expand (double-click a node), switching canned query, an ad-hoc query run from the Cypher editor
(Ctrl+Enter), a story's next step (graph to graph), the language switch (on explore's canvas), and
opening a shared link in a new tab of the warm app (a canned query, an explore entity, a story step,
in turn). Prints median and p95 per interaction and, to tell where the time goes, when the app's
Python run began after the click and how long it ran (from the page's script-run state; the
rest is the browser: loading the page, the canvas's frame, drawing). Asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from graph_ui import ARGS, serve  # noqa: E402

STILL_MS = 200
# (the app's canvas sets window.cy; st-link-analysis, which drew the graph before, kept it on #cy)
CANVASES = ("graph_canvas", "st_link_analysis")
PICTURE = """() => { const el = document.getElementById('cy');
    const cy = el && el._cyreg ? el._cyreg.cy : window.cy; if (!cy || !cy.nodes) return null;
    return { ids: cy.nodes().map(n => n.id()).sort(),
             at: cy.nodes().map(n => { const p = n.renderedPosition(); return [Math.round(p.x), Math.round(p.y)]; }),
             names: cy.nodes().map(n => n.data('caption')),
             industries: cy.nodes().filter(n => n.data('label') === 'Industry').map(n => n.data('name')) }; }"""
ESSAYS = ROOT / "cli" / "essays"
DEV_TEXTS = ROOT / "data" / "training" / "devset" / "texts"  # what `kg eval` scores (README, Measuring extraction)
EDITOR_QUERIES = [  # what someone types in the editor: a city's targets, as a graph (alternated, so each run draws anew)
    "MATCH (c:City {name: '北京'})-[t:TARGETS]->(i:Industry) RETURN c, t, i LIMIT 100",
    "MATCH (c:City {name: '上海'})-[t:TARGETS]->(i:Industry) RETURN c, t, i LIMIT 100",
]
SHARED_LINKS = [  # links someone sends: a canned query with its parameters, an explore entity, a story step
    ("canned", f"view=canned&q=industry_cities&industry={quote('人工智能')}"),
    ("explore", f"view=explore&entity={quote('上海')}"),
    ("story", "view=stories&story=beijing_policies&step=1"),
]


def picture(page) -> dict | None:
    """What the first graph canvas on the page draws, or None while there is none."""
    for frame in page.frames:
        if any(c in frame.url for c in CANVASES):
            try:
                return frame.evaluate(PICTURE)
            except Exception:  # the frame is being replaced
                return None
    return None


SCRIPT_STATE = """() => { const a = document.querySelector("[data-testid='stApp']");
    return a ? a.getAttribute('data-test-script-state') : null; }"""
PHASES: list[tuple[float, float]] = []  # per settle(): (when the app's script run began, when the last one ended)


def settle(page, t0: float, done, timeout: float = 90.0) -> float:
    """Seconds from `t0` until the picture satisfies `done` and then stays the same for STILL_MS.
    Notes in PHASES when the app's Python began running after `t0` and when its last run before the
    picture settled ended (the rest is the browser: the page, the canvas's frame, drawing)."""
    last, since = None, None
    began = ended = None
    while time.perf_counter() - t0 < timeout:
        state = page.evaluate(SCRIPT_STATE)
        now = picture(page)
        t = time.perf_counter()
        if state == "running":
            began = began or t
            ended = None
        elif began and ended is None:
            ended = t
        if now is not None and done(now):
            if now != last:
                last, since = now, t
            elif (t - since) * 1000 >= STILL_MS and (ended or not began):  # (a run too short to be seen: 0)
                PHASES.append((began - t0, ended - t0) if began else (0.0, 0.0))
                return since - t0
        else:
            last, since = None, None
        page.wait_for_timeout(25)
    raise TimeoutError("the picture never settled")


def idle(page) -> None:
    """Wait for the app's script run to finish."""
    page.wait_for_timeout(300)
    while page.locator("[data-testid='stStatusWidget']").count():
        page.wait_for_timeout(50)


def node_on_page(page, name: str) -> tuple[float, float]:
    frame = next(f for f in page.frames if any(c in f.url for c in CANVASES))
    p = frame.evaluate(f"""() => {{ const el = document.getElementById('cy');
        const cy = el._cyreg ? el._cyreg.cy : window.cy; const n = cy.nodes().filter(x => x.data('name') === {name!r})[0];
        const p = n.renderedPosition(); return [p.x, p.y]; }}""")
    box = page.locator(", ".join(f"iframe[title*='{c}']" for c in CANVASES)).first.bounding_box()
    return box["x"] + p[0], box["y"] + p[1]


def search_to_graph(page, url: str) -> float:
    page.goto(f"{url}/?view=explore")
    page.get_by_label(re.compile("搜索实体")).fill("beijing")
    page.keyboard.press("Enter")
    button = page.get_by_role("button", name="从这里开始")
    button.wait_for(timeout=90_000)
    idle(page)
    t0 = time.perf_counter()
    button.click()
    return settle(page, t0, lambda p: len(p["ids"]) >= 3)


def expand(page, url: str) -> float:
    search_to_graph(page, url)
    idle(page)
    now = picture(page)
    before = len(now["ids"])
    # 人工智能 where the picture has it (the demo graph), else the first industry drawn
    name = "人工智能" if "人工智能" in now["industries"] else now["industries"][0]
    x, y = node_on_page(page, name)
    t0 = time.perf_counter()
    page.mouse.dblclick(x, y)
    return settle(page, t0, lambda p: len(p["ids"]) > before)


def canned_switch(page, url: str, state: dict) -> float:
    from queries import catalogue

    queries = catalogue.load()
    if not state.get("open"):
        page.goto(f"{url}/?view=canned&q=city_industries")
        settle(page, time.perf_counter(), lambda p: len(p["ids"]) >= 2)
        state["open"], state["next"] = True, "industry_cities"
    idle(page)
    before = picture(page)["ids"]
    target = state["next"]
    state["next"] = "city_industries" if target == "industry_cities" else "industry_cities"
    t0 = time.perf_counter()
    page.locator("[data-testid='stSidebar']").get_by_text(queries[target].title("zh"), exact=True).click()
    return settle(page, t0, lambda p: p["ids"] != before and len(p["ids"]) >= 2)


def editor_run(page, url: str, state: dict) -> float:
    """Ctrl+Enter in the Cypher editor (typed beforehand: the typing is not timed) -> the result's graph."""
    if not state.get("open"):
        page.goto(f"{url}/?view=adhoc")
        page.wait_for_selector("iframe[title*='cypher_editor']", timeout=90_000)
        state["open"], state["n"] = True, 0
    idle(page)
    now = picture(page)
    before = now["ids"] if now else None
    text = EDITOR_QUERIES[state["n"] % len(EDITOR_QUERIES)]
    state["n"] += 1
    content = page.frame_locator("iframe[title*='cypher_editor']").first.locator(".cm-content")
    content.click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(text)
    page.wait_for_timeout(100)
    t0 = time.perf_counter()
    page.keyboard.press("Control+Enter")
    return settle(page, t0, lambda p: p["ids"] != before and len(p["ids"]) >= 2)


def story_next(page, url: str) -> float:
    page.goto(f"{url}/?view=stories&story=beijing_policies&step=3")
    settle(page, time.perf_counter(), lambda p: len(p["ids"]) >= 2)
    idle(page)
    before = picture(page)["ids"]
    t0 = time.perf_counter()
    page.get_by_role("button", name=re.compile("下一步")).click()
    return settle(page, t0, lambda p: p["ids"] != before)


def language_switch(page, url: str, state: dict) -> float:
    # on explore's canvas: switching the language on another view drops back to explore (the view radio's
    # labels change with the language), which would time that, not the canvas
    if not state.get("open"):
        search_to_graph(page, url)
        state["open"], state["lang"] = True, "zh"
    idle(page)
    to = "en" if state["lang"] == "zh" else "zh"
    state["lang"] = to
    name = "Beijing" if to == "en" else "北京"  # the captions follow the language
    t0 = time.perf_counter()
    page.locator("[data-testid='stSidebar']").get_by_text("English" if to == "en" else "中文", exact=True).click()
    return settle(page, t0, lambda p: name in p["names"])


def shared_link(page, url: str, state: dict) -> float:
    """A link opened in a new tab of the warm app (a new session; the browser has the app's files), from
    navigation until its graph is drawn and still. The links take turns; `state["kinds"]` keeps who took what."""
    n = state.get("n", 0)
    state["n"] = n + 1
    kind, query = SHARED_LINKS[n % len(SHARED_LINKS)]
    tab = page.context.new_page()
    try:
        t0 = time.perf_counter()
        tab.goto(f"{url}/?{query}")
        took = settle(tab, t0, lambda p: len(p["ids"]) >= 2)
    finally:
        tab.close()
    state.setdefault("kinds", {}).setdefault(kind, []).append(took)
    return took


INTERACTIONS = [("search -> graph", search_to_graph), ("expand (double-click)", expand),
                ("canned query switch", canned_switch), ("editor run (Ctrl+Enter)", editor_run),
                ("story next (graph -> graph)", story_next), ("language switch", language_switch),
                ("shared link, warm app", shared_link)]


def make_store(corpus: str, tmp: Path) -> tuple[str, str]:
    """(the store to serve, how the corpus is described)."""
    if corpus not in ("demo", "dev", "50k"):
        return corpus, corpus
    if corpus == "50k":
        from scale import cached_store

        return cached_store(50_000), "the generated 50,000-document store (bench/scale.py, --fast)"
    from graph.factory import open_store
    from ingest.runner import ingest_paths

    store = str(tmp / f"{corpus}.db")
    folders = [ESSAYS] + ([DEV_TEXTS] if corpus == "dev" else [])
    with open_store(store) as s:
        report = ingest_paths(folders, s)
        assert not report.failed, report.failed[:3]
    return store, "the demo essays" + (" and the dev set's texts" if corpus == "dev" else "")


def size(spec: str) -> str:
    """Documents, nodes and relationships (the schema's; then every edge, per-document ones included)."""
    from graph.factory import open_store
    from scale import relationship_count

    with open_store(spec) as s:
        docs = s.read("MATCH (d:Document) RETURN count(d)", timeout_ms=None).rows[0][0]
        counts = s.counts()
        return (f"{docs:,} documents, {counts['nodes']:,} nodes, {relationship_count(s):,} relationships "
                f"({counts['relationships']:,} edges with the documents' MENTIONS and STATES)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="demo", help="demo, dev, 50k, or a store path / bolt:// URI")
    ap.add_argument("--repeats", type=int, default=10)
    ap.add_argument("--only", help="comma-separated words: only the interactions whose name has one")
    args = ap.parse_args()
    chromium = os.environ.get("KG_CHROMIUM") or shutil.which("chromium")
    if not chromium:
        sys.exit("needs Debian chromium (make browsers)")
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="app-clicks-"))
    store, what = make_store(args.corpus, tmp)
    # (its size is read after the app has closed it: opening a big embedded store from two processes
    # at once, here and in the app, can leave the app's first page waiting)
    wanted = [(n, f) for n, f in INTERACTIONS
              if not args.only or any(w.strip() in n for w in args.only.split(","))]
    proc, url = serve(ROOT / "app.py", {"KG_STORE": store, "KG_CURATE": "0"})
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=ARGS)
            print(f"click -> settled picture (drawn, no node moved for {STILL_MS} ms), Chromium headless, "
                  f"{args.repeats} clicks after one to warm up: median / p95 s; then, median s after the click, when "
                  "the app's Python run began and how long it ran until its last run ended", flush=True)
            # the first page opens the store and fills the app's caches: timed apart, not counted as a click
            page = browser.new_page(viewport={"width": 1400, "height": 1100})
            t0 = time.perf_counter()
            for _ in range(3):  # a page whose run failed (the store still opening elsewhere) is loaded again
                page.goto(f"{url}/?view=explore")
                try:
                    page.get_by_label(re.compile("搜索实体")).wait_for(timeout=300_000)
                    break
                except Exception:
                    print("  (the first page did not open in 5 minutes: loading it again)", flush=True)
            idle(page)
            print(f"  (the first page of the cold app, store opened: {time.perf_counter() - t0:.1f} s)", flush=True)
            page.close()
            for name, run in wanted:
                context = browser.new_context(viewport={"width": 1400, "height": 1100})
                page = context.new_page()  # (a shared link opens in a new tab of this context: the files cached)
                state: dict = {}
                once = (lambda: run(page, url, state)) if "state" in run.__code__.co_varnames else \
                    (lambda: run(page, url))
                times, phases = [], []
                try:
                    once()
                    state.pop("kinds", None)  # the warm-up is not counted
                    for _ in range(args.repeats):
                        times.append(once())
                        phases.append(PHASES[-1])
                except Exception as exc:  # an interaction that never settles is a finding too
                    print(f"  {name:30} failed after {len(times)} clicks: {str(exc).splitlines()[0]}", flush=True)
                    context.close()
                    continue
                times.sort()
                p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
                kinds = "".join(f"  {k} {statistics.median(v):.2f}" for k, v in state.get("kinds", {}).items())
                began = statistics.median(b for b, _ in phases)
                ran = statistics.median(e - b for b, e in phases)
                print(f"  {name:30} {statistics.median(times):6.2f} / {p95:6.2f}    Python began {began:4.2f}, "
                      f"ran {ran:4.2f}{'   (median by link:' + kinds + ')' if kinds else ''}", flush=True)
                context.close()
            browser.close()
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(30)
        try:
            print(f"{what}: {size(store)}", flush=True)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
