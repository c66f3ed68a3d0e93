"""Corrections teach the extractor: a rejection made in the app is a labelled example `kg train`
learns from, and `kg eval --corrections` says how many corrections a model decides as analysts did."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from cli.main import app
from graph.corrections import to_json
from graph.factory import open_store
from ingest.scorer import read_model
from paths import ESSAYS, ROOT

APP = str(ROOT / "app.py")


@pytest.fixture
def tiny_sets(tmp_path) -> Path:
    """A sets.toml naming the five essays' gold only: a tiny model trains in seconds."""
    sets = tmp_path / "sets.toml"
    sets.write_text(f'[[set]]\nname = "essays"\ngold = "{ROOT / "data/training/essays/gold"}"\n'
                    f'texts = "{ESSAYS}"\n', encoding="utf-8")
    return sets


def test_a_rejection_made_in_the_app_changes_what_kg_train_learns(tmp_path, tiny_sets, monkeypatch):
    from evaluation import corrections as judged
    from ingest.runner import ingest_paths

    store = str(tmp_path / "s.db")
    with open_store(store) as s:
        ingest_paths([ESSAYS], s)
    monkeypatch.setenv("KG_STORE", store)
    monkeypatch.setenv("KG_CURATE", "1")
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"view": "canned", "q": "city_industries", "place": "上海"})
    at.run()
    at.text_input(key="curator").set_value("小王").run()
    # a relationship its own sentence states (one carried from context is not a candidate there)
    next(w for w in at.selectbox if w.label == "查看关系的证据").set_value("上海 —布局→ 产业互联网").run()
    next(b for b in at.button if b.key and b.key.endswith("-reject")).click().run()
    assert not at.exception
    with open_store(store) as s:
        made = s.corrections()
    assert [c.kind for c in made] == ["reject"] and made[0].evidence
    corrections = tmp_path / "corrections.json"
    corrections.write_text(to_json(made), encoding="utf-8")

    run = CliRunner().invoke
    plain, taught = tmp_path / "plain.json", tmp_path / "taught.json"
    r = run(app, ["train", "--sets", str(tiny_sets), "--fast", "-o", str(plain)])
    assert r.exit_code == 0, r.output
    r = run(app, ["train", "--sets", str(tiny_sets), "--fast", "-o", str(taught), "--corrections", str(corrections)])
    assert r.exit_code == 0, r.output
    assert "labelled example(s)" in r.output
    before, after = read_model(plain), read_model(taught)
    assert after.meta["corrections"] >= 1 and "corrections" not in before.meta
    # the rejected candidate, read from the sentences it was rejected on, is less likely right now
    [processed] = judged.process(made, fast=True)
    rel = made[0].target["rel"]
    [candidate] = [c for doc in processed.docs for c in doc._.candidates
                   if c.type == rel["type"] and c.head[1] == rel["head"][1] and c.tail[1] == rel["tail"][1]]
    assert after.probability(candidate) < before.probability(candidate)

    r = run(app, ["eval", "--corrections", str(corrections), "--fast", "--format", "json"])
    assert r.exit_code == 0, r.output
    report = json.loads(r.output)
    assert report["agree"] + report["disagree"] + report["unread"] == 1


def test_kg_eval_refuses_a_file_that_is_not_corrections(tmp_path):
    bad = tmp_path / "c.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    r = CliRunner().invoke(app, ["eval", "--corrections", str(bad)])
    assert r.exit_code == 1 and "not a corrections file" in r.output and "c.json" in r.output
