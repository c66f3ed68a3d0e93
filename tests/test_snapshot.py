"""Exported pictures of a graph view: SVG and PNG with title, legend and source footnote."""
from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest

from ui import snapshot
from ui.layout import spring_layout

NODES = {
    "1": {"_kind": "node", "id": "1", "labels": ["City"], "properties": {"name": "成都", "english": "Chengdu"}},
    "2": {"_kind": "node", "id": "2", "labels": ["Industry"], "properties": {"name": "人工智能", "english": "AI"}},
}
RELS = {"9": {"_kind": "relationship", "id": "9", "type": "TARGETS", "start": "1", "end": "2", "properties": {}}}


def test_svg_has_title_legend_footnote_and_chinese_text():
    svg = snapshot.to_svg(NODES, RELS, title="城市布局", footnote="来源：a.txt", lang="zh")
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "城市布局" in texts and "来源：a.txt" in texts
    assert {"成都", "人工智能", "城市", "产业"} <= set(texts)  # captions and the legend
    assert len(list(root.iter("{http://www.w3.org/2000/svg}line"))) == 1


def test_svg_captions_follow_the_language_switch():
    svg = snapshot.to_svg(NODES, RELS, title="t", footnote="f", lang="en")
    assert "Chengdu" in svg and "City" in svg


def test_png_is_a_picture_when_a_cjk_font_is_installed():
    if snapshot.cjk_font(12) is None:
        with pytest.raises(RuntimeError, match="CJK font"):
            snapshot.to_png(NODES, RELS, title="t", footnote="f")
        return
    png = snapshot.to_png(NODES, RELS, title="城市布局", footnote="来源", lang="zh")
    from PIL import Image

    img = Image.open(io.BytesIO(png))
    assert img.format == "PNG" and img.size == (snapshot.W, snapshot.H)
    assert len(img.convert("L").getcolors(maxcolors=1 << 16)) > 10  # something was drawn


def test_layout_is_deterministic_and_keeps_pinned_nodes():
    ids, edges = ["a", "b", "c"], [("a", "b"), ("b", "c")]
    assert spring_layout(ids, edges) == spring_layout(ids, edges)
    pos = spring_layout(ids + ["d"], edges + [("c", "d")], fixed={"a": (10.0, 20.0)})
    assert pos["a"] == (10.0, 20.0)
