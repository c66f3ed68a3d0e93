"""Turn driver values (FalkorDB and Neo4j nodes, relationships, paths) into plain dicts.

Shapes, the same for both stores:
  node          {"_kind": "node", "id", "labels", "properties"}
  relationship  {"_kind": "relationship", "id", "type", "start", "end", "properties"}
  path          {"_kind": "path", "nodes": [node...], "relationships": [relationship...]}
Ids are the store's own, consistent within one result.
"""
from __future__ import annotations

from typing import Any


def node(id_: Any, labels, properties) -> dict:
    return {"_kind": "node", "id": str(id_), "labels": list(labels), "properties": dict(properties)}


def relationship(id_: Any, type_: str, start: Any, end: Any, properties) -> dict:
    return {"_kind": "relationship", "id": str(id_), "type": type_, "start": str(start), "end": str(end),
            "properties": dict(properties)}


def path(nodes: list[dict], relationships: list[dict]) -> dict:
    return {"_kind": "path", "nodes": nodes, "relationships": relationships}


def is_graph_value(value: Any) -> bool:
    return isinstance(value, dict) and value.get("_kind") in ("node", "relationship", "path")


def plain(value: Any) -> Any:
    """Make maps and lists of already-converted values JSON-friendly."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def collect_graph(rows: list[list]) -> tuple[dict[str, dict], dict[str, dict]]:
    """All nodes and relationships found anywhere in a result's rows, by id."""
    nodes: dict[str, dict] = {}
    rels: dict[str, dict] = {}

    def visit(v: Any) -> None:
        if isinstance(v, dict):
            kind = v.get("_kind")
            if kind == "node":
                nodes[v["id"]] = v
            elif kind == "relationship":
                rels[v["id"]] = v
            elif kind == "path":
                for n in v["nodes"]:
                    visit(n)
                for r in v["relationships"]:
                    visit(r)
            else:
                for x in v.values():
                    visit(x)
        elif isinstance(v, list):
            for x in v:
                visit(x)

    for row in rows:
        visit(row)
    return nodes, rels
