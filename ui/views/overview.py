"""Overview: what the graph holds, by label and type, and its documents."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from ..common import t


OVERVIEW_DOCUMENTS = 1_000  # listed on the overview; a corpus of 50,000 would take seconds to draw


def show(store, spec: str) -> None:
    # per-label and per-type counts, which both stores keep: nothing is scanned. One source for the
    # metrics and the bars, so they agree: entities, the schema's relationships, documents.
    m = store.makeup()
    c1, c2, c3 = st.columns(3)
    c1.metric(t("entities"), m["entities"], help=t("entities_help"))
    c2.metric(t("rels"), m["relationships"], help=t("rels_help"))
    c3.metric(t("docs"), m["documents"])
    left, right = st.columns(2)
    with left:
        st.subheader(t("by_label"))
        if m["by_label"]:
            st.bar_chart(pd.DataFrame({t("label"): [t(f"label_{k}") for k in m["by_label"]],
                                       t("count"): list(m["by_label"].values())}),
                         x=t("label"), y=t("count"), horizontal=True)
    with right:
        st.subheader(t("by_type"))
        if m["by_type"]:
            st.bar_chart(pd.DataFrame({t("type"): [t(f"type_{k}") for k in m["by_type"]],
                                       t("count"): list(m["by_type"].values())}),
                         x=t("type"), y=t("count"), horizontal=True)
    docs = store.documents(limit=OVERVIEW_DOCUMENTS)
    if docs:
        st.subheader(t("docs"))
        if m["documents"] > len(docs):
            st.caption(t("docs_shown").format(shown=len(docs), total=m["documents"]))
        st.dataframe(pd.DataFrame(docs), hide_index=True)
