"""Bring a store written before per-document edges (graph.writes) to the current layout.

Before, every node kept a `sources` list and every relationship parallel per-source
lists (sources, source_counts, source_confidence, source_inferred, source_years) and all
its evidence; each new document appended to them. Now each document has its own
MENTIONS and STATES edges and the shared elements keep fixed-size aggregates.

The migration runs in batches, each one atomic write: relationships first (each gets a
STATES edge per source and its aggregates), then nodes (a MENTIONS edge from every
source that lacks one, and `source_count`). What is converted loses its lists, so an
interrupted migration resumes where it stopped, and nothing is lost on the way.
"""
from __future__ import annotations

from collections import defaultdict

from . import writes
from .model import NODE_LABELS, REL_TYPES, STATES, statement_key

BATCH = 2_000

OLD_RELATIONSHIPS = (
    "MATCH (a)-[x]->(b) WHERE type(x) IN $types AND x.sources IS NOT NULL "
    "RETURN labels(a)[0] AS hl, a.name AS head, type(x) AS type, labels(b)[0] AS tl, b.name AS tail, "
    "properties(x) AS props LIMIT $batch"
)
OLD_NODES = "MATCH (n:{label}) WHERE n.sources IS NOT NULL RETURN n.name AS name, n.sources AS sources LIMIT $batch"
DROPPED = ("sources", "source_counts", "source_confidence", "source_inferred", "source_years")


def needs_migration(store) -> bool:
    """True when nodes still carry `sources` lists (nodes are converted last)."""
    return any(store.read(OLD_NODES.format(label=label), {"batch": 1}, row_limit=1, timeout_ms=None).rows
               for label in NODE_LABELS)


def migrate(store, report=lambda message: None) -> dict:
    """Convert every old-layout element; returns how many relationships and nodes were converted."""
    done = {"relationships": 0, "nodes": 0}
    while True:
        rows = store.read(OLD_RELATIONSHIPS, {"types": list(REL_TYPES), "batch": BATCH}, row_limit=None,
                          timeout_ms=None).records()
        if not rows:
            break
        store._write(*_relationship_batch(rows))
        done["relationships"] += len(rows)
        report(f"converted {done['relationships']:,} relationships")
    for label in NODE_LABELS:
        while True:
            rows = store.read(OLD_NODES.format(label=label), {"batch": BATCH}, row_limit=None,
                              timeout_ms=None).records()
            if not rows:
                break
            store._write(*_node_batch(label, rows))
            done["nodes"] += len(rows)
            report(f"converted {done['nodes']:,} nodes")
    return done


def statements_of(props: dict) -> list[dict]:
    """An old relationship's per-source lists as STATES records (with `doc`)."""
    out = []
    for i, doc in enumerate(props.get("sources") or []):
        def at(key: str, default):
            values = props.get(key) or []
            return values[i] if i < len(values) else default

        own = [j for j, d in enumerate(props.get("evidence_doc") or []) if d == doc]
        evidence, years = props.get("evidence") or [], props.get("evidence_year") or []
        stated_years = str(at("source_years", ""))
        out.append({
            "doc": doc,
            "count": at("source_counts", 1),
            "confidence": at("source_confidence", props.get("confidence", 1.0)),
            "inferred": at("source_inferred", props.get("inferred", False)),
            "years": sorted({int(y) for y in stated_years.split(",") if y.strip().isdigit()}),
            "evidence": [evidence[j] for j in own if j < len(evidence)],
            "evidence_year": [years[j] if j < len(years) else 0 for j in own if j < len(evidence)],
        })
    return out


def _relationship_batch(rows: list[dict]) -> tuple[str, dict]:
    groups: dict[tuple, list] = defaultdict(list)
    for row in rows:
        statements = statements_of(row["props"])
        key = statement_key(row["type"], (row["hl"], row["head"]), (row["tl"], row["tail"]))
        props = writes.aggregate(statements) if statements else {}
        props.update({k: None for k in DROPPED})
        groups[(row["type"], row["hl"], row["tl"])].append({
            "head": row["head"], "tail": row["tail"], "props": props,
            "statements": [{"doc": s.pop("doc"), "props": {**s, "key": key, "type": row["type"],
                                                            "tail_label": row["tl"], "tail": row["tail"]}}
                           for s in statements]})
    parts, params = [], {}
    for i, ((rtype, hl, tl), group) in enumerate(sorted(groups.items())):
        params[f"r{i}"] = group
        parts.append(
            f"UNWIND $r{i} AS r MATCH (a:{writes._label(hl)} {{name: r.head}})-[x:{writes._label(rtype)}]->"
            f"(b:{writes._label(tl)} {{name: r.tail}}) SET x += r.props "
            f"WITH a, r UNWIND r.statements AS s MATCH (d:Document {{name: s.doc}}) "
            f"CREATE (d)-[y:{STATES}]->(a) SET y += s.props"
        )
    return writes.SEP.join(parts), params


def _node_batch(label: str, rows: list[dict]) -> tuple[str, dict]:
    params = {"label": label, "rows": [{"name": r["name"], "docs": list(dict.fromkeys(r["sources"] or [])),
                        "source_count": len(set(r["sources"] or []))} for r in rows]}
    lab = writes._label(label)
    query = writes.SEP.join([
        # a MENTIONS edge from every source that has none (it contributed the node without naming
        # it), citing a sentence of a relationship the node is in, as new writes do
        f"UNWIND $rows AS r MATCH (n:{lab} {{name: r.name}}) UNWIND r.docs AS doc "
        "MATCH (d:Document {name: doc}) WHERE NOT (d)-[:MENTIONS]->(n) "
        f"OPTIONAL MATCH (d)-[s:{STATES}]->(x) WHERE x = n OR (s.tail = n.name AND s.tail_label = $label) "
        "WITH d, n, [e IN collect(s.evidence[0]) WHERE e IS NOT NULL] AS cited "
        "CREATE (d)-[m:MENTIONS]->(n) SET m.count = 0, m.evidence = cited[0..1], "
        "m.evidence_doc = [x IN cited[0..1] | d.name]",
        f"UNWIND $rows AS r MATCH (n:{lab} {{name: r.name}}) SET n.source_count = r.source_count, n.sources = NULL",
    ])
    return query, params
