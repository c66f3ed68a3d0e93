"""What every view shares: the interface's text in both languages, the store, and cached lookups."""
from __future__ import annotations

import tomllib
from pathlib import Path

import streamlit as st

from graph.factory import open_store
from queries import reads

from .search import build_index

HERE = Path(__file__).resolve().parent
TEXT = tomllib.loads((HERE / "text.toml").read_text(encoding="utf-8"))
EXAMPLES = tomllib.loads((HERE / "examples.toml").read_text(encoding="utf-8"))["example"]


def t(key: str) -> str:
    """The interface's text for `key` in the chosen language."""
    return TEXT[st.session_state.get("lang", "zh")][key]


def example_title(example: dict, lang: str | None = None) -> str:
    """An example query's title (ui/examples.toml title.zh / title.en) in the chosen language."""
    titles = example["title"]
    return titles.get(lang or st.session_state.get("lang", "zh")) or titles.get("en") or titles.get("zh") or ""


def type_name(rtype: str) -> str:
    """A relationship type as the chosen language calls it (布局 / targets); unknown ones as they are."""
    return TEXT[st.session_state.get("lang", "zh")].get(f"type_{rtype}", rtype)


def label_name(label: str) -> str:
    """A node label as the chosen language calls it (城市 / City); unknown ones as they are."""
    return TEXT[st.session_state.get("lang", "zh")].get(f"label_{label}", label)


def property_name(key: str) -> str:
    """A node property as the chosen language calls it (文档数 / documents); others as stored."""
    return TEXT[st.session_state.get("lang", "zh")].get(f"prop_{key}", key)


def property_value(key: str, value):
    """A node property's value as the chosen language names it (high-tech-zone -> 高新区 / high-tech
    zone, for a Zone's kind, a city's level, how a node was recognised); others as they are."""
    if isinstance(value, str):
        return TEXT[st.session_state.get("lang", "zh")].get(f"pv_{key}_{value}", value)
    return value


def store_label(spec: str) -> str:
    """The store as the sidebar names it: a file store by its file name (the whole path on hover:
    a temporary folder's path said nothing to a room), a server by its address without any
    user or password it may carry."""
    if "://" in spec:
        scheme, _, rest = spec.partition("://")
        return f"{scheme}://{rest.rpartition('@')[2]}"
    return Path(spec).name or spec


def presenting() -> bool:
    """Is the app in presentation mode (?present=1)?"""
    return st.query_params.get("present") == "1"


@st.cache_resource(show_spinner=False)
def get_store(spec: str):
    return open_store(spec)


@st.cache_data(ttl=10, show_spinner=False)
def graph_size(spec: str) -> int:
    """How many nodes the store holds, asked at most every 10 s. The caches that cost the most to
    build (the search index took 26 s on 50,000 documents) are keyed on it, so they last until an
    ingest changes the graph instead of being rebuilt every minute; the app's own corrections
    clear them at once (forget_graph_caches)."""
    return int(get_store(spec).internal("node_count").rows[0][0])


def forget_graph_caches() -> None:
    """After the app changed the graph (a correction, an undo)."""
    for cached in (graph_size, _choices, _search_index, _english_names):
        cached.clear()


def choices(spec: str, labels: tuple[str, ...]) -> list[str]:
    return _choices(spec, labels, graph_size(spec))


@st.cache_data(max_entries=64, show_spinner=False)
def _choices(spec: str, labels: tuple[str, ...], size: int) -> list[str]:
    return reads.names(get_store(spec), list(labels))


@st.cache_data(ttl=60, show_spinner=False)
def industry_parents(spec: str) -> dict[str, str]:
    return reads.industry_parents(get_store(spec))


def search_index(spec: str):
    return _search_index(spec, graph_size(spec))


@st.cache_resource(max_entries=4, show_spinner=False)
def _search_index(spec: str, size: int):
    return build_index(get_store(spec))


def english_names(spec: str) -> dict[str, str]:
    """Each entity name that has an English name, to that name (charts in English)."""
    return _english_names(spec, graph_size(spec))


@st.cache_data(max_entries=4, show_spinner=False)
def _english_names(spec: str, size: int) -> dict[str, str]:
    return {name: english.split("|")[0] for _label, name, _aliases, english in reads.search_rows(get_store(spec))
            if english}


def english_for(spec: str) -> dict[str, str] | None:
    """`english_names` in English, None in Chinese: what the helpers below take."""
    return english_names(spec) if st.session_state.get("lang") == "en" else None


def entity_name(name, english: dict[str, str] | None):
    """An entity name as shown in a table or chart: its English name where there is one (English
    mode passes `english`), else as stored. Queries keep the stored name."""
    return english.get(name, name) if english and isinstance(name, str) else name


def picker_name(name, english: dict[str, str] | None) -> str:
    """An entity name in a picker: in English its English name, the stored Chinese one after it in
    brackets (what the picker passes on, and what a reader may type to find it)."""
    if english and isinstance(name, str) and english.get(name):
        return f"{english[name]} ({name})"
    return str(name)


@st.cache_data(ttl=60, show_spinner=False)
def document_titles(spec: str) -> dict[str, str]:
    """Each document's key to its title as a reader knows it (its key where the title is page
    furniture or a path): document pickers show titles and pass keys on."""
    from ingest.titles import usable_title

    store = get_store(spec)
    keys = reads.names(store, ["Document"])
    titles = reads.document_titles(store, keys)
    return {k: usable_title(titles.get(k, ""), k) for k in keys}


@st.cache_data(ttl=60, show_spinner=False)
def dashboard_rows(spec: str, top: int) -> dict[str, list[dict]]:
    """The dashboard's rankings: canned queries of cypher/ (the most targeted industries, the busiest
    cities, the most contested industries) with a small limit, each one click from the whole query;
    foreign cities left out as in the gallery."""
    from queries import catalogue

    store = get_store(spec)
    queries = catalogue.load()

    def canned(name: str, **given) -> list[dict]:
        q = queries[name]
        return store.read(q.text_for(store.kind), q.bind(given)).records()

    return {"top_industries": canned("top_industries", limit=top),
            "most_connected": canned("most_connected", label="City", limit=top),
            "contested_industries": canned("contested_industries", limit=top)}


@st.cache_data(ttl=60, show_spinner=False)
def example_terms(spec: str) -> list[str]:
    """Search examples the graph answers: its busiest city by name, English name and pinyin, and
    its most targeted industry. Empty for an empty graph."""
    from .search import _pinyin

    rows = dashboard_rows(spec, 1)
    out = []
    if rows["most_connected"]:
        city = rows["most_connected"][0]["name"]
        out.append(city)
        english = english_names(spec).get(city)
        if english:
            out.append(english)
        out.append(_pinyin(city))
    if rows["top_industries"]:
        out.append(rows["top_industries"][0]["industry"])
    return list(dict.fromkeys(out))
