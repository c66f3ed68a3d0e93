"""Stories for meetings: steps of canned queries with captions in both languages; presentation
mode shows one step at a time, full width."""
from __future__ import annotations

import html

import streamlit as st

from queries import catalogue, stories

from ..common import presenting, t
from ..results import run, show_result
from .canned import value_name


def show(store, spec: str) -> None:
    lang = st.session_state["lang"]
    presenting_now = presenting()
    all_stories = stories.load()
    if not all_stories:
        st.info("cypher/stories/ is empty")
        return
    names = list(all_stories)
    name = st.query_params.get("story", names[0])
    name = name if name in names else names[0]
    if not presenting_now:
        name = st.selectbox(t("stories"), names, index=names.index(name),
                            format_func=lambda n: all_stories[n].text(all_stories[n].title, lang))
    s = all_stories[name]
    step_no = min(max(int(st.query_params.get("step", 1) or 1), 1), len(s.steps))
    step = s.steps[step_no - 1]
    caption = step.caption.get(lang) or step.caption.get("zh", "")
    where = t("step").format(i=step_no, n=len(s.steps))
    if presenting_now:  # one row for where we are and the (large) buttons, then the caption: the rest is the chart
        head, right = st.columns([1, 1], vertical_alignment="center")
        head.markdown(f"<div class='kg-story-title'>{html.escape(s.text(s.title, lang))} · {where}</div>",
                      unsafe_allow_html=True)
        buttons = right.container(horizontal=True, horizontal_alignment="right")
    else:
        st.caption(s.text(s.description, lang))
        st.markdown(f"**{where}** · {caption}")
        buttons = st.container(horizontal=True)
    # buttons as wide as their labels, never cut (Leave presentation); the arrow keys step too: a
    # presenter's clicker or keyboard, without the mouse
    if buttons.button(f"◀ {t('prev')}", disabled=step_no == 1, key="prev", shortcut="Left"):
        go_to_step(name, step_no - 1)
    if buttons.button(f"{t('next')} ▶", disabled=step_no == len(s.steps), key="next", shortcut="Right"):
        go_to_step(name, step_no + 1)
    if buttons.button(t("exit_present") if presenting_now else t("present"), key="present"):
        st.query_params.update({"present": "0" if presenting_now else "1"})
        st.rerun()
    if presenting_now:
        st.markdown(f"<div class='kg-caption'>{html.escape(caption)}</div>", unsafe_allow_html=True)
    st.query_params.update({"view": "stories", "story": name, "step": str(step_no), "lang": lang})
    q = catalogue.load()[step.query]
    result = run(store, q.text_for(store.kind), q.bind(step.params))
    if result is not None:
        show_result(store, result, key=f"story-{name}-{step_no}", chart=q.chart,
                    title=q.headline(lang, q.bind(step.params), shown=lambda p, v: value_name(spec, p)(v)),
                    only=step.view or None, layout=step.layout, height=700 if presenting_now else 560,
                    chart_rows=STORY_CHART_ROWS)


# In presentation mode the most pixels a step's chart's bars or rows take: what a 1440 × 900 screen
# has under the step's header and a caption of two lines (a canned query's header is taller)
STORY_CHART_ROWS = 580


def go_to_step(name: str, step_no: int) -> None:
    st.query_params.update({"story": name, "step": str(step_no)})
    st.rerun()
