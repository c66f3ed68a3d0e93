"""Browser tests: the app served on 127.0.0.1, driven by Playwright in the system Chromium (no download).

They run wherever Chromium is installed (.ci/run installs it: Debian `chromium`
and `fonts-noto-cjk`). Without it they are skipped with the reason shown,
unless KG_REQUIRE_BROWSER=1 (set by CI), which turns a missing browser into a failure.
Screenshots go to artifacts/screenshots/.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from served import serve_app

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = os.environ.get("KG_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser") or ""
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    if os.environ.get("KG_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError("KG_REQUIRE_BROWSER=1 but no Chromium found (apt-get install chromium)")
    skip = pytest.mark.skip(reason="no Chromium on this machine (apt-get install chromium fonts-noto-cjk)")
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def app_url(essays_store_path):
    yield from serve_app(essays_store_path)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1400, "height": 2000})
    pg = context.new_page()
    outside: list[str] = []
    pg.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:", "blob:",
                                                                                  "about:")) else None)
    yield pg
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not outside, f"requests left the machine: {outside[:5]}"
