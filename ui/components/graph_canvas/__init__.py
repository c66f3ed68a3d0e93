"""The app's graph canvas: cytoscape.js (vendored in ``static/``, MIT, see cytoscape.LICENSE) in a
plain HTML component, so nothing is fetched from the network at run time and no Node toolchain is
needed.

It only draws and reports: positions come from Python (deterministic, so the same graph gives the
same picture, and a grown graph keeps the nodes it had where they were); labels stay a fixed size on
screen whatever the zoom; the selection is named, and its neighbours and the highest-degree nodes
where their names do not cover one another; the node under the pointer shows its whole name. It returns the user's last action, ``{"action", "data", "timestamp"}``:
``select`` (``data.target_id``, ``data.target_group``), ``expand`` and ``remove``
(``data.node_ids``; only with ``actions``: double-click, Delete).
"""

from __future__ import annotations

from pathlib import Path

import streamlit.components.v1 as components

__all__ = ["graph_canvas", "STATIC_DIR"]

STATIC_DIR = Path(__file__).resolve().parent / "static"

_component = components.declare_component("graph_canvas", path=str(STATIC_DIR))


def graph_canvas(elements: dict, *, key: str, words: dict, height: int = 560, colours: dict | None = None,
                 edge_colours: dict | None = None, layout: str = "preset", actions: bool = False,
                 font_px: int = 14, edge_font_px: int = 11, fit_screen: bool = False, top_labels: int = 15,
                 all_labels_below: int = 25) -> dict | None:
    """Draw `elements` (``{"nodes": [{"data", "position"}], "edges": [{"data"}]}``: node data has
    ``id``, ``label``, ``caption`` (full name), ``short`` (drawn name), ``degree``; edge data ``id``,
    ``source``, ``target``, ``label`` (type), ``display`` (drawn caption)). `words` are the
    buttons' texts (``fit``, ``all_names``) in the interface's language. `layout` is ``preset``
    (the positions given) or a deterministic cytoscape layout run without animation (``circle``,
    ``concentric``). `fit_screen` makes the canvas take the rest of the window below it."""
    max_degree = max([n["data"].get("degree", 0) for n in elements.get("nodes", [])] + [1])
    value = _component(elements=elements, words=words, height=int(height), colours=colours or {},
                       edge_colours=edge_colours or {}, layout=layout, actions=bool(actions), font_px=font_px,
                       edge_font_px=edge_font_px, fit_screen=bool(fit_screen), top_labels=top_labels,
                       all_labels_below=all_labels_below, max_degree=max_degree, key=key, default=None)
    return value if isinstance(value, dict) else None
