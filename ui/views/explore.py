"""Explore: find an entity by any of its names, start from it, grow the picture by double-click."""
from __future__ import annotations

import streamlit as st

from graph.model import NODE_LABELS
from queries import reads

from .. import viz
from ..common import example_terms, label_name, presenting, search_index, t
from ..graphview import ViewGraph, draw, filter_controls, node_key, selection_panel, with_statements
from ..layout import grow_layout
from ..results import PRESENT_COLUMNS, picture_downloads


def show(store, spec: str) -> None:
    lang = st.session_state["lang"]
    # one row of controls (search, pick, start, clear): the canvas starts high on the screen
    c1, c2, b1, b2 = st.columns([5, 5, 2, 2], vertical_alignment="bottom")
    examples = example_terms(spec)  # names the graph holds: an example that finds something
    query = c1.text_input(t("search"), value=st.query_params.get("entity", ""),
                          placeholder=t("search_hint").format(examples=" / ".join(examples)) if examples else "",
                          key="search")
    hits = search_index(spec).search(query) if query else []
    if query and not hits:  # with names that do find something: where to go from an empty result
        st.info(t("no_match_try").format(examples=" / ".join(examples)) if examples else t("no_match"))
    if hits:
        labels = {hit_name(h, lang): h for h in hits}
        chosen = c2.selectbox(t("start_here"), list(labels), key="search-pick")
        if b1.button(t("start_here"), type="primary", key="start", width="stretch"):
            h = labels[chosen]
            st.session_state["canvas"] = ViewGraph()
            st.session_state.pop("positions", None)
            grow(store, [{"labels": [h.label], "properties": {"name": h.name}}])
            st.query_params["entity"] = h.name
        if b2.button(t("clear"), key="clear", width="stretch"):
            st.session_state["canvas"] = ViewGraph()
            st.session_state.pop("positions", None)
    g = canvas()
    # the canvas's last action, as Streamlit keeps it for its key: handled before anything is drawn, so
    # an expand is one run of the page (handled after the canvas, it took a second run to draw)
    last = st.session_state.get(CANVAS_KEY)
    handle_canvas_event(store, last if isinstance(last, dict) else None, rerun=False)
    if not g.nodes and st.query_params.get("entity") and hits and not st.session_state.get("auto_started"):
        # A shared link (?view=explore&entity=…) reopens the canvas around its entity; marked done only
        # once grown, so a rerun that interrupts this one (a click, a key) tries again
        grow(store, [{"labels": [hits[0].label], "properties": {"name": hits[0].name}}])
        st.session_state["auto_started"] = True
    if not g.nodes:
        st.caption(t("expand_hint"))
        return
    left, right = st.columns([2, 3], vertical_alignment="center")
    with left:
        shown = g.filtered(filter_controls(with_statements(store, g), "explore", t, store))
    right.caption(t("expand_hint"))
    positions = {k: v for k, v in canvas_positions(g).items() if k in shown.nodes}
    # the canvas fills the screen below the controls (620 px where less than 320 would be left); in
    # presentation mode the evidence stands beside it, on the same screen
    picture, beside = st.columns(PRESENT_COLUMNS) if presenting() else (st.container(), None)
    with picture:
        event = draw(shown, CANVAS_KEY, lang, height=620, actions=True, positions=positions, fit_screen=True)
    handle_canvas_event(store, event)  # (done already where the key held it: each event is handled once)
    if beside is not None:
        with beside:
            selection_panel(shown, event, t, lang, store)
        return
    left, right = st.columns([3, 2])
    with left:
        selection_panel(shown, event, t, lang, store)
    with right:
        picture_downloads(shown, query or "explore", positions, store)


def hit_name(h, lang: str) -> str:
    """A search hit in the picker: 北京 · 城市 · Beijing; in English, Beijing · City · 北京."""
    english = h.english.split("|")[0]
    first, other = (english, h.name) if lang == "en" and english else (h.name, english)
    return f"{first} · {label_name(h.label)}" + (f" · {other}" if other else "")


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
        # an isolated node still shows: its row has no r, m
        more = ViewGraph.from_rows(reads.neighbours(store, label, name, limit))
        g.nodes.update(more.nodes)
        g.rels.update(more.rels)


CANVAS_KEY = "explore-graph"


def handle_canvas_event(store, event: dict | None, rerun: bool = True) -> None:
    """Expand or remove nodes once per event (the component repeats its last value on reruns);
    `rerun`: the canvas is drawn already, and the page runs again to draw it grown."""
    if not event or event.get("timestamp") == st.session_state.get("last_event"):
        return
    st.session_state["last_event"] = event.get("timestamp")
    g = canvas()
    ids = [viz.element_id(i) for i in event.get("data", {}).get("node_ids") or [] if isinstance(i, str)]
    if event.get("action") == "expand":
        grow(store, [g.nodes[i] for i in ids if i in g.nodes])
        if rerun:
            st.rerun()
    elif event.get("action") == "remove":
        for i in ids:
            g.nodes.pop(i, None)
        g.rels = {k: r for k, r in g.rels.items() if r["start"] in g.nodes and r["end"] in g.nodes}
        if rerun:
            st.rerun()  # drawn again without them, and nothing below speaks of them


def canvas_positions(g: ViewGraph) -> dict:
    """Positions kept across reruns, for the whole canvas (a filter hides nodes, it does not move the
    rest): nodes already placed stay put, new ones are placed around the node they were grown from."""
    placed = st.session_state.setdefault("positions", {})
    edges = sorted((r["start"], r["end"]) for r in g.rels.values())
    if set(g.nodes) - set(placed):
        placed.update(grow_layout(sorted(g.nodes), edges, placed))
    for gone in set(placed) - set(g.nodes):
        del placed[gone]
    return dict(placed)
