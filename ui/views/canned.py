"""Canned queries: the gallery of cypher/*.cypher with typed parameter widgets, results as graph,
table and chart."""
from __future__ import annotations

import json

import streamlit as st

from queries import catalogue

from ..common import (choices, document_titles, english_for, entity_name, industry_parents, label_name,
                      picker_name, presenting, t)
from ..results import run, show_result


def show(store, spec: str) -> None:
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
    given = param_widgets(spec, q, from_url=(name == start))
    params = q.bind(given)
    st.caption(q.describe(lang, params))
    # exports are titled with the values as the reader knows them (a document's title, Beijing in English)
    title = q.headline(lang, params, shown=lambda p, v: value_name(spec, p)(v))
    st.query_params.from_dict({"view": "canned", "q": name, "lang": lang,
                               **({"present": "1"} if presenting() else {}),  # the link stays a presentation
                               **{p.name: p.to_url(params[p.name]) for p in q.params}})
    result = run(store, q.text_for(store.kind), params)
    if result is not None:
        show_result(store, result, key=f"canned-{name}", chart=q.chart, title=title)
    if presenting():  # a room needs the picture, not the editor
        return
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
    label = p.title(st.session_state["lang"])
    if p.type == "bool":
        return st.checkbox(label, key=key)
    if p.type == "int":
        return st.number_input(label, step=1, key=key)
    if p.type == "float":
        return st.number_input(label, key=key)
    options = p.static_choices()
    if options is None and p.choice_labels():
        options = choices(spec, tuple(p.choice_labels()))
    fmt = picker_format(spec, p)
    current = st.session_state[key]
    if p.type == "list":
        options = list(dict.fromkeys([*(current or []), *(options or [])]))
        return st.multiselect(label, options, format_func=fmt, key=key)
    if options:
        if current not in options:
            options = [current, *options]
        return st.selectbox(label, options, format_func=fmt, key=key)
    return st.text_input(label, key=key)


def picker_format(spec: str, p):
    """How a parameter's picker shows a choice; the value passed to the query is the stored one.
    Documents by title, labels by their names (城市 / City), an industry with where it sits in
    the taxonomy, and in English an entity by its English name with the Chinese in brackets."""
    if p.choices in ("Document", "labels"):
        return value_name(spec, p)
    english = english_for(spec)
    if p.choices == "Industry":
        parents = industry_parents(spec)
        return lambda n: (f"{entity_name(parents[n], english)} › " if n in parents else "") + picker_name(n, english)
    if p.choice_labels():
        return lambda n: picker_name(n, english)
    return str


def value_name(spec: str, p):
    """A parameter's value as a title or an export names it: a document by its title, a label by
    its name, an entity by its English name in English."""
    if p.choices == "Document":
        titles = document_titles(spec)
        return lambda v: titles.get(v, v)
    if p.choices == "labels":
        return label_name
    english = english_for(spec) if p.choice_labels() else None
    return lambda v: entity_name(v, english)


def open_in_editor(cypher: str, params: dict) -> None:
    st.session_state["adhoc_text"] = cypher
    st.session_state["adhoc_params"] = json.dumps(params, ensure_ascii=False)
    st.session_state["editor_version"] = st.session_state.get("editor_version", 0) + 1
    st.session_state["view"] = "adhoc"
