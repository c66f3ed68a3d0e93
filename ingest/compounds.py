"""Compound industry names: known industries written together name one field (汽车 + 电子 ->
汽车电子, 海洋 + 生物 -> 海洋生物), as the text writes it; coordinated ones stay apart (Conventions 8)."""
from __future__ import annotations

from .mention import Mention
from .rules import Rules


def join_adjacent_industries(text: str, mentions: list[Mention], rules: Rules) -> list[Mention]:
    """`mentions` with each run of industries that touch (no character between) made one."""
    limit = rules.lists.compound_max_chars
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (prev is not None and prev.label == m.label == "Industry" and prev.end == m.start
                and m.end - prev.start <= limit):
            out[-1] = Mention(prev.start, m.end, "Industry", text[prev.start:m.end], "compound")
            continue
        out.append(m)
    return out
