"""Analysts' corrections: data of their own, applied to what the documents say.

A correction is a record (what, who, when, why, and the sentences it was made on), kept in the
store as a (:Correction) node. It never edits extracted data in place. Each document keeps the
extraction ingest produced (packed on its Document node, graph.model.pack), and what a document
contributes to the graph is that extraction with every correction in force applied, in the
order they were made (`apply`). So:

- a new or changed document is written with the corrections applied: a rejected relationship
  stays hidden however many documents state it, a merge keeps merging new mentions;
- making or undoing a correction re-writes the documents it touches from their extractions
  through ingest's own write path (Store.correct / Store.undo): undoing every correction gives
  back exactly the graph the extractions give.

Kinds and their `target`:

    accept, reject   {"rel": REL}                   REL = {"type": T, "head": [label, name], "tail": [label, name]}
    change           {"rel": REL, "to": REL}        a type or an end corrected; the evidence stays
    add              {"to": REL}                    a relationship the text implies; `note` is its evidence
    rename           {"node": [label, name], "name": new}      the old name becomes an alias
    relabel          {"node": [label, name], "label": new}
    merge            {"node": [label, name], "into": [label, name]}   the merged name becomes an alias
    not_entity       {"node": [label, name]}        dropped with its relationships
"""
from __future__ import annotations

import json
import re
import uuid
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone

from textnorm import first_control

from .model import (NODE_LABELS, REL_TYPES, DocumentGraph, Evidence, Mention, Node, Relationship, node_id,
                    statement_key)

EDGE_KINDS = ("accept", "reject", "change", "add")
NODE_KINDS = ("rename", "relabel", "merge", "not_entity")
KINDS = EDGE_KINDS + NODE_KINDS
# When documents disagree, a relationship shows the strongest curation any of them carries.
CURATED_RANK = {"": 0, "accepted": 1, "changed": 2, "added": 3}
ADDED_PREFIX = "corrections/"  # the key of the document an added relationship is written as
FORMAT = "kg-industries corrections"
ID = re.compile(r"[0-9A-Za-z_-]{0,64}")  # empty: a new correction, given an id when stored


class CorrectionError(ValueError):
    """A correction that cannot be made; the message says why."""


@dataclass
class Correction:
    kind: str
    target: dict
    author: str
    reason: str = ""
    note: str = ""
    evidence: list[str] = field(default_factory=list)  # the sentences it was made on
    id: str = ""
    seq: int = 0  # the order corrections apply in
    at: str = ""  # when it was made (UTC, ISO 8601)
    undone_at: str = ""
    undone_by: str = ""

    @property
    def active(self) -> bool:
        return not self.undone_at

    def describe(self) -> str:
        t = self.target
        if self.kind in ("accept", "reject"):
            return f"{self.kind} {_rel_text(t['rel'])}"
        if self.kind == "change":
            return f"change {_rel_text(t['rel'])} to {_rel_text(t['to'])}"
        if self.kind == "add":
            return f"add {_rel_text(t['to'])}"
        node = node_id(*t["node"])
        return {"rename": f"rename {node} to {t.get('name')}", "relabel": f"relabel {node} as {t.get('label')}",
                "merge": f"merge {node} into {node_id(*t.get('into', ['?', '?']))}",
                "not_entity": f"{node} is not an entity"}[self.kind]


def _rel_text(rel: dict) -> str:
    return statement_key(rel["type"], tuple(rel["head"]), tuple(rel["tail"]))


def now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def new_id() -> str:
    return uuid.uuid4().hex[:12]


# --- checking ---------------------------------------------------------------------------------

def _node(value, what: str) -> tuple[str, str]:
    if not (isinstance(value, (list, tuple)) and len(value) == 2 and all(isinstance(v, str) for v in value)):
        raise CorrectionError(f"{what} must be [label, name], got {value!r}")
    label, name = value[0], value[1].strip()
    if label not in NODE_LABELS:
        raise CorrectionError(f"{what}: {label!r} is not a label of the schema ({', '.join(NODE_LABELS)})")
    if not name or first_control(name) >= 0:
        raise CorrectionError(f"{what}: the name must be text without control characters, got {value[1]!r}")
    return label, name


def _rel(value, what: str, schema: bool) -> dict:
    if not isinstance(value, dict) or not {"type", "head", "tail"} <= set(value):
        raise CorrectionError(f"{what} must be {{type, head, tail}}, got {value!r}")
    rtype = value["type"]
    if not isinstance(rtype, str) or rtype not in REL_TYPES:
        raise CorrectionError(f"{what}: {rtype!r} is not a relationship type ({', '.join(REL_TYPES)})")
    head, tail = _node(value["head"], f"{what}.head"), _node(value["tail"], f"{what}.tail")
    heads, tails = REL_TYPES[rtype]
    if schema and (head[0] not in heads or tail[0] not in tails):
        raise CorrectionError(f"{what}: {rtype} goes from {'/'.join(heads)} to {'/'.join(tails)} "
                              f"(ANNOTATION.md), not from {head[0]} to {tail[0]}")
    return {"type": rtype, "head": list(head), "tail": list(tail)}


def checked(c: Correction) -> Correction:
    """`c` with its target in canonical form, or CorrectionError saying what is wrong with it."""
    if c.kind not in KINDS:
        raise CorrectionError(f"unknown kind of correction {c.kind!r}: one of {', '.join(KINDS)}")
    if not isinstance(c.author, str) or not c.author.strip():
        raise CorrectionError("a correction needs its author (--by NAME, or your name in the app)")
    for name in ("author", "reason", "note", "at", "undone_at", "undone_by"):
        value = getattr(c, name)
        if not isinstance(value, str) or first_control(value) >= 0:
            raise CorrectionError(f"the correction's {name} must be text without control characters")
    if not isinstance(c.id, str) or not ID.fullmatch(c.id):
        raise CorrectionError(f"a correction's id is letters, digits, - and _ (at most 64), got {c.id!r}")
    if not isinstance(c.seq, int) or isinstance(c.seq, bool):
        raise CorrectionError(f"a correction's seq is a whole number, got {c.seq!r}")
    if not isinstance(c.evidence, list) or not all(isinstance(e, str) and first_control(e) < 0 for e in c.evidence):
        raise CorrectionError("a correction's evidence is a list of sentences")
    t = c.target if isinstance(c.target, dict) else {}
    if c.kind in ("accept", "reject"):
        target = {"rel": _rel(t.get("rel"), "rel", schema=False)}
    elif c.kind == "change":
        target = {"rel": _rel(t.get("rel"), "rel", schema=False), "to": _rel(t.get("to"), "to", schema=True)}
        if target["rel"] == target["to"]:
            raise CorrectionError("change: the new relationship is the same as the old one")
    elif c.kind == "add":
        target = {"to": _rel(t.get("to"), "to", schema=True)}
    else:
        target = {"node": list(_node(t.get("node"), "node"))}
        if c.kind == "rename":
            new = t.get("name")
            if not isinstance(new, str) or not new.strip() or first_control(new) >= 0:
                raise CorrectionError("rename: the new name must be text")
            if new.strip() == target["node"][1]:
                raise CorrectionError("rename: the new name is the old one")
            target["name"] = new.strip()
        elif c.kind == "relabel":
            if t.get("label") not in NODE_LABELS or t.get("label") == target["node"][0]:
                raise CorrectionError(f"relabel: the new label must be another of {', '.join(NODE_LABELS)}")
            target["label"] = t["label"]
        elif c.kind == "merge":
            target["into"] = list(_node(t.get("into"), "into"))
            if target["into"] == target["node"]:
                raise CorrectionError("merge: a node cannot be merged into itself")
    return replace(c, target=target, author=c.author.strip(), evidence=list(c.evidence))


def node_keys(c: Correction) -> list[tuple[str, str]]:
    """Every node a correction names, before and after."""
    return list(dict.fromkeys(k for group in reaches(c) for k in group))


def reaches(c: Correction) -> list[tuple[tuple[str, str], ...]]:
    """Which documents a correction can change, as groups of nodes: a document naming every node of
    one group. A relationship's correction reaches the documents naming both its ends; a node's,
    the documents naming it, by its old name or its new one."""
    t = c.target
    groups = [(tuple(rel["head"]), tuple(rel["tail"])) for rel in (t.get("rel"), t.get("to")) if rel]
    if "node" in t:
        node = tuple(t["node"])
        groups.append((node,))
        if c.kind == "rename":
            groups.append(((node[0], t["name"]),))
        elif c.kind == "relabel":
            groups.append(((t["label"], node[1]),))
        elif c.kind == "merge":
            groups.append((tuple(t["into"]),))
    return list(dict.fromkeys(groups))


# --- applying ----------------------------------------------------------------------------------

def apply(doc: DocumentGraph, corrections: list[Correction]) -> DocumentGraph:
    """What `doc` contributes with every correction in force, in the order they were made; its
    `corrected_by` names the ones that changed it."""
    names = _names(doc)
    applied = []
    for c in sorted(corrections, key=lambda c: c.seq):
        # most corrections are about nodes a document never names: no need to look further
        if c.active and c.kind != "add" and any(names.issuperset(group) for group in reaches(c)):
            changed = _apply_one(doc, c)
            if _differs(changed, doc):
                doc, names = changed, _names(changed)
                applied.append(c.id)
    return doc if applied == doc.corrected_by else replace(doc, corrected_by=applied)


def _differs(a: DocumentGraph, b: DocumentGraph) -> bool:
    return (a.nodes, a.relationships, a.mentions) != (b.nodes, b.relationships, b.mentions)


def contributions(doc: DocumentGraph) -> dict[tuple[str, str], dict]:
    """What a document gives each node it names: its properties (a node whose contribution changes
    must be rebuilt from every document naming it, or what it no longer gives stays on it)."""
    return {n.key: n.props for n in doc.nodes}


def _names(doc: DocumentGraph) -> set[tuple[str, str]]:
    return ({n.key for n in doc.nodes} | {e for r in doc.relationships for e in (r.head, r.tail)}
            | {m.entity for m in doc.mentions})


def _apply_one(doc: DocumentGraph, c: Correction) -> DocumentGraph:
    t = c.target
    if c.kind in ("rename", "relabel", "merge", "not_entity"):
        old = tuple(t["node"])
        new = {"rename": lambda: (old[0], t["name"]), "relabel": lambda: (t["label"], old[1]),
               "merge": lambda: tuple(t["into"]), "not_entity": lambda: None}[c.kind]()
        return _map_node(doc, old, new, keep_props=c.kind != "merge", alias=c.kind in ("rename", "merge"))
    if c.kind == "add":
        return doc  # written as a document of its own (added_document)
    key = _key(t["rel"])
    rels: list[Relationship] = []
    for r in doc.relationships:
        if r.key != key:
            rels.append(r)
        elif c.kind == "accept":
            rels.append(replace(r, curated=_stronger(r.curated, "accepted")))
        elif c.kind == "change":
            to = _key(t["to"])
            rels.append(Relationship(to[0], to[1], to[2], list(r.evidence), _stronger(r.curated, "changed")))
        # reject: left out
    doc = replace(doc, relationships=_merge_relationships(rels))
    if c.kind == "change" and any(r.key == _key(t["to"]) for r in doc.relationships):
        doc = _with_nodes(doc, [tuple(t["to"]["head"]), tuple(t["to"]["tail"])])
    return doc


def _key(rel: dict) -> tuple:
    return (rel["type"], tuple(rel["head"]), tuple(rel["tail"]))


def _stronger(a: str, b: str) -> str:
    return a if CURATED_RANK.get(a, 0) >= CURATED_RANK.get(b, 0) else b


def _with_nodes(doc: DocumentGraph, keys: list[tuple[str, str]]) -> DocumentGraph:
    """`doc` with a (bare) node for each key it lacks: a changed relationship's new end."""
    have = {n.key for n in doc.nodes}
    extra = [Node(k[0], k[1], {}) for k in keys if k not in have]
    return replace(doc, nodes=doc.nodes + extra) if extra else doc


def _map_node(doc: DocumentGraph, old: tuple[str, str], new: tuple[str, str] | None, *,
              keep_props: bool, alias: bool) -> DocumentGraph:
    """`doc` with node `old` renamed, relabelled or merged into `new` (None: dropped with its
    relationships and mentions). `keep_props`: the node keeps its own properties (a rename or
    relabel is the same entity); a merge brings only its names. `alias`: the old name becomes one."""
    if not any(n.key == old for n in doc.nodes) and not any(old in (r.head, r.tail) for r in doc.relationships) \
            and not any(m.entity == old for m in doc.mentions):
        return doc

    def moved(key):
        return new if key == old else key

    nodes: dict[tuple, Node] = {}
    for n in doc.nodes:
        key = moved(n.key)
        if key is None:
            continue
        if key == n.key:
            props = n.props
        else:
            props = dict(n.props) if keep_props else {k: n.props[k] for k in ("aliases", "seen_as") if k in n.props}
            if keep_props and props.get("english"):
                props["english"] = _english(n.key, key, props)
            if alias:
                props["aliases"] = list(dict.fromkeys([*props.get("aliases", []), old[1]]))
        if key in nodes:  # merged into a node the document also names: names join, its own props stay
            kept = nodes[key]
            joined = dict(kept.props)
            for k in ("aliases", "seen_as"):
                if props.get(k) or kept.props.get(k):
                    joined[k] = list(dict.fromkeys([*kept.props.get(k, []), *props.get(k, [])]))
            if key == n.key:  # the target itself comes after the merged node: its props win
                joined = {**props, **{k: joined[k] for k in ("aliases", "seen_as") if k in joined}}
            nodes[key] = Node(key[0], key[1], joined)
        else:
            nodes[key] = Node(key[0], key[1], props)
    rels = []
    for r in doc.relationships:
        head, tail = moved(r.head), moved(r.tail)
        if head is None or tail is None or head == tail:
            continue  # its end is not an entity, or a merge made it a loop
        if r.type in REL_TYPES and (head[0] not in REL_TYPES[r.type][0] or tail[0] not in REL_TYPES[r.type][1]):
            continue  # a relabelled end the relationship's type does not allow (ANNOTATION.md)
        rels.append(replace(r, head=head, tail=tail))
    mentions: dict[tuple, Mention] = {}
    for m in doc.mentions:
        key = moved(m.entity)
        if key is None:
            continue
        if key in mentions:
            mentions[key] = Mention(key, mentions[key].count + m.count, mentions[key].first_sentence)
        else:
            mentions[key] = Mention(key, m.count, m.first_sentence)
    return replace(doc, nodes=list(nodes.values()), relationships=_merge_relationships(rels),
                   mentions=list(mentions.values()))


def _english(old: tuple[str, str], new: tuple[str, str], props: dict) -> str:
    """The English name of a renamed or relabelled node: one the ingest composed from the old name
    (ingest/english.py) follows the analyst's new name; a catalogue's stays."""
    try:
        from ingest.english import renamed
    except ImportError:  # the graph package without the ingest one
        return props["english"]
    return renamed(old, new, props["english"], props.get("parent"))


def _merge_relationships(rels: list[Relationship]) -> list[Relationship]:
    """Relationships that now share a key become one, their evidence joined in order."""
    out: dict[tuple, Relationship] = {}
    for r in rels:
        if r.key in out:
            kept = out[r.key]
            out[r.key] = replace(kept, evidence=kept.evidence + r.evidence, curated=_stronger(kept.curated, r.curated))
        else:
            out[r.key] = r
    return list(out.values())


def added_document(c: Correction) -> DocumentGraph:
    """The document an added relationship is written as: its note (or who added it) is its
    evidence, so it is traced like every other relationship."""
    to = c.target["to"]
    head, tail = tuple(to["head"]), tuple(to["tail"])
    sentence = c.note or f"added by {c.author}"
    return DocumentGraph(
        doc_id=ADDED_PREFIX + c.id, title=f"{c.author}: {sentence}"[:200], path="", sha256=c.id, chars=0,
        added_by=c.id,
        nodes=[Node(head[0], head[1], {}), Node(tail[0], tail[1], {})],
        relationships=[Relationship(to["type"], head, tail, [Evidence(sentence, None, 1.0, False)], "added")],
        mentions=[],
    )


# --- as stored and as exchanged ----------------------------------------------------------------

def to_props(c: Correction) -> dict:
    """The (:Correction) node's properties (`name` is its id: every label's unique key)."""
    return {"name": c.id, "kind": c.kind, "target": json.dumps(c.target, ensure_ascii=False, sort_keys=True),
            "author": c.author, "reason": c.reason, "note": c.note, "evidence": list(c.evidence), "seq": c.seq,
            "at": c.at, "undone_at": c.undone_at, "undone_by": c.undone_by}


def from_props(p: dict) -> Correction:
    return Correction(kind=p["kind"], target=json.loads(p["target"]), author=p.get("author") or "",
                      reason=p.get("reason") or "", note=p.get("note") or "", evidence=list(p.get("evidence") or []),
                      id=p["name"], seq=int(p.get("seq") or 0), at=p.get("at") or "",
                      undone_at=p.get("undone_at") or "", undone_by=p.get("undone_by") or "")


def to_json(corrections: list[Correction]) -> str:
    """The exchange file (`kg corrections export`): every correction, undone ones included, in order."""
    items = [asdict(c) for c in sorted(corrections, key=lambda c: c.seq)]
    return json.dumps({"format": FORMAT, "version": 1, "corrections": items}, ensure_ascii=False, indent=2)


def from_json(text: str, source: str = "corrections file") -> list[Correction]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CorrectionError(f"{source}: not JSON ({exc})") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("corrections"), list):
        raise CorrectionError(f"{source}: not a corrections file (expected {{\"format\": \"{FORMAT}\", "
                              f"\"corrections\": [...]}})")
    if data.get("version") != 1:
        raise CorrectionError(f"{source}: corrections file version {data.get('version')!r}; this version reads 1")
    out = []
    fields = set(Correction.__dataclass_fields__)
    for i, item in enumerate(data["corrections"], 1):
        if not isinstance(item, dict) or not {"kind", "target", "author"} <= set(item):
            raise CorrectionError(f"{source}: correction {i} lacks kind, target or author")
        try:
            out.append(checked(Correction(**{k: v for k, v in item.items() if k in fields})))
        except (CorrectionError, TypeError) as exc:
            raise CorrectionError(f"{source}: correction {i}: {exc}") from exc
    return out
