"""Running a query and showing its result: graph, table and chart, downloads, errors with
their position."""
from __future__ import annotations

import json
import re

import pandas as pd
import streamlit as st

from graph.store import StoreError
from graph.values import plain
from queries import formats

from . import snapshot
from .common import presenting, t
from .graphview import ViewGraph, draw, positions_for, selection_panel, with_statements

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
    if not presenting():  # a room does not need the timing
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
    if missing:  # a relationship's ends, to draw it
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
                positions = positions_for(g, layout)  # the picture and its PNG/SVG alike
                event = draw(g, f"graph-{key}", lang, height=height, positions=positions, layout=layout)
                if not presenting():
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
                show_chart(result, chart, height=520 if presenting() else 360)


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
