"""The Streamlit app renders every view without exceptions (AppTest, no browser)."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture
def app(essays_store_path, monkeypatch):
    monkeypatch.setenv("KG_STORE", essays_store_path)
    return AppTest.from_file(APP, default_timeout=60)


def test_overview_shows_counts(app):
    app.run()
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert int(metrics["节点"]) > 50 and int(metrics["文档"]) == 5


def test_canned_query_renders_graph_table_and_evidence(app):
    app.query_params["q"] = "city_industries"
    app.query_params["place"] = "北京"
    app.run()
    assert not app.exception
    assert app.dataframe, "no result table"
    assert "人工智能" in app.dataframe[0].value.to_string()
    evidence = [m.value for m in app.markdown if "<mark" in m.value]
    assert evidence, "no highlighted evidence sentence"


def test_every_canned_query_renders(app):
    from kg import catalogue

    for name in catalogue.load():
        app.query_params.clear()
        app.query_params["q"] = name
        app.run()
        assert not app.exception, name


def test_adhoc_write_shows_a_readable_refusal(app):
    app.run()
    app.sidebar.radio[1].set_value("adhoc").run()
    app.text_area[0].set_value("MATCH (n) DETACH DELETE n").run()
    app.button[0].click().run()
    assert not app.exception
    assert any("refused" in e.value for e in app.error)
    app.text_area[0].set_value("MATCH (c:City) RETURN c.name AS name LIMIT 3").run()
    app.button[0].click().run()
    assert not app.error and app.dataframe
