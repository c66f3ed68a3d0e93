"""Correcting the graph in the app (ui/curate.py), with streamlit.testing: each button makes one
correction in the store, the audit view undoes it, and without --curate nothing can write."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph.factory import open_store

APP = str(Path(__file__).resolve().parent.parent / "app.py")
WRITING_KEYS = ("fix-", "undo-", "add-")


@pytest.fixture
def own_store(tmp_path, essays_store_path):
    """A store of its own holding the essays (the session's essays store stays as it is)."""
    from ingest.runner import ingest_paths
    from paths import ESSAYS

    path = str(tmp_path / "curated.db")
    with open_store(path) as s:
        ingest_paths([ESSAYS], s)
    return path


def app_on(path: str, monkeypatch, curate: bool, **params) -> AppTest:
    monkeypatch.setenv("KG_STORE", path)
    monkeypatch.setenv("KG_CURATE", "1" if curate else "0")
    app = AppTest.from_file(APP, default_timeout=60)
    for k, v in params.items():
        app.query_params[k] = v
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def button(app, ending: str):
    found = [b for b in app.button if b.key and b.key.endswith(ending)]
    assert found, (ending, [b.key for b in app.button])
    return found[0]


def test_without_curate_the_app_offers_no_write(own_store, monkeypatch):
    for params in ({"view": "canned", "q": "city_industries", "place": "上海"}, {"view": "corrections"},
                   {"view": "explore", "entity": "上海"}):
        app = app_on(own_store, monkeypatch, curate=False, **params)
        assert not [b.key for b in app.button if b.key and b.key.startswith(WRITING_KEYS)], params
        assert "curator" not in [w.key for w in app.text_input]


def test_reject_beside_the_evidence_then_undo_in_the_audit_view(own_store, monkeypatch):
    with open_store(own_store) as s:
        extracted = s.export()
    app = app_on(own_store, monkeypatch, curate=True, view="canned", q="city_industries", place="上海")
    button(app, "-reject").click().run()
    assert [w.value for w in app.warning] and not app.success  # no name given: nothing written
    app.text_input(key="curator").set_value("小王").run()
    reason = [w for w in app.text_input if w.key and w.key.endswith("-reason")][0]
    reason.set_value("说的是下降").run()
    button(app, "-reject").click().run()
    assert not app.exception and app.success, [e.value for e in app.error]
    assert app.success[0].value.startswith("已更正: 驳回 上海（城市） —布局→ "), app.success[0].value  # not "reject City:…"
    with open_store(own_store) as s:
        [c] = s.corrections()
        assert (c.kind, c.author, c.reason) == ("reject", "小王", "说的是下降") and c.evidence
        gone = c.target["rel"]
        assert f"{gone['head'][0]}:{gone['head'][1]}-TARGETS->{gone['tail'][0]}:{gone['tail'][1]}" not in \
            {r["id"] for r in s.export()["relationships"]}
    app.session_state["view"] = "corrections"
    app.run()
    assert "说的是下降" in app.dataframe[0].value.to_string()
    button(app, "undo-" + c.id).click().run()
    with open_store(own_store) as s:
        assert s.export() == extracted
        assert s.corrections()[0].undone_by == "小王"


def test_add_a_relationship_the_texts_imply_from_the_audit_view(own_store, monkeypatch):
    app = app_on(own_store, monkeypatch, curate=True, view="corrections")
    app.text_input(key="curator").set_value("小王").run()
    app.selectbox(key="add-type").set_value("TARGETS").run()
    app.selectbox(key="add-head").set_value("上海").run()
    app.selectbox(key="add-tail").set_value("量子信息技术").run()
    app.text_area(key="add-note").set_value("上海布局量子信息技术（规划第3条）").run()
    button(app, "add-go").click().run()
    assert not app.exception and app.success, [e.value for e in app.error]
    with open_store(own_store) as s:
        rel = next(r for r in s.export()["relationships"] if r["id"] == "City:上海-TARGETS->Industry:量子信息技术")
        assert rel["properties"]["curated"] == "added"
        assert "上海布局量子信息技术（规划第3条）" in rel["properties"]["evidence"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_taxonomy_edge_s_correction_shows_its_evidence_in_the_reader_s_words(own_store, monkeypatch, lang):
    # the audit view read out the ingest's sentence (industry taxonomy (ingest/data/industries.tsv):
    # 人工智能 is part of …) as the evidence panel no longer does (ui/viz.py taxonomy_evidence)
    from graph.corrections import Correction, checked
    from queries import reads

    with open_store(own_store) as s:
        rel = next(r for r in s.export()["relationships"] if r["id"].startswith("Industry:人工智能-PART_OF->"))
        parent = rel["id"].rsplit(":", 1)[1]
        c = checked(Correction("reject", {"rel": {"type": "PART_OF", "head": ["Industry", "人工智能"],
                                                  "tail": ["Industry", parent]}}, "小王", reason="分类有误"))
        c.evidence = reads.correction_basis(s, c)
        assert c.evidence and "ingest/data" in c.evidence[0]  # what the graph holds
        s.correct(c)
    app = app_on(own_store, monkeypatch, curate=False, view="corrections", lang=lang)
    said = [m.value for m in app.markdown if "kg-evidence" in m.value]
    assert said and not [m for m in said if "ingest/data" in m or "is part of " + parent in m], said
    if lang == "zh":
        assert any(f"产业分类：人工智能属于{parent}" in m for m in said), said
    else:
        assert any("Industry taxonomy" in m and "Artificial intelligence is part of" in m for m in said), said
        assert not [m for m in said if "人工智能" in m], said  # named in English


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_audit_view_says_each_correction_in_the_reader_s_words(own_store, monkeypatch, lang):
    # the table and the picker showed Correction.describe(), the CLI's identifiers
    # (reject City:上海-TARGETS->Industry:…): English types and labels in Chinese, Chinese names in English
    from graph.corrections import Correction, checked
    from queries import reads

    with open_store(own_store) as s:
        ids = [r["id"] for r in s.export()["relationships"]]
        part_of = next(i for i in ids if i.startswith("Industry:人工智能-PART_OF->"))
        targets = next(i for i in ids if i.startswith("City:上海-TARGETS->Industry:"))
        for rid in (part_of, targets):
            head, rest = rid.split("-", 1)
            rtype, tail = rest.split("->", 1)
            c = checked(Correction("reject", {"rel": {"type": rtype, "head": head.split(":", 1),
                                                      "tail": tail.split(":", 1)}}, "小王", reason="有误"))
            c.evidence = reads.correction_basis(s, c)
            s.correct(c)
        english = {name: en.split("|")[0] for _l, name, _a, en in reads.search_rows(s) if en}
    app = app_on(own_store, monkeypatch, curate=False, view="corrections", lang=lang)
    table = app.dataframe[0].value
    said = [str(v) for v in table.iloc[:, 4]] + list(app.selectbox(key="audit-pick").options)
    assert len(said) == 4, said
    raw = ("PART_OF", "TARGETS", "City:", "Industry:", "->") + (("reject",) if lang == "zh" else ())
    assert not [w for w in said if any(r in w for r in raw)], said
    if lang == "zh":
        assert all("驳回" in w for w in said), said
        assert any("人工智能（产业） —从属于→" in w for w in said), said
        assert any("上海（城市） —布局→" in w for w in said), said
    else:
        assert "上海" in english and "人工智能" in english, "the essays name them in English"
        assert any(f"{english['人工智能']} (Industry) —part of→" in w for w in said), said
        assert any(f"{english['上海']} (City) —targets→" in w for w in said), said
        assert not [w for w in said if "人工智能" in w or "上海" in w], said


def test_every_kind_of_correction_has_the_reader_s_words_in_both_languages():
    import streamlit as st

    from graph.corrections import KINDS, Correction
    from ui.curate import correction_words

    rel = {"type": "TARGETS", "head": ["City", "上海"], "tail": ["Industry", "人工智能"]}
    node = ["City", "上海"]
    targets = {"accept": {"rel": rel}, "reject": {"rel": rel}, "add": {"to": rel},
               "change": {"rel": rel, "to": {**rel, "type": "SUPPORTS"}}, "rename": {"node": node, "name": "沪"},
               "relabel": {"node": node, "label": "Zone"}, "merge": {"node": node, "into": ["City", "上海市"]},
               "not_entity": {"node": node}}
    english = {"上海": "Shanghai", "人工智能": "Artificial intelligence"}
    said = {}
    try:
        for lang in ("zh", "en"):
            st.session_state["lang"] = lang
            said[lang] = {k: correction_words(Correction(k, targets[k], "小王"), english if lang == "en" else None)
                          for k in KINDS}
    finally:
        st.session_state.pop("lang", None)
    raw = ("TARGETS", "SUPPORTS", "City", "Industry", "Zone", ":", "->", "_") + KINDS
    assert not {k: w for k, w in said["zh"].items() if any(r in w for r in raw)}, said["zh"]
    assert said["zh"]["change"] == "把 上海（城市） —布局→ 人工智能（产业） 改为 上海（城市） —支持→ 人工智能（产业）"
    assert said["en"]["reject"] == "reject Shanghai (City) —targets→ Artificial intelligence (Industry)"
    assert said["en"]["relabel"] == "relabel Shanghai (City) as Zone / district"
    assert not [w for w in said["en"].values() if "上海（" in w or "人工智能" in w], said["en"]
