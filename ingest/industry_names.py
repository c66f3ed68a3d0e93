"""Industries named as the text names them, with the catalogue entry they refine as parent.

A text that writes 高档数控机床 or 中性原子量子计算 names a field narrower than the
catalogue's 数控机床 or 量子计算: the node keeps the text's name (without a
trailing 产业 / 行业, ANNOTATION.md) and the catalogue entry becomes its PART_OF
parent, so roll-ups still reach it. Script and regional variants (晶片 → 芯片)
keep the catalogue name: they are the same word written differently. A synonym the
catalogue lists (海工装备 for 海洋工程装备, 晶圆制造 for 集成电路制造) is named as written
with the entry as parent, as annotators name it (cross-validated entity F1 +0.01 on both
the dev and the collected texts); roll-ups reach it the same way.
"""
from __future__ import annotations

from .gazetteer import Gazetteer
from .mention import Mention
from .rules import Rules


def field_name(surface: str, rules: Rules) -> str:
    """A field's name as written, without its trailing 产业 / 行业 (or 业 after 制造, 服务 …)."""
    cfg = rules.industries
    for suffix in cfg.drop_suffixes:
        if surface.endswith(suffix) and len(surface) - len(suffix) >= cfg.min_chars:
            return surface[: -len(suffix)]
    if (surface.endswith("业") and len(surface) - 1 >= cfg.min_chars
            and surface[-2:-1] in cfg.ye_after):
        return surface[:-1]
    return surface


def name_as_written(text: str, mentions: list[Mention], rules: Rules, g: Gazetteer) -> list[Mention]:
    """`mentions` with each industry that the text writes as a narrower form of a catalogue entry
    (modifier + entry, entry + 技术 / 制造 …) named as written, its parent the entry; and each
    industry a list or compound made up taking the catalogue entry that ends it as parent."""
    for m in mentions:
        if m.label != "Industry":
            continue
        written = field_name(text[m.start:m.end], rules)
        if m.source == "gazetteer":
            if written != m.name and ("Industry", written) not in g.entries and _synonym(written, m.name, g):
                m.props = {**m.props, "parent": m.name}
                m.name = written
            elif written != m.name and m.name in written and ("Industry", written) not in g.entries:
                m.props = {**m.props, "parent": m.name}
                m.name = written
        elif ("Industry", m.name) not in g.entries:
            m.name = field_name(m.name, rules)
            parent = _head(m.name, g)
            if parent:
                m.props = {**m.props, "parent": parent}
    return mentions


def _synonym(written: str, name: str, g: Gazetteer) -> bool:
    """Is `written` one of the catalogue's other words for the field `name` (海工装备 for
    海洋工程装备), rather than a script or regional variant (晶片) or a Latin abbreviation (AI)?"""
    entry = g.entries.get(("Industry", name))
    return (entry is not None and written in entry.aliases and written not in g.variants
            and len(written) >= 3 and all("\u4e00" <= c <= "\u9fff" for c in written))


def _head(name: str, g: Gazetteer) -> str | None:
    """The longest catalogue industry that ends `name` (物流无人机 -> 无人机), if shorter than it."""
    best = None
    for start, end, _surface, key in g.find(name):
        if key[0] == "Industry" and end == len(name) and start > 0 and key[1] != name:
            if best is None or start < best[0]:
                best = (start, key[1])
    return best[1] if best else None
