"""Corrections in the app: beside the evidence of an edge or a node, and the audit view.

The app writes only when served with `kg app --curate` (KG_CURATE=1 in the server's environment,
never from the URL): a meeting demo cannot change the graph by a stray click. Each button makes
one correction (graph/corrections.py), stored in one unit of work with the documents it re-writes.
"""
from __future__ import annotations

import os

import pandas as pd
import streamlit as st

from graph.corrections import Correction, CorrectionError, checked
from graph.factory import resolve_store_spec
from graph.model import NODE_LABELS, REL_TYPES
from graph.store import StoreError
from queries import reads

from . import CURATE_ENV, viz
from .common import choices, english_for, entity_name, forget_graph_caches, get_store, label_name, t, type_name

def curating() -> bool:
    """Was the app served to take corrections (`kg app --curate`)?"""
    return os.environ.get(CURATE_ENV) == "1"


def curator_field() -> None:
    """The analyst's name, asked once (sidebar): every correction records who made it."""
    if curating():
        st.text_input(t("curator"), key="curator", placeholder=t("curator_hint"))


def _end(g, nid: str) -> list[str]:
    n = g.nodes.get(nid) or {}
    return [(n.get("labels") or ["?"])[0], str((n.get("properties") or {}).get("name", nid))]


def edge_panel(g, rel: dict) -> None:
    """Accept, reject or change the relationship on screen (below its evidence)."""
    curated = rel["properties"].get("curated")
    if curated:
        st.caption(f"{t('curated')}: {t('curated_' + curated)}")
    if not curating():
        return
    head, tail = _end(g, rel["start"]), _end(g, rel["end"])
    target = {"type": rel["type"], "head": head, "tail": tail}
    key = f"fix-{rel['start']}-{rel['type']}-{rel['end']}"
    with st.expander(t("correct_edge"), expanded=True):
        reason = st.text_input(t("reason"), key=f"{key}-reason")
        c1, c2 = st.columns(2)
        if c1.button(t("accept"), key=f"{key}-accept"):
            make(Correction("accept", {"rel": target}, "", reason=reason), forget=[])
        if c2.button(t("reject"), key=f"{key}-reject", type="primary"):
            make(Correction("reject", {"rel": target}, "", reason=reason), forget=[rel["id"]])
        heads = [ty for ty, (hs, ts) in REL_TYPES.items() if head[0] in hs and tail[0] in ts and ty != rel["type"]]
        if heads:
            to_type = st.selectbox(t("change_type"), heads, key=f"{key}-type", format_func=lambda x: t(f"type_{x}"))
            if st.button(t("change"), key=f"{key}-change"):
                make(Correction("change", {"rel": target, "to": {**target, "type": to_type}}, "", reason=reason),
                     forget=[rel["id"]])


def node_panel(node: dict) -> None:
    """Rename, relabel, merge into another node, or mark as not an entity (below the node's details)."""
    if not curating():
        return
    label = (node.get("labels") or ["?"])[0]
    name = str(node["properties"].get("name", ""))
    if label not in NODE_LABELS:
        return
    me = [label, name]
    key = f"fix-{label}-{name}"
    with st.expander(t("correct_node"), expanded=False):
        reason = st.text_input(t("reason"), key=f"{key}-reason")
        new_name = st.text_input(t("rename_to"), key=f"{key}-name")
        if st.button(t("rename"), key=f"{key}-rename") and new_name.strip():
            make(Correction("rename", {"node": me, "name": new_name}, "", reason=reason), forget=[node["id"]])
        others = [lb for lb in NODE_LABELS if lb != label]
        new_label = st.selectbox(t("relabel_to"), others, key=f"{key}-label", format_func=lambda x: t(f"label_{x}"))
        if st.button(t("relabel"), key=f"{key}-relabel"):
            make(Correction("relabel", {"node": me, "label": new_label}, "", reason=reason), forget=[node["id"]])
        names = [n for n in choices(resolve_store_spec(None), (label,)) if n != name]
        into = st.selectbox(t("merge_into"), names, key=f"{key}-into", index=None, placeholder=t("choose"))
        if st.button(t("merge"), key=f"{key}-merge") and into:
            make(Correction("merge", {"node": me, "into": [label, into]}, "", reason=reason), forget=[node["id"]])
        if st.button(t("not_entity"), key=f"{key}-drop"):
            make(Correction("not_entity", {"node": me}, "", reason=reason), forget=[node["id"]])


def make(c: Correction, forget: list[str]) -> None:
    """Make one correction as the analyst named in the sidebar; take what it changed off the
    explore canvas (it is drawn again from the store), and say what was done."""
    who = (st.session_state.get("curator") or "").strip()
    if not who:
        st.warning(t("curator_needed"))
        return
    store = get_store(resolve_store_spec(None))
    try:
        c = checked(Correction(c.kind, c.target, who, reason=c.reason, note=c.note))
        basis = reads.correction_basis(store, c)
        if basis is None:
            st.error(f"{correction_words(c, english_for(resolve_store_spec(None)))}: {t('not_in_graph')}")
            return
        c.evidence = basis
        summary = store.correct(c)
    except (CorrectionError, StoreError) as exc:
        st.error(str(exc))
        return
    canvas = st.session_state.get("canvas")
    if canvas is not None:
        for element in forget:
            canvas.rels.pop(element, None)
            if canvas.nodes.pop(element, None) is not None:
                canvas.rels = {k: r for k, r in canvas.rels.items() if element not in (r["start"], r["end"])}
    forget_graph_caches()
    words = correction_words(summary.corrections[0], english_for(resolve_store_spec(None)))
    st.session_state["corrected"] = f"{t('corrected')}: {words}"
    if summary.stale:
        st.session_state["corrected"] += " · " + t("stale").format(n=len(summary.stale))
    st.rerun()


def notice() -> None:
    """What the last correction did, once."""
    done = st.session_state.pop("corrected", None)
    if done:
        st.success(done)


# --- the audit view ------------------------------------------------------------------------------

def show(store, spec: str) -> None:
    """Every correction with its author, time, reason and evidence, filterable, with undo; adding a
    relationship the texts imply."""
    items = store.corrections()
    st.subheader(t("corrections_log"))
    if not curating():
        st.caption(t("curate_off"))
    if not items:
        st.info(t("no_corrections"))
    else:
        c1, c2, c3 = st.columns(3)
        kinds = c1.multiselect(t("kinds"), sorted({c.kind for c in items}), key="audit-kinds",
                               format_func=lambda k: t(f"kind_{k}"), placeholder=t("choose"))
        authors = c2.multiselect(t("authors"), sorted({c.author for c in items}), key="audit-authors",
                                 placeholder=t("choose"))
        status = c3.radio(t("status"), ["in_force", "undone", "all"], horizontal=True, key="audit-status",
                          format_func=t)
        shown = [c for c in items if (not kinds or c.kind in kinds) and (not authors or c.author in authors)
                 and (status == "all" or (c.active == (status == "in_force")))]
        english = english_for(spec) or {}
        words = {c.id: correction_words(c, english) for c in shown}
        st.dataframe(pd.DataFrame([{
            "id": c.id, t("made_at"): c.at, t("author"): c.author, t("kind"): t(f"kind_{c.kind}"),
            t("correction"): words[c.id], t("reason"): c.reason or c.note,
            t("status"): t("undone") + f" ({c.undone_by}, {c.undone_at})" if c.undone_at else t("in_force"),
        } for c in shown]), hide_index=True, width="stretch")
        if shown:
            # picked by id, shown in the reader's words: a language switch keeps the pick
            by_id = {c.id: c for c in reversed(shown)}
            picked = by_id[st.selectbox(t("correction"), list(by_id), key="audit-pick",
                                        format_func=lambda i: f"{i} · {words[i]}")]
            for sentence in picked.evidence or []:
                st.markdown(f"<div class='kg-evidence'>{viz.md(evidence_words(sentence, english))}</div>",
                            unsafe_allow_html=True)
            if curating() and picked.active and st.button(t("undo"), key=f"undo-{picked.id}"):
                undo(store, picked)
    if curating():
        add_form(spec)


def correction_words(c: Correction, english: dict[str, str] | None) -> str:
    """What a correction does, in the reader's words: its kind, relationship type and labels as the
    chosen language calls them (驳回 上海（城市） —布局→ … / reject Shanghai (City) —targets→ …), names
    in English where `english` has them. `Correction.describe()` stays the CLI's and the log's
    identifiers (reject City:上海-TARGETS->Industry:…)."""
    def node(end) -> str:
        label, name = (list(end or []) + ["?", "?"])[:2]
        return t("said_node").format(name=entity_name(name, english), label=label_name(label))

    def rel(r: dict) -> str:
        return t("said_rel").format(head=node(r.get("head")), type=type_name(r.get("type", "?")),
                                    tail=node(r.get("tail")))

    tg = c.target
    if c.kind in ("accept", "reject"):
        return t(f"said_{c.kind}").format(rel=rel(tg["rel"]))
    if c.kind == "change":
        return t("said_change").format(rel=rel(tg["rel"]), to=rel(tg["to"]))
    if c.kind == "add":
        return t("said_add").format(rel=rel(tg["to"]))
    if c.kind == "rename":
        return t("said_rename").format(node=node(tg["node"]), name=entity_name(tg.get("name"), english))
    if c.kind == "relabel":
        return t("said_relabel").format(node=node(tg["node"]), label=label_name(tg.get("label", "?")))
    if c.kind == "merge":
        return t("said_merge").format(node=node(tg["node"]), into=node(tg.get("into")))
    if c.kind == "not_entity":
        return t("said_not_entity").format(node=node(tg["node"]))
    return c.describe()


def evidence_words(sentence: str, english: dict[str, str]) -> str:
    """A sentence a correction was made on, as the evidence panel says it: the taxonomy's own
    sentence (industry taxonomy (ingest/data/industries.tsv): … is part of …, on a PART_OF edge) in
    the reader's words, names in English where `english` has them; a sentence of a text as it is."""
    return viz.taxonomy_evidence(sentence, t("taxonomy_evidence"), english) or sentence


def undo(store, c: Correction) -> None:
    who = (st.session_state.get("curator") or "").strip()
    if not who:
        st.warning(t("curator_needed"))
        return
    try:
        summary = store.undo(c.id, who)
    except (CorrectionError, StoreError) as exc:
        st.error(str(exc))
        return
    st.session_state.pop("canvas", None)  # what it brings back is drawn afresh
    forget_graph_caches()
    words = correction_words(summary.corrections[0], english_for(resolve_store_spec(None)))
    st.session_state["corrected"] = f"{t('undone')}: {words}"
    st.rerun()


def add_form(spec: str) -> None:
    """A relationship the texts imply and extraction missed, with a note (its evidence)."""
    st.subheader(t("add_relationship"))
    rtype = st.selectbox(t("type"), list(REL_TYPES), key="add-type", format_func=lambda x: t(f"type_{x}"))
    heads, tails = REL_TYPES[rtype]
    c1, c2 = st.columns(2)
    head_label = c1.selectbox(t("from"), heads, key="add-hl", format_func=lambda x: t(f"label_{x}"))
    head = c1.selectbox(t("from") + " · " + t("name"), choices(spec, (head_label,)), key="add-head", index=None,
                        accept_new_options=True, placeholder=t("choose_or_type"))
    tail_label = c2.selectbox(t("to"), tails, key="add-tl", format_func=lambda x: t(f"label_{x}"))
    tail = c2.selectbox(t("to") + " · " + t("name"), choices(spec, (tail_label,)), key="add-tail", index=None,
                        accept_new_options=True, placeholder=t("choose_or_type"))
    note = st.text_area(t("note"), key="add-note", placeholder=t("note_hint"))
    if st.button(t("add"), key="add-go", type="primary"):
        if not (head and tail and note.strip()):
            st.warning(t("add_needs"))
            return
        make(Correction("add", {"to": {"type": rtype, "head": [head_label, head], "tail": [tail_label, tail]}},
                        "", note=note.strip()), forget=[])
