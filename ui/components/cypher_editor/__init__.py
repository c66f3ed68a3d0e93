"""A Cypher code editor for Streamlit (Neo4j's CodeMirror 6 editor, bundled).

The frontend lives in ``frontend/`` and is built into ``build/``, which is
committed, so the app needs no Node toolchain and loads nothing from the
network at run time. See README.md in this folder to rebuild it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st
import streamlit.components.v1 as components

__all__ = ["cypher_editor", "BUILD_DIR"]

BUILD_DIR = Path(__file__).resolve().parent / "build"

_component = components.declare_component("cypher_editor", path=str(BUILD_DIR))


def cypher_editor(
    value: str,
    key: str,
    height: int = 200,
    examples: list[str] | None = None,
    version: int = 0,
    hint: str = "Ctrl+Enter to run",
    placeholder: str = "Type a Cypher query…",
    font_size: float | None = None,
) -> dict | None:
    """Show a Cypher editor and return what the user sent from it.

    ``value`` initialises the editor. The editor keeps its own text across
    reruns; to replace it from Python (load an example, "open in editor"),
    pass the new ``value`` together with a different ``version``.

    Returns ``None`` until the user has interacted, then
    ``{"text": str, "run": int}``: ``run`` counts Ctrl+Enter (Cmd+Enter)
    presses, each of which sends the text; the text is also sent, with the
    same ``run``, when the editor loses focus after a change. Compare ``run``
    with the last value you handled to know whether to execute the query.
    When ``version`` changed since the text was sent, the returned text is
    ``value`` (the editor now shows it) and ``run`` is kept.

    ``examples``, if given, fills a small "Examples…" menu under the editor
    that loads the chosen query into it (and sends it, without running).
    ``hint`` (under the editor) and ``placeholder`` (in it, while empty) are
    the editor's own words, in the app's language. ``font_size`` (px) sets the
    editor's type, the hint's with it (None: the default 13.5 px); presentation
    mode passes a large one, since the editor's frame takes no style from the page.
    """
    previous = st.session_state.get(key)
    run_base = 0
    if isinstance(previous, dict):
        try:
            run_base = int(previous.get("run") or 0)
        except (TypeError, ValueError):
            run_base = 0

    result: Any = _component(
        value=value or "",
        version=int(version),
        height=int(height),
        examples=[str(e) for e in examples] if examples else None,
        run_base=run_base,
        hint=hint,
        placeholder=placeholder,
        font_size=float(font_size) if font_size else None,
        key=key,
        default=None,
    )
    if not isinstance(result, dict):
        return None
    run = int(result.get("run") or 0)
    if result.get("version") != int(version):
        # Sent before Python replaced the editor content: the editor now shows
        # `value`, so the old text is stale.
        return {"text": value or "", "run": run}
    return {"text": str(result.get("text", "")), "run": run}
