"""The Streamlit app: explore the graph, run canned and ad-hoc Cypher, present stories in meetings.

`kg app` serves this file (`streamlit run ui/app.py`; `app.py` at the top of a checkout does the
same); the store comes from KG_STORE. Each view is a module of ui/views/ with a `show(store,
spec)`. Every view keeps its state in the URL (?view=…&q=…&place=…), so a link reopens it.
"""
from __future__ import annotations

import importlib
import sys

import streamlit as st

from ui.common import TEXT, presenting, t

# Each view's module, imported when first shown: the views bring pandas and altair (two seconds and
# more on a first run), and until this script draws something the browser shows a blank page.
VIEWS = {"dashboard": "ui.views.dashboard", "explore": "ui.views.explore", "canned": "ui.views.canned",
         "map": "ui.views.china_map", "adhoc": "ui.views.adhoc", "stories": "ui.views.stories",
         "overview": "ui.views.overview", "corrections": "ui.curate"}

STYLE = """<style>
.kg-evidence { font-size: 1.05em; line-height: 1.9; }
.kg-source { color: #888; font-size: 0.8em; margin-bottom: 0.6em; }
[data-testid="stMainBlockContainer"] { padding-top: 3rem; }
</style>"""
# Presentation mode (?present=1), any view: no sidebar or header, the page from the top of the
# screen, large type, and buttons a presenter hits from across the room. What a query is and what it
# ran with (parameter labels and values, description, tabs) at 1.3rem, readable from the back of the
# room (they were 14-16 px); the room that takes comes from the space between the blocks, so that a
# matrix still stays on one screen.
PRESENT_STYLE = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"], header {
  display: none !important; }
[data-testid="stMainBlockContainer"] { max-width: 100% !important; padding-top: 1rem; padding-bottom: 1rem; }
.kg-caption { font-size: 2.1rem; line-height: 1.3; margin: 0 0 0.4em 0; }
.kg-story-title { font-size: 1.3rem; color: #666; }
.stButton button { min-height: 3.2rem; padding: 0.3rem 1.2rem; }
.stButton button p { font-size: 1.5rem; }
.kg-evidence { font-size: 1.6rem; line-height: 1.6; }
.kg-legend { font-size: 1.4rem; }
.kg-source { font-size: 1.1rem; }
[data-testid="stMainBlockContainer"] [data-testid="stWidgetLabel"] p,
[data-testid="stMainBlockContainer"] [data-testid="stCheckbox"] p,
[data-testid="stMainBlockContainer"] [data-testid="stCaptionContainer"],
[data-testid="stMainBlockContainer"] [data-testid="stCaptionContainer"] p,
[data-testid="stMainBlockContainer"] [data-testid="stTab"] p,
[data-testid="stMainBlockContainer"] input,
[data-testid="stMainBlockContainer"] textarea,
[data-testid="stMainBlockContainer"] [data-baseweb="select"] div { font-size: 1.3rem; }
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] { gap: 0.5rem; }
[data-testid="stMainBlockContainer"] h3 { padding-top: 0; }
</style>"""


def opening_view(params) -> str:
    """The view a link opens: the one it names, else the one its other parameters belong to (an
    older link: ?q=… is a canned query, ?entity=… an entity to explore), else the dashboard."""
    wanted = params.get("view")
    if wanted in VIEWS:
        return wanted
    for key, view in (("q", "canned"), ("entity", "explore"), ("story", "stories"), ("cypher", "adhoc")):
        if key in params:
            return view
    return "dashboard"


def view_picker(lang: str) -> None:
    """The list of views. Its labels change with the language, and Streamlit takes a radio whose
    labels changed for a new one with nothing chosen: so there is one radio per language, and the
    view itself lives in session_state["view"], where a view's own links set it too."""
    key = f"view_{lang}"
    if st.session_state.get(key, st.session_state["view"]) != st.session_state["view"]:
        del st.session_state[key]  # the view was changed elsewhere (a link, a button): show that
    views = list(VIEWS)
    st.radio(" ", views, index=views.index(st.session_state["view"]), format_func=t, key=key,
             label_visibility="collapsed", on_change=_picked, args=(key,))


def _picked(key: str) -> None:
    st.session_state["view"] = st.session_state[key]


def main() -> None:
    st.set_page_config(page_title="未来产业图谱 · Future industries graph", layout="wide",
                       initial_sidebar_state="collapsed" if presenting() else "auto")
    st.markdown(STYLE + (PRESENT_STYLE if presenting() else ""), unsafe_allow_html=True)
    if "lang" not in st.session_state:
        st.session_state["lang"] = st.query_params.get("lang", "zh")
        if st.session_state["lang"] not in TEXT:
            st.session_state["lang"] = "zh"
    if "view" not in st.session_state:
        st.session_state["view"] = opening_view(st.query_params)
    # Something on the page at once, in the reader's language, while the server's first run imports
    # the view and opens the store (later runs find them loaded and say nothing)
    loading = st.empty()
    if VIEWS[st.session_state["view"]] not in sys.modules or "ui.results" not in sys.modules:
        loading.info(t("loading"))
    from graph.factory import resolve_store_spec
    from graph.store import StoreError
    from ui import curate, viz
    from ui.common import get_store, store_label
    from ui.results import graphml_download

    spec = resolve_store_spec(None)
    with st.sidebar:
        st.radio("语言 / Language", ["zh", "en"], format_func=lambda x: "中文" if x == "zh" else "English",
                 horizontal=True, key="lang")
        view_picker(st.session_state["lang"])
        st.caption(f"{t('store')}: {viz.md(store_label(spec))}",
                   help=viz.md(spec if "://" not in spec else store_label(spec)))
        curate.curator_field()
    show = importlib.import_module(VIEWS[st.session_state["view"]]).show
    try:
        store = get_store(spec)
    except StoreError as exc:
        loading.empty()
        st.error(str(exc))
        return
    loading.empty()
    if not presenting():
        st.title(t("title"))
    curate.notice()
    show(store, spec)
    with st.sidebar:
        graphml_download(store)


if __name__ == "__main__":  # Streamlit runs this file as __main__; importing it runs nothing
    main()
