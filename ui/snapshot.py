"""The current graph view as a picture for slides: SVG and PNG with a legend, a title and a source footnote.

Positions come from ui.layout (deterministic), colours from ui.viz. Chinese text
needs a CJK font: SVG names the usual families (the viewer's machine renders
them); PNG is drawn here with the first CJK font found on this machine.
"""
from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from .layout import spring_layout
from .viz import COLOURS, EDGE_COLOURS, LABEL_NAMES

FONT_FAMILY = "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', " \
              "'WenQuanYi Micro Hei', sans-serif"
CJK_FONT_FILES = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
    "C:/Windows/Fonts/msyh.ttc",
]
W, H, MARGIN, TOP, BOTTOM = 1400, 1000, 40, 80, 70


def _frame(nodes: dict, rels: dict, positions: dict | None):
    ids = list(nodes)
    edges = [(r["start"], r["end"]) for r in rels.values() if r["start"] in nodes and r["end"] in nodes]
    pos = positions or spring_layout(ids, edges, iterations=80 if len(ids) < 400 else 40)
    xs = [p[0] for p in pos.values()] or [0]
    ys = [p[1] for p in pos.values()] or [0]
    sx = (W - 2 * MARGIN - 200) / max(max(xs) - min(xs), 1)
    sy = (H - TOP - BOTTOM) / max(max(ys) - min(ys), 1)
    scale = min(sx, sy)

    def place(nid):
        x, y = pos[nid]
        return MARGIN + (x - min(xs)) * scale, TOP + (y - min(ys)) * scale

    return place, edges


def _caption(node: dict, lang: str) -> str:
    p = node["properties"]
    return str(p.get("english") or p.get("name", "")) if lang == "en" else str(p.get("name", ""))


def to_svg(nodes: dict, rels: dict, *, title: str, footnote: str, lang: str = "zh",
           positions: dict | None = None) -> str:
    place, _ = _frame(nodes, rels, positions)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
           f'font-family="{escape(FONT_FAMILY)}">', f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{MARGIN}" y="48" font-size="28" font-weight="bold">{escape(title)}</text>']
    for r in rels.values():
        if r["start"] in nodes and r["end"] in nodes:
            (x1, y1), (x2, y2) = place(r["start"]), place(r["end"])
            colour = EDGE_COLOURS.get(r["type"], "#999")
            out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
                       f'stroke-width="1.5" stroke-opacity="0.7"/>')
    for nid, node in nodes.items():
        x, y = place(nid)
        label = node["labels"][0] if node["labels"] else "?"
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="9" fill="{COLOURS.get(label, "#444")}"/>')
        out.append(f'<text x="{x + 12:.1f}" y="{y + 5:.1f}" font-size="14">{escape(_caption(node, lang))}</text>')
    labels = sorted({(n["labels"] or ["?"])[0] for n in nodes.values()})
    for i, label in enumerate(labels):
        y = TOP + 10 + i * 26
        name = LABEL_NAMES.get(label, label) if lang == "zh" else label
        out.append(f'<circle cx="{W - 190}" cy="{y}" r="8" fill="{COLOURS.get(label, "#444")}"/>')
        out.append(f'<text x="{W - 174}" y="{y + 5}" font-size="15">{escape(name)}</text>')
    out.append(f'<text x="{MARGIN}" y="{H - 28}" font-size="13" fill="#666">{escape(footnote)}</text>')
    out.append("</svg>")
    return "\n".join(out)


NO_CJK_FONT = "no CJK font found for PNG export (install fonts-noto-cjk); the SVG export works"


def has_cjk_font() -> bool:
    return any(Path(path).exists() for path in CJK_FONT_FILES)


def cjk_font(size: int):
    from PIL import ImageFont

    for path in CJK_FONT_FILES:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return None


def to_png(nodes: dict, rels: dict, *, title: str, footnote: str, lang: str = "zh",
           positions: dict | None = None) -> bytes:
    """PNG bytes; raises RuntimeError when no CJK font is installed (Chinese would be boxes)."""
    from PIL import Image, ImageDraw

    font, small, big = cjk_font(15), cjk_font(13), cjk_font(28)
    if font is None:
        raise RuntimeError(NO_CJK_FONT)
    place, _ = _frame(nodes, rels, positions)
    img = Image.new("RGB", (W, H), "white")
    d = ImageDraw.Draw(img)
    d.text((MARGIN, 22), title, fill="black", font=big)
    for r in rels.values():
        if r["start"] in nodes and r["end"] in nodes:
            d.line([place(r["start"]), place(r["end"])], fill=EDGE_COLOURS.get(r["type"], "#999999"), width=2)
    for nid, node in nodes.items():
        x, y = place(nid)
        label = node["labels"][0] if node["labels"] else "?"
        d.ellipse([x - 9, y - 9, x + 9, y + 9], fill=COLOURS.get(label, "#444444"))
        d.text((x + 12, y - 9), _caption(node, lang), fill="black", font=font)
    labels = sorted({(n["labels"] or ["?"])[0] for n in nodes.values()})
    for i, label in enumerate(labels):
        y = TOP + 10 + i * 26
        d.ellipse([W - 198, y - 8, W - 182, y + 8], fill=COLOURS.get(label, "#444444"))
        d.text((W - 174, y - 9), LABEL_NAMES.get(label, label) if lang == "zh" else label, fill="black", font=font)
    d.text((MARGIN, H - 40), footnote, fill="#666666", font=small)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()
