"""The embedded store's lifecycle: data survives close and reopen; servers stop when their last client closes."""
from __future__ import annotations

import os
import subprocess
import sys
import time

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


def _temp_files(folder) -> list[str]:
    return sorted(f.name for f in folder.iterdir() if f.name.startswith("temp-"))


def test_closing_during_a_background_save_leaves_no_temporary_file_nor_process(tmp_path):
    """A big store's server is often writing a dump in the background (redis's save points) when the
    app stops; killed with it running, its child went on (or died) and left temp-PID.rdb beside the
    store. Closing ends the background save first: nothing is left, and the data is whole."""
    path = str(tmp_path / "kg.db")
    assert run(path, "write") == 300
    s = open_store(path)
    s._db.execute_command("CONFIG", "SET", "rdb-key-save-delay", "400000")  # each key's dump takes 0.4 s
    s._db.execute_command("BGSAVE")
    pid = s._db.client.pid
    for _ in range(100):
        if _temp_files(tmp_path):
            break
        time.sleep(0.02)
    children = psutil.Process(pid).children()
    assert children and _temp_files(tmp_path), "the background save did not start"
    s._db.execute_command("CONFIG", "SET", "rdb-key-save-delay", "0")
    s.close()
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    for child in children:
        assert not child.is_running() or child.status() == psutil.STATUS_ZOMBIE, child
    assert _temp_files(tmp_path) == []
    assert run(path, "read") == 300


def test_opening_removes_only_the_stale_temporary_files_of_dead_writers(tmp_path):
    """What a server killed outright left is removed when the store is next opened; a file whose
    writer runs (another store's server in the same folder), or that changed a moment ago, is not."""
    from graph import falkor_server

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()
    live = os.getpid()
    old = time.time() - 2 * falkor_server.STALE_TEMP_S
    names = {f"temp-{dead}.rdb": True, f"temp-1700000000.{dead}.rdb": True, f"temp-rewriteaof-bg-{dead}.aof": True,
             f"temp-{live}.rdb": False, f"temp-1700000000.{live}.rdb": False, "temp-notes.rdb": False,
             "my-temp-1.rdb": False}
    for name in names:
        (tmp_path / name).write_bytes(b"REDIS0011")
        os.utime(tmp_path / name, (old, old))
    (tmp_path / f"temp-{int(dead) + 0}.aof").write_bytes(b"")  # a dead writer's, changed just now: kept
    s = open_store(str(tmp_path / "kg.db"))
    s.close()
    left = set(_temp_files(tmp_path)) | {f.name for f in tmp_path.iterdir() if f.name == "my-temp-1.rdb"}
    assert left == {n for n, gone in names.items() if not gone} | {f"temp-{dead}.aof"}, left
