"""Turn query results into what the app draws: Cytoscape elements, a legend, highlighted evidence."""
from __future__ import annotations

import html
import re
import tomllib
from pathlib import Path

# One colour per label, used everywhere (graph, legend, evidence highlights).
COLOURS = {
    "City": "#e4572e",
    "Province": "#f3a712",
    "Region": "#a8c686",
    "Zone": "#669bbc",
    "Industry": "#29335c",
    "Institution": "#8e6c8a",
    "Policy": "#2a9d8f",
    "Document": "#9e9e9e",
}
# What each label is called in Chinese (ui/text.toml, the interface's words)
# each label's name in each language (ui/text.toml label_*): Zone -> 园区/城区, Zone / district
_WORDS = tomllib.loads((Path(__file__).with_name("text.toml")).read_text(encoding="utf-8"))
LABEL_WORDS = {lang: {key[len("label_"):]: value for key, value in words.items() if key.startswith("label_")}
               for lang, words in _WORDS.items()}
LABEL_NAMES = LABEL_WORDS["zh"]
EDGE_COLOURS = {"TARGETS": "#e4572e", "SUPPORTS": "#2a9d8f", "LOCATED_IN": "#999999", "ISSUED_BY": "#8e6c8a",
                "PART_OF": "#29335c", "MENTIONS": "#cccccc"}


def elements_from(nodes: dict, rels: dict, *, lang: str = "zh", positions: dict | None = None) -> dict:
    """Cytoscape elements for a view graph. `caption` follows the language switch (English name
    where known); `degree` drives node size; `positions` pins nodes (preset layout)."""
    rels = {k: r for k, r in rels.items() if r["start"] in nodes and r["end"] in nodes}
    degree: dict[str, int] = {}
    for r in rels.values():
        degree[r["start"]] = degree.get(r["start"], 0) + 1
        degree[r["end"]] = degree.get(r["end"], 0) + 1
    out_nodes = []
    for nid, n in nodes.items():
        label = n["labels"][0] if n["labels"] else "?"
        props = n["properties"]
        name = str(props.get("name", nid))
        english = str(props.get("english", "") or "").split("|")[0]
        data = {"id": inert(nid), "label": inert(label), "name": inert(name), "english": inert(english),
                "caption": canvas_text(english if lang == "en" and english else name), "degree": degree.get(nid, 0)}
        data.update({k: inert(_short(v)) for k, v in props.items() if k not in data})
        element = {"data": data}
        if positions and nid in positions:
            element["position"] = {"x": positions[nid][0], "y": positions[nid][1]}
        out_nodes.append(element)
    out_edges = []
    for rid, r in rels.items():
        p = r["properties"]
        data = {"id": inert(f"e{rid}"), "label": inert(r["type"]), "source": inert(r["start"]),
                # an analyst's accepted, changed or added relationship carries a mark on the canvas
                "caption": inert(r["type"] + (CURATED_MARK if p.get("curated") else "")),
                "target": inert(r["end"]), "count": inert(p.get("count", 1)), "confidence": inert(p.get("confidence", "")),
                "evidence": inert(" ‖ ".join(map(str, (p.get("evidence") or [])[:3])))}
        out_edges.append({"data": data})
    return {"nodes": out_nodes, "edges": out_edges}


CURATED_MARK = " ✓"

# Everything in the graph comes from documents or queries. The graph canvas draws data values only
# as canvas text or textContent; they go to it escaped all the same, ids included, so no value is
# ever markup wherever it is shown (an id the component hands back is read with `element_id`).
def inert(v):
    if isinstance(v, str):
        return html.escape(v)
    return v if isinstance(v, (int, float, bool)) or v is None else html.escape(str(v))


def element_id(v: str) -> str:
    """The graph's own id of an element id the component hands back."""
    return html.unescape(v)


def canvas_text(text: str) -> str:
    """A caption the canvas draws as text (and its tooltip shows): the characters HTML would read
    as markup become their full-width look-alikes, which read the same."""
    return text.translate(_FULL_WIDTH)


_FULL_WIDTH = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇"})
# Markdown (and Streamlit's $…$ maths) would render links and fetch images named in a title.
_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+-.!|<>~$:"})


def md(text) -> str:
    """Document text placed inside Markdown, shown literally."""
    return str(text).translate(_MARKDOWN_SPECIAL)


def plain(v) -> str:
    """A property value as a table cell: lists joined, everything as text (Arrow wants one type)."""
    if isinstance(v, (list, tuple)):
        return "、".join(map(str, v))
    return "" if v is None else str(v)


def _short(v):
    if isinstance(v, list):
        return "; ".join(map(str, v))[:300]
    return v if isinstance(v, (int, float, bool)) else str(v)[:300]


def legend_html(labels: list[str], lang: str = "en") -> str:
    chips = []
    for label in labels:
        colour = COLOURS.get(label, "#444")
        name = LABEL_WORDS.get(lang, {}).get(label, label)  # as the pickers and charts name it
        chips.append(f'<span style="display:inline-block;margin:2px 10px 2px 0">'
                     f'<span style="display:inline-block;width:12px;height:12px;border-radius:6px;'
                     f'background:{colour};margin-right:4px;vertical-align:middle"></span>{html.escape(name)}</span>')
    return f"<div class='kg-legend'>{''.join(chips)}</div>"


# The sentence the ingest writes on a taxonomy edge (ingest/assemble.py TAXONOMY_EVIDENCE): nobody
# said it, so the evidence panel says it in the interface's words rather than quoting it.
TAXONOMY_SENTENCE = re.compile(r"industry taxonomy \([^)]*\): (?P<child>.+) is part of (?P<parent>.+)")


def taxonomy_evidence(sentence: str, template: str, shown: dict[str, str]) -> str | None:
    """The taxonomy's own sentence in the reader's words (`template` with {child} and {parent},
    each name as `shown` gives it: in English its English name); None for a sentence of a text."""
    m = TAXONOMY_SENTENCE.fullmatch(sentence)
    if not m:
        return None
    return template.format(child=shown.get(m["child"], m["child"]), parent=shown.get(m["parent"], m["parent"]))


def highlight(sentence: str, names: dict[str, str], label_names: dict[str, str] | None = None) -> str:
    """The sentence as HTML with each known entity marked in its label's colour (displaCy-style).

    `names` maps a surface form (name or alias) to its label; matching runs on
    simplified text so traditional-character evidence is highlighted too.
    """
    from textnorm import to_simplified

    simplified = to_simplified(sentence)
    spans: list[tuple[int, int, str]] = []
    for surface in sorted(names, key=len, reverse=True):
        if not surface:
            continue
        for m in re.finditer(re.escape(to_simplified(surface)), simplified):
            if not any(s < m.end() and m.start() < e for s, e, _ in spans):
                spans.append((m.start(), m.end(), names[surface]))
    spans.sort()
    parts, pos = [], 0
    for s, e, label in spans:
        parts.append(html.escape(sentence[pos:s]))
        colour = COLOURS.get(label, "#444")
        parts.append(f'<mark style="background:{colour}22;border-bottom:2px solid {colour};padding:0 2px">'
                     f'{html.escape(sentence[s:e])}<sup style="color:{colour};font-size:0.6em">'
                     f'{html.escape((label_names or {}).get(label, label))}</sup></mark>')
        pos = e
    parts.append(html.escape(sentence[pos:]))
    return "".join(parts)
