"""The `kg` command line: ingest, query (canned and ad-hoc), export."""
from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from paths import ESSAYS
from cli.main import app

runner = CliRunner()


def test_ingest_reports_per_file_errors_and_a_summary(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02 binary")
    store = str(tmp_path / "kg.db")
    result = runner.invoke(app, ["ingest", str(ESSAYS / "004_44515291548fcc16.txt"), str(bad), "--store", store])
    assert result.exit_code == 0, result.output
    assert "bad.txt" in result.output and "1 document(s) ingested" in result.output and "1 failed" in result.output


def test_query_json_is_an_array_of_row_objects(essays_store_path):
    result = runner.invoke(app, ["query", "city_industries", "--param", "place=北京", "--format", "json",
                                 "--store", essays_store_path])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["truncated"] is False and "industry" in payload["columns"]
    rows = payload["rows"]
    assert isinstance(rows, list) and rows and all(isinstance(r, dict) for r in rows)
    assert {"industry", "mentions", "evidence"} <= set(rows[0])
    assert any(r["industry"] == "人工智能" for r in rows)


def test_query_csv_and_table(essays_store_path):
    result = runner.invoke(app, ["query", "contested_industries", "-f", "csv", "--store", essays_store_path])
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["industry", "cities", "city_names"] and len(rows) > 1
    table = runner.invoke(app, ["query", "graph_makeup", "--store", essays_store_path])
    assert table.exit_code == 0 and "TARGETS" in table.stdout


def test_adhoc_write_is_refused_with_one_line_and_nonzero_exit(essays_store_path):
    result = runner.invoke(app, ["query", "--cypher", "MATCH (n) DETACH DELETE n", "--store", essays_store_path])
    assert result.exit_code != 0
    assert "refused" in result.output and len(result.output.strip().splitlines()) == 1
    still = runner.invoke(app, ["query", "--cypher", "MATCH (n) RETURN count(n) AS n", "-f", "json",
                                "--store", essays_store_path])
    assert json.loads(still.stdout)["rows"][0]["n"] > 0


def test_adhoc_failure_and_unknown_query_exit_nonzero(essays_store_path):
    bad = runner.invoke(app, ["query", "--cypher", "MATCH (n RETURN n", "--store", essays_store_path])
    assert bad.exit_code != 0 and "error" in bad.output
    unknown = runner.invoke(app, ["query", "no_such_query", "--store", essays_store_path])
    assert unknown.exit_code != 0 and "no canned query" in unknown.output


def test_adhoc_with_parameters(essays_store_path):
    result = runner.invoke(app, ["query", "--cypher", "MATCH (c:City {name: $c}) RETURN c.name AS name",
                                 "-p", "c=成都", "-f", "json", "--store", essays_store_path])
    assert json.loads(result.stdout)["rows"] == [{"name": "成都"}]


def test_export_json_graphml_csv(essays_store_path, tmp_path):
    out = tmp_path / "g.json"
    assert runner.invoke(app, ["export", "--format", "json", "--output", str(out),
                               "--store", essays_store_path]).exit_code == 0
    g = json.loads(out.read_text(encoding="utf-8"))
    assert set(g) == {"nodes", "relationships"}
    assert set(g["nodes"][0]) == {"id", "labels", "properties"}
    assert set(g["relationships"][0]) == {"id", "type", "start", "end", "properties"}
    gml = tmp_path / "g.graphml"
    assert runner.invoke(app, ["export", "-f", "graphml", "-o", str(gml), "--store", essays_store_path]).exit_code == 0
    import xml.etree.ElementTree as ET

    root = ET.parse(gml).getroot()
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert len(root.findall(".//g:node", ns)) == len(g["nodes"])
    assert len(root.findall(".//g:edge", ns)) == len(g["relationships"])
    # Gephi reads numbers and flags as such only when the keys say so
    types = {(k.get("for"), k.get("attr.name")): k.get("attr.type") for k in root.findall("g:key", ns)}
    assert types[("node", "lat")] == types[("node", "lon")] == "double"
    assert types[("edge", "confidence")] == "double" and types[("edge", "count")] == "long"
    assert types[("edge", "inferred")] == "boolean" and types[("node", "name")] == "string"
    c = tmp_path / "g.csv"
    assert runner.invoke(app, ["export", "-f", "csv", "-o", str(c), "--store", essays_store_path]).exit_code == 0
    rows = list(csv.DictReader(c.open(encoding="utf-8")))
    assert len(rows) == len(g["nodes"]) + len(g["relationships"])


def test_doctor_and_remove(tmp_path):
    store = str(tmp_path / "kg.db")
    runner.invoke(app, ["ingest", str(ESSAYS / "004_44515291548fcc16.txt"), "--store", store])
    doctor = runner.invoke(app, ["doctor", "--store", store])
    assert doctor.exit_code == 0 and "falkordb_module" in doctor.output and "1 documents" in doctor.output
    removed = runner.invoke(app, ["remove", "004_44515291548fcc16.txt", "--store", store])
    assert removed.exit_code == 0
    after = runner.invoke(app, ["query", "--cypher", "MATCH (n) RETURN count(n) AS n", "-f", "json", "--store", store])
    assert json.loads(after.stdout)["rows"] == [{"n": 0}]
    again = runner.invoke(app, ["remove", "004_44515291548fcc16.txt", "--store", store])
    assert again.exit_code != 0 and "no document" in again.output


def test_ingest_fast_leaves_out_the_name_model(tmp_path):
    text = tmp_path / "firms.txt"
    text.write_text("长沙市重点发展工程机械产业，三一重工与中联重科深耕工程机械领域。", encoding="utf-8")  # no list names them
    query = ["query", "--cypher", "MATCH (n:Institution) RETURN n.name AS name ORDER BY name", "-f", "json"]
    counts = {}
    for mode in ("fast", "full"):
        store = str(tmp_path / f"{mode}.db")
        args = ["ingest", str(text), "--store", store] + (["--fast"] if mode == "fast" else [])
        assert runner.invoke(app, args).exit_code == 0
        rows = json.loads(runner.invoke(app, query + ["--store", store]).stdout)["rows"]
        counts[mode] = [r["name"] for r in rows]
    assert counts["fast"] == [] and {"三一重工", "中联重科"} <= set(counts["full"])


def test_the_served_app_does_not_watch_its_sources(monkeypatch, tmp_path):
    """After a new session's first run Streamlit's source watcher walked every imported module's
    path on the loop that sends the page (about 1 s of a shared link's server run,
    bench/app_clicks.py): `kg app` and a run from the project folder both turn it off."""
    import tomllib
    from pathlib import Path

    from cli import main as cli

    calls = []
    monkeypatch.setattr(cli, "run_until_stopped", lambda cmd, env: calls.append(cmd) or 0)
    runner.invoke(app, ["app", "--store", str(tmp_path / "kg.db")])
    cmd = calls[0]
    assert cmd[cmd.index("--server.fileWatcherType") + 1] == "none"
    config = tomllib.loads((Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml").read_text())
    assert config["server"]["fileWatcherType"] == "none"
