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


def presenting() -> bool:
    """Is the app in presentation mode (?present=1)?"""
    return st.query_params.get("present") == "1"


@st.cache_resource(show_spinner=False)
def get_store(spec: str):
    return open_store(spec)


@st.cache_data(ttl=60, show_spinner=False)
def choices(spec: str, labels: tuple[str, ...]) -> list[str]:
    return reads.names(get_store(spec), list(labels))


@st.cache_data(ttl=60, show_spinner=False)
def industry_parents(spec: str) -> dict[str, str]:
    return reads.industry_parents(get_store(spec))


@st.cache_resource(ttl=60, show_spinner=False)
def search_index(spec: str):
    return build_index(get_store(spec))


@st.cache_data(ttl=60, show_spinner=False)
def english_names(spec: str) -> dict[str, str]:
    """Each entity name that has an English name, to that name (charts in English)."""
    return {name: english.split("|")[0] for _label, name, _aliases, english in reads.search_rows(get_store(spec))
            if english}
