"""Page logic with streamlit.testing.v1.AppTest (no browser): every view renders, state round-trips."""
from __future__ import annotations

import json
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
    # no table cell is a schema label or type by its identifier (City, ISSUED_BY, node) in Chinese
    raw = {"City", "Province", "Zone", "Industry", "Institution", "Policy", "Region", "TARGETS", "SUPPORTS",
           "LOCATED_IN", "ISSUED_BY", "PART_OF", "MENTIONS", "STATES", "node", "relationship"}
    cells = {str(v) for frame in app.dataframe for v in frame.value.to_numpy().ravel().tolist()}
    assert not cells & raw, f"{name}: raw identifiers in a table: {cells & raw}"


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
    assert not [e.value for e in app.error if "errCtx" in e.value or "offset:" in e.value]  # no parser bookkeeping


def test_a_parse_error_reads_as_what_is_wrong():
    from ui.results import readable_error

    falkor = ("errMsg: Invalid input 'T': expected LIMIT line: 1, column: 27, offset: 26 "
              "errCtx: MATCH (n) RETURN n.nme LIMT 5 errCtxOffset: 26")
    assert readable_error(falkor) == "Invalid input 'T': expected LIMIT"
    assert readable_error("query refused: writes are not allowed") == "query refused: writes are not allowed"


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


def on_screen(spec: dict) -> list[str]:
    """Field names and titles in a Vega-Lite spec: what its axes, legends and tooltips show."""
    seen = []

    def walk(x):
        if isinstance(x, dict):
            seen.extend(v for k, v in x.items() if k in ("field", "title") and isinstance(v, str))
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(spec)
    return seen


def test_app_opens_on_the_dashboard_with_the_graphs_counts(app):
    open_with(app)
    assert app.session_state["view"] == "dashboard"
    metrics = {m.label: int(m.value) for m in app.metric}
    from graph.factory import open_store

    with open_store(app_store_path(app)) as s:
        m = s.makeup()
    assert metrics == {"实体": m["entities"], "关系": m["relationships"], "文档": m["documents"]}
    assert metrics["文档"] == 5
    assert app.query_params["view"] == "dashboard"
    charts = app.get("vega_lite_chart")
    assert len(charts) == 3, "three rankings"
    for chart in charts:  # every ranking counts in whole numbers and names nothing by identifier
        spec = json.loads(chart.proto.spec)
        assert spec["encoding"]["x"]["axis"]["tickMinStep"] == 1 and spec["encoding"]["x"]["axis"]["format"] == "d"
        shown = on_screen(spec)
        assert shown and not [s for s in shown if s in ("mentions", "degree", "cities", "industry", "name")]


def test_dashboard_search_example_is_in_the_graph(app):
    open_with(app)
    placeholder = app.text_input(key="dash-search").placeholder
    examples = [e.strip() for e in placeholder.split("：", 1)[1].split("/")]
    from graph.factory import open_store
    from ui.search import build_index

    with open_store(app_store_path(app)) as s:
        names = {r[0] for r in s.read("MATCH (n) WHERE NOT n:Document RETURN n.name", row_limit=None).rows}
        index = build_index(s)
    assert examples[0] in names
    for term in examples:  # every example finds something, the first one exactly
        assert index.search(term), term
    assert index.search(examples[0])[0].name == examples[0]


def test_the_readmes_search_examples_find_something_on_the_demo_graph(essays_store):
    # the README's examples are what a first reader types into `kg demo`: each must find the entity
    import re

    from ui.search import build_index

    readme = (Path(APP).parent / "README.md").read_text(encoding="utf-8")
    found = re.search(r"English name or pinyin \((.+?); traditional characters too: (\S+) finds (\S+)\)",
                      readme, re.S)
    assert found, "the README's Explore paragraph no longer gives search examples"
    terms = [t.strip() for t in found.group(1).replace("\n", " ").split("/")]
    index = build_index(essays_store)
    names = {index.search(term)[0].name if index.search(term) else None for term in terms}
    assert len(terms) == 4 and names == {terms[0]}, (terms, names)
    assert index.search(found.group(2))[0].name == found.group(3)


def test_dashboard_links_open_explore_stories_and_the_overview(app):
    open_with(app)
    example = app.text_input(key="dash-search").placeholder.split("：", 1)[1].split("/")[0].strip()
    app.button(key="dash-explore").click().run()
    assert app.session_state["view"] == "explore" and app.query_params["entity"] == example
    assert len(app.session_state["canvas"].nodes) > 1
    app.session_state["view"] = "dashboard"
    app.run()
    app.button(key="dash-story-competing_cities").click().run()
    assert app.session_state["view"] == "stories" and app.query_params["story"] == "competing_cities"
    assert not app.exception
    app.session_state["view"] = "dashboard"
    app.run()
    app.button(key="dash-overview").click().run()
    assert app.session_state["view"] == "overview" and app.subheader  # by label / by type / documents kept


def test_every_dashboard_ranking_opens_its_whole_query(app):
    open_with(app)
    for name in ("top_industries", "most_connected", "contested_industries"):
        assert app.button(key=f"dash-more-{name}").label == "查看完整查询 →", name
    app.button(key="dash-more-top_industries").click().run()
    assert app.session_state["view"] == "canned" and app.query_params["q"] == "top_industries"
    assert [h.value for h in app.subheader][:1] == ["最受关注的产业"] and app.get("vega_lite_chart")


def test_typing_in_the_dashboard_search_opens_explore(app):
    open_with(app)
    app.text_input(key="dash-search").set_value("beijing").run()
    assert app.session_state["view"] == "explore"
    assert app.selectbox(key="search-pick").value.startswith("北京")


def test_dashboard_in_english(app):
    open_with(app, lang="en")
    assert {m.label for m in app.metric} == {"Entities", "Relationships", "Documents"}
    assert not app.exception
    # the example to search for, and the button to explore from it, by the English name
    tries = [c.value for c in app.caption if c.value.startswith("Try searching for")]
    assert tries and all(ord(ch) < 0x2E80 for ch in tries[0]), tries
    assert any(b.label.startswith("Explore from ") and all(ord(ch) < 0x2E80 for ch in b.label) for b in app.button)


def test_an_empty_store_says_how_to_ingest(tmp_path, monkeypatch):
    from graph.factory import open_store

    path = str(tmp_path / "empty.db")
    open_store(path).close()
    monkeypatch.setenv("KG_STORE", path)
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    assert not app.exception
    assert any("kg ingest" in c.value for c in app.code)
    assert all(int(m.value) == 0 for m in app.metric)


def test_explain_shows_the_plan_without_the_last_result(app):
    open_with(app, view="adhoc")
    app.session_state["adhoc_text"] = "MATCH (c:City) RETURN c.name AS name LIMIT 3"
    app.button(key="run-adhoc").click().run()
    assert app.dataframe
    app.button(key="explain-adhoc").click().run()
    assert not app.exception and app.code, "the plan is shown"
    assert not app.dataframe, "the previous result is not shown under the plan"


def test_no_rows_says_what_to_try(app):
    open_with(app, view="adhoc")
    app.session_state["adhoc_text"] = "MATCH (c:City {name: 'Atlantis'}) RETURN c.name AS name"
    app.button(key="run-adhoc").click().run()
    assert any("MATCH (c:City) RETURN c.name" in i.value for i in app.info)
    app.query_params.clear()
    app.session_state["view"] = "canned"
    open_with(app, view="canned", q="city_industries", place="Atlantis")
    assert any("首页" in i.value for i in app.info)


def test_province_table_names_the_province_and_carries_no_relationship_columns(app):
    open_with(app, view="canned", q="province_cities", province="四川")
    table = next(d.value for d in app.dataframe)
    text = table.to_string()
    assert "[:LOCATED_IN]" not in text and "[:TARGETS]" not in text
    assert list(table.columns)[:2] == ["省份", "城市"] and set(table["省份"]) == {"四川"}


def test_exports_carry_the_parameters_and_document_titles(essays_store):
    from queries import catalogue
    from ui.results import _csv, document_names, file_name, table_columns

    q = catalogue.load()["province_cities"]
    assert q.headline("zh", q.bind({"province": "江苏"})) == "省内城市的产业布局 · 江苏"
    assert catalogue.load()["contested_industries"].headline("en", {"limit": 12, "abroad": False}) == \
        "Most contested industries · Industries shown 12"
    assert file_name("省内城市的产业布局 · 江苏") == "省内城市的产业布局_江苏"
    result = essays_store.read(q.text_for(essays_store.kind), q.bind({"province": "四川"}))
    keep = table_columns(result)
    columns = [result.columns[i] for i in keep]
    assert columns == ["province", "city", "industry", "mentions"]
    csv = _csv(columns, [[str(row[i]) for i in keep] for row in result.rows])
    assert csv.startswith("\ufeffprovince,city") and "\n四川," in csv
    keys = [d["name"] for d in essays_store.documents()]
    names = document_names(essays_store, keys)
    assert len(names) == len(keys) and not set(names) & set(keys), "documents by title, not by key"
    assert not [n for n in names if n.startswith("/")]


def test_evidence_and_the_document_filter_name_documents_by_title(essays_store):
    from queries import reads
    from ui.graphview import ViewGraph, document_titles, with_statements

    g = with_statements(essays_store, ViewGraph.from_rows(reads.neighbours(essays_store, "City", "北京", 20)))
    titles = document_titles(g)
    stored = {d["name"]: d["title"] for d in essays_store.documents()}
    assert titles and all(titles[k] == stored[k] for k in titles)  # the essays' titles are real ones
    assert not set(titles.values()) & set(titles)


def _charted() -> list[str]:
    from queries import catalogue

    return [name for name, q in catalogue.load().items() if q.chart]


RAW_COLUMNS = ("mentions", "jaccard", "pair", "subfields", "City", "ISSUED_BY", "STATES", "cities", "degree",
               "industry", "city", "place", "policy", "issuer", "year", "count", "kind")


@pytest.mark.parametrize("name", _charted())
def test_canned_charts_in_chinese_show_no_identifier(app, name):
    open_with(app, view="canned", q=name)
    charts = app.get("vega_lite_chart")
    assert charts, f"{name}: no chart drawn"
    spec = json.loads(charts[0].proto.spec)
    shown = on_screen(spec)
    assert shown and not [s for s in shown if s in RAW_COLUMNS], shown
    import pyarrow as pa

    assert charts[0].proto.datasets
    for ds in charts[0].proto.datasets:  # the data's field names and label / type cells, as on screen
        df = pa.ipc.open_stream(ds.data.data).read_pandas()
        assert not set(df.columns) & set(RAW_COLUMNS), list(df.columns)
        cells = {v for c in df.columns for v in df[c] if isinstance(v, str)}
        assert not cells & {"City", "Province", "ISSUED_BY", "STATES", "TARGETS", "node", "relationship"}


def test_a_result_without_a_graph_opens_on_its_chart(app):
    # in front of a room the picture comes first: no click to leave the table
    open_with(app, view="canned", q="city_industry_matrix", present="1")
    assert [tab.label for tab in app.tabs][:1] == ["图表"]
    assert not [c.value for c in app.caption if "没有可绘制" in c.value]  # no meta note in presentation
    assert app.query_params["present"] == "1"  # the canned view's own link keeps the presentation


def test_running_cypher_or_opening_the_dashboard_keeps_the_presentation(app):
    # each view rewrites the page's link; the editor's and the dashboard's dropped ?present=1, so the
    # first query run in front of a room brought the sidebar and the small type back
    open_with(app, view="adhoc", present="1")
    app.button[0].click().run()  # Run
    assert not app.exception and app.query_params["present"] == "1" and app.query_params["view"] == "adhoc"
    open_with(app, view="dashboard", present="1")
    assert app.query_params["present"] == "1"


def test_a_comparison_opens_on_the_heatmap_its_description_names(app):
    # compare_places says "for a heatmap" (热力图): it opens on it, the graph a tab away
    open_with(app, view="canned", q="compare_places", places="北京,上海")
    assert "热力图" in " ".join(c.value for c in app.caption)
    assert [tab.label for tab in app.tabs][:2] == ["图表", "关系图"]


def _latin(text: str) -> bool:
    """No Chinese character outside brackets: what English mode shows of a name."""
    import re

    return not re.search(r"[\u4e00-\u9fff]", re.sub(r"\([^)]*\)", "", text))


def test_english_pickers_and_tables_name_entities_in_english(app):
    # the picker shows the English name (the Chinese in brackets); the query still gets the Chinese
    open_with(app, view="canned", q="industry_cities", industry="人工智能", lang="en")
    picker = app.selectbox(key="p-industry_cities-industry")
    assert picker.value == "人工智能"
    shown = picker.format_func(picker.value)
    assert shown.endswith("Artificial intelligence (人工智能)") and _latin(shown), shown
    assert sum(_latin(picker.format_func(o)) for o in picker.options) > len(picker.options) // 2
    table = app.dataframe[0].value
    places = set(table[table.columns[0]])
    assert {"Beijing", "Shenzhen"} <= places and not {"北京", "深圳"} & places, places
    assert app.query_params["industry"] == "人工智能"


def test_english_place_pickers_in_the_gallery_and_on_the_map(app):
    open_with(app, view="canned", q="city_industries", place="北京", lang="en")
    picker = app.selectbox(key="p-city_industries-place")
    assert picker.value == "北京" and picker.format_func("北京") == "Beijing (北京)"
    table = app.dataframe[0].value
    assert "Artificial intelligence" in set(table[table.columns[0]])


# An English AppTest runs once: the test process formats the view list in Chinese (its session has no
# language), which AppTest then fails to find among the English options on a second run.
def test_english_place_picker_on_the_map(app):
    open_with(app, view="map", industry="人工智能", lang="en")
    assert app.selectbox(key="map_at").format_func("上海") == "Shanghai (上海)"


def test_english_explore_picker(app):
    open_with(app, view="explore", entity="beijing", lang="en")
    assert app.selectbox(key="search-pick").value.startswith("Beijing · City · 北京")


def test_a_document_is_picked_by_its_title(app, essays_store):
    titles = {d["name"]: d["title"] for d in essays_store.documents()}
    for lang in ("zh", "en"):
        open_with(app, view="canned", q="document_contents", lang=lang)
        picker = app.selectbox(key="p-document_contents-document")
        assert picker.value in titles  # the query gets the key
        shown = [picker.format_func(o) for o in picker.options]
        assert not set(shown) & set(titles), shown  # the reader sees titles, no key
        assert picker.format_func(picker.value) == titles[picker.value]


def test_the_search_index_lasts_until_the_graph_changes(monkeypatch):
    # keyed on the store's size, not a minute: built once while the graph stays, again after an ingest
    from ui import common

    built = []
    monkeypatch.setattr(common, "build_index", lambda store: built.append(1) or object())
    sizes = iter([10, 10, 11])
    monkeypatch.setattr(common, "graph_size", lambda spec: next(sizes))
    monkeypatch.setattr(common, "get_store", lambda spec: None)  # no store is opened
    common._search_index.clear()
    first = common.search_index("x")
    assert common.search_index("x") is first and len(built) == 1
    assert common.search_index("x") is not first and len(built) == 2


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_sample_of_sources_is_said_in_the_filter_and_the_evidence_panel(app, monkeypatch, lang):
    # as on a big store, where a relationship's documents on screen are a sample of those stating it
    import tomllib

    from queries import reads
    from ui import graphview

    words = tomllib.loads((Path(APP).parent / "ui" / "text.toml").read_text(encoding="utf-8"))[lang]
    monkeypatch.setattr(reads, "SOURCES_SAMPLED", 1)
    monkeypatch.setattr(graphview, "EVIDENCE_SOURCES", 1)
    open_with(app, view="explore", entity="北京", lang=lang)
    rels = app.session_state["canvas"].rels.values()
    assert any(graphview.sampled(r) for r in rels)
    assert all(len(r["sources"]) <= 1 and r["statements"] for r in rels if r.get("stated"))
    captions = [c.value for c in app.caption]
    assert words["f_docs_sampled"].format(n=1) in captions
    # the evidence panel counts every document stating the relationship and says it shows some of
    # them: the relationship it opens on is the best attested (explore grows by those first)
    first = next(r for r in rels if r["properties"].get("evidence"))
    assert first["stated"] > 1
    note = f"{words['stated_by']}: {first['stated']} · {words['stated_sample'].format(n=1)}"
    assert note in captions, captions
    assert not app.exception


def test_a_yes_no_column_reads_in_words_not_true_false(app):
    # the 推断 (inferred) column of 城市布局的产业 read True / False, in English on a Chinese page
    open_with(app, view="canned", q="city_industries", place="北京")
    table = app.dataframe[0].value
    assert set(table["推断"]) <= {"是", "否"} and len(set(table["推断"])) >= 1, set(table["推断"])


def test_a_taxonomy_edge_s_evidence_is_in_the_interface_s_words_not_the_ingest_s(app):
    # its sentence is written by the ingest (industry taxonomy (ingest/data/industries.tsv): … is
    # part of …): the panel read it out as it is, in English on a Chinese page, with a file path
    open_with(app, view="explore", entity="人工智能")
    picker = next(s for s in app.selectbox if s.label == "查看关系的证据")
    part_of = next(o for o in picker.options if "—从属于→" in o)
    picker.set_value(part_of).run()
    assert not app.exception
    said = [m.value for m in app.markdown if "kg-evidence" in m.value]
    assert said and not [m for m in said if "ingest/data" in m or "is part of" in m], said[:2]
    assert any("产业分类：" in m for m in said), said[:2]


def test_a_big_result_draws_its_first_rows_and_keeps_every_row_in_the_table():
    from graph.values import node, relationship
    from ui.results import drawn_rows

    hub = node("h", ["Industry"], {"name": "人工智能"})
    rows = [[node(i, ["City"], {"name": f"c{i}"}), relationship(f"r{i}", "TARGETS", i, "h", {}), hub]
            for i in range(10)]
    assert drawn_rows(rows, most=4) == 3  # three cities and the industry
    assert drawn_rows(rows, most=100) == 10
    assert drawn_rows(rows[:1], most=1) == 1  # never none
    # a relationship's ends count though the row returns only the relationship
    assert drawn_rows([[relationship(f"r{i}", "TARGETS", i, "h", {})] for i in range(10)], most=4) == 3
    assert drawn_rows([["北京", 3], ["上海", 2]], most=1) == 2  # nothing to draw: nothing cut


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_capped_graph_says_so_in_both_languages(app, monkeypatch, lang):
    import tomllib

    from ui import results

    words = tomllib.loads((Path(APP).parent / "ui" / "text.toml").read_text(encoding="utf-8"))[lang]
    monkeypatch.setattr(results, "DRAWN_NODES", 3)
    open_with(app, view="canned", q="city_industries", place="北京", lang=lang)
    table = app.dataframe[0].value
    assert len(table) > 2
    assert words["graph_capped"].format(rows=2, total=len(table)) in [c.value for c in app.caption]


def test_documents_an_expand_brings_are_chosen_in_the_filter_and_a_left_out_one_stays_out(app, essays_store):
    # the filter's multiselect kept its earlier value when the picture grew: the new relationships,
    # stated only by documents not offered before, vanished from the picture they were grown into
    from queries import reads
    from ui.graphview import ViewGraph

    open_with(app, view="explore", entity="北京")
    before = app.multiselect(key="explore-fd")
    left_out = before.value[0]  # (values are document keys; options, their titles)
    before.unselect(left_out).run()
    more = ViewGraph.from_rows(reads.neighbours(essays_store, "City", "上海", 60))
    canvas = app.session_state["canvas"]
    canvas.nodes.update(more.nodes)
    canvas.rels.update(more.rels)
    app.run()
    after = app.multiselect(key="explore-fd")
    assert len(after.options) > len(before.options)
    assert left_out not in after.value and len(after.value) == len(after.options) - 1
    assert not app.exception


def test_an_expand_is_one_run_of_the_page(app, monkeypatch):
    # the canvas's last event, as Streamlit keeps it for the canvas's key, is handled before anything
    # is drawn: an expand used to draw the old picture, grow the canvas, then run the page again
    import streamlit as st

    from ui import viz

    open_with(app, view="explore", entity="北京")
    canvas = app.session_state["canvas"]
    before = set(canvas.nodes)
    industry = next(i for i, n in canvas.nodes.items() if n["labels"][0] == "Industry")
    reruns = []
    real = st.rerun
    monkeypatch.setattr(st, "rerun", lambda *a, **k: (reruns.append(1), real(*a, **k)))
    app.session_state["explore-graph"] = {"action": "expand", "data": {"node_ids": [viz.inert(industry)]},
                                          "timestamp": 123}
    app.run()
    assert not app.exception and not reruns
    grown = app.session_state["canvas"]
    assert set(grown.nodes) > before  # its neighbours joined the picture
    assert set(grown.nodes) <= set(app.session_state["positions"])  # and were placed
    app.run()  # the component repeats its last value: nothing grows twice
    assert set(app.session_state["canvas"].nodes) == set(grown.nodes)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_search_that_finds_nothing_says_what_would(app, lang):
    # "No matching entity." left a new user with nothing to try (hefei is not in the demo graph)
    open_with(app, view="explore", entity="hefei", lang=lang)
    message = app.info[0].value
    examples = app.text_input(key="search").placeholder.split("：" if lang == "zh" else "e.g. ", 1)[1]
    assert examples and examples in message, message


def test_the_sidebar_names_the_store_by_its_file_and_gives_the_whole_path_on_hover(app):
    """A temporary folder's path said nothing to a room (README screenshots showed /tmp/walk2/demo.db):
    the sidebar shows the file name; the whole path is in the caption's help."""
    import os

    from ui.common import store_label
    from ui.viz import md

    open_with(app, view="overview")
    path = os.environ["KG_STORE"]
    shown = [c for c in app.sidebar.caption if c.value.startswith("存储")]
    assert shown and shown[0].value == f"存储: {md(Path(path).name)}", shown
    assert shown[0].help == md(path), shown[0].help
    assert store_label("/tmp/walk2/demo.db") == "demo.db"
    assert store_label("bolt://neo4j:secret@db.example:7687") == "bolt://db.example:7687"
    assert store_label("neo4j+s://abc.databases.neo4j.io") == "neo4j+s://abc.databases.neo4j.io"


def _editor_args(app) -> dict:
    (editor,) = [e for e in app.get("component_instance") if e.key == "cypher-editor"]
    return json.loads(editor.proto.json_args)


def test_the_cypher_editor_is_presentation_sized_when_presenting(app):
    """The editor is a frame of its own that the page's presentation style does not reach: it is told
    the type size (its frontend reads font_size; without it its type stayed 13.5 px)."""
    open_with(app, view="adhoc")
    assert _editor_args(app)["font_size"] is None
    app.query_params["present"] = "1"
    app.run()
    args = _editor_args(app)
    assert args["font_size"] >= 20 and args["height"] > 150
    from ui.components.cypher_editor import BUILD_DIR

    bundle = (BUILD_DIR / "assets" / "index.js").read_text(encoding="utf-8")
    assert "font_size" in bundle and "--kg-code-size" in bundle  # the built frontend reads it


def test_every_example_query_has_a_title_in_both_languages():
    from ui.common import EXAMPLES, example_title

    assert EXAMPLES
    for ex in EXAMPLES:
        titles = ex["title"]
        assert isinstance(titles, dict), f"{ex['cypher'][:40]}: title.zh / title.en, not one title"
        assert titles.get("zh") and titles.get("en"), f"{titles}: an example lacks a language's title"
        assert any("\u4e00" <= ch <= "\u9fff" for ch in titles["zh"]), f"{titles['zh']}: not in Chinese"
        assert example_title(ex, "zh") == titles["zh"] and example_title(ex, "en") == titles["en"]


def test_the_example_picker_shows_the_reader_s_titles(app):
    from ui.common import EXAMPLES

    open_with(app, view="adhoc")
    picker = app.selectbox(key="example")
    assert picker.options == ["—", *[ex["title"]["zh"] for ex in EXAMPLES]]
    picker.set_value(1).run()  # picked by position: the second example loads
    assert not app.exception
    assert app.session_state["adhoc_text"] == EXAMPLES[1]["cypher"]


def test_the_example_picker_in_english(app):
    from ui.common import EXAMPLES

    open_with(app, view="adhoc", lang="en")
    assert app.selectbox(key="example").options == ["—", *[ex["title"]["en"] for ex in EXAMPLES]]


def test_missing_parameters_are_found_by_name_outside_strings_and_comments():
    from ui.views.adhoc import missing_parameters

    q = "MATCH (c:City {name: $city})-[t]->(i) WHERE i.name <> $`the industry` AND t.count > $min RETURN c, $city"
    assert missing_parameters(q, {}) == ["city", "the industry", "min"]
    assert missing_parameters(q, {"city": "北京", "min": 1}) == ["the industry"]
    assert missing_parameters(q, {"city": "北京", "min": 1, "the industry": "6G"}) == []
    # a "$" in a string, a quoted name or a comment is no parameter
    assert missing_parameters("RETURN '$a', \"it's $b\", 'x\\'$c' AS `$d` // $e\n/* $f */ , $g", {}) == ["g"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_missing_parameters_message_names_them_in_both_languages(lang):
    from ui.views.adhoc import missing_parameters_message

    said = missing_parameters_message(["city", "industry"], lang)
    assert "$city" in said and "$industry" in said and '"city": "…"' in said
    assert ("参数" in said) == (lang == "zh") and ("parameters" in said) == (lang == "en")


def test_a_query_whose_dollars_are_all_in_strings_runs_without_parameters_on_each_store(store):
    # what missing_parameters lets through, the stores run: a "$" in a string asks for no parameter
    from ui.views.adhoc import missing_parameters

    q = "RETURN '$city' AS s // $not_one"
    assert missing_parameters(q, {}) == []
    assert store.read(q, {}, isolated=True).rows == [["$city"]]
    from graph.store import StoreError

    with pytest.raises(StoreError):  # and one that does use a parameter is refused without it
        store.read("RETURN $city AS s", {}, isolated=True)
    assert missing_parameters("RETURN $city AS s", {}) == ["city"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_adhoc_query_without_its_parameter_names_it(app, lang):
    # a shared link runs its query as it opens: one run (an English AppTest runs once, see above)
    open_with(app, view="adhoc", cypher="MATCH (c:City {name: $city}) RETURN c.name AS name", params="{}", lang=lang)
    errors = [e.value for e in app.error]
    assert errors and "$city" in errors[0] and "Missing parameters" not in errors[0], errors
