"""What ingest hands to a store: one document's nodes, relationships and mentions.

The schema itself (labels, relationship types, who may point at whom) lives in
ANNOTATION.md; the constants here mirror it so code can check what it writes.
"""
from __future__ import annotations

import base64
import json
import zlib
from dataclasses import dataclass, field

NODE_LABELS = ("City", "Province", "Region", "Zone", "Industry", "Institution", "Policy")
DOCUMENT_LABEL = "Document"
CORRECTION_LABEL = "Correction"  # an analyst's correction (graph/corrections.py), kept as data of its own
ALL_LABELS = NODE_LABELS + (DOCUMENT_LABEL, CORRECTION_LABEL)

# type -> (allowed head labels, allowed tail labels)
REL_TYPES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "TARGETS": (("City", "Province", "Region", "Zone"), ("Industry",)),
    "SUPPORTS": (("Policy", "Institution"), ("Industry",)),
    "LOCATED_IN": (("Institution", "Zone", "City"), ("City", "Province", "Region")),
    "ISSUED_BY": (("Policy",), ("City", "Province", "Institution")),
    # Taxonomy roll-up; evidence is the curated data file, not a sentence.
    "PART_OF": (("Industry",), ("Industry",)),
}
MENTIONS = "MENTIONS"  # (:Document)-[:MENTIONS]->(entity): one per document and node it contributes
STATES = "STATES"  # (:Document)-[:STATES {key, type, tail, ...}]->(head): one per document and relationship

# Every label and type this project makes: the schema's, the documents' edges and the writers'
# lock label (Neo4j). A store holding any other is someone else's too (Store.foreign).
OWN_LABELS_AND_TYPES = (list(ALL_LABELS) + ["KgWriteLock"], list(REL_TYPES) + [MENTIONS, STATES])

# Evidence sentences kept per relationship per source document (on its STATES edge).
EVIDENCE_PER_SOURCE = 3
# Evidence sentences a relationship itself carries, for a glance; the rest are on STATES.
EVIDENCE_SAMPLE = 5


def node_id(label: str, name: str) -> str:
    """A node's id, the same in every store and export: `City:成都`."""
    return f"{label}:{name}"


def statement_key(rtype: str, head: tuple[str, str], tail: tuple[str, str]) -> str:
    """A relationship's key, the same as its id in an export: `City:成都-TARGETS->Industry:人工智能`."""
    return f"{node_id(*head)}-{rtype}->{node_id(*tail)}"


@dataclass
class Node:
    label: str
    name: str
    props: dict = field(default_factory=dict)  # english, aliases, province, ...

    @property
    def key(self) -> tuple[str, str]:
        return (self.label, self.name)


@dataclass
class Evidence:
    sentence: str
    year: int | None = None
    confidence: float = 1.0
    inferred: bool = False


@dataclass
class Relationship:
    type: str
    head: tuple[str, str]  # (label, name)
    tail: tuple[str, str]
    evidence: list[Evidence] = field(default_factory=list)
    curated: str = ""  # accepted / changed / added by an analyst (graph/corrections.py), else ""

    @property
    def key(self) -> tuple[str, tuple[str, str], tuple[str, str]]:
        return (self.type, self.head, self.tail)


@dataclass
class Mention:
    entity: tuple[str, str]
    count: int
    first_sentence: str


@dataclass
class DocumentGraph:
    """Everything one source document contributes to the graph."""

    doc_id: str  # the document key (see ingest.runner.keyed_files); the Document node's `name`
    title: str
    path: str
    sha256: str
    chars: int
    nodes: list[Node] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what reading had to repair (not stored)
    # What ingest extracted, before any correction (pack()): kept on the Document node so
    # corrections can be applied, and undone, without the text. `corrected_by`: the corrections
    # that changed what it contributes (their ids), so undoing one finds the documents it changed.
    extraction: str = ""
    corrected_by: list[str] = field(default_factory=list)
    added_by: str = ""  # the correction that added it (graph/corrections.py added_document), else ""


def pack(doc: DocumentGraph) -> str:
    """A document's extraction as compact text (sentences stored once, zlib, base64): what
    `unpack` turns back into the same nodes, relationships and mentions."""
    sentences: dict[str, int] = {}

    def sid(sentence: str) -> int:
        return sentences.setdefault(sentence, len(sentences))

    data = {
        "n": [[n.label, n.name, n.props] for n in doc.nodes],
        "r": [[r.type, list(r.head), list(r.tail), r.curated,
               [[sid(e.sentence), e.year, e.confidence, e.inferred] for e in r.evidence]]
              for r in doc.relationships],
        "m": [[list(m.entity), m.count, sid(m.first_sentence)] for m in doc.mentions],
    }
    data["s"] = list(sentences)
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(zlib.compress(raw, 6)).decode("ascii")


def unpack(packed: str, doc_id: str, title: str = "", path: str = "", sha256: str = "",
           chars: int = 0) -> DocumentGraph:
    """The document `pack` packed, keyed `doc_id`, with its extraction kept packed as it was."""
    data = json.loads(zlib.decompress(base64.b64decode(packed)).decode("utf-8"))
    s = data["s"]
    doc = DocumentGraph(
        doc_id=doc_id, title=title, path=path, sha256=sha256, chars=chars,
        nodes=[Node(label, name, props) for label, name, props in data["n"]],
        relationships=[Relationship(t, tuple(h), tuple(tl), [Evidence(s[i], y, c, inf) for i, y, c, inf in ev], cur)
                       for t, h, tl, cur, ev in data["r"]],
        mentions=[Mention(tuple(e), count, s[i]) for e, count, i in data["m"]],
    )
    doc.extraction = packed
    return doc
