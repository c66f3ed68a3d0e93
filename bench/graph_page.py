"""A page that draws a synthetic graph of ?n= elements with the app's own graph view (for bench/graph_ui.py)."""
import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from ui.graphview import ViewGraph, draw, selection_panel  # noqa: E402

st.set_page_config(layout="wide")
n_elements = int(st.query_params.get("n", "2000"))
labels = ["City", "Industry", "Institution", "Policy", "Zone"]
n_nodes = n_elements * 2 // 5  # 2 nodes : 3 relationships, like the real graph
nodes = {str(i): {"_kind": "node", "id": str(i), "labels": [labels[i % 5]],
                  "properties": {"name": f"节点{i}", "english": f"node {i}"}} for i in range(n_nodes)}
rels = {}
for j in range(n_elements - n_nodes):
    a, b = j % n_nodes, (j * 7 + 1) % n_nodes
    rels[str(j)] = {"_kind": "relationship", "id": str(j), "type": "TARGETS", "start": str(a), "end": str(b),
                    "properties": {"evidence": [f"句子{j}"], "confidence": 0.9}}
g = ViewGraph(nodes, rels)
event = draw(g, "bench", "zh", height=800)
st.write({"event": event})
selection_panel(g, event, lambda k: k, "zh")
