"""Overview: what the graph holds, by label and type, and its documents."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from graph.model import REL_TYPES
from queries import catalogue

from ..common import t


OVERVIEW_DOCUMENTS = 1_000  # listed on the overview; a corpus of 50,000 would take seconds to draw


def show(store, spec: str) -> None:
    # per-label and per-type counts, which both stores keep: nothing is scanned
    makeup = store.read(catalogue.load()["graph_makeup"].text_for(store.kind)).records()
    nodes = [{"label": r["kind"], "count": r["count"]} for r in makeup if r["element"] == "node" and r["count"]]
    rels = [{"type": r["kind"], "count": r["count"]} for r in makeup if r["element"] == "relationship" and r["count"]]
    n_docs = next((r["count"] for r in nodes if r["label"] == "Document"), 0)
    c1, c2, c3 = st.columns(3)
    c1.metric(t("nodes"), sum(r["count"] for r in nodes))
    c2.metric(t("rels"), sum(r["count"] for r in rels if r["type"] in REL_TYPES))  # not documents' own edges
    c3.metric(t("docs"), n_docs)
    left, right = st.columns(2)
    with left:
        st.subheader(t("by_label"))
        if nodes:
            st.bar_chart(pd.DataFrame(nodes).set_index("label"))
    with right:
        st.subheader(t("by_type"))
        if rels:
            st.bar_chart(pd.DataFrame(rels).set_index("type"))
    docs = store.documents(limit=OVERVIEW_DOCUMENTS)
    if docs:
        st.subheader(t("docs"))
        if n_docs > len(docs):
            st.caption(t("docs_shown").format(shown=len(docs), total=n_docs))
        st.dataframe(pd.DataFrame(docs), hide_index=True)
