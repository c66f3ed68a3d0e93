"""Ad-hoc Cypher: the editor (highlighted, Ctrl+Enter runs), parameters as JSON, this session's
history. What someone types runs isolated, read-only, time- and row-limited (Store.read)."""
from __future__ import annotations

import json
import re

import streamlit as st

from graph.store import StoreError

from ..common import EXAMPLES, TEXT, example_title, presenting, t
from ..results import run, show_error, show_result

# Presentation mode: the editor's type in px (the page's other inputs are 1.3rem, about 21 px) and its
# height (about seven lines at that size, as the 150 px are eight at 13.5 px).
PRESENT_CODE_PX = 22
PRESENT_EDITOR_HEIGHT = 250


# What can hold a "$": a string literal, a quoted name or a comment (none of them a parameter),
# else a parameter ($city, $`a name`); the first alternative that matches at a place wins.
_PARAM_OR_SKIPPED = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`|//[^\n]*|/\*.*?\*/"""
                               r"""|\$(?:`(?P<quoted>[^`]+)`|(?P<name>\w+))""", re.S)


def missing_parameters(cypher: str, params: dict) -> list[str]:
    """The parameters the query uses ($name) that `params` does not give, in the order the query
    first uses them. A "$" inside a string, a quoted name or a comment is no parameter."""
    used = [m["quoted"] or m["name"] for m in _PARAM_OR_SKIPPED.finditer(cypher) if m["quoted"] or m["name"]]
    return [name for name in dict.fromkeys(used) if name not in params]


def missing_parameters_message(names: list[str], lang: str) -> str:
    """What to say for parameters the query uses and nobody gave (the stores said only "Missing
    parameters"): each by its name, and how to give them."""
    shown = ("、" if lang == "zh" else ", ").join(f"${n}" for n in names)
    example = json.dumps({n: "…" for n in names}, ensure_ascii=False)
    return TEXT[lang]["params_missing"].format(names=shown, example=example)


def show(store, spec: str) -> None:
    if "adhoc_text" not in st.session_state and st.query_params.get("cypher"):
        # A shared link (?view=adhoc&cypher=…&params=…) reopens the query and runs it.
        st.session_state["adhoc_text"] = st.query_params["cypher"]
        st.session_state["adhoc_params"] = st.query_params.get("params", "{}")
        st.session_state["adhoc_ran"] = True
    st.session_state.setdefault("adhoc_text", EXAMPLES[0]["cypher"])
    st.session_state.setdefault("adhoc_params", EXAMPLES[0].get("params", "{}"))
    st.session_state.setdefault("history", [])
    c1, c2 = st.columns([3, 1])
    with c2:
        # picked by position and shown in the reader's language: switching language neither loses
        # the pick nor loads the example again over what was typed since
        pick = st.selectbox(t("examples"), [None, *range(len(EXAMPLES))], key="example",
                            format_func=lambda i: "—" if i is None else example_title(EXAMPLES[i]))
        if pick is not None and st.session_state.get("example_loaded") != pick:
            ex = EXAMPLES[pick]
            st.session_state.update(adhoc_text=ex["cypher"], adhoc_params=ex.get("params", "{}"),
                                    example_loaded=pick,
                                    editor_version=st.session_state.get("editor_version", 0) + 1)
        st.text_area(t("params_json"), key="adhoc_params", height=68)
        # the two limits side by side: one under the other, this column ran 100 px past the editor
        # and pushed the result's graph below the fold at 1440 x 900
        l1, l2 = st.columns(2)
        timeout = l1.number_input(t("timeout"), value=5000, min_value=100, max_value=60000, step=500)
        limit = l2.number_input(t("limit"), value=500, min_value=1, max_value=10000, step=100)
    with c1:
        text, ctrl_enter = editor()
        b1, b2, _ = st.columns([1, 2, 4])
        clicked = b1.button(t("run"), type="primary", key="run-adhoc")
        explain = b2.button(t("explain"), key="explain-adhoc")
    if explain:  # the plan alone: the last result is not shown under it as if it were the plan's
        st.session_state["adhoc_ran"] = False
        try:  # the store's own plan, without running the query
            params = json.loads(st.session_state["adhoc_params"] or "{}")
            missing = missing_parameters(text, params) if isinstance(params, dict) else []
            if missing:
                st.error(missing_parameters_message(missing, st.session_state["lang"]))
            else:
                st.code(store.explain(text, params), language="text")
        except (StoreError, ValueError) as exc:
            show_error(str(exc), text)
    if not explain and (clicked or ctrl_enter or st.session_state.get("adhoc_ran")):
        st.session_state["adhoc_ran"] = True
        try:
            params = json.loads(st.session_state["adhoc_params"] or "{}")
            if not isinstance(params, dict):
                raise ValueError("not an object")
        except ValueError as exc:
            st.error(t("params_bad").format(err=exc))
            return
        missing = missing_parameters(text, params)
        if missing:  # said before running: the stores name none of them
            st.error(missing_parameters_message(missing, st.session_state["lang"]))
            return
        if clicked or ctrl_enter:
            history = st.session_state["history"]
            if not history or history[-1] != text:
                history.append(text)
        st.query_params.from_dict({"view": "adhoc", "cypher": text, "params": st.session_state["adhoc_params"],
                                   "lang": st.session_state["lang"],
                                   **({"present": "1"} if presenting() else {})})  # a run stays a presentation
        result = run(store, text, params, timeout_ms=int(timeout), row_limit=int(limit), isolated=True)
        if result is not None:
            show_result(store, result, key="adhoc", title="Cypher", own_columns=True)
    if st.session_state["history"]:
        with st.expander(t("history")):
            for past in reversed(st.session_state["history"][-20:]):
                st.code(past, language="cypher")


def editor() -> tuple[str, bool]:
    """The Cypher editor: highlighted, Ctrl+Enter runs. Returns (text, ran by Ctrl+Enter)."""
    try:
        from ui.components.cypher_editor import cypher_editor
    except ImportError:  # pragma: no cover - the component ships with the package
        cypher_editor = None
    if cypher_editor is None:
        return st.text_area("Cypher", key="adhoc_text", height=200), False
    # 150 px (eight lines; longer queries scroll): at 200 the result's graph began below the fold.
    # Presenting, the type is the room's size like the rest of the page (ui/app.py PRESENT_STYLE);
    # the editor is a frame of its own that the page's style does not reach, so it is told.
    big = presenting()
    value = cypher_editor(st.session_state["adhoc_text"], key="cypher-editor",
                          height=PRESENT_EDITOR_HEIGHT if big else 150,
                          version=st.session_state.get("editor_version", 0),
                          hint=t("editor_hint"), placeholder=t("editor_placeholder"),
                          font_size=PRESENT_CODE_PX if big else None)
    if not value:
        return st.session_state["adhoc_text"], False
    st.session_state["adhoc_text"] = value.get("text", st.session_state["adhoc_text"])
    ran = value.get("run", 0) != st.session_state.get("editor_runs", 0)
    st.session_state["editor_runs"] = value.get("run", 0)
    return st.session_state["adhoc_text"], ran
