"""Regenerate the README screenshots: python docs/screenshots.py (needs `make demo --no-serve` data and Chromium);
`python docs/screenshots.py map` makes the map view's two alone."""
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


def main() -> None:
    from playwright.sync_api import sync_playwright

    store = os.environ.get("KG_STORE") or str(Path.home() / ".local/share/kg-industries/demo.db")
    port = 8597
    if sys.argv[1:] == ["map"]:
        map_shots(store, port + 2)
        return
    proc, url = serve(store, port)
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
            page = b.new_page(viewport={"width": 1400, "height": 1250})
            page.goto(url)  # no view named: the dashboard
            page.wait_for_timeout(7000)
            page.screenshot(path=str(OUT / "dashboard.png"))
            page.goto(f"{url}/?view=explore")
            page.get_by_label("搜索实体（中文、别名、英文或拼音）").fill("shanghai")
            page.keyboard.press("Enter")
            page.get_by_role("button", name="从这里开始").click()
            page.wait_for_timeout(7000)
            page.screenshot(path=str(OUT / "explore.png"))
            page.goto(f"{url}/?view=canned&q=place_policies&issuer={quote('北京')}")
            page.wait_for_timeout(7000)
            page.screenshot(path=str(OUT / "canned_query.png"))
            page.goto(f"{url}/?view=stories&story=competing_cities&step=4&present=1")
            page.wait_for_timeout(7000)
            page.screenshot(path=str(OUT / "presentation.png"))
            b.close()
    finally:
        proc.terminate()
    corrections_shots(port + 1)
    map_shots(store, port + 2)
    print("wrote", *sorted(p.name for p in OUT.glob("*.png")))


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


def map_shots(store: str, port: int) -> None:
    """The map view in both languages: 人工智能 with 北京 clicked and its evidence (zh), and in English."""
    from playwright.sync_api import sync_playwright

    proc, url = serve(store, port)
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
            page = b.new_page(viewport={"width": 1400, "height": 1250})
            points = ".vega-embed svg g.mark-symbol.role-mark path"
            page.goto(f"{url}/?view=map&industry={quote('人工智能')}")
            page.wait_for_selector(points, timeout=60_000)
            page.locator(f"{points}[aria-label*='北京']").click()
            page.locator(".kg-evidence").first.wait_for(timeout=60_000)
            page.mouse.move(5, 5)  # no tooltip over the picture
            page.wait_for_timeout(1500)
            page.screenshot(path=str(OUT / "map.png"))
            page.goto(f"{url}/?view=map&industry={quote('卫星互联网')}&lang=en")
            page.wait_for_selector(points, timeout=60_000)
            page.wait_for_selector("[data-testid='stDownloadButton']", timeout=60_000)  # the page drawn whole
            page.wait_for_timeout(1500)
            page.screenshot(path=str(OUT / "map_en.png"))
            b.close()
    finally:
        proc.terminate()


if __name__ == "__main__":
    main()
