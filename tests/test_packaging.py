"""The package stands on its own: a wheel installed in a clean environment, run from another
folder, has its queries, stories, interface text, demo essays and model; the image installs
the same package; the README's layout table is the tree."""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest

from paths import ROOT

PACKAGES = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"]
TOP_LEVEL = sorted({p.split(".")[0] for p in PACKAGES})

pytestmark = pytest.mark.slow  # whole-corpus scoring / packaging: left out of `make test-quick`


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtual environment holding the wheel built from this checkout (not editable)."""
    tmp = tmp_path_factory.mktemp("wheel")
    uv = shutil.which("uv", path=str(Path(sys.executable).parent))
    # --python: uv would otherwise look for (and try to download) an interpreter of its own
    build = ([uv, "build", "--wheel", "--python", sys.executable, "-o", str(tmp / "dist"), str(ROOT)] if uv else
             [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(tmp / "dist"), str(ROOT)])
    built = subprocess.run(build, capture_output=True, text=True, cwd=tmp)
    assert built.returncode == 0, f"{' '.join(build)} failed:\n{built.stderr[-3000:]}"
    wheel = next((tmp / "dist").glob("*.whl"))
    subprocess.run([sys._base_executable, "-m", "venv", str(tmp / "venv")], check=True, capture_output=True)
    python = tmp / "venv" / "bin" / "python"
    install = ([uv, "pip", "install", "--python", str(python), str(wheel)] if uv else
               [str(python), "-m", "pip", "install", str(wheel)])
    done = subprocess.run(install, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"{' '.join(install)} failed:\n{done.stderr[-3000:]}"
    return tmp


def kg(installed: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    elsewhere = installed / "elsewhere"
    elsewhere.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "KG_STORE")}
    return subprocess.run([str(installed / "venv" / "bin" / "kg"), *args], cwd=elsewhere, env=env,
                          capture_output=True, text=True, timeout=300, **kwargs)


def test_the_installed_package_does_not_reach_into_the_checkout(installed):
    python = installed / "venv" / "bin" / "python"
    where = subprocess.run([str(python), "-c", "import cli, cypher, ui; print(cli.__file__, cypher.__file__, ui.__file__)"],
                           cwd=installed, capture_output=True, text=True, check=True).stdout
    assert str(ROOT) not in where and "site-packages" in where
    # the map view's boundaries ship inside the package (ui/data/, package-data)
    shapes = subprocess.run([str(python), "-c", "from ui.views import china_map; print(len(china_map.boundaries()['features']))"],
                            cwd=installed, capture_output=True, text=True)
    assert shapes.stdout.strip() == "34", shapes.stderr[-2000:]


def test_kg_demo_and_query_work_from_another_folder(installed):
    store = str(installed / "elsewhere" / "demo.db")
    demo = kg(installed, "demo", "--no-serve", "--store", store)
    assert demo.returncode == 0 and "5 essays" in demo.stdout, demo.stderr
    canned = kg(installed, "query", "city_industries", "-p", "place=成都", "--store", store, "-f", "json")
    # 成都 -> 先进制造业 is in the essays' gold
    assert canned.returncode == 0 and '"rows": [' in canned.stdout and "先进制造业" in canned.stdout, canned.stderr
    queries = kg(installed, "queries")
    assert "city_industries" in queries.stdout and "contested_industries" in queries.stdout
    adhoc = kg(installed, "query", "--cypher", "MATCH (c:City) RETURN count(c) AS n", "--store", store)
    assert adhoc.returncode == 0, adhoc.stderr


def test_kg_app_serves_from_another_folder(installed):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    store = str(installed / "elsewhere" / "app.db")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "KG_STORE")}
    proc = subprocess.Popen([str(installed / "venv" / "bin" / "kg"), "app", "--store", store, "--port", str(port)],
                            cwd=installed / "elsewhere", env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    assert r.read() == b"ok"
                    break
            except OSError:
                time.sleep(0.5)
        else:
            raise AssertionError("the installed app never answered")
    finally:
        proc.terminate()
        proc.wait(30)


def test_the_image_installs_every_package_as_a_package():
    """No Docker engine runs here: the Dockerfile is read. It copies every package the wheel holds
    and installs them with pip, not as an editable checkout (what once left out textnorm/)."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    copied = {m.group(1).rstrip("/") for m in re.finditer(r"(?m)^COPY\s+(\S+)\s+\S+\s*$", text)}
    assert set(TOP_LEVEL) <= copied, f"the image lacks {sorted(set(TOP_LEVEL) - copied)}"
    assert {"pyproject.toml", "README.md"} <= {w for line in re.findall(r"(?m)^COPY (.+)$", text) for w in line.split()}
    assert re.search(r"(?m)^RUN pip install \.(\s|$)", text) and "pip install -e" not in text
    compose = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    assert "kg ingest --demo-essays" in compose  # the essays ship inside the package


def test_compose_file_is_valid_for_docker_compose():
    docker = shutil.which("docker")
    has_compose = docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0
    if has_compose:
        result = subprocess.run([docker, "compose", "config", "-q"], cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    import yaml

    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))["services"]
    assert set(services) == {"neo4j", "app"} and services["app"]["build"] == "."


def test_the_readme_layout_table_is_the_tree():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    listed = {m.group(1).rstrip("/") for m in re.finditer(r"^\| `([^`]+)`", table, re.M)}
    for path in listed:
        assert (ROOT / path).exists(), f"README lists {path}, which is not in the tree"
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    top = {p.split("/")[0] for p in tracked if "/" in p and not p.startswith(".")}
    missing = {d for d in top if not any(l == d or l.startswith(d + "/") for l in listed)}
    assert not missing, f"README's layout table leaves out {sorted(missing)}"
