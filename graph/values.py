"""Turn driver values (FalkorDB and Neo4j nodes, relationships, paths) into dicts of their own types.

Shapes, the same for both stores:
  GraphNode          {"_kind": "node", "id", "labels", "properties"}
  GraphRelationship  {"_kind": "relationship", "id", "type", "start", "end", "properties"}
  GraphPath          {"_kind": "path", "nodes": [node...], "relationships": [relationship...]}
Ids are the store's own, consistent within one result.

They are dicts (JSON, tables and caches take them as they are) of their own classes: only a
store's conversion makes one, so a map a query builds to look like a node
(RETURN {_kind: 'node', ...}) stays a plain map and is never drawn as a node.
"""
from __future__ import annotations

from typing import Any


class GraphNode(dict):
    """A node a store returned."""


class GraphRelationship(dict):
    """A relationship a store returned."""


class GraphPath(dict):
    """A path a store returned."""


def node(id_: Any, labels, properties) -> GraphNode:
    return GraphNode(_kind="node", id=str(id_), labels=list(labels), properties=dict(properties))


def relationship(id_: Any, type_: str, start: Any, end: Any, properties) -> GraphRelationship:
    return GraphRelationship(_kind="relationship", id=str(id_), type=type_, start=str(start), end=str(end),
                             properties=dict(properties))


def path(nodes: list[dict], relationships: list[dict]) -> GraphPath:
    return GraphPath(_kind="path", nodes=nodes, relationships=relationships)


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
        if isinstance(v, GraphNode):
            nodes[v["id"]] = v
        elif isinstance(v, GraphRelationship):
            rels[v["id"]] = v
        elif isinstance(v, GraphPath):
            for n in v["nodes"]:
                visit(n)
            for r in v["relationships"]:
                visit(r)
        elif isinstance(v, dict):  # a map: what it holds may be graph values, it is not one
            for x in v.values():
                visit(x)
        elif isinstance(v, list):
            for x in v:
                visit(x)

    for row in rows:
        visit(row)
    return nodes, rels
