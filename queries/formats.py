"""Query results as text: table cells, JSON row objects, CSV."""
from __future__ import annotations

import csv
import io
import json

from graph.store import QueryResult
from graph.values import GraphNode, GraphPath, GraphRelationship, plain


def cell(value) -> str:
    """A value as one short line: nodes by label and name, relationships by type."""
    if isinstance(value, GraphNode):
        return f"({':'.join(value['labels'])} {value['properties'].get('name', value['id'])})"
    if isinstance(value, GraphRelationship):
        return f"[:{value['type']}]"
    if isinstance(value, GraphPath):
        names = [n["properties"].get("name", n["id"]) for n in value["nodes"]]
        return " - ".join(map(str, names))
    if isinstance(value, dict):
        return json.dumps(plain(value), ensure_ascii=False)
    if isinstance(value, list):
        return "; ".join(cell(v) for v in value)
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


def to_json(result: QueryResult, row_limit: int | None = None) -> str:
    """{"columns", "rows" (one object per row), "truncated" (rows were cut at the limit), "row_limit"}."""
    return json.dumps({"columns": result.columns, "rows": [plain(r) for r in result.records()],
                       "truncated": result.truncated, "row_limit": row_limit}, ensure_ascii=False, indent=2)


def to_csv(result: QueryResult) -> str:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(result.columns)
    for row in result.rows:
        w.writerow([cell(v) for v in row])
    return out.getvalue()
