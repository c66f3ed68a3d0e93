"""Write an exported graph ({"nodes": [...], "relationships": [...]}) as JSON, GraphML or CSV."""
from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape

FORMATS = ("json", "graphml", "csv")


def to_json(graph: dict) -> str:
    return json.dumps(graph, ensure_ascii=False, indent=2)


def _scalar(value) -> str:
    """GraphML attributes are scalars: lists become JSON text."""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def to_graphml(graph: dict) -> str:
    """GraphML for Gephi / yEd: `label` and `name` on nodes, `type` on edges, every property as text."""
    node_keys = sorted({k for n in graph["nodes"] for k in n["properties"]} | {"label"})
    edge_keys = sorted({k for r in graph["relationships"] for k in r["properties"]} | {"type"})
    out = io.StringIO()
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n')
    for k in node_keys:
        out.write(f'  <key id="n_{escape(k)}" for="node" attr.name="{escape(k)}" attr.type="string"/>\n')
    for k in edge_keys:
        out.write(f'  <key id="e_{escape(k)}" for="edge" attr.name="{escape(k)}" attr.type="string"/>\n')
    out.write('  <graph id="kg" edgedefault="directed">\n')
    for n in graph["nodes"]:
        out.write(f'    <node id="{escape(n["id"], {chr(34): "&quot;"})}">\n')
        out.write(f'      <data key="n_label">{escape(n["labels"][0])}</data>\n')
        for k, v in n["properties"].items():
            out.write(f'      <data key="n_{escape(k)}">{escape(_scalar(v))}</data>\n')
        out.write("    </node>\n")
    for r in graph["relationships"]:
        q = {chr(34): "&quot;"}
        out.write(f'    <edge id="{escape(r["id"], q)}" source="{escape(r["start"], q)}" '
                  f'target="{escape(r["end"], q)}">\n')
        out.write(f'      <data key="e_type">{escape(r["type"])}</data>\n')
        for k, v in r["properties"].items():
            out.write(f'      <data key="e_{escape(k)}">{escape(_scalar(v))}</data>\n')
        out.write("    </edge>\n")
    out.write("  </graph>\n</graphml>\n")
    return out.getvalue()


def to_csv(graph: dict) -> str:
    """One table for both: kind (node / relationship), id, label or type, start, end, name, properties (JSON)."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["kind", "id", "label_or_type", "start", "end", "name", "properties"])
    for n in graph["nodes"]:
        w.writerow(["node", n["id"], n["labels"][0], "", "", n["properties"].get("name", ""),
                    json.dumps(n["properties"], ensure_ascii=False)])
    for r in graph["relationships"]:
        w.writerow(["relationship", r["id"], r["type"], r["start"], r["end"], "",
                    json.dumps(r["properties"], ensure_ascii=False)])
    return out.getvalue()


def render(graph: dict, fmt: str) -> str:
    return {"json": to_json, "graphml": to_graphml, "csv": to_csv}[fmt](graph)
