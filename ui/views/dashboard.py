"""The landing dashboard: what the graph holds at a glance, and the ways into it.

Counts come from one place (Store.makeup, as on the overview), so they agree with each other and
with the overview's bars; the rankings are canned queries of cypher/ with small
limits; the search example is a name the graph holds. An empty store says how to fill it.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from queries import stories

from .. import charts
from ..common import dashboard_rows, english_names, example_terms, presenting, t

TOP = 8  # rows per ranking on the dashboard; the full query is one click away


def show(store, spec: str) -> None:
    lang = st.session_state["lang"]
    st.query_params.from_dict({"view": "dashboard", "lang": lang, **({"present": "1"} if presenting() else {})})
    m = store.makeup()
    c1, c2, c3 = st.columns(3)
    c1.metric(t("entities"), m["entities"], help=t("entities_help"))
    c2.metric(t("rels"), m["relationships"], help=t("rels_help"))
    c3.metric(t("docs"), m["documents"], help=t("docs_help"))
    st.caption(t("dash_counts"))
    if not m["entities"] and not m["documents"]:
        st.info(t("dash_empty"))
        st.code("kg ingest FOLDER        # .txt .md .html .pdf .docx\nkg demo                 # "
                + t("dash_demo"), language="bash")
        return
    examples = example_terms(spec)
    english = english_names(spec) if lang == "en" else None
    search(examples, english)
    rows = dashboard_rows(spec, TOP)
    active = [{"city": r["name"], "degree": r["degree"]} for r in rows["most_connected"]]
    rankings = [("dash_top_industries", rows["top_industries"], "industry", "mentions", ("top_industries", {})),
                ("dash_active_places", active, "city", "degree", ("most_connected", {"label": "City"})),
                ("dash_contested", rows["contested_industries"], "industry", "cities", ("contested_industries", {}))]
    for col, (key, found, x, y, _) in zip(st.columns(3), rankings):
        with col:
            ranking(key, found, x, y, english)
    # each ranking's whole query, the three buttons on one line under the charts (under each chart
    # they stood at different heights: a caption on two lines, a chart a row longer)
    for col, (_, found, _, _, (name, params)) in zip(st.columns(3), rankings):
        if found:
            col.button(t("dash_all"), key=f"dash-more-{name}", on_click=go, args=("canned",),
                       kwargs={"q": name, **params})
    st.divider()
    story_links(lang)
    st.divider()
    st.markdown(f"**{t('dash_more')}**")
    # a row of buttons as wide as their labels (wrapping onto a second line on a narrow screen):
    # four equal columns cut the longer English labels short
    row = st.container(horizontal=True)
    if examples:
        shown = (english or {}).get(examples[0], examples[0])  # Shanghai in English, 上海 in Chinese
        row.button(t("dash_explore").format(name=shown), key="dash-explore", on_click=go,
                   args=("explore",), kwargs={"entity": examples[0]})
    row.button(t("canned"), key="dash-canned", on_click=go, args=("canned",))
    row.button(t("dash_overview"), key="dash-overview", on_click=go, args=("overview",))
    row.button(t("adhoc"), key="dash-adhoc", on_click=go, args=("adhoc",))


def search(examples: list[str], english: dict | None = None) -> None:
    """A search box that opens Explore on what is typed; its example is a name the graph holds
    (in English mode its English name, which search finds too)."""
    if english:  # Shanghai / shanghai / Artificial intelligence / 上海: English first, Chinese found too
        examples = list(dict.fromkeys([english.get(e, e) for e in examples] + examples[:1]))
    hint = t("search_hint").format(examples=" / ".join(examples)) if examples else ""
    st.text_input(t("search"), key="dash-search", placeholder=hint, on_change=search_typed)
    if examples:
        st.caption(t("dash_try").format(name=examples[0]))


def search_typed() -> None:
    term = (st.session_state.get("dash-search") or "").strip()
    if term:
        go("explore", entity=term)


def ranking(key: str, rows: list[dict], x: str, y: str, english) -> None:
    st.markdown(f"**{t(key)}**")
    st.caption(t(f"{key}_help"))
    if not rows:
        st.caption(t("dash_no_targets"))
        return
    df = pd.DataFrame(rows)[[x, y]]
    chart = charts.build(df, {"kind": "bar", "x": x, "y": y}, st.session_state["lang"], english)
    st.altair_chart(chart, width="stretch")


def story_links(lang: str) -> None:
    st.markdown(f"**{t('dash_stories')}**")
    found = stories.load()
    if not found:
        st.caption(t("dash_no_stories"))
        return
    for col, (name, s) in zip(st.columns(max(1, len(found))), found.items()):
        with col:
            st.button(f"▶ {s.text(s.title, lang)}", key=f"dash-story-{name}", on_click=go, args=("stories",),
                      kwargs={"story": name, "step": "1"})
            st.caption(s.text(s.description, lang))


def go(view: str, **params) -> None:
    """Open another view (a button's callback, before any widget of the next run exists)."""
    st.session_state["view"] = view
    if view == "explore":  # a fresh canvas around the entity, as a shared link would open it
        for k in ("search", "search-pick", "canvas", "auto_started"):
            st.session_state.pop(k, None)
    if view == "canned" and "q" in params:
        st.session_state["canned_query"] = params["q"]
        for k in [k for k in st.session_state if str(k).startswith(f"p-{params['q']}-")]:
            del st.session_state[k]
    st.query_params.from_dict({"view": view, "lang": st.session_state["lang"],
                               **({"present": "1"} if presenting() else {}), **params})
