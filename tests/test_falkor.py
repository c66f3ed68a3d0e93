"""The embedded store's lifecycle: data survives close and reopen; servers stop when their last client closes."""
from __future__ import annotations

import subprocess
import sys

import psutil

from graph.factory import open_store
from paths import ROOT

WRITE_AND_COUNT = """
import sys
from graph.factory import open_store
s = open_store(sys.argv[1])
if sys.argv[2] == "write":
    s._write("UNWIND range(1, 300) AS i MERGE (:City {name: 'c' + toString(i)})", {})
print(s.counts()["nodes"])
s.close()
"""


def run(path: str, mode: str) -> int:
    out = subprocess.run([sys.executable, "-c", WRITE_AND_COUNT, path, mode], cwd=ROOT, capture_output=True,
                         text=True, check=True, timeout=120)
    return int(out.stdout.strip())


def test_data_survives_closing_and_reopening_in_another_process(tmp_path):
    path = str(tmp_path / "kg.db")
    assert run(path, "write") == 300
    assert run(path, "read") == 300
    assert run(path, "read") == 300


def test_closing_the_last_client_stops_the_server(tmp_path):
    s = open_store(str(tmp_path / "kg.db"))
    pid = s._db.client.pid
    assert psutil.pid_exists(pid)
    s.close()
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


def test_a_shared_server_keeps_serving_the_other_client(tmp_path):
    path = str(tmp_path / "kg.db")
    first = open_store(path)
    second = open_store(path)
    assert first._db.client.pid == second._db.client.pid  # attached, not a second server
    first._write("CREATE (:City {name: '成都'})", {})
    first.close()
    assert second.counts()["nodes"] == 1
    second.close()


def test_write_parameters_render_exactly_as_the_client_would():
    """graph.falkor._literal is a faster copy of the client's rendering: it must not differ."""
    from falkordb.helpers import stringify_param_value

    from graph import writes
    from graph.falkor import _literal
    from ingest.extract import extract_file
    from paths import ESSAYS

    _query, params = writes.add_documents([extract_file(p) for p in sorted(ESSAYS.glob("*.txt"))[:2]])
    for key, value in params.items():
        assert _literal(value) == stringify_param_value(value), key
    tricky = {"s": 'quote " and back\\slash 成都\n', "l": [1, 2.5, True, None, [], {}], "m": {"a b": "c"}}
    assert _literal(tricky) == stringify_param_value(tricky)
