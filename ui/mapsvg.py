"""The map view as an SVG file for slides: the same provinces, places, names, legend and title the page
draws, with the boundaries' source underneath. Drawn here (Streamlit's chart menu offers a PNG
only), in the same projection as the page: conic equal-area, parallels 25° and 47° N, centred on 105° E.
"""
from __future__ import annotations

import math
from xml.sax.saxutils import escape

from .snapshot import FONT_FAMILY
from .viz import COLOURS

W, H, MARGIN, TOP, BOTTOM, LEGEND = 1400, 1000, 30, 80, 60, 260
PARALLELS, MERIDIAN = (25.0, 47.0), 105.0


def _projection():
    """d3's conicEqualArea (Albers) as a function of (lon, lat) in degrees, y pointing down."""
    y0, y1 = (math.radians(p) for p in PARALLELS)
    n = (math.sin(y0) + math.sin(y1)) / 2
    c = 1 + math.sin(y0) * (2 * n - math.sin(y0))
    r0 = math.sqrt(c) / n

    def project(lon: float, lat: float) -> tuple[float, float]:
        x, y = math.radians(lon - MERIDIAN), math.radians(lat)
        r = math.sqrt(max(c - 2 * n * math.sin(y), 0)) / n
        return r * math.sin(x * n), -(r0 - r * math.cos(x * n))

    return project


def _polygons(geometry: dict) -> list:
    return geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]


def _mix(low: str, high: str, share: float) -> str:
    a, b = (tuple(int(h[i:i + 2], 16) for i in (1, 3, 5)) for h in (low, high))
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b))


def map_svg(features: list[dict], data: dict, *, title: str, footnote: str, texts: dict, lang: str,
            province_colours: list[str], area_range: list[int]) -> str:
    """The picture: `features` the bundled provinces, `data` the view's points and provinces
    (ui/views/china_map.place_data), `texts` the legend's words in the chosen language."""
    project = _projection()
    rings = [[project(lon, lat) for lon, lat in ring] for f in features for poly in _polygons(f["geometry"])
             for ring in poly]
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    scale = min((W - 2 * MARGIN - LEGEND) / (max(xs) - min(xs)), (H - TOP - BOTTOM) / (max(ys) - min(ys)))

    def at(lon: float, lat: float) -> tuple[float, float]:
        x, y = project(lon, lat)
        return MARGIN + (x - min(xs)) * scale, TOP + (y - min(ys)) * scale

    documents = {p["place"]: p["documents"] for p in data["provinces"]}
    most = max(documents.values(), default=1)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
           f'font-family="{escape(FONT_FAMILY)}">', f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{MARGIN}" y="48" font-size="28" font-weight="bold">{escape(title)}</text>']
    for f in features:
        name = f["properties"]["name"]
        fill = _mix(*province_colours, documents[name] / most) if name in documents else "#eeeeee"
        d = " ".join("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in (at(lon, lat) for lon, lat in ring)) + " Z"
                     for poly in _polygons(f["geometry"]) for ring in poly)
        shown = f["properties"]["english"] if lang == "en" else name
        out.append(f'<path d="{d}" fill="{fill}" stroke="#ffffff" stroke-width="0.8" fill-rule="evenodd">'
                   f'<title>{escape(shown)}</title></path>')
    points = sorted(data["points"], key=lambda p: -p["documents"])  # the largest underneath
    low = min((p["documents"] for p in points), default=1)
    high = max((p["documents"] for p in points), default=1)

    def radius(n: int) -> float:
        share = (n - low) / (high - low) if high > low else 1.0
        return math.sqrt((area_range[0] + share * (area_range[1] - area_range[0])) / math.pi)

    for p in points:
        x, y = at(p["lon"], p["lat"])
        r = radius(p["documents"])
        out.append(_symbol(p["label"], x, y, r, 0.9) + f"<title>{escape(p['name'])}</title></g>")
    for p in points:  # the names the page writes (place_data chose them)
        if p.get("named"):
            x, y = at(p["lon"], p["lat"])
            left = p.get("side") == "left"  # (place_data keeps near names apart: 深圳 left of its point)
            anchor = ' text-anchor="end"' if left else ""
            out.append(f'<text x="{x + (radius(high) + 3) * (-1 if left else 1):.1f}" y="{y + 4:.1f}" font-size="14" '
                       f'fill="#333333"{anchor}>{escape(p["name"])}</text>')
    out += _legend(texts, province_colours, most if documents else None, (low, high) if points else None, radius)
    out.append(f'<text x="{MARGIN}" y="{H - 24}" font-size="13" fill="#777777">{escape(footnote)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def _symbol(label: str, x: float, y: float, r: float, opacity: float) -> str:
    colour = COLOURS.get(label, "#444444")
    head = f'<g fill="{colour}" fill-opacity="{opacity}" stroke="#ffffff" stroke-width="1.2">'
    if label == "Zone":
        return head + f'<path d="M{x:.1f},{y - r:.1f} L{x + r:.1f},{y:.1f} L{x:.1f},{y + r:.1f} L{x - r:.1f},{y:.1f} Z"/>'
    return head + f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"/>'


def _legend(texts: dict, colours: list[str], most: int | None, documents: tuple[int, int] | None, radius) -> list[str]:
    x, y = W - LEGEND + 10, TOP + 10
    out = [f'<text x="{x}" y="{y}" font-size="15" font-weight="bold">{escape(texts["kind"])}</text>']
    for i, (label, name) in enumerate(texts["kinds"]):
        out.append(_symbol(label, x + 8, y + 24 + 24 * i, 7, 0.9) + "</g>")
        out.append(f'<text x="{x + 24}" y="{y + 29 + 24 * i}" font-size="14">{escape(name)}</text>')
    y += 24 * len(texts["kinds"]) + 40
    if documents:
        out.append(f'<text x="{x}" y="{y}" font-size="15" font-weight="bold">{escape(texts["documents"])}</text>')
        for i, n in enumerate(sorted({documents[0], documents[1]})):
            r = radius(n)
            out.append(f'<circle cx="{x + 20}" cy="{y + 30 + 50 * i}" r="{r:.1f}" fill="#333333"/>')
            out.append(f'<text x="{x + 50}" y="{y + 35 + 50 * i}" font-size="14">{n}</text>')
        y += 130
    if most:
        out.append(f'<text x="{x}" y="{y}" font-size="15" font-weight="bold">{escape(texts["provinces"])}</text>')
        out.append(f'<defs><linearGradient id="kg-provinces" x1="0" x2="1"><stop offset="0" stop-color="{colours[0]}"/>'
                   f'<stop offset="1" stop-color="{colours[1]}"/></linearGradient></defs>')
        out.append(f'<rect x="{x}" y="{y + 12}" width="160" height="14" fill="url(#kg-provinces)"/>')
        out.append(f'<text x="{x}" y="{y + 44}" font-size="13">0</text>')
        out.append(f'<text x="{x + 160}" y="{y + 44}" font-size="13" text-anchor="end">{most}</text>')
    return out
