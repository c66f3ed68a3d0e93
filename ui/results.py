"""Running a query and showing its result: graph, table and chart, downloads, errors with
their position."""
from __future__ import annotations

import json
import re

import pandas as pd
import streamlit as st

from graph.factory import resolve_store_spec
from graph.model import ALL_LABELS
from graph.store import StoreError
from graph.values import GraphNode, GraphRelationship, plain
from queries import formats

from . import snapshot
from .common import TEXT, english_names, presenting, t
from .graphview import ViewGraph, draw, positions_for, sampled, selection_panel, with_statements

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
    if not result.rows:  # what to try: another value, or (typed Cypher) the names the graph uses
        st.info(t("empty_adhoc" if isolated else "empty"))
        return None
    return result


def show_error(message: str, cypher: str) -> None:
    """The store's message, and where it points in the query when it says so."""
    st.error(readable_error(message))
    m = _POSITION.search(message)
    if m:
        line_no, col = int(m.group(1)), int(m.group(2))
        lines = cypher.splitlines() or [""]
        if 1 <= line_no <= len(lines):
            st.code(f"{lines[line_no - 1]}\n{' ' * max(col - 1, 0)}^  {t('error_at')} {line_no}:{col}",
                    language="text")


# FalkorDB's parse errors read "errMsg: Invalid input … line: 1, column: 27, offset: 26 errCtx: … errCtxOffset: 26"
_FALKOR_PARSE = re.compile(r"errMsg:\s*(.*?)\s*(?:line:|errCtx:|$)", re.S)


def readable_error(message: str) -> str:
    """What went wrong, without the parser's own bookkeeping (offsets, the query echoed back): the
    caret under the query shows where."""
    m = _FALKOR_PARSE.search(message)
    if m and m.group(1):
        prefix = message[:message.find("errMsg:")].strip()
        return f"{prefix} {m.group(1)}".strip()
    return message


# In presentation mode the most pixels a chart's bars or rows take: what is left of a 1440 × 900
# screen under a story's or a canned query's header (tests/browser/test_views_bilingual.py measures it)
PRESENT_CHART_ROWS = 480
# In presentation mode a graph and its evidence share the screen: the graph two thirds, the evidence the rest
PRESENT_COLUMNS = [2, 1]


def show_result(store, result, *, key: str, title: str, chart: dict | None = None, only: str | None = None,
                layout: str = "cose", height: int = 560, own_columns: bool = False,
                chart_rows: int = PRESENT_CHART_ROWS) -> None:
    """`title`: what the result is, with the values it ran with (exports carry it and are named
    by it); `own_columns`: the columns are the user's own names (typed Cypher), shown as they are;
    `chart_rows`: in presentation mode, the most pixels the chart's bars or rows take."""
    lang = st.session_state["lang"]
    drawn = drawn_rows(result.rows)
    g = ViewGraph.from_rows(result.rows[:drawn])
    missing = {e for r in g.rels.values() for e in (r["start"], r["end"]) if e not in g.nodes}
    if missing:  # a relationship's ends, to draw it
        for n in store.fetch_nodes(sorted(missing)):
            g.nodes[n["id"]] = n
    g = with_statements(store, g)
    # what opens first is the picture: the graph, else the chart (a room should not need a click)
    order = ("graph", "table", "chart") if g.nodes else ("chart", "table")
    if g.nodes and chart and chart.get("opens") == "chart":  # the query's picture is its chart (a comparison's heatmap)
        order = ("chart", "graph", "table")
    panes = [p for p in order if (p != "graph" or g.nodes) and (p != "chart" or chart)]
    if only in panes:
        panes = [only]
    elif not g.nodes and not presenting():
        st.caption(t("no_graph_chart" if "chart" in panes else "no_graph"))
    tabs = st.tabs([t(p) for p in panes]) if len(panes) > 1 else [st.container()]
    for pane, tab in zip(panes, tabs):
        with tab:
            if pane == "graph":
                if drawn < len(result.rows):
                    st.caption(t("graph_capped").format(rows=drawn, total=len(result.rows)))
                positions = positions_for(g, layout)  # the picture and its PNG/SVG alike
                if not presenting():
                    # the canvas takes the screen below it (at 1440 x 900 a 560 px canvas under a
                    # query's header ran 140 px off the screen), `height` where under 320 px is left
                    event = draw(g, f"graph-{key}", lang, height=height, positions=positions, layout=layout,
                                 fit_screen=True)
                    left, right = st.columns([3, 2])
                    with left:
                        selection_panel(g, event, t, lang, store)
                    with right:
                        picture_downloads(g, title, positions, store)
                else:  # the evidence beside the graph, on the same screen (below it, a room never saw it)
                    picture, beside = st.columns(PRESENT_COLUMNS)
                    with picture:
                        event = draw(g, f"graph-{key}", lang, height=height, positions=positions, layout=layout)
                    with beside:
                        selection_panel(g, event, t, lang, store)
            elif pane == "table":
                show_table(result, key, title, own_columns)
            else:
                show_chart(result, chart, fit=chart_rows if presenting() else None)


# The most nodes a result's graph draws. On the 50,000-document store a canned query or a story
# step returns up to a thousand rows: drawn whole they were an unreadable ball that took the
# browser 1-2 s of each click (bench/app_clicks.py); the table and the chart keep every row.
DRAWN_NODES = 120


def drawn_rows(rows: list[list], most: int | None = None) -> int:
    """How many of a result's first rows its graph draws: all of them, or as many as keep it within
    `most` (DRAWN_NODES) nodes, the ends of the relationships they hold counted; never none (the
    canned queries put the best attested rows first)."""
    from graph.values import collect_graph

    most = most or DRAWN_NODES
    seen: set[str] = set()
    for i, row in enumerate(rows):
        nodes, rels = collect_graph([row])
        ids = set(nodes) | {end for r in rels.values() for end in (r["start"], r["end"])}
        if i and len(seen | ids) > most:
            return i
        seen |= ids
    return len(rows)


def table_columns(result, titled: bool = False) -> list[int]:
    """The columns a table shows: not those holding only nodes or relationships (they are drawn
    on the graph; as text every row would read [:LOCATED_IN]), unless nothing else is left.
    `titled`: the columns are a canned query's, each shown by its interface word (col_*); then one
    with no word that holds nothing in any row is a graph column whose every optional match missed
    (place_zones' rel, for a place whose zones target nothing) and is left out as well, not shown
    as an empty column headed by its identifier."""
    def graph_only(i: int) -> bool:
        values = [row[i] for row in result.rows if row[i] is not None]
        if not values:
            return titled and bool(result.rows) and f"col_{result.columns[i]}" not in TEXT["en"]
        return all(isinstance(v, (GraphNode, GraphRelationship)) or
                   (isinstance(v, list) and v and all(isinstance(x, (GraphNode, GraphRelationship)) for x in v))
                   for v in values)

    keep = [i for i in range(len(result.columns)) if not graph_only(i)]
    return keep or list(range(len(result.columns)))


def schema_word(value):
    """A cell holding a schema label (City) or relationship type (ISSUED_BY), or the element kind
    (node, relationship), as the chosen language calls it; any other value as it is."""
    if isinstance(value, str) and value in SCHEMA_WORDS:
        words = TEXT[st.session_state.get("lang", "zh")]
        return words.get(SCHEMA_WORDS[value], value)
    return value


def screen_cell(value, english: dict[str, str] | None = None):
    """A table cell as the screen shows it: a schema word by its name, a node name in English
    where `english` gives one."""
    from .charts import english_value

    shown = schema_word(value)
    return english_value(shown, english) if english and shown == value else shown


SCHEMA_WORDS = {**{label: f"label_{label}" for label in ALL_LABELS},
                **{rtype: f"type_{rtype}" for rtype in ("TARGETS", "SUPPORTS", "LOCATED_IN", "ISSUED_BY", "PART_OF",
                                                        "MENTIONS", "STATES")},
                "node": "element_node", "relationship": "element_relationship"}


def file_name(title: str) -> str:
    """A download's file name from what it shows (省内城市的产业布局 · 江苏 -> 省内城市的产业布局_江苏)."""
    return re.sub(r"[\\/:*?\"<>|\s·]+", "_", title).strip("_")[:80] or "result"


def show_table(result, key: str, title: str = "", own_columns: bool = False) -> None:
    from .charts import column_title

    keep = table_columns(result, titled=not own_columns)
    columns = [result.columns[i] for i in keep]
    rows = [[formats.cell(row[i]) for i in keep] for row in result.rows]
    lang = st.session_state["lang"]
    shown = columns if own_columns else [column_title(c, lang) for c in columns]
    # on screen a label or a type reads in the chosen language (城市, 发布者), and in English a node
    # by its English name as on the charts (not in typed Cypher's own columns); the CSV keeps the stored
    english = english_names(resolve_store_spec(None)) if lang == "en" and not own_columns else None
    # a yes/no cell (inferred) in words, not Python's True / False; the CSV keeps them as they are
    words = {True: t("yes"), False: t("no")}
    screen = [[words[row[i]] if isinstance(row[i], bool) else screen_cell(v, english) for i, v in zip(keep, r)]
              for row, r in zip(result.rows, rows)]
    st.dataframe(pd.DataFrame(screen, columns=_unique(shown)),
                 hide_index=True)
    c1, c2, _ = st.columns([1, 1, 4])
    name = file_name(title or key)

    # Made when the button is clicked, not on every run: the JSON of a story step's few hundred rows
    # (every property of every node) took 0.2-0.4 s of each click on the 50,000-document store
    def csv() -> str:
        return _csv(columns, rows)

    def as_json() -> str:
        return json.dumps([plain(r) for r in result.records()], ensure_ascii=False)

    c1.download_button(t("download_csv"), csv, f"{name}.csv", "text/csv", key=f"csv-{key}")
    c2.download_button(t("download_json"), as_json, f"{name}.json", "application/json", key=f"json-{key}")


def _unique(names: list[str]) -> list[str]:
    """Two columns the interface calls alike (industry, industries) stay two columns."""
    seen: dict[str, int] = {}
    out = []
    for n in names:
        seen[n] = seen.get(n, 0) + 1
        out.append(n if seen[n] == 1 else f"{n} ({seen[n]})")
    return out


def _csv(columns: list[str], rows: list[list[str]]) -> str:
    """The table as CSV, with a byte-order mark: spreadsheet programs then read the Chinese as UTF-8."""
    import csv
    import io

    out = io.StringIO()
    out.write("\ufeff")
    w = csv.writer(out)
    w.writerow(columns)
    w.writerows(rows)
    return out.getvalue()


def show_chart(result, chart: dict, fit: int | None = None) -> None:
    """The chart that fits the query (its header's `chart:`), in the interface's words (ui/charts.py);
    `fit`: the most pixels its bars or rows take (presentation mode: one screen)."""
    from . import charts

    df = pd.DataFrame([[formats.cell(v) if isinstance(v, (dict, list)) else v for v in row] for row in result.rows],
                      columns=result.columns)
    x, y = chart.get("x"), chart.get("y")
    if x not in df or y not in df:
        st.info(t("chart_needs").format(x=charts.column_title(x, st.session_state["lang"]),
                                         y=charts.column_title(y, st.session_state["lang"])))
        return
    lang = st.session_state["lang"]
    c = charts.build(df, chart, lang, english_names(resolve_store_spec(None)) if lang == "en" else None,
                     big=presenting(), fit=fit)
    # a heatmap is as wide as its columns (each label its slot); bars fill the width
    st.altair_chart(c, width="content" if chart.get("kind") == "heatmap" else "stretch")


def picture_downloads(g: ViewGraph, title: str, positions: dict | None, store=None) -> None:
    """PNG and SVG of what is on screen, with legend, title and source footnote (documents by title)."""
    lang = st.session_state["lang"]
    keys = sorted({d for r in g.rels.values() for d in (r.get("sources") or [])})
    docs = document_names(store, keys[:3]) if store is not None else keys[:3]
    docs = [d if len(d) <= 24 else d[:24] + "…" for d in docs]  # the footnote stays one line
    more = len(keys) > 3 or any(sampled(r) for r in g.rels.values())  # documents not listed
    footnote = t("footnote").format(docs="; ".join(docs) + (" …" if more else ""))
    nodes, rels = dict(g.nodes), dict(g.rels)

    # Drawn when the button is clicked, not on every run: drawing and encoding cost 0.1-0.4 s
    # of each click on a view with a graph (bench/app_clicks.py).
    def svg() -> str:
        return snapshot.to_svg(nodes, rels, title=title, footnote=footnote, lang=lang, positions=positions)

    def png() -> bytes:
        return snapshot.to_png(nodes, rels, title=title, footnote=footnote, lang=lang, positions=positions)

    name = file_name(title)
    c1, c2 = st.columns(2)
    c2.download_button(t("download_svg"), svg, f"{name}.svg", "image/svg+xml", key=f"svg-{title}-{len(g)}")
    if snapshot.has_cjk_font():
        c1.download_button(t("download_png"), png, f"{name}.png", "image/png", key=f"png-{title}-{len(g)}")
    else:
        c1.caption(snapshot.NO_CJK_FONT)


def document_names(store, keys: list[str]) -> list[str]:
    """Documents as a reader knows them: by title (a key where the title is page furniture)."""
    from ingest.titles import usable_title
    from queries import reads

    titles = reads.document_titles(store, keys)
    return [usable_title(titles.get(k, ""), k) for k in keys]


def graphml_download(store) -> None:
    if st.button(t("download_graphml"), key="graphml-prepare"):
        from graph.export import to_graphml

        st.session_state["graphml"] = to_graphml(store.export())
    if "graphml" in st.session_state:
        st.download_button("kg.graphml", st.session_state["graphml"], "kg.graphml", "application/xml",
                           key="graphml-download")
