"""Issue 7's reproductions: stores never share data, bad paths are refused, limits are per query,
documents are written whole, and bad input costs one line, not a file or a run."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from graph.factory import open_store
from graph.store import StoreError
from cli.main import app
from stores import open_kind, store_kinds
from paths import ESSAYS, ROOT

runner = CliRunner()
ESSAY_A = sorted(ESSAYS.glob("000_*.txt"))[0]
ESSAY_B = sorted(ESSAYS.glob("004_*.txt"))[0]


def kg(*args: str):
    return runner.invoke(app, list(args))


def doc_names(store: str) -> list[str]:
    result = kg("query", "--cypher", "MATCH (d:Document) RETURN d.name AS name ORDER BY name", "-f", "json",
                "--store", store)
    assert result.exit_code == 0, result.output
    return [r["name"] for r in json.loads(result.stdout)["rows"]]


# --- one store per path ---------------------------------------------------------------------

@pytest.mark.slow
def test_two_stores_in_one_folder_hold_their_own_documents(tmp_path):
    (tmp_path / "in1").mkdir()
    (tmp_path / "in2").mkdir()
    shutil.copy(ESSAY_A, tmp_path / "in1")
    shutil.copy(ESSAY_B, tmp_path / "in2")
    a, b = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    assert kg("ingest", str(tmp_path / "in1"), "--store", a).exit_code == 0
    assert kg("ingest", str(tmp_path / "in2"), "--store", b).exit_code == 0
    assert doc_names(a) == [f"in1/{ESSAY_A.name}"]
    assert doc_names(b) == [f"in2/{ESSAY_B.name}"]
    assert kg("remove", ESSAY_B.name, "--store", b).exit_code == 0
    assert doc_names(a) == [f"in1/{ESSAY_A.name}"] and doc_names(b) == []


@pytest.mark.slow
def test_demo_never_touches_the_users_store(tmp_path):
    mine = tmp_path / "mine.txt"
    mine.write_text("合肥市重点发展量子信息和人工智能产业。\n", encoding="utf-8")
    store = str(tmp_path / "kg.db")
    assert kg("ingest", str(mine), "--store", store).exit_code == 0
    demo = kg("demo", "--store", str(tmp_path / "demo.db"), "--no-serve")
    assert demo.exit_code == 0, demo.output
    assert doc_names(store) == [f"{tmp_path.name}/mine.txt"]
    # and kg demo will not clear a store that holds the user's own documents
    refused = kg("demo", "--store", store, "--no-serve")
    assert refused.exit_code != 0 and "not the demo essays" in refused.output
    assert doc_names(store) == [f"{tmp_path.name}/mine.txt"]


def test_the_default_demo_store_lives_in_a_folder_of_its_own():
    from graph.factory import default_store_path, demo_store_path

    assert demo_store_path().parent != default_store_path().parent


@pytest.mark.parametrize("kind", ["essay", "folder", "empty-string", "under-a-file"])
def test_a_path_that_is_not_a_store_is_refused_and_left_alone(tmp_path, kind):
    essay = tmp_path / "essay.txt"
    essay.write_text("成都重点发展人工智能。", encoding="utf-8")
    spec = {"essay": str(essay), "folder": str(tmp_path), "empty-string": "",
            "under-a-file": str(essay / "kg.db")}[kind]
    result = kg("query", "--cypher", "RETURN 1 AS one", "--store", spec)
    assert result.exit_code != 0
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert essay.read_text(encoding="utf-8") == "成都重点发展人工智能。"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["essay.txt"]


def _legacy_layout(folder, *names):
    """Stores as the old layout left them: store files sharing the folder's appendonlydir/."""
    folder.mkdir(exist_ok=True)
    for name in names:
        s = open_store(str(folder / name))
        s._write("CREATE (:City {name: $n})", {"n": name})
        s.close()
        (folder / (name + ".aof")).rename(folder / "appendonlydir") if not (folder / "appendonlydir").exists() \
            else shutil.rmtree(folder / (name + ".aof"))


def test_an_old_store_alone_in_its_folder_adopts_its_log(tmp_path):
    _legacy_layout(tmp_path / "old", "kg.db")
    s = open_store(str(tmp_path / "old" / "kg.db"))
    assert [r[0] for r in s.read("MATCH (c:City) RETURN c.name").rows] == ["kg.db"]
    s.close()
    assert (tmp_path / "old" / "kg.db.aof").is_dir() and not (tmp_path / "old" / "appendonlydir").exists()


def test_old_stores_sharing_one_log_are_refused_not_mixed(tmp_path):
    _legacy_layout(tmp_path / "old", "a.db", "b.db")
    with pytest.raises(StoreError, match="shared one log"):
        open_store(str(tmp_path / "old" / "a.db"))
    # a new store in that folder starts empty: it never loads the shared log
    fresh = open_store(str(tmp_path / "old" / "c.db"))
    assert fresh.counts()["nodes"] == 0
    fresh.close()


# --- documents keyed by where they are ------------------------------------------------------

def test_same_named_files_in_two_folders_are_two_documents(tmp_path):
    for folder, city in (("a", "成都"), ("b", "武汉")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(f"{city}重点发展人工智能产业。", encoding="utf-8")
    store = str(tmp_path / "kg.db")
    result = kg("ingest", str(tmp_path / "a"), str(tmp_path / "b"), "--store", store)
    assert "2 document(s) ingested" in result.output
    assert doc_names(store) == ["a/report.txt", "b/report.txt"]
    ambiguous = kg("remove", "report.txt", "--store", store)
    assert ambiguous.exit_code != 0 and "a/report.txt" in ambiguous.output
    assert doc_names(store) == ["a/report.txt", "b/report.txt"]


def test_same_named_files_given_as_files_are_two_documents(tmp_path):
    from ingest.runner import keyed_files

    for folder in ("x/data", "y/data"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "report.txt").write_text("成都。", encoding="utf-8")
    keyed, problems = keyed_files([tmp_path / "x/data/report.txt", tmp_path / "y/data/report.txt"])
    assert not problems
    assert [k for _f, k in keyed] == ["x/data/report.txt", "y/data/report.txt"]


# --- limits per query -----------------------------------------------------------------------

def test_a_row_limit_is_the_querys_own(tmp_path):
    s = open_store(str(tmp_path / "kg.db"))
    s._write("UNWIND range(1, 50) AS i CREATE (:City {name: 'c' + toString(i)})", {})
    other = open_store(str(tmp_path / "kg.db"))  # another client of the same server
    capped = s.read("MATCH (c:City) RETURN c.name AS name ORDER BY name", row_limit=1)
    assert capped.truncated and len(capped.rows) == 1
    assert len(other.read("MATCH (c:City) RETURN c", row_limit=None).rows) == 50
    assert len(other.export()["nodes"]) == 50
    other.close()
    s.close()


def test_row_caps_keep_column_order_and_fall_back_when_the_text_does_not_say(tmp_path):
    s = open_store(str(tmp_path / "kg.db"))
    s._write("UNWIND range(1, 5) AS i CREATE (:City {name: 'c' + toString(i), n: i})", {})
    r = s.read("MATCH (c:City) RETURN c.n AS zeta, c.name, c.n * 2 AS alpha ORDER BY zeta DESC", row_limit=2)
    assert r.columns == ["zeta", "c.name", "alpha"] and r.rows == [[5, "c5", 10], [4, "c4", 8]] and r.truncated
    star = s.read("MATCH (c:City) RETURN * ORDER BY c.n", row_limit=3)
    assert len(star.rows) == 3 and star.truncated
    labels = s.read("CALL db.labels()", row_limit=1)
    assert len(labels.rows) == 1
    s.close()


@pytest.mark.parametrize("query", [
    "UNWIND range(1, 300000000) AS x RETURN count(x)",
    "WITH range(1, 200000) AS r RETURN size(reduce(s = '', x IN r | s + 'abcdefghij')) AS n",
    "RETURN range(1, 10000000) AS big",
])
def test_runaway_reads_stop_within_their_limit_plus_one_second(store, query):
    start = time.perf_counter()
    with pytest.raises(StoreError):
        store.read(query, timeout_ms=500)
    assert time.perf_counter() - start < 0.5 + 1.0 + 0.5  # the bound, plus scheduling slack
    assert store.read("RETURN 1 AS one", timeout_ms=5000).rows == [[1]]  # the store still answers


# --- whole documents, serialised writers ------------------------------------------------------

CHANGE_AND_REVERT = ["成都重点发展人工智能和生物医药产业。", "成都重点发展量子科技产业。"]


def _corpus(folder, n=6):
    folder.mkdir(parents=True, exist_ok=True)
    cities = ["成都", "武汉", "合肥", "苏州", "西安", "长沙"]
    for i in range(n):
        (folder / f"doc{i}.txt").write_text(f"{cities[i % 6]}重点发展人工智能产业。2024年，{cities[(i + 1) % 6]}"
                                            f"布局量子科技和生物医药产业。", encoding="utf-8")


def test_change_then_revert_and_remove_then_reingest_give_back_the_clean_export(tmp_path, store):
    from ingest.runner import ingest_paths

    _corpus(tmp_path / "docs")
    s = store
    ingest_paths([tmp_path / "docs"], s)
    clean = s.export()
    doc = tmp_path / "docs" / "doc2.txt"
    original = doc.read_text(encoding="utf-8")
    doc.write_text("武汉重点发展量子科技产业。", encoding="utf-8")
    ingest_paths([tmp_path / "docs"], s)
    assert s.export() != clean
    doc.write_text(original, encoding="utf-8")
    ingest_paths([tmp_path / "docs"], s)
    assert s.export() == clean
    assert s.remove_document("docs/doc0.txt")
    ingest_paths([tmp_path / "docs"], s)
    assert s.export() == clean


@pytest.mark.slow
@pytest.mark.parametrize("kind", store_kinds())
def test_two_ingests_at_once_do_not_double_count(tmp_path, kind, request):
    _corpus(tmp_path / "docs", n=12)
    if kind == "neo4j":
        open_kind(kind, tmp_path, request).close()  # cleared
        store = request.getfixturevalue("neo4j_uri")
    else:
        store = str(tmp_path / "kg.db")
    cmd = [sys.executable, "-m", "cli.main", "ingest", str(tmp_path / "docs"), "--store", store]
    procs = [subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    s = open_store(store)
    assert len(s.documents()) == 12
    for row in s.read("MATCH (a)-[r:TARGETS]->(b) RETURN r.source_count AS n, "
                      "[(d:Document)-[x:STATES]->(a) WHERE x.type = 'TARGETS' AND x.tail = b.name | d.name] AS docs",
                      row_limit=None).records():
        assert row["n"] == len(row["docs"]) == len(set(row["docs"])), row
    together = s.export()
    s.close()
    alone = open_store(str(tmp_path / "alone.db"))
    from ingest.runner import ingest_paths
    ingest_paths([tmp_path / "docs"], alone)
    assert alone.export() == together
    alone.close()
    if kind == "neo4j":
        open_kind(kind, tmp_path, request).close()


KILL_DURING_REINGEST = """
import sys
from graph.factory import open_store
from ingest.runner import ingest_paths
s = open_store(sys.argv[1])
print("ready", flush=True)
ingest_paths([sys.argv[2]], s)
"""


@pytest.mark.slow
def test_kill_during_a_reingest_leaves_each_document_old_or_new(tmp_path):
    from ingest.runner import ingest_paths

    _corpus(tmp_path / "docs", n=60)
    store = str(tmp_path / "kg.db")
    s = open_store(store)
    ingest_paths([tmp_path / "docs"], s)
    s.close()
    for f in (tmp_path / "docs").iterdir():  # change every file, then kill the re-ingest part way
        f.write_text(f.read_text(encoding="utf-8") + "西安推进人工智能产业发展。", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-c", KILL_DURING_REINGEST, store, str(tmp_path / "docs")], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(0.4)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    s = open_store(store)
    assert len(s.documents()) == 60  # none vanished
    ingest_paths([tmp_path / "docs"], s)  # a rerun converges to the clean export
    after = s.export()
    s.close()
    clean = open_store(str(tmp_path / "clean.db"))
    ingest_paths([tmp_path / "docs"], clean)
    assert after == clean.export()
    clean.close()


# --- bad input costs one line ----------------------------------------------------------------

def test_undecodable_bytes_are_replaced_and_counted(tmp_path):
    f = tmp_path / "noisy.txt"
    f.write_bytes("成都重点发展人工智能产业。".encode() * 20 + b"\xff\xfe\x80\x81\x82" + "武汉布局量子科技。".encode())
    store = str(tmp_path / "kg.db")
    result = kg("ingest", str(f), "--store", store)
    assert result.exit_code == 0 and "1 document(s) ingested" in result.output
    assert "5 undecodable byte(s)" in result.output


@pytest.mark.slow
def test_a_five_megabyte_line_is_ingested(tmp_path):
    f = tmp_path / "oneline.txt"
    f.write_text("成都重点发展人工智能产业，" * 400_000 + "武汉布局量子科技。", encoding="utf-8")
    store = str(tmp_path / "kg.db")
    result = kg("ingest", str(f), "--store", store, "--fast")  # memory and sections, not the name model
    assert result.exit_code == 0 and "1 document(s) ingested" in result.output, result.output


def test_links_that_loop_or_dangle_are_reported(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "good.txt").write_text("成都重点发展人工智能产业。", encoding="utf-8")
    os.symlink(tmp_path / "docs" / "loop.txt", tmp_path / "docs" / "loop.txt")
    os.symlink(tmp_path / "nowhere.txt", tmp_path / "docs" / "gone.txt")
    result = kg("ingest", str(tmp_path / "docs"), "--store", str(tmp_path / "kg.db"))
    assert "1 document(s) ingested" in result.output and "2 failed" in result.output
    assert "loops back" in result.output and "to nothing" in result.output


def test_an_unreadable_file_named_on_the_command_line_costs_one_line(tmp_path, monkeypatch):
    from ingest import readers

    good = tmp_path / "good.txt"
    good.write_text("成都重点发展人工智能产业。", encoding="utf-8")
    locked = tmp_path / "locked.txt"
    locked.write_text("武汉。", encoding="utf-8")
    real = readers.Path.read_bytes

    def read_bytes(self):  # as root nothing is unreadable: make one file so
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)
    monkeypatch.setattr(readers.Path, "read_bytes", read_bytes)
    result = kg("ingest", str(locked), str(good), "--store", str(tmp_path / "kg.db"))
    assert result.exit_code == 0 and "1 document(s) ingested" in result.output and "1 failed" in result.output
    assert "Permission denied" in result.output


@pytest.mark.parametrize("limit", ["0", "-5"])
def test_a_limit_below_one_is_refused(essays_store_path, limit):
    result = kg("query", "--cypher", "MATCH (n) RETURN n", "--limit", limit, "--store", essays_store_path)
    assert result.exit_code != 0 and "row limit" in result.output


def test_small_limits_on_node_results_work_and_json_says_truncated(essays_store_path):
    result = kg("query", "--cypher", "MATCH (n:City) RETURN n", "--limit", "3", "-f", "json",
                "--store", essays_store_path)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert len(payload["rows"]) == 3 and payload["truncated"] is True and payload["row_limit"] == 3


def test_the_app_listens_on_this_machine_only_by_default(monkeypatch, tmp_path):
    from cli import main as cli

    calls = []
    monkeypatch.setattr(cli, "run_until_stopped", lambda cmd, env: calls.append(cmd) or 0)
    kg("app", "--store", str(tmp_path / "kg.db"))
    cmd = calls[0]
    assert cmd[cmd.index("--server.address") + 1] == "127.0.0.1"
    kg("app", "--store", str(tmp_path / "kg.db"), "--address", "0.0.0.0")
    assert calls[1][calls[1].index("--server.address") + 1] == "0.0.0.0"


def test_the_app_takes_corrections_only_when_served_with_curate(monkeypatch, tmp_path):
    from cli import main as cli

    monkeypatch.setenv("KG_CURATE", "1")  # left in a shell: the flag decides, not the environment
    envs = []
    monkeypatch.setattr(cli, "run_until_stopped", lambda cmd, env: envs.append(env) or 0)
    kg("app", "--store", str(tmp_path / "kg.db"))
    kg("app", "--store", str(tmp_path / "kg.db"), "--curate")
    assert [e["KG_CURATE"] for e in envs] == ["0", "1"]


def test_a_store_where_nothing_can_be_written_costs_one_line():
    result = kg("query", "--cypher", "RETURN 1 AS one", "--store", "/proc/kg.db")  # not writable, even as root
    assert result.exit_code != 0 and len(result.output.strip().splitlines()) == 1
    assert "cannot make a store at /proc/kg.db" in result.output


def test_a_folder_name_starting_with_a_space_is_ingested_and_the_store_stays_up(tmp_path):
    (tmp_path / " docs").mkdir()
    (tmp_path / " docs" / "report.txt").write_text("成都重点发展人工智能产业。", encoding="utf-8")
    (tmp_path / " docs" / "other.txt").write_text("武汉重点发展量子科技产业。", encoding="utf-8")
    store = str(tmp_path / "kg.db")
    result = kg("ingest", str(tmp_path / " docs"), "--store", store)
    assert result.exit_code == 0 and "2 document(s) ingested" in result.output, result.output
    assert doc_names(store) == ["␠docs/other.txt", "␠docs/report.txt"]
