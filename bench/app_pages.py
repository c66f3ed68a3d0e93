"""How long the app's pages take on a big graph, measured in Chromium with Playwright.

    python bench/app_pages.py --store /path/to/big.db [--repeats 3]

Starts the app on the store (for example the one `bench/scale.py --store …` leaves) and
times, from navigation until the page's script run has finished and its content is
on screen: the overview, and the canned-query gallery with its first query (drawn as a
graph). Prints figures; asserts nothing about time.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from graph_ui import ARGS, serve  # noqa: E402

PAGES = {  # name -> (URL query, what is on screen when the page is done)
    "overview": ("view=overview&lang=en", "text=Nodes by label"),
    "gallery (first canned query, graph)": ("view=canned&lang=en", "iframe[title*='graph_canvas']"),
}
RUNNING = "[data-testid='stStatusWidget']"  # Streamlit's "running" indicator


def render_time(browser, url: str, query: str, done: str) -> float:
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    t0 = time.perf_counter()
    page.goto(f"{url}/?{query}")
    page.wait_for_selector(done, timeout=120_000)
    page.wait_for_timeout(100)
    while page.locator(RUNNING).count():  # the script run is still going
        page.wait_for_timeout(50)
    elapsed = time.perf_counter() - t0
    page.close()
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", required=True, help="the store to open (a path or bolt:// URI)")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    chromium = os.environ.get("KG_CHROMIUM") or shutil.which("chromium")
    if not chromium:
        sys.exit("needs Debian chromium (make browsers)")
    from playwright.sync_api import sync_playwright

    proc, url = serve(ROOT / "app.py", {"KG_STORE": args.store})
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=ARGS)
            print(f"app pages on {args.store} in Chromium (headless, 2 cores), {args.repeats} loads after one "
                  "to warm the app's caches: median / max s")
            for name, (query, done) in PAGES.items():
                render_time(browser, url, query, done)
                times = sorted(render_time(browser, url, query, done) for _ in range(args.repeats))
                print(f"  {name:40} {statistics.median(times):6.2f} / {times[-1]:6.2f}", flush=True)
            browser.close()
    finally:
        proc.terminate()


if __name__ == "__main__":
    main()
