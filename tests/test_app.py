"""Page logic with streamlit.testing.v1.AppTest (no browser): every view renders, state round-trips."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture
def app(essays_store_path, monkeypatch):
    monkeypatch.setenv("KG_STORE", essays_store_path)
    return AppTest.from_file(APP, default_timeout=60)


def app_store_path(app) -> str:
    import os

    return os.environ["KG_STORE"]


def open_with(app, **params):
    for k, v in params.items():
        app.query_params[k] = v
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_overview_shows_counts(app):
    open_with(app, view="overview")
    metrics = {m.label: int(m.value) for m in app.metric}
    assert metrics["实体"] > 50 and metrics["文档"] == 5
    # the metric counts what the graph's relationships are, the same number the bars add up to
    from graph.factory import open_store

    with open_store(app_store_path(app)) as s:
        m = s.makeup()
    assert metrics["关系"] == m["relationships"] == sum(m["by_type"].values())
    assert "MENTIONS" not in m["by_type"] and "STATES" not in m["by_type"]


def test_shared_url_reopens_a_canned_query_with_its_parameters(app):
    open_with(app, view="canned", q="city_industries", place="上海")
    assert app.selectbox(key="p-city_industries-place").value == "上海"
    assert "人工智能" in app.dataframe[0].value.to_string() or app.dataframe[0].value.shape[0] > 0
    evidence = [m.value for m in app.markdown if "<mark" in m.value]
    assert evidence, "no highlighted evidence sentence"
    assert app.query_params["q"] == "city_industries" and app.query_params["place"] == "上海"


def _query_names() -> list[str]:
    from queries import catalogue

    return list(catalogue.load())


@pytest.mark.parametrize("name", _query_names())
def test_every_canned_query_renders(app, name):
    # a fresh app per query: session state would otherwise pin the first one shown
    from queries import catalogue

    q = catalogue.load()[name]
    open_with(app, view="canned", q=name)
    assert app.session_state["canned_query"] == name
    assert [h.value for h in app.subheader][:1] == [q.title("zh")]
    assert not app.error, [e.value for e in app.error]
    captions = [c.value for c in app.caption]
    assert q.describe("zh", q.bind({})) in captions
    assert not [c for c in captions if "$" in c], "a parameter placeholder is on screen"
    for p in q.params:  # parameters are called by their names in the interface, not identifiers
        assert p.label.get("zh"), f"{name}: parameter {p.name} has no Chinese label"


def test_multiselect_parameter_and_language_switch(app):
    open_with(app, view="canned", q="compare_places", places="北京,上海")
    assert app.multiselect(key="p-compare_places-places").value == ["北京", "上海"]
    app.sidebar.radio(key="lang").set_value("en").run()
    assert not app.exception
    assert any("How Chinese cities" in t.value for t in app.title)


def test_open_in_editor_copies_cypher_and_parameters(app):
    open_with(app, view="canned", q="industry_cities", industry="人工智能")
    app.button(key="open-editor").click().run()
    assert app.session_state["view"] == "adhoc"
    assert "TARGETS" in app.session_state["adhoc_text"]
    assert '"industry": "人工智能"' in app.session_state["adhoc_params"]


def test_adhoc_write_is_refused_readably_and_reads_work(app):
    open_with(app, view="adhoc")
    app.session_state["adhoc_text"] = "MATCH (n) DETACH DELETE n"
    app.session_state["adhoc_params"] = "{}"
    app.button(key="run-adhoc").click().run()
    assert not app.exception
    assert any("refused" in e.value for e in app.error)
    app.session_state["adhoc_text"] = "MATCH (c:City) RETURN c.name AS name LIMIT 3"
    app.button(key="run-adhoc").click().run()
    assert not app.error and app.dataframe
    assert len(app.session_state["history"]) == 2


def test_adhoc_error_shows_its_position(app):
    open_with(app, view="adhoc")
    app.session_state["adhoc_text"] = "MATCH (n RETURN n"
    app.button(key="run-adhoc").click().run()
    assert app.error and any("^" in c.value for c in app.code)


def test_unsupported_construct_says_what_to_write_instead(app):
    open_with(app, view="adhoc")
    app.session_state["adhoc_text"] = "MATCH (n) WHERE n.name =~ '成.*' RETURN n"
    app.button(key="run-adhoc").click().run()
    assert any("CONTAINS" in e.value for e in app.error)


def test_explore_search_start_and_grow(app):
    open_with(app, view="explore")
    app.text_input(key="search").set_value("beijing").run()
    assert app.selectbox(key="search-pick").value.startswith("北京")
    app.button(key="start").click().run()
    canvas = app.session_state["canvas"]
    assert len(canvas.nodes) > 5 and len(canvas.rels) > 5
    assert not app.exception


def test_story_steps_and_presentation_mode(app):
    open_with(app, view="stories", story="beijing_policies", step="1")
    app.button(key="next").click().run()
    assert app.query_params["step"] == "2"
    app.query_params["present"] = "1"
    app.run()
    assert not app.exception
    assert any("kg-caption" in m.value for m in app.markdown)


def test_shared_adhoc_and_explore_links_reopen_their_view(app):
    open_with(app, view="adhoc", cypher="MATCH (c:City {name: $n}) RETURN c.name AS name", params='{"n": "成都"}')
    assert app.dataframe and "成都" in app.dataframe[0].value.to_string()
    assert app.query_params["cypher"].startswith("MATCH (c:City")
    app.query_params.clear()
    app.session_state["view"] = "explore"
    open_with(app, view="explore", entity="成都")
    assert len(app.session_state["canvas"].nodes) > 3
