"""The app served on 127.0.0.1 for browser tests."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_app(store_path: str, curate: bool = False):
    """Serve the app on a store on 127.0.0.1 (taking corrections with `curate`); yields its URL."""
    port = _free_port()
    env = dict(os.environ, KG_STORE=store_path, KG_CURATE="1" if curate else "0")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                break
        except OSError:
            time.sleep(0.25)
    else:
        proc.kill()
        raise RuntimeError("the app did not come up: " + proc.stdout.read().decode(errors="replace")[-2000:])
    yield url
    proc.terminate()
    proc.wait(timeout=10)


# --- what browser tests share -----------------------------------------------------------------

TIMEOUT = 30_000
FRAME = "iframe[title*='graph_canvas']"  # the app's graph component (ui/components/graph_canvas)
CY_COUNT = "() => window.cy ? window.cy.nodes().length : -1"


def graph_frame(page):
    """The frame of the first graph canvas on the page."""
    from playwright.sync_api import expect

    page.wait_for_selector(FRAME, timeout=TIMEOUT)
    frame = page.frame_locator(FRAME).first
    expect(frame.locator("#cy canvas").first).to_be_visible(timeout=TIMEOUT)
    return page.frame(url=re.compile("graph_canvas")) or page.frames[1]


def wait_nodes(frame, at_least: int) -> int:
    for _ in range(120):
        n = frame.evaluate(CY_COUNT)
        if n >= at_least:
            return n
        frame.page.wait_for_timeout(250)
    raise AssertionError(f"graph has fewer than {at_least} nodes")


def settled_position(page, name: str) -> tuple[float, float]:
    """Where the node called `name` sits on the page once the picture has stopped moving, as a
    person waits before clicking."""
    where = f"""() => {{ const n = window.cy.nodes().filter(x => x.data('name') === {name!r})[0];
        const p = n.renderedPosition(); return [p.x, p.y]; }}"""
    frame = graph_frame(page)
    pos = frame.evaluate(where)
    for _ in range(40):
        page.wait_for_timeout(300)
        now = frame.evaluate(where)
        if abs(now[0] - pos[0]) + abs(now[1] - pos[1]) < 1:
            break
        pos = now
    box = page.locator(FRAME).first.bounding_box()
    return box["x"] + pos[0], box["y"] + pos[1]


def start_exploring(page, app_url: str, term: str = "beijing"):
    """Explore: search for `term`, start from the first hit; the canvas's frame."""
    import re

    page.goto(f"{app_url}/?view=explore")
    page.get_by_label(re.compile("搜索实体")).fill(term)
    page.keyboard.press("Enter")
    page.get_by_role("button", name="从这里开始").click()
    return graph_frame(page)
