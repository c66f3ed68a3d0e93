"""The interactive graph used by every view: the graph canvas (components/graph_canvas), filters, selection panel.

A "view graph" is two dicts of converted values (graph.values): nodes by id and
relationships by id. Views build one from query rows or from the explore
canvas; this module filters, styles and draws it, and shows what is selected.
"""
from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass, field
from functools import lru_cache

import streamlit as st

from graph.model import MENTIONS, STATES, statement_key
from graph.values import collect_graph
from queries import reads

from . import curate, viz
from .common import label_name, property_name, property_value, type_name
from .layout import iterations_for, layout_size, spring_layout


@dataclass
class Filters:
    labels: set[str] | None = None
    types: set[str] | None = None
    min_confidence: float = 0.0
    years: tuple[int, int] | None = None
    documents: set[str] | None = None
    hide_inferred: bool = False
    # keys of the relationships one of `documents` states, looked up where a relationship's
    # sources on screen are a sample (documents_stating): kept though the sample misses them
    stated_by_chosen: set[str] = field(default_factory=set)

    def keep_edge(self, r: dict) -> bool:
        p = r["properties"]
        if self.types is not None and r["type"] not in self.types:
            return False
        if p.get("confidence") is not None and float(p.get("confidence") or 0) < self.min_confidence:
            return False
        if self.hide_inferred and p.get("inferred"):
            return False
        if self.years and p.get("years"):
            if not any(self.years[0] <= y <= self.years[1] for y in p["years"]):
                return False
        if self.documents is not None and r.get("sources") is not None:
            if not set(r["sources"]) & self.documents and r.get("key") not in self.stated_by_chosen:
                return False
        return True


@dataclass
class ViewGraph:
    nodes: dict = field(default_factory=dict)
    rels: dict = field(default_factory=dict)

    @classmethod
    def from_rows(cls, rows: list[list]) -> "ViewGraph":
        nodes, rels = collect_graph(rows)
        return cls(nodes, rels)

    def filtered(self, f: Filters) -> "ViewGraph":
        nodes = {k: n for k, n in self.nodes.items()
                 if f.labels is None or (n["labels"] and n["labels"][0] in f.labels)}
        rels = {k: r for k, r in self.rels.items()
                if r["start"] in nodes and r["end"] in nodes and f.keep_edge(r)}
        return ViewGraph(nodes, rels)

    def __len__(self) -> int:
        return len(self.nodes) + len(self.rels)


def node_key(n: dict) -> tuple[str, str]:
    return (n["labels"][0] if n["labels"] else "", str(n["properties"].get("name", "")))


def with_statements(store, g: ViewGraph) -> ViewGraph:
    """Give each relationship in `g` its source documents (`sources`, for the filter and the
    footnote), what each of them says (`statements`, for the evidence panel), how many documents
    state it in all (`stated`) and its statement key (`key`). On a big store a relationship may be
    stated by thousands of documents: `sources` and `statements` are then a sample of them
    (reads.statement_evidence), and `sampled(r)` says so."""
    keys = {}
    for rid, r in g.rels.items():
        a, b = g.nodes.get(r["start"]), g.nodes.get(r["end"])
        if a and b and r["type"] not in (MENTIONS, STATES) and "sources" not in r:
            keys[statement_key(r["type"], node_key(a), node_key(b))] = rid
    if not keys:
        return g
    # their STATES edges, found through the index on STATES.key (the relationships keep a sample)
    found = _statements(store, list(keys))
    for key, rid in keys.items():
        rows, total = found.get(key, ([], 0))
        r = g.rels[rid]
        r["key"], r["statements"], r["stated"] = key, rows, total
        r["sources"] = [row["doc"] for row in rows]
    return g


def _statements(store, keys: list[str], per: int | None = None) -> dict[str, tuple[list[dict], int]]:
    """Each key's statement rows, by document, and how many documents state it in all."""
    found: dict[str, tuple[list[dict], int]] = {}
    for row in sorted(reads.statement_evidence(store, keys, per), key=lambda row: (row["key"], row["doc"])):
        found.setdefault(row["key"], ([], row["total"]))[0].append(row)
    return found


def sampled(r: dict) -> bool:
    """Whether the documents a relationship shows are fewer than those that state it."""
    return len(r.get("sources") or []) < (r.get("stated") or 0)


def more_statements(store, rel: dict, per: int) -> dict:
    """`rel` with the statements of up to `per` of its documents, where it shows fewer (a relationship
    chosen for the evidence panel, on a view that reads a sample of each: one index seek)."""
    if store is None or not rel.get("key") or len(rel["statements"]) >= min(per, rel.get("stated") or 0):
        return rel
    rows, total = _statements(store, [rel["key"]], per).get(rel["key"], (rel["statements"], rel["stated"]))
    rel.update(statements=rows, stated=total)  # the filter keeps the sources it offered
    return rel


def filter_controls(g: ViewGraph, key: str, t, store=None) -> Filters:
    """Widgets for the filters, offering only what the graph holds. The documents offered are those
    the view read (a sample of each relationship's on a big store, which the filter then says); an
    edge stays when one of the chosen documents states it, asked of `store` where its sample
    does not show it."""
    labels = sorted({n["labels"][0] for n in g.nodes.values() if n["labels"]})
    types = sorted({r["type"] for r in g.rels.values()})
    years = sorted({y for r in g.rels.values() for y in r["properties"].get("years", []) or []})
    docs = sorted({d for r in g.rels.values() for d in r.get("sources") or []})
    with st.expander(t("filters"), expanded=False):
        c1, c2 = st.columns(2)
        # keyed by language too: choices whose shown names change are a new widget to Streamlit, which
        # otherwise kept a value that matched none of them and filtered everything out
        lang = st.session_state.get("lang", "zh")
        sel_labels = c1.multiselect(t("f_labels"), labels, default=labels, key=f"{key}-fl-{lang}",
                                    format_func=label_name)
        sel_types = c2.multiselect(t("f_types"), types, default=types, key=f"{key}-ft-{lang}",
                                   format_func=type_name)
        c3, c4 = st.columns(2)
        conf = c3.slider(t("f_conf"), 0.0, 1.0, 0.0, 0.05, key=f"{key}-fc")
        yr = c4.slider(t("f_years"), years[0], years[-1], (years[0], years[-1]), key=f"{key}-fy") \
            if len(years) > 1 else None
        titles = document_titles(g)
        chosen_docs(f"{key}-fd", docs)
        sel_docs = st.multiselect(t("f_docs"), docs, key=f"{key}-fd",
                                  format_func=lambda d: titles.get(d, d)) if docs else docs
        partial = [r for r in g.rels.values() if sampled(r)]
        if partial:
            st.caption(t("f_docs_sampled").format(n=max(len(r["sources"]) for r in partial)))
        hide = st.checkbox(t("f_hide_inferred"), key=f"{key}-fi")
    chosen = set(sel_docs) if docs else None
    narrowed = chosen is not None and chosen != set(docs)
    return Filters(set(sel_labels), set(sel_types), conf, yr, chosen, hide,
                   stated_by(store, g, chosen) if narrowed else set())


def chosen_docs(widget: str, docs: list[str]) -> None:
    """The document filter's choice before it is drawn: every document at first; after the picture
    grew (an expand), the documents it gained chosen too, and those the reader left out still out.
    (A multiselect keeps its earlier value when its options change: the new relationships, stated
    only by documents not offered before, were filtered out of the picture they were grown into.)"""
    offered = st.session_state.get(f"{widget}-offered")
    if widget not in st.session_state or offered is None:
        st.session_state[widget] = list(docs)
    else:
        kept = set(st.session_state[widget]) | (set(docs) - set(offered))
        st.session_state[widget] = [d for d in docs if d in kept]
    st.session_state[f"{widget}-offered"] = list(docs)


def stated_by(store, g: ViewGraph, documents: set[str]) -> set[str]:
    """The keys of the relationships in `g` that one of `documents` states though their sample of
    sources does not show it (asked of `store`; none without one)."""
    unseen = [r["key"] for r in g.rels.values() if sampled(r) and not set(r["sources"]) & documents]
    return reads.documents_stating(store, sorted(documents), unseen) if store is not None else set()


def document_titles(g: ViewGraph) -> dict[str, str]:
    """Each source document of the relationships on screen by its title (its key where the
    stored title is page furniture or a path)."""
    from ingest.titles import usable_title

    return {row["doc"]: usable_title(row.get("title") or "", row["doc"])
            for r in g.rels.values() for row in r.get("statements") or []}


def positions_for(g: ViewGraph, layout: str = "cose") -> dict | None:
    """Where each node is drawn: a deterministic spring layout (the same graph, the same picture), or
    None for a circle or concentric layout, which the canvas runs itself, as deterministically."""
    if layout in ("circle", "concentric"):
        return None
    ids = tuple(sorted(g.nodes))
    edges = tuple(sorted((r["start"], r["end"]) for r in g.rels.values()
                         if r["start"] in g.nodes and r["end"] in g.nodes))
    return dict(_spring(ids, edges))


@lru_cache(maxsize=32)
def _spring(ids: tuple, edges: tuple) -> dict:
    return spring_layout(list(ids), list(edges), iterations=iterations_for(len(ids)), size=layout_size(len(ids)))


LABEL_WIDTH = 8  # a drawn name is cut after this many Chinese characters (two Latin letters count one)


def short_name(text: str, width: int = LABEL_WIDTH) -> str:
    """`text` cut to `width` wide characters with an ellipsis; the full name shows on hover."""
    used, out = 0.0, []
    for ch in text:
        used += 0.5 if ord(ch) < 0x2E80 else 1.0
        if used > width:
            return "".join(out).rstrip() + "…"
        out.append(ch)
    return text


def draw(g: ViewGraph, key: str, lang: str, *, height: int = 560, layout: str = "cose",
         actions: bool = False, positions: dict | None = None, font_size: int | None = None,
         fit_screen: bool = False) -> dict | None:
    """Draw the graph at `positions` (by default `positions_for(g, layout)`); returns the canvas's last
    event (select / expand / remove) or None. In presentation mode the type is large and the canvas
    takes the rest of the screen; `fit_screen` has it do so outside presentation too."""
    from .common import TEXT, presenting
    from .components.graph_canvas import graph_canvas

    words = TEXT.get(lang, TEXT["zh"])
    if positions is None:
        positions = positions_for(g, layout)
    els = viz.elements_from(g.nodes, g.rels, lang=lang, positions=positions)
    for n in els["nodes"]:
        n["data"]["short"] = short_name(n["data"]["caption"])
    by_id = {viz.inert(f"e{rid}"): r for rid, r in g.rels.items()}
    for e in els["edges"]:
        r = by_id[e["data"]["id"]]
        mark = viz.CURATED_MARK if r["properties"].get("curated") else ""
        e["data"]["display"] = words.get(f"type_{r['type']}") or viz.canvas_text(r["type"])
        e["data"]["display"] += mark
    labels = sorted({n["data"]["label"] for n in els["nodes"]})
    st.markdown(viz.legend_html(labels, lang), unsafe_allow_html=True)
    big = presenting()
    return graph_canvas(els, key=key, words={"fit": words["canvas_fit"], "all_names": words["canvas_all_names"]},
                        height=height, colours=viz.COLOURS, edge_colours=viz.EDGE_COLOURS,
                        layout="preset" if positions else layout, actions=actions,
                        font_px=font_size or (26 if big else 14), edge_font_px=22 if big else 12,
                        fit_screen=big or fit_screen)


def selection_panel(g: ViewGraph, event: dict | None, t, lang: str, store=None) -> None:
    """What the user clicked: a node's properties, aliases and relationships, or an edge's evidence
    (with `store`, read from more of its documents where the view read a sample)."""
    target = None
    if event and event.get("action") == "select":
        target = event.get("data", {}).get("target_id")
        target = viz.element_id(target) if isinstance(target, str) else None
    rel = g.rels.get(target[1:]) if target and target.startswith("e") else None
    node = g.nodes.get(target) if target else None
    if node:
        show_node(g, node, t, lang)
    elif rel:
        show_evidence(g, more_statements(store, rel, EVIDENCE_SOURCES), t)
    else:
        evidenced = [r for r in g.rels.values() if r["properties"].get("evidence")]
        if evidenced:
            names = {f"{shown_name(g, r['start'])} —{type_name(r['type'])}→ {shown_name(g, r['end'])}": r
                     for r in evidenced}
            # keyed by what is drawn: the choice stays through reruns, and resets for another picture
            drawn = hashlib.sha1("\n".join(sorted(map(str, g.rels))).encode()).hexdigest()[:10]
            chosen = st.selectbox(t("pick_edge"), list(names), key=f"pick-{drawn}")
            show_evidence(g, more_statements(store, names[chosen], EVIDENCE_SOURCES), t)


def name_of(g: ViewGraph, nid: str) -> str:
    n = g.nodes.get(nid)
    return str(n["properties"].get("name", nid)) if n else nid


def shown_name(g: ViewGraph, nid: str) -> str:
    """A node's name as the chosen language shows it: its English name in English where it has one."""
    n = g.nodes.get(nid)
    if n and st.session_state.get("lang") == "en" and n["properties"].get("english"):
        return str(n["properties"]["english"]).split("|")[0]
    return name_of(g, nid)


def show_node(g: ViewGraph, node: dict, t, lang: str) -> None:
    p = node["properties"]
    label = node["labels"][0] if node["labels"] else ""
    english = str(p.get("english") or "").split("|")[0]
    first, other = (english, p.get("name", "")) if lang == "en" and english else (p.get("name", ""), english)
    st.markdown(f"**{t('selected_node')}: {viz.md(first)}** · {viz.md(label_name(label))}"
                + (f" · {viz.md(other)}" if other else ""))
    if p.get("aliases"):
        st.caption(f"{t('aliases')}: {viz.md('、'.join(map(str, p['aliases'])))}")
    if p.get("seen_as"):
        st.caption(f"{t('seen_as')}: {viz.md('、'.join(map(str, p['seen_as'])))}")
    shown = {k: v for k, v in p.items() if k not in ("name", "aliases", "seen_as", "english")}
    if shown:  # a readable table, not a folded JSON blob
        st.dataframe([{t("col_property"): property_name(k), t("col_value"): viz.plain(property_value(k, v))}
                      for k, v in shown.items()], hide_index=True)
    curate.node_panel(node)
    rows = []
    for r in g.rels.values():
        if node["id"] in (r["start"], r["end"]):
            rows.append({t("col_head"): shown_name(g, r["start"]), t("col_type"): type_name(r["type"]),
                         t("col_tail"): shown_name(g, r["end"]), t("col_count"): r["properties"].get("count"),
                         t("col_confidence"): r["properties"].get("confidence")})
    if rows:
        st.markdown(f"**{t('relationships')}**")
        st.dataframe(rows, hide_index=True)


def show_evidence(g: ViewGraph, rel: dict, t) -> None:
    """Evidence sentences with both ends highlighted, their source documents and years."""
    p = rel["properties"]
    kinds = {label: label_name(label) for label in viz.COLOURS}
    st.markdown(f"**{t('selected_edge')}: {viz.md(shown_name(g, rel['start']))} —{viz.md(type_name(rel['type']))}→ "
                f"{viz.md(shown_name(g, rel['end']))}**")
    surfaces, shown = {}, {}
    for nid in (rel["start"], rel["end"]):
        n = g.nodes.get(nid)
        if n:
            for s in [n["properties"].get("name", ""), *(n["properties"].get("aliases") or []),
                      *(n["properties"].get("seen_as") or [])]:
                surfaces[str(s)] = n["labels"][0]
            shown[name_of(g, nid)] = shown_name(g, nid)
    meta = f"{t('confidence')}: {p.get('confidence', '—')} · {t('years')}: " \
           f"{', '.join(map(str, p.get('years') or [])) or '—'}"
    if p.get("inferred"):
        meta += f" · {t('inferred')}"
    st.caption(meta)
    if rel.get("statements"):
        said = [((row["doc"], row.get("title")), sentence, year) for row in rel["statements"]
                for sentence, year in zip(row["evidence"] or [], row["years"] or [])]
        stated = max(rel.get("stated") or 0, len(rel["statements"]))
        st.caption(f"{t('stated_by')}: {stated:,}" + (f" · {t('stated_sample').format(n=len(rel['statements']))}"
                                                       if stated > len(rel["statements"]) else ""))
    else:  # not looked up: the sample the relationship carries
        said = [((d, None), s, y) for d, s, y in zip(p.get("evidence_doc") or [], p.get("evidence") or [],
                                                      p.get("evidence_year") or [])]
    from ingest.titles import usable_title

    for (src, title), sentence, year in said[:EVIDENCE_SHOWN]:
        # the document by its title; its key on hover
        # the taxonomy's own sentence (industry taxonomy (ingest/data/industries.tsv): 人工智能 is part of
        # …) is not a quotation: said in the reader's language, names as the rest of the panel names them
        ours = viz.taxonomy_evidence(sentence, t("taxonomy_evidence"), shown)
        marked = viz.highlight(ours, {**surfaces, **{shown[k]: surfaces.get(k, "Industry") for k in shown}}, kinds) \
            if ours else viz.highlight(sentence, surfaces, kinds)
        st.markdown(f"<div class='kg-evidence'>{marked}</div>"
                    f"<div class='kg-source' title='{html.escape(str(src), quote=True)}'>{t('source')}: "
                    f"{html.escape(usable_title(title or '', str(src)))}"
                    f"{' · ' + str(year) if year else ''}</div>",
                    unsafe_allow_html=True)
    if len(said) > EVIDENCE_SHOWN:
        st.caption(t("more_evidence").format(n=len(said) - EVIDENCE_SHOWN))
    curate.edge_panel(g, rel)


EVIDENCE_SHOWN = 30  # sentences in the evidence panel; the rest are counted
EVIDENCE_SOURCES = EVIDENCE_SHOWN  # documents read for the relationship in the panel (one sentence each at least)
