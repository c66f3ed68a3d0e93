"""Build ui/data/china_provinces.geojson, the app's map of China's provinces (run once, by hand).

Inputs, both Natural Earth (public domain, https://www.naturalearthdata.com/about/terms-of-use/):
  - ne_50m_admin_1_states_provinces.geojson (Natural Earth 5.x, 1:50m admin-1): the 31 mainland
    province-level divisions (adm0_a3 CHN);
  - countries-50m.json of the npm package world-atlas 2.0.2 (Natural Earth 4.1.0, 1:50m admin-0
    as TopoJSON; the package is ISC, the data Natural Earth's): Taiwan, Hong Kong and Macao, which
    Natural Earth keeps as admin-0 units and has no 1:50m admin-1 for.

Each is taken as Natural Earth draws it: nothing is added or moved. The shapes are simplified
together (shapely.coverage_simplify, so neighbours keep one shared border), coordinates rounded
to 0.001 degrees, and each feature named as ingest/data/places/provinces.tsv names it.

    uv pip install shapely            # a throwaway environment: the app does not need shapely
    python tools/build_china_map.py NE50_ADMIN1.geojson WORLD_ATLAS/countries-50m.json
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.geometry.polygon import orient

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "ui" / "data" / "china_provinces.geojson"
TOLERANCE = 0.03  # degrees (about 3 km): provinces stay recognisable, the file a few hundred KB
ADMIN0 = {"Taiwan": ("TW", "台湾"), "Hong Kong": ("HK", "香港"), "Macao": ("MO", "澳门")}


def provinces() -> dict[str, dict]:
    """provinces.tsv by full name and by short name: name, english."""
    lines = [l for l in (ROOT / "ingest/data/places/provinces.tsv").read_text(encoding="utf-8").splitlines()
             if l and not l.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    found = {}
    for r in rows:
        entry = {"name": r["name"], "english": r["english"].split("|")[0]}
        found[r["full_name"]] = found[r["name"]] = entry
    return found


def topojson_features(path: Path, wanted: set[str]) -> dict[str, object]:
    """Decode the named countries of a quantized TopoJSON file into shapely geometries."""
    topo = json.loads(path.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indices):
        points = []
        for i in indices:
            part = arcs[i] if i >= 0 else arcs[~i][::-1]
            points.extend(part if not points else part[1:])
        return points

    out = {}
    for g in topo["objects"]["countries"]["geometries"]:
        name = g.get("properties", {}).get("name")
        if name not in wanted:
            continue
        polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        out[name] = MultiPolygon([Polygon(ring(p[0]), [ring(h) for h in p[1:]]) for p in polys])
    return out


def rounded(geom):
    return shapely.set_precision(geom, 0.001)


def main(admin1: str, atlas: str) -> None:
    names = provinces()
    features = []
    for f in json.loads(Path(admin1).read_text(encoding="utf-8"))["features"]:
        p = f["properties"]
        if p["adm0_a3"] != "CHN":
            continue
        entry = names[p["name_zh"]]
        features.append((entry["name"], entry["english"], p["iso_3166_2"], shape(f["geometry"])))
    for ne_name, geom in topojson_features(Path(atlas), set(ADMIN0)).items():
        code, name = ADMIN0[ne_name]
        features.append((name, names[name]["english"], code, geom))
    assert len(features) == 34, len(features)
    simplified = shapely.coverage_simplify([g for *_, g in features], TOLERANCE)
    out = {"type": "FeatureCollection", "features": []}
    for (name, english, code, _), geom in zip(features, simplified):
        geom = rounded(shapely.make_valid(geom))
        # drop slivers the rounding leaves (islands smaller than about 1 km2 at this scale)
        # Exterior rings clockwise: the map draws with d3-geo, which reads a counter-clockwise ring
        # as the whole sphere but that shape
        parts = [orient(g, sign=-1.0) for g in getattr(geom, "geoms", [geom])
                 if isinstance(g, Polygon) and g.area > 1e-4]
        geom = parts[0] if len(parts) == 1 else MultiPolygon(parts)
        out["features"].append({"type": "Feature", "properties": {"name": name, "english": english, "code": code},
                                "geometry": mapping(geom)})
    OUT.parent.mkdir(exist_ok=True)
    text = json.dumps(out, ensure_ascii=False, separators=(",", ":"))
    OUT.write_text(text + "\n", encoding="utf-8")
    print(f"{OUT}: {len(out['features'])} features, {len(text.encode()) / 1024:.0f} KiB")


if __name__ == "__main__":
    main(*sys.argv[1:3])
