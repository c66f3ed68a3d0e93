"""Is the graph view responsive at 2,000 elements? Measured in Chromium with Playwright.

    python bench/graph_ui.py [--sizes 200,1000,2000]

For each size: time until the canvas holds every element and the picture has
settled, time for a tap on a node to come back from Python as a selection,
and the frame time of a zoom. Prints figures; asserts nothing about time.
"""
from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
COUNT = "() => window.cy ? window.cy.elements().length : -1"


def serve(script: Path = ROOT / "bench" / "graph_page.py", env: dict | None = None) -> tuple[subprocess.Popen, str]:
    """`streamlit run script` on a free port; returns once the server answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(script),
                             "--server.headless", "true", "--server.address", "127.0.0.1", "--server.port",
                             str(port)], env={**os.environ, **(env or {})},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=1)
            return proc, url
        except OSError:
            time.sleep(0.25)
    proc.terminate()
    raise RuntimeError(f"{script.name} did not start")


def measure(page, url: str, n: int) -> dict:
    t0 = time.perf_counter()
    page.goto(f"{url}/?n={n}")
    page.wait_for_selector("iframe[title*='graph_canvas']", timeout=60_000)
    frame = next(f for f in page.frames if "graph_canvas" in f.url)
    while frame.evaluate(COUNT) < n:
        page.wait_for_timeout(50)
    loaded = time.perf_counter() - t0
    # Settled: the first node stops moving.
    where = "() => { const p = window.cy.nodes()[0].renderedPosition(); return [p.x, p.y] }"
    prev = frame.evaluate(where)
    while True:
        page.wait_for_timeout(200)
        now = frame.evaluate(where)
        if abs(now[0] - prev[0]) + abs(now[1] - prev[1]) < 0.5:
            break
        prev = now
    settled = time.perf_counter() - t0
    # Click a node (a real mouse click) -> the component sends the event -> Streamlit reruns -> the page shows it.
    p3 = frame.evaluate("() => { const p = window.cy.nodes()[3].renderedPosition(); "
                        "return [p.x, p.y] }")
    box = page.locator("iframe[title*='graph_canvas']").first.bounding_box()
    t1 = time.perf_counter()
    page.mouse.click(box["x"] + p3[0], box["y"] + p3[1])
    page.get_by_text("selected_node: 节点3").first.wait_for(timeout=60_000)
    tap = time.perf_counter() - t1
    # Zoom: time from the call to Cytoscape's next render event, median of 10.
    zoom_ms = frame.evaluate("""async () => { const cy = window.cy; const ts = [];
        for (let i = 0; i < 10; i++) { const t = performance.now();
            const drawn = new Promise(r => cy.one('render', r)); cy.zoom(cy.zoom() * 1.05); await drawn;
            ts.push(performance.now() - t); }
        ts.sort((a, b) => a - b); return ts[5]; }""")
    return {"elements": n, "loaded_s": loaded, "settled_s": settled, "tap_roundtrip_s": tap, "zoom_frame_ms": zoom_ms}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="200,1000,2000")
    args = ap.parse_args()
    chromium = os.environ.get("KG_CHROMIUM") or shutil.which("chromium")
    if not chromium:
        sys.exit("needs Debian chromium (make browsers)")
    from playwright.sync_api import sync_playwright

    proc, url = serve()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=ARGS)
            print("graph view in Chromium (headless, software rendering, 2 cores):")
            for n in map(int, args.sizes.split(",")):
                page = browser.new_page(viewport={"width": 1400, "height": 1100})
                r = measure(page, url, n)
                print(f"  {r['elements']:5d} elements: drawn {r['loaded_s']:.2f} s, layout settled "
                      f"{r['settled_s']:.2f} s, tap -> selection shown {r['tap_roundtrip_s']:.2f} s, "
                      f"zoom {r['zoom_frame_ms']:.1f} ms/frame")
                page.close()
            browser.close()
    finally:
        proc.terminate()


if __name__ == "__main__":
    main()
