"""Streamlit app: explore the graph, run canned and ad-hoc Cypher, present stories in meetings.

Run with `kg app` (or `streamlit run app.py`); the store comes from KG_STORE.
Every view keeps its state in the URL (?view=…&q=…&place=…), so a link reopens it.
"""
from __future__ import annotations

import html
import json
import re
import tomllib
from pathlib import Path

import pandas as pd
import streamlit as st

from graph.model import NODE_LABELS, REL_TYPES
from graph.store import StoreError, open_store, resolve_store_spec
from graph.values import plain
from kg import catalogue, formats, snapshot, stories, viz
from kg.graphview import ViewGraph, draw, filter_controls, node_key, selection_panel, with_statements
from kg.layout import spring_layout
from kg.search import build_index

HERE = Path(__file__).resolve().parent
TEXT = tomllib.loads((HERE / "kg" / "ui_text.toml").read_text(encoding="utf-8"))
EXAMPLES = tomllib.loads((HERE / "kg" / "examples.toml").read_text(encoding="utf-8"))["example"]
VIEWS = ["explore", "canned", "adhoc", "stories", "overview"]
PRESENTING = st.query_params.get("present") == "1"

st.set_page_config(page_title="未来产业图谱 · Future industries graph", layout="wide",
                   initial_sidebar_state="collapsed" if PRESENTING else "auto")
st.markdown("""<style>
.kg-evidence { font-size: 1.05em; line-height: 1.9; }
.kg-source { color: #888; font-size: 0.8em; margin-bottom: 0.6em; }
</style>""", unsafe_allow_html=True)


def t(key: str) -> str:
    return TEXT[st.session_state.get("lang", "zh")][key]


@st.cache_resource(show_spinner=False)
def get_store(spec: str):
    return open_store(spec)


@st.cache_data(ttl=60, show_spinner=False)
def choices(spec: str, query: str) -> list[str]:
    return [r[0] for r in get_store(spec).read(query, row_limit=10_000).rows]


@st.cache_data(ttl=60, show_spinner=False)
def industry_parents(spec: str) -> dict[str, str]:
    rows = get_store(spec).read("MATCH (i:Industry)-[:PART_OF]->(p:Industry) RETURN i.name, p.name",
                                row_limit=None).rows
    return {a: b for a, b in rows}


@st.cache_resource(ttl=60, show_spinner=False)
def search_index(spec: str):
    return build_index(get_store(spec))


def main() -> None:
    spec = resolve_store_spec(None)
    if "lang" not in st.session_state:
        st.session_state["lang"] = st.query_params.get("lang", "zh")
    if "view" not in st.session_state:
        wanted = st.query_params.get("view") or ("canned" if "q" in st.query_params else "explore")
        st.session_state["view"] = wanted if wanted in VIEWS else "explore"
    with st.sidebar:
        st.radio("语言 / Language", ["zh", "en"], format_func=lambda x: "中文" if x == "zh" else "English",
                 horizontal=True, key="lang")
        st.radio(" ", VIEWS, format_func=t, key="view", label_visibility="collapsed")
        st.caption(f"{t('store')}: {viz.md(spec)}")
    try:
        store = get_store(spec)
    except StoreError as exc:
        st.error(str(exc))
        return
    view = st.session_state["view"]
    if not PRESENTING:
        st.title(t("title"))
    {"explore": explore, "canned": canned, "adhoc": adhoc, "stories": story,
     "overview": overview}[view](store, spec)
    with st.sidebar:
        graphml_download(store)


# --- explore -------------------------------------------------------------------------

def neighbours_query(label: str) -> str:
    """A node's schema relationships (not its documents' MENTIONS and STATES), from its label's
    name index. Labels cannot be parameters: only the schema's own go into the text."""
    if label not in NODE_LABELS:
        raise ValueError(f"not a node label: {label!r}")
    return (f"MATCH (n:{label} {{name: $name}}) OPTIONAL MATCH (n)-[r:{'|'.join(REL_TYPES)}]-(m) "
            "RETURN n, r, m LIMIT $limit")


def canvas() -> ViewGraph:
    if "canvas" not in st.session_state:
        st.session_state["canvas"] = ViewGraph()
    return st.session_state["canvas"]


def grow(store, nodes: list[dict], limit: int = 60) -> None:
    """Add the neighbours of `nodes` to the explore canvas."""
    g = canvas()
    for n in nodes:
        label, name = node_key(n)
        if label not in NODE_LABELS:
            continue
        rows = store.read(neighbours_query(label), {"name": name, "limit": limit}, row_limit=limit).rows
        more = ViewGraph.from_rows(rows)  # an isolated node still shows: its row has no r, m
        g.nodes.update(more.nodes)
        g.rels.update(more.rels)


def explore(store, spec: str) -> None:
    lang = st.session_state["lang"]
    c1, c2 = st.columns([3, 2])
    query = c1.text_input(t("search"), value=st.query_params.get("entity", ""), placeholder=t("search_hint"),
                          key="search")
    hits = search_index(spec).search(query) if query else []
    if query and not hits:
        c1.info(t("no_match"))
    if hits:
        labels = {f"{h.name} · {h.label}" + (f" · {h.english}" if h.english else ""): h for h in hits}
        chosen = c2.selectbox(t("start_here"), list(labels), key="search-pick")
        b1, b2, b3 = c2.columns(3)
        if b1.button(t("start_here"), type="primary", key="start"):
            h = labels[chosen]
            st.session_state["canvas"] = ViewGraph()
            grow(store, [{"labels": [h.label], "properties": {"name": h.name}}])
            st.query_params["entity"] = h.name
        if b2.button(t("clear"), key="clear"):
            st.session_state["canvas"] = ViewGraph()
            st.session_state.pop("pinned", None)
        b3.toggle(t("pin"), key="pin")
    g = canvas()
    if not g.nodes and st.query_params.get("entity") and hits and not st.session_state.get("auto_started"):
        # A shared link (?view=explore&entity=…) reopens the canvas around its entity.
        st.session_state["auto_started"] = True
        grow(store, [{"labels": [hits[0].label], "properties": {"name": hits[0].name}}])
    if not g.nodes:
        st.caption(t("expand_hint"))
        return
    shown = g.filtered(filter_controls(with_statements(store, g), "explore", t))
    positions = pinned_positions(shown) if st.session_state.get("pin") else None
    st.caption(t("expand_hint"))
    event = draw(shown, "explore-graph", lang, height=620, actions=True, positions=positions)
    handle_canvas_event(store, event)
    left, right = st.columns([3, 2])
    with left:
        selection_panel(shown, event, t, lang)
    with right:
        picture_downloads(shown, query or "explore", positions)


def handle_canvas_event(store, event: dict | None) -> None:
    """Expand or remove nodes once per event (the component repeats its last value on reruns)."""
    if not event or event.get("timestamp") == st.session_state.get("last_event"):
        return
    st.session_state["last_event"] = event.get("timestamp")
    g = canvas()
    ids = [viz.element_id(i) for i in event.get("data", {}).get("node_ids") or [] if isinstance(i, str)]
    if event.get("action") == "expand":
        grow(store, [g.nodes[i] for i in ids if i in g.nodes])
        st.rerun()
    elif event.get("action") == "remove":
        for i in ids:
            g.nodes.pop(i, None)
        g.rels = {k: r for k, r in g.rels.items() if r["start"] in g.nodes and r["end"] in g.nodes}


def pinned_positions(g: ViewGraph) -> dict:
    """Positions kept across reruns: nodes already placed stay put, new ones are laid out around them."""
    pinned = st.session_state.setdefault("pinned", {})
    edges = [(r["start"], r["end"]) for r in g.rels.values()]
    fixed = {k: v for k, v in pinned.items() if k in g.nodes}
    if set(g.nodes) - set(fixed):
        pinned.update(spring_layout(list(g.nodes), edges, fixed=fixed))
    return {k: pinned[k] for k in g.nodes}


# --- canned queries ------------------------------------------------------------------------

def canned(store, spec: str) -> None:
    queries = catalogue.load()
    lang = st.session_state["lang"]
    names = list(queries)
    start = st.query_params.get("q", names[0])
    if "canned_query" not in st.session_state:
        st.session_state["canned_query"] = start if start in names else names[0]
    with st.sidebar:
        st.markdown(f"**{t('gallery')}**")
        name = st.radio(t("query"), names, format_func=lambda n: queries[n].title(lang), key="canned_query",
                        label_visibility="collapsed")
    q = queries[name]
    st.subheader(q.title(lang))
    st.caption(q.describe(lang))
    given = param_widgets(spec, q, from_url=(name == start))
    params = q.bind(given)
    st.query_params.from_dict({"view": "canned", "q": name, "lang": lang,
                               **{p.name: p.to_url(params[p.name]) for p in q.params}})
    result = run(store, q.text_for(store.kind), params)
    if result is not None:
        show_result(store, result, key=f"canned-{name}", chart=q.chart, title=q.title(lang))
    c1, c2 = st.columns([1, 4])
    c1.button(t("open_in_editor"), key="open-editor", on_click=open_in_editor, args=(q.text_for(store.kind), params))
    c2.caption(t("share"))


def param_widgets(spec: str, q, from_url: bool) -> dict:
    given = {}
    cols = st.columns(max(1, len(q.params)))
    for col, p in zip(cols, q.params):
        key = f"p-{q.name}-{p.name}"
        if key not in st.session_state:
            url = st.query_params.get(p.name) if from_url else None
            st.session_state[key] = p.coerce(url) if url is not None else p.default
        with col:
            given[p.name] = param_widget(spec, p, key)
    return given


def param_widget(spec: str, p, key: str):
    if p.type == "int":
        return st.number_input(p.name, step=1, key=key)
    if p.type == "float":
        return st.number_input(p.name, key=key)
    options = p.static_choices()
    if options is None and p.choice_query():
        options = choices(spec, p.choice_query())
    fmt = str
    if p.choices == "Industry":  # show where an industry sits in the taxonomy
        parents = industry_parents(spec)
        fmt = lambda n: f"{parents[n]} › {n}" if n in parents else n  # noqa: E731
    current = st.session_state[key]
    if p.type == "list":
        options = list(dict.fromkeys([*(current or []), *(options or [])]))
        return st.multiselect(p.name, options, format_func=fmt, key=key)
    if options:
        if current not in options:
            options = [current, *options]
        return st.selectbox(p.name, options, format_func=fmt, key=key)
    return st.text_input(p.name, key=key)


def open_in_editor(cypher: str, params: dict) -> None:
    st.session_state["adhoc_text"] = cypher
    st.session_state["adhoc_params"] = json.dumps(params, ensure_ascii=False)
    st.session_state["editor_version"] = st.session_state.get("editor_version", 0) + 1
    st.session_state["view"] = "adhoc"


# --- ad-hoc Cypher --------------------------------------------------------------------------

def adhoc(store, spec: str) -> None:
    if "adhoc_text" not in st.session_state and st.query_params.get("cypher"):
        # A shared link (?view=adhoc&cypher=…&params=…) reopens the query and runs it.
        st.session_state["adhoc_text"] = st.query_params["cypher"]
        st.session_state["adhoc_params"] = st.query_params.get("params", "{}")
        st.session_state["adhoc_ran"] = True
    st.session_state.setdefault("adhoc_text", EXAMPLES[0]["cypher"])
    st.session_state.setdefault("adhoc_params", EXAMPLES[0].get("params", "{}"))
    st.session_state.setdefault("history", [])
    c1, c2 = st.columns([3, 1])
    with c2:
        titles = ["—"] + [e["title"] for e in EXAMPLES]
        pick = st.selectbox(t("examples"), titles, key="example")
        if pick != "—" and st.session_state.get("example_loaded") != pick:
            ex = EXAMPLES[titles.index(pick) - 1]
            st.session_state.update(adhoc_text=ex["cypher"], adhoc_params=ex.get("params", "{}"),
                                    example_loaded=pick,
                                    editor_version=st.session_state.get("editor_version", 0) + 1)
        st.text_area(t("params_json"), key="adhoc_params", height=90)
        timeout = st.number_input(t("timeout"), value=5000, min_value=100, max_value=60000, step=500)
        limit = st.number_input(t("limit"), value=500, min_value=1, max_value=10000, step=100)
    with c1:
        text, ctrl_enter = editor()
        b1, b2, _ = st.columns([1, 2, 4])
        clicked = b1.button(t("run"), type="primary", key="run-adhoc")
        explain = b2.button(t("explain"), key="explain-adhoc")
    if explain:
        try:  # the store's own plan, without running the query
            st.code(store.explain(text, json.loads(st.session_state["adhoc_params"] or "{}")), language="text")
        except (StoreError, ValueError) as exc:
            show_error(str(exc), text)
    if clicked or ctrl_enter or st.session_state.get("adhoc_ran"):
        st.session_state["adhoc_ran"] = True
        try:
            params = json.loads(st.session_state["adhoc_params"] or "{}")
            if not isinstance(params, dict):
                raise ValueError("not an object")
        except ValueError as exc:
            st.error(t("params_bad").format(err=exc))
            return
        if clicked or ctrl_enter:
            history = st.session_state["history"]
            if not history or history[-1] != text:
                history.append(text)
        st.query_params.from_dict({"view": "adhoc", "cypher": text, "params": st.session_state["adhoc_params"],
                                   "lang": st.session_state["lang"]})
        result = run(store, text, params, timeout_ms=int(timeout), row_limit=int(limit), isolated=True)
        if result is not None:
            show_result(store, result, key="adhoc", title="Cypher")
    if st.session_state["history"]:
        with st.expander(t("history")):
            for past in reversed(st.session_state["history"][-20:]):
                st.code(past, language="cypher")


def editor() -> tuple[str, bool]:
    """The Cypher editor: highlighted, Ctrl+Enter runs. Returns (text, ran by Ctrl+Enter)."""
    try:
        from kg.components.cypher_editor import cypher_editor
    except ImportError:  # pragma: no cover - the component ships with the package
        cypher_editor = None
    if cypher_editor is None:
        return st.text_area("Cypher", key="adhoc_text", height=200), False
    value = cypher_editor(st.session_state["adhoc_text"], key="cypher-editor",
                          version=st.session_state.get("editor_version", 0))
    if not value:
        return st.session_state["adhoc_text"], False
    st.session_state["adhoc_text"] = value.get("text", st.session_state["adhoc_text"])
    ran = value.get("run", 0) != st.session_state.get("editor_runs", 0)
    st.session_state["editor_runs"] = value.get("run", 0)
    return st.session_state["adhoc_text"], ran


# --- stories and presentation mode ------------------------------------------------------------

def story(store, spec: str) -> None:
    lang = st.session_state["lang"]
    all_stories = stories.load()
    if not all_stories:
        st.info("cypher/stories/ is empty")
        return
    names = list(all_stories)
    name = st.query_params.get("story", names[0])
    name = name if name in names else names[0]
    if not PRESENTING:
        name = st.selectbox(t("stories"), names, index=names.index(name),
                            format_func=lambda n: all_stories[n].text(all_stories[n].title, lang))
    s = all_stories[name]
    step_no = min(max(int(st.query_params.get("step", 1) or 1), 1), len(s.steps))
    step = s.steps[step_no - 1]
    if PRESENTING:
        st.markdown("""<style>
        [data-testid="stSidebar"], [data-testid="stHeader"], header { display: none !important; }
        .block-container { max-width: 100% !important; padding-top: 1rem; }
        .kg-caption { font-size: 2.1rem; line-height: 1.35; margin: 0.2em 0 0.6em 0; }
        .kg-story-title { font-size: 1.2rem; color: #666; }
        </style>""", unsafe_allow_html=True)
        st.markdown(f"<div class='kg-story-title'>{html.escape(s.text(s.title, lang))} · "
                    f"{t('step').format(i=step_no, n=len(s.steps))}</div>"
                    f"<div class='kg-caption'>{html.escape(step.caption.get(lang) or step.caption.get('zh', ''))}"
                    "</div>",
                    unsafe_allow_html=True)
    else:
        st.caption(s.text(s.description, lang))
        st.markdown(f"**{t('step').format(i=step_no, n=len(s.steps))}** · "
                    f"{step.caption.get(lang) or step.caption.get('zh', '')}")
    c1, c2, c3, _ = st.columns([1, 1, 1.4, 4])
    if c1.button(f"◀ {t('prev')}", disabled=step_no == 1, key="prev"):
        go_to_step(name, step_no - 1)
    if c2.button(f"{t('next')} ▶", disabled=step_no == len(s.steps), key="next"):
        go_to_step(name, step_no + 1)
    if c3.button(t("exit_present") if PRESENTING else t("present"), key="present"):
        st.query_params.update({"present": "0" if PRESENTING else "1"})
        st.rerun()
    st.query_params.update({"view": "stories", "story": name, "step": str(step_no), "lang": lang})
    q = catalogue.load()[step.query]
    result = run(store, q.text_for(store.kind), q.bind(step.params))
    if result is not None:
        show_result(store, result, key=f"story-{name}-{step_no}", chart=q.chart, title=q.title(lang),
                    only=step.view or None, layout=step.layout, height=700 if PRESENTING else 560)


def go_to_step(name: str, step_no: int) -> None:
    st.query_params.update({"story": name, "step": str(step_no)})
    st.rerun()


# --- overview ----------------------------------------------------------------------------

OVERVIEW_DOCUMENTS = 1_000  # listed on the overview; a corpus of 50,000 would take seconds to draw


def overview(store, spec: str) -> None:
    # per-label and per-type counts, which both stores keep: nothing is scanned
    makeup = store.read(catalogue.load()["graph_makeup"].text_for(store.kind)).records()
    nodes = [{"label": r["kind"], "count": r["count"]} for r in makeup if r["element"] == "node" and r["count"]]
    rels = [{"type": r["kind"], "count": r["count"]} for r in makeup if r["element"] == "relationship" and r["count"]]
    n_docs = next((r["count"] for r in nodes if r["label"] == "Document"), 0)
    c1, c2, c3 = st.columns(3)
    c1.metric(t("nodes"), sum(r["count"] for r in nodes))
    c2.metric(t("rels"), sum(r["count"] for r in rels if r["type"] in REL_TYPES))  # not documents' own edges
    c3.metric(t("docs"), n_docs)
    left, right = st.columns(2)
    with left:
        st.subheader(t("by_label"))
        if nodes:
            st.bar_chart(pd.DataFrame(nodes).set_index("label"))
    with right:
        st.subheader(t("by_type"))
        if rels:
            st.bar_chart(pd.DataFrame(rels).set_index("type"))
    docs = store.documents(limit=OVERVIEW_DOCUMENTS)
    if docs:
        st.subheader(t("docs"))
        if n_docs > len(docs):
            st.caption(t("docs_shown").format(shown=len(docs), total=n_docs))
        st.dataframe(pd.DataFrame(docs), hide_index=True)


# --- running and showing results -----------------------------------------------------------

_POSITION = re.compile(r"line:? ?(\d+),? column:? ?(\d+)", re.I)


def run(store, cypher: str, params: dict, *, timeout_ms: int = 10_000, row_limit: int = 1_000,
        isolated: bool = False):
    """`isolated`: Cypher someone typed (see Store.read)."""
    try:
        result = store.read(cypher, params, timeout_ms=timeout_ms, row_limit=row_limit, isolated=isolated)
    except StoreError as exc:
        show_error(str(exc), cypher)
        return None
    if result.truncated:
        st.warning(t("cut").format(n=row_limit))
    st.caption(f"{len(result.rows)} {t('rows')} · {result.elapsed_ms:.0f} ms")
    if not result.rows:
        st.info(t("empty"))
        return None
    return result


def show_error(message: str, cypher: str) -> None:
    """The store's message, and where it points in the query when it says so."""
    st.error(message)
    m = _POSITION.search(message)
    if m:
        line_no, col = int(m.group(1)), int(m.group(2))
        lines = cypher.splitlines() or [""]
        if 1 <= line_no <= len(lines):
            st.code(f"{lines[line_no - 1]}\n{' ' * max(col - 1, 0)}^  {t('error_at')} {line_no}:{col}",
                    language="text")


def show_result(store, result, *, key: str, title: str, chart: dict | None = None, only: str | None = None,
                layout: str = "cose", height: int = 560) -> None:
    lang = st.session_state["lang"]
    g = ViewGraph.from_rows(result.rows)
    missing = {e for r in g.rels.values() for e in (r["start"], r["end"]) if e not in g.nodes}
    if missing and hasattr(store, "fetch_nodes"):  # a relationship's ends, to draw it
        for n in store.fetch_nodes(sorted(missing)):
            g.nodes[n["id"]] = n
    g = with_statements(store, g)
    panes = [p for p in ("graph", "table", "chart") if (p != "graph" or g.nodes) and (p != "chart" or chart)]
    if only in panes:
        panes = [only]
    elif not g.nodes:
        st.caption(t("no_graph"))
    tabs = st.tabs([t(p) for p in panes]) if len(panes) > 1 else [st.container()]
    for pane, tab in zip(panes, tabs):
        with tab:
            if pane == "graph":
                positions = None
                if layout == "pinned":
                    positions = spring_layout(list(g.nodes), [(r["start"], r["end"]) for r in g.rels.values()])
                event = draw(g, f"graph-{key}", lang, height=height, positions=positions,
                             layout=layout if layout != "pinned" else "cose", font_size=22 if PRESENTING else 13)
                if not PRESENTING:
                    left, right = st.columns([3, 2])
                    with left:
                        selection_panel(g, event, t, lang)
                    with right:
                        picture_downloads(g, title, positions)
                else:
                    selection_panel(g, event, t, lang)
            elif pane == "table":
                show_table(result, key)
            else:
                show_chart(result, chart, height=520 if PRESENTING else 360)


def show_table(result, key: str) -> None:
    df = pd.DataFrame([[formats.cell(v) for v in row] for row in result.rows], columns=result.columns)
    st.dataframe(df, hide_index=True)
    c1, c2, _ = st.columns([1, 1, 4])
    c1.download_button(t("download_csv"), formats.to_csv(result), f"{key}.csv", "text/csv", key=f"csv-{key}")
    c2.download_button(t("download_json"), json.dumps([plain(r) for r in result.records()], ensure_ascii=False),
                       f"{key}.json", "application/json", key=f"json-{key}")


def show_chart(result, chart: dict, height: int = 360) -> None:
    import altair as alt

    df = pd.DataFrame([[formats.cell(v) if isinstance(v, (dict, list)) else v for v in row] for row in result.rows],
                      columns=result.columns)
    x, y = chart.get("x"), chart.get("y")
    if x not in df or y not in df:
        st.info(f"chart needs columns {x} and {y}")
        return
    tooltip = [c for c in df.columns if not c.endswith("_node") and c not in ("rel", "evidence")]
    if chart["kind"] == "heatmap":
        value = chart.get("value", "count")
        c = alt.Chart(df).mark_rect().encode(x=alt.X(f"{x}:N"), y=alt.Y(f"{y}:N"), color=f"{value}:Q",
                                             tooltip=tooltip)
    elif chart["kind"] == "timeline":
        c = alt.Chart(df).mark_circle(size=160).encode(x=alt.X(f"{x}:O"), y=alt.Y(f"{y}:N"),
                                                       color=df.columns[2] if len(df.columns) > 2 else alt.value("#29335c"),
                                                       tooltip=tooltip)
    else:
        c = alt.Chart(df).mark_bar().encode(x=alt.X(f"{x}:N", sort="-y"), y=f"{y}:Q", tooltip=tooltip)
    st.altair_chart(c.properties(height=height), width="stretch")


def picture_downloads(g: ViewGraph, title: str, positions: dict | None) -> None:
    """PNG and SVG of what is on screen, with legend, title and source footnote."""
    lang = st.session_state["lang"]
    docs = sorted({d for r in g.rels.values() for d in (r.get("sources") or [])})
    footnote = t("footnote").format(docs=", ".join(docs[:4]) + (" …" if len(docs) > 4 else ""))
    svg = snapshot.to_svg(g.nodes, g.rels, title=title, footnote=footnote, lang=lang, positions=positions)
    c1, c2 = st.columns(2)
    c2.download_button(t("download_svg"), svg, "graph.svg", "image/svg+xml", key=f"svg-{title}-{len(g)}")
    try:
        png = snapshot.to_png(g.nodes, g.rels, title=title, footnote=footnote, lang=lang, positions=positions)
        c1.download_button(t("download_png"), png, "graph.png", "image/png", key=f"png-{title}-{len(g)}")
    except RuntimeError as exc:
        c1.caption(str(exc))


def graphml_download(store) -> None:
    if st.button(t("download_graphml"), key="graphml-prepare"):
        from graph.export import to_graphml

        st.session_state["graphml"] = to_graphml(store.export())
    if "graphml" in st.session_state:
        st.download_button("kg.graphml", st.session_state["graphml"], "kg.graphml", "application/xml",
                           key="graphml-download")


main()
