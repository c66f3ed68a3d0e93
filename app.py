"""Streamlit app: overview, canned queries, ad-hoc read-only Cypher, evidence behind every edge.

Run with `kg app` (or `streamlit run app.py`); the store comes from KG_STORE.
"""
from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from graph.store import StoreError, open_store, resolve_store_spec
from graph.values import collect_graph, plain
from kg import catalogue, formats, viz

st.set_page_config(page_title="Future industries graph · 未来产业图谱", layout="wide")

TEXT = {
    "en": {
        "title": "How Chinese cities lay out future industries", "overview": "Overview", "canned": "Canned queries",
        "adhoc": "Ad-hoc Cypher", "nodes": "Nodes", "rels": "Relationships", "docs": "Documents",
        "by_label": "Nodes by label", "by_type": "Relationships by type", "run": "Run", "graph": "Graph",
        "table": "Table", "chart": "Chart", "evidence": "Evidence", "pick_edge": "Relationship",
        "no_graph": "This result has no nodes or relationships to draw.", "rows": "rows",
        "cut": "Rows were cut at the row limit of {n}.", "timeout": "Time limit (ms)", "limit": "Row limit",
        "query": "Query", "empty": "No rows.", "source": "Source", "years": "Years", "confidence": "Confidence",
        "inferred": "inferred from context", "store": "Store", "pick_node": "Node", "properties": "Properties",
        "download_csv": "Download CSV", "download_json": "Download JSON", "share": "Link to this view",
    },
    "zh": {
        "title": "中国城市如何布局未来产业", "overview": "概览", "canned": "预设查询", "adhoc": "自定义 Cypher",
        "nodes": "节点", "rels": "关系", "docs": "文档", "by_label": "按类型统计节点", "by_type": "按类型统计关系",
        "run": "运行", "graph": "关系图", "table": "表格", "chart": "图表", "evidence": "证据",
        "pick_edge": "关系", "no_graph": "该结果没有可绘制的节点或关系。", "rows": "行",
        "cut": "结果已在 {n} 行处截断。", "timeout": "时间上限（毫秒）", "limit": "行数上限", "query": "查询",
        "empty": "没有结果。", "source": "来源", "years": "年份", "confidence": "置信度", "inferred": "由上下文推断",
        "store": "存储", "pick_node": "节点", "properties": "属性", "download_csv": "下载 CSV",
        "download_json": "下载 JSON", "share": "本视图链接",
    },
}


@st.cache_resource(show_spinner=False)
def get_store(spec: str):
    return open_store(spec)


@st.cache_data(ttl=30, show_spinner=False)
def choices(spec: str, query: str) -> list[str]:
    return [r[0] for r in get_store(spec).read(query, row_limit=5000).rows]


def t(key: str) -> str:
    return TEXT[st.session_state.get("lang", "zh")][key]


def main() -> None:
    spec = resolve_store_spec(None)
    with st.sidebar:
        lang = st.radio("语言 / Language", ["zh", "en"], format_func=lambda x: "中文" if x == "zh" else "English",
                        horizontal=True, key="lang")
        views = ["overview", "canned", "adhoc"]
        wanted = st.query_params.get("view", "canned" if "q" in st.query_params else "overview")
        view = st.radio(" ", views, index=views.index(wanted) if wanted in views else 0,
                        format_func=t, key="view", label_visibility="collapsed")
        st.caption(f"{t('store')}: `{spec}`")
    st.title(t("title"))
    try:
        store = get_store(spec)
    except StoreError as exc:
        st.error(str(exc))
        return
    if view == "overview":
        overview(store)
    elif view == "canned":
        canned(store, spec, lang)
    else:
        adhoc(store, lang)


def overview(store) -> None:
    nodes = store.read("MATCH (n) RETURN labels(n)[0] AS label, count(n) AS count ORDER BY count DESC").records()
    rels = store.read("MATCH ()-[r]->() RETURN type(r) AS type, count(r) AS count ORDER BY count DESC").records()
    c1, c2, c3 = st.columns(3)
    c1.metric(t("nodes"), sum(r["count"] for r in nodes))
    c2.metric(t("rels"), sum(r["count"] for r in rels))
    c3.metric(t("docs"), next((r["count"] for r in nodes if r["label"] == "Document"), 0))
    left, right = st.columns(2)
    with left:
        st.subheader(t("by_label"))
        if nodes:
            st.bar_chart(pd.DataFrame(nodes).set_index("label"))
    with right:
        st.subheader(t("by_type"))
        if rels:
            st.bar_chart(pd.DataFrame(rels).set_index("type"))
    docs = store.documents()
    if docs:
        st.subheader(t("docs"))
        st.dataframe(pd.DataFrame(docs), hide_index=True)


def canned(store, spec: str, lang: str) -> None:
    queries = catalogue.load()
    names = list(queries)
    start = st.query_params.get("q", names[0])
    name = st.selectbox(t("query"), names, index=names.index(start) if start in names else 0,
                        format_func=lambda n: queries[n].title(lang), key="canned_query")
    q = queries[name]
    st.caption(q.description)
    given = {}
    cols = st.columns(max(1, len(q.params)))
    for col, p in zip(cols, q.params):
        url_value = st.query_params.get(p.name) if name == start else None
        default = p.coerce(url_value) if url_value is not None else p.default
        with col:
            given[p.name] = param_widget(spec, q, p, default)
    st.query_params.update({"view": "canned", "q": name, **{k: str(v) for k, v in given.items()}})
    run_and_show(store, q.cypher, q.bind(given), key=f"canned-{name}", chart=q.chart)
    st.caption(f"{t('share')}: `?{'&'.join(f'{k}={v}' for k, v in st.query_params.items())}`")


def param_widget(spec: str, q, p, default):
    key = f"p-{q.name}-{p.name}"
    if p.type == "int":
        return st.number_input(p.name, value=int(default or 0), step=1, key=key)
    if p.type == "float":
        return st.number_input(p.name, value=float(default or 0.0), key=key)
    options = p.static_choices()
    if options is None and p.choice_query():
        options = choices(spec, p.choice_query())
    if options:
        if default not in options:
            options = [default, *options] if default else options
        return st.selectbox(p.name, options, index=options.index(default) if default in options else 0, key=key)
    return st.text_input(p.name, value=str(default or ""), key=key)


def adhoc(store, lang: str) -> None:
    example = "MATCH (c:City)-[t:TARGETS]->(i:Industry)\nRETURN c, t, i\nLIMIT 50"
    text = st.text_area("Cypher", value=st.session_state.get("adhoc_text", example), height=160, key="adhoc_text")
    c1, c2, _ = st.columns([1, 1, 3])
    timeout = c1.number_input(t("timeout"), value=5000, min_value=100, max_value=60000, step=500)
    limit = c2.number_input(t("limit"), value=500, min_value=1, max_value=10000, step=100)
    if st.button(t("run"), type="primary") or "adhoc_ran" in st.session_state:
        st.session_state["adhoc_ran"] = True
        run_and_show(store, text, {}, key="adhoc", timeout_ms=int(timeout), row_limit=int(limit))


def run_and_show(store, cypher: str, params: dict, *, key: str, chart: dict | None = None,
                 timeout_ms: int = 10_000, row_limit: int = 1_000) -> None:
    try:
        result = store.read(cypher, params, timeout_ms=timeout_ms, row_limit=row_limit)
    except StoreError as exc:
        st.error(str(exc))
        return
    if result.truncated:
        st.warning(t("cut").format(n=row_limit))
    st.caption(f"{len(result.rows)} {t('rows')} · {result.elapsed_ms:.0f} ms")
    if not result.rows:
        st.info(t("empty"))
        return
    nodes, rels = collect_graph(result.rows)
    tabs = [t("graph"), t("table")] + ([t("chart")] if chart else [])
    panes = st.tabs(tabs) if nodes else [None, *st.tabs(tabs[1:])]
    if nodes:
        with panes[0]:
            show_graph(store, result.rows, nodes, rels, key)
    with panes[1]:
        show_table(result, key)
    if chart:
        with panes[2]:
            show_chart(result, chart)


def show_graph(store, rows, nodes: dict, rels: dict, key: str) -> None:
    from st_link_analysis import EdgeStyle, NodeStyle, st_link_analysis
    from st_link_analysis.component.events import Event

    missing = {e for r in rels.values() for e in (r["start"], r["end"]) if e not in nodes}
    extra = store.fetch_nodes(sorted(missing)) if missing and hasattr(store, "fetch_nodes") else []
    els = viz.elements(rows, extra)
    labels = sorted({n["data"]["label"] for n in els["nodes"]})
    types = sorted({e["data"]["label"] for e in els["edges"]})
    st.markdown(viz.legend_html(labels, st.session_state.get("lang", "zh")), unsafe_allow_html=True)
    node_styles = [NodeStyle(l, viz.COLOURS.get(l, "#444"), "name") for l in labels]
    edge_styles = [EdgeStyle(ty, color=viz.EDGE_COLOURS.get(ty), caption="label", directed=True) for ty in types]
    st_link_analysis(els, "cose", node_styles, edge_styles, height=520, key=f"graph-{key}",
                     events=[Event("select", "click tap", "node, edge")])
    show_evidence(store, rels, {**nodes, **{n["id"]: n for n in extra}}, key)


def show_evidence(store, rels: dict, nodes: dict, key: str) -> None:
    """Pick an edge: its evidence sentences with entities highlighted, sources and years."""
    evidenced = [r for r in rels.values() if r["properties"].get("evidence")]
    if not evidenced:
        return
    st.subheader(t("evidence"))

    def name(nid: str) -> str:
        n = nodes.get(nid)
        return n["properties"].get("name", nid) if n else nid

    labels = {f"{name(r['start'])} —{r['type']}→ {name(r['end'])}": r for r in evidenced}
    chosen = labels[st.selectbox(t("pick_edge"), list(labels), key=f"ev-{key}")]
    p = chosen["properties"]
    surfaces = {}
    for nid in (chosen["start"], chosen["end"]):
        n = nodes.get(nid)
        if n:
            for s in [n["properties"].get("name", ""), *n["properties"].get("aliases", [])]:
                surfaces[s] = n["labels"][0]
    meta = f"{t('confidence')}: {p.get('confidence', '')} · {t('years')}: {', '.join(map(str, p.get('years', []))) or '—'}"
    if p.get("inferred"):
        meta += f" · {t('inferred')}"
    st.caption(meta)
    docs = p.get("evidence_doc", [])
    for i, sentence in enumerate(p.get("evidence", [])):
        src = docs[i] if i < len(docs) else ""
        st.markdown(f"<div style='font-size:1.05em;line-height:1.8'>{viz.highlight(sentence, surfaces)}</div>"
                    f"<div style='color:#888;font-size:0.8em'>{t('source')}: {src}</div>",
                    unsafe_allow_html=True)


def show_table(result, key: str) -> None:
    df = pd.DataFrame([[formats.cell(v) for v in row] for row in result.rows], columns=result.columns)
    st.dataframe(df, hide_index=True)
    c1, c2, _ = st.columns([1, 1, 4])
    c1.download_button(t("download_csv"), formats.to_csv(result), f"{key}.csv", "text/csv", key=f"csv-{key}")
    c2.download_button(t("download_json"), json.dumps([plain(r) for r in result.records()], ensure_ascii=False),
                       f"{key}.json", "application/json", key=f"json-{key}")


def show_chart(result, chart: dict) -> None:
    import altair as alt

    df = pd.DataFrame([[formats.cell(v) if isinstance(v, (dict, list)) else v for v in row] for row in result.rows],
                      columns=result.columns)
    x, y = chart.get("x"), chart.get("y")
    if x not in df or y not in df:
        st.info(f"chart needs columns {x} and {y}")
        return
    if chart["kind"] == "heatmap":
        value = chart.get("value", "count")
        st.altair_chart(alt.Chart(df).mark_rect().encode(x=f"{x}:N", y=f"{y}:N", color=f"{value}:Q",
                                                          tooltip=list(df.columns)), width="stretch")
    elif chart["kind"] == "timeline":
        st.altair_chart(alt.Chart(df).mark_circle(size=120).encode(x=f"{x}:O", y=f"{y}:N",
                                                                    tooltip=list(df.columns)), width="stretch")
    else:
        st.altair_chart(alt.Chart(df).mark_bar().encode(x=alt.X(f"{x}:N", sort="-y"), y=f"{y}:Q",
                                                         tooltip=list(df.columns)), width="stretch")


main()
