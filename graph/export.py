"""The exported graph: built in a canonical form from a store's rows (`build_export`), and
written as JSON, GraphML or CSV."""
from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from xml.sax.saxutils import escape

from .model import CORRECTION_LABEL, MENTIONS, node_id

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


def _graphml_type(values: list) -> str:
    """The GraphML attribute type every value of one key fits: boolean, long, double, else string
    (lists and maps travel as JSON text)."""
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return "boolean"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "long"
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return "double"
    return "string"


def to_graphml(graph: dict) -> str:
    """GraphML for Gephi / yEd: `label` and `name` on nodes, `type` on edges, each property typed
    (lat, lon, confidence as double; counts as long; inferred as boolean; lists as JSON text)."""
    def keys_and_types(items: list[dict], extra: str) -> dict[str, str]:
        keys = sorted({k for item in items for k in item["properties"]} | {extra})
        return {k: "string" if k == extra else _graphml_type([i["properties"].get(k) for i in items])
                for k in keys}

    node_keys = keys_and_types(graph["nodes"], "label")
    edge_keys = keys_and_types(graph["relationships"], "type")
    q = {chr(34): "&quot;"}
    out = io.StringIO()
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n')
    for k, kind in node_keys.items():
        out.write(f'  <key id="n_{escape(k, q)}" for="node" attr.name="{escape(k, q)}" attr.type="{kind}"/>\n')
    for k, kind in edge_keys.items():
        out.write(f'  <key id="e_{escape(k, q)}" for="edge" attr.name="{escape(k, q)}" attr.type="{kind}"/>\n')
    out.write('  <graph id="kg" edgedefault="directed">\n')
    for n in graph["nodes"]:
        out.write(f'    <node id="{escape(n["id"], q)}">\n')
        out.write(f'      <data key="n_label">{escape(n["labels"][0])}</data>\n')
        for k, v in n["properties"].items():
            if v is not None:
                out.write(f'      <data key="n_{escape(k, q)}">{escape(_scalar(v))}</data>\n')
        out.write("    </node>\n")
    for r in graph["relationships"]:
        out.write(f'    <edge id="{escape(r["id"], q)}" source="{escape(r["start"], q)}" '
                  f'target="{escape(r["end"], q)}">\n')
        out.write(f'      <data key="e_type">{escape(r["type"])}</data>\n')
        for k, v in r["properties"].items():
            if v is not None:
                out.write(f'      <data key="e_{escape(k, q)}">{escape(_scalar(v))}</data>\n')
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


# Node lists that are sets.
SET_PROPERTIES = ("aliases", "seen_as", "years")
# A document's packed extraction is the store's own bookkeeping (graph/corrections.py), not the
# graph; corrections travel apart (`kg corrections export`).
INTERNAL_PROPERTIES = ("extraction", "corrected_by")


def build_export(node_rows: list[dict], rel_rows: list[dict], statement_rows: list[dict]) -> dict:
    """The graph in a canonical form: the same graph gives the same export whatever order its
    documents were ingested, removed or re-ingested in.

    STATES edges are not exported as edges: each relationship carries what its documents
    state, as parallel lists in document-key order (sources, source_counts, source_confidence,
    source_inferred, source_years) and all their evidence (evidence, evidence_doc, evidence_year)
    in place of the stored sample, whose choice depends on ingest order."""
    stated: dict[str, list[dict]] = defaultdict(list)
    for row in statement_rows:
        stated[row["props"]["key"]].append({**row["props"], "doc": row["doc"]})
    nodes = [
        {"id": node_id(r["labels"][0], r["props"].get("name", "")), "labels": list(r["labels"]),
         "properties": _sorted(_canonical_node(r["props"]))}
        for r in node_rows if CORRECTION_LABEL not in r["labels"]
    ]
    rels = []
    for r in rel_rows:
        start, end = node_id(r["hl"], r["head"]), node_id(r["tl"], r["tail"])
        rid = f"{start}-{r['type']}->{end}"
        props = dict(r["props"])
        if r["type"] != MENTIONS:
            props.update(_per_source(stated.get(rid, [])))
        if isinstance(props.get("years"), list):
            props["years"] = sorted(props["years"])
        rels.append({"id": rid, "type": r["type"], "start": start, "end": end, "properties": _sorted(props)})
    nodes.sort(key=lambda n: n["id"])
    rels.sort(key=lambda r: r["id"])
    return {"nodes": nodes, "relationships": rels}


def _per_source(statements: list[dict]) -> dict:
    statements = sorted(statements, key=lambda s: s["doc"])
    out: dict = {"sources": [s["doc"] for s in statements],
                 "source_counts": [s.get("count", 0) for s in statements],
                 "source_confidence": [s.get("confidence", 1.0) for s in statements],
                 "source_inferred": [s.get("inferred", False) for s in statements],
                 "source_years": [sorted(s.get("years") or []) for s in statements],
                 "evidence": [], "evidence_doc": [], "evidence_year": []}
    for s in statements:
        for sentence, year in zip(s.get("evidence") or [], s.get("evidence_year") or []):
            out["evidence"].append(sentence)
            out["evidence_doc"].append(s["doc"])
            out["evidence_year"].append(year)
    return out


def _canonical_node(props: dict) -> dict:
    return {k: sorted(v, key=str) if k in SET_PROPERTIES and isinstance(v, list) else v for k, v in props.items()
            if k not in INTERNAL_PROPERTIES}


def _sorted(d: dict) -> dict:
    return {k: d[k] for k in sorted(d)}
