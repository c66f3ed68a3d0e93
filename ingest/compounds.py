"""Compound industry names: known industries written together name one field (汽车 + 电子 ->
汽车电子, 海洋 + 生物 -> 海洋生物), as the text writes it; coordinated ones stay apart (Conventions 8)."""
from __future__ import annotations

from .mention import Mention
from .rules import Rules


def join_adjacent_industries(text: str, mentions: list[Mention], rules: Rules) -> list[Mention]:
    """`mentions` with each run of industries that touch (no character between) made one, and a
    listed modifier written right before an industry kept with it (智能网联 + 新能源汽车)."""
    limit = rules.lists.compound_max_chars
    modifiers = sorted(rules.lists.item_modifiers, key=len, reverse=True)
    out: list[Mention] = []
    for m in mentions:
        if m.label == "Industry":
            free_from = out[-1].end if out else 0
            modifier = next((w for w in modifiers if m.start - len(w) >= free_from
                             and text.startswith(w, m.start - len(w))), None)
            if modifier:
                start = m.start - len(modifier)
                m = Mention(start, m.end, "Industry", text[start:m.end], "compound")
        prev = out[-1] if out else None
        if (prev is not None and prev.label == m.label == "Industry" and prev.end == m.start
                and m.end - prev.start <= limit):
            out[-1] = Mention(prev.start, m.end, "Industry", text[prev.start:m.end], "compound")
            continue
        out.append(m)
    return out


def distribute_shared_head(text: str, mentions: list[Mention], rules: Rules, surface: dict) -> list[Mention]:
    """新能源与智能网联汽车 -> 新能源汽车 + 智能网联汽车: an industry coordinated with one that ends
    in a head it lacks takes the head, when the gazetteer knows the result (Conventions 8)."""
    glue = tuple(rules.chars.list_glue)
    out = list(mentions)
    for k in range(len(out) - 1):
        a, b = out[k], out[k + 1]
        if a.label != "Industry" or b.label != "Industry" or text[a.end:b.start] not in glue:
            continue
        for n in (2, 1, 3):
            key = surface.get(a.name + b.name[-n:]) if len(b.name) > n else None
            if key and key[0] == "Industry" and not a.name.endswith(b.name[-n:]):
                out[k] = Mention(a.start, a.end, "Industry", key[1], "compound")
                break
    return out
