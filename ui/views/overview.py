"""Overview: what the graph holds, by label and type, and its documents."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from ingest.titles import usable_title

from .. import charts
from ..common import t


OVERVIEW_DOCUMENTS = 1_000  # listed on the overview; a corpus of 50,000 would take seconds to draw


def show(store, spec: str) -> None:
    # per-label and per-type counts, which both stores keep: nothing is scanned. One source for the
    # metrics and the bars, so they agree: entities, the schema's relationships, documents.
    m = store.makeup()
    lang = st.session_state["lang"]
    c1, c2, c3 = st.columns(3)
    c1.metric(t("entities"), m["entities"], help=t("entities_help"))
    c2.metric(t("rels"), m["relationships"], help=t("rels_help"))
    c3.metric(t("docs"), m["documents"], help=t("docs_help"))
    left, right = st.columns(2)
    with left:
        st.subheader(t("by_label"))
        if m["by_label"]:
            df = pd.DataFrame({"kind": list(m["by_label"]), "count": list(m["by_label"].values())})
            st.altair_chart(charts.build(df, {"kind": "bar", "x": "kind", "y": "count"}, lang), width="stretch")
    with right:
        st.subheader(t("by_type"))
        if m["by_type"]:
            df = pd.DataFrame({"kind": list(m["by_type"]), "count": list(m["by_type"].values())})
            st.altair_chart(charts.build(df, {"kind": "bar", "x": "kind", "y": "count"}, lang), width="stretch")
    docs = store.documents(limit=OVERVIEW_DOCUMENTS)
    if docs:
        st.subheader(t("docs"))
        if m["documents"] > len(docs):
            st.caption(t("docs_shown").format(shown=len(docs), total=m["documents"]))
        # by title and key: a stored path is where one machine kept the file, not what to call it
        st.dataframe(pd.DataFrame({t("col_title"): [usable_title(d["title"], d["name"]) for d in docs],
                                   t("col_key"): [d["name"] for d in docs]}), hide_index=True)
