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
    if presenting_now:
        st.markdown("""<style>
        [data-testid="stSidebar"], [data-testid="stHeader"], header { display: none !important; }
        .block-container { max-width: 100% !important; padding-top: 1rem; }
        .kg-caption { font-size: 2.1rem; line-height: 1.35; margin: 0.2em 0 0.6em 0; }
        .kg-story-title { font-size: 1.2rem; color: #666; }
        </style>""", unsafe_allow_html=True)
        st.markdown(f"<div class='kg-story-title'>{html.escape(s.text(s.title, lang))} · "
                    f"{t('step').format(i=step_no, n=len(s.steps))}</div>"
                    f"<div class='kg-caption'>{html.escape(step.caption.get(lang) or step.caption.get('zh', ''))}"
                    "</div>",
                    unsafe_allow_html=True)
    else:
        st.caption(s.text(s.description, lang))
        st.markdown(f"**{t('step').format(i=step_no, n=len(s.steps))}** · "
                    f"{step.caption.get(lang) or step.caption.get('zh', '')}")
    c1, c2, c3, _ = st.columns([1, 1, 1.4, 4])
    # the arrow keys step too: a presenter's clicker or keyboard, without the mouse
    if c1.button(f"◀ {t('prev')}", disabled=step_no == 1, key="prev", shortcut="Left"):
        go_to_step(name, step_no - 1)
    if c2.button(f"{t('next')} ▶", disabled=step_no == len(s.steps), key="next", shortcut="Right"):
        go_to_step(name, step_no + 1)
    if c3.button(t("exit_present") if presenting_now else t("present"), key="present"):
        st.query_params.update({"present": "0" if presenting_now else "1"})
        st.rerun()
    st.query_params.update({"view": "stories", "story": name, "step": str(step_no), "lang": lang})
    q = catalogue.load()[step.query]
    result = run(store, q.text_for(store.kind), q.bind(step.params))
    if result is not None:
        show_result(store, result, key=f"story-{name}-{step_no}", chart=q.chart,
                    title=q.headline(lang, q.bind(step.params), shown=lambda p, v: value_name(spec, p)(v)),
                    only=step.view or None, layout=step.layout, height=700 if presenting_now else 560)


def go_to_step(name: str, step_no: int) -> None:
    st.query_params.update({"story": name, "step": str(step_no)})
    st.rerun()
