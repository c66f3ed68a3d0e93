"""One source file -> one DocumentGraph (nodes, relationships with evidence, mentions)."""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from graph.model import DocumentGraph, Evidence, Mention as DocMention, Node, Relationship

from . import gazetteer as gz
from .datafiles import rules
from .normalize import normalize
from .pipeline import doc_text, nlp
from .readers import read_document
from .recognize import PLACE_LABELS


@lru_cache(maxsize=1)
def _year_pattern() -> re.Pattern:
    return re.compile(rules()["years"]["pattern"])


def sentence_year(sentence: str) -> int | None:
    m = _year_pattern().search(sentence)
    return int(m.group(1)) if m else None


def extract_file(path: str | Path, doc_id: str | None = None) -> DocumentGraph:
    """One file's graph. `doc_id` is its document key (default: the file name)."""
    path = Path(path)
    read = read_document(path)
    doc = extract_text(read.text, doc_id=doc_id or path.name, title=read.title, path=str(path.absolute()))
    doc.sha256 = hashlib.sha256(read.data).hexdigest()
    doc.notes = read.notes
    return doc


def extract_text(raw: str, *, doc_id: str, title: str = "", path: str = "") -> DocumentGraph:
    text = normalize(raw)
    pipeline = nlp()
    paragraphs = [piece for p in text.split("\n") if p.strip() for piece in split_long(p)]
    sentences_and_entities = [pipeline.get_pipe("kg_entities")(pipeline.get_pipe("kg_sentences")(
        pipeline.make_doc(p))) for p in paragraphs]

    dominant = _dominant_place(sentences_and_entities)
    _place_ambiguous_zones(sentences_and_entities)
    relate = pipeline.get_pipe("kg_relations")
    g = gz.load()

    nodes: dict[tuple[str, str], Node] = {}
    seen_as: dict[tuple[str, str], set[str]] = {}  # surface forms merged into each node (kg merges)
    mention_counts: Counter = Counter()
    first_sentence: dict[tuple[str, str], str] = {}
    rels: dict[tuple, Relationship] = {}

    for doc in sentences_and_entities:
        doc._.topic = dominant  # each paragraph starts from what the document is about
        relate(doc)
        text_of = doc_text(doc)
        for (start, end), found in doc._.found:
            sentence = text_of[start:end].strip()
            year = sentence_year(sentence)
            for m in doc._.mentions:
                if start <= m.start < end:
                    mention_counts[m.key] += 1
                    first_sentence.setdefault(m.key, sentence)
                    if m.key not in nodes:
                        nodes[m.key] = Node(m.label, m.name, _node_props(g, m))
                    surface = text_of[m.start:m.end]
                    if surface != m.name:
                        seen_as.setdefault(m.key, set()).add(surface)
            for f in found:
                for key in (f.head, f.tail):
                    if key not in nodes:  # e.g. a province reached through the place data
                        nodes[key] = Node(key[0], key[1], g.node_props(key))
                r = rels.setdefault((f.type, f.head, f.tail), Relationship(f.type, f.head, f.tail))
                if len(r.evidence) and any(e.sentence == sentence for e in r.evidence):
                    continue
                r.evidence.append(Evidence(sentence, year, f.confidence, f.inferred))

    _zone_targets_reach_city(nodes, rels)
    for key, surfaces in seen_as.items():
        nodes[key].props["seen_as"] = sorted(surfaces)
    _add_taxonomy(g, nodes, rels)
    return DocumentGraph(
        doc_id=doc_id,
        title=title or _title_from(text) or doc_id,
        path=path,
        sha256=hashlib.sha256(raw.encode("utf-8")).hexdigest(),
        chars=len(raw),
        nodes=list(nodes.values()),
        relationships=list(rels.values()),
        mentions=[DocMention(k, c, first_sentence[k]) for k, c in mention_counts.items()],
    )


def _zone_targets_reach_city(nodes: dict, rels: dict) -> None:
    """A zone's or district's TARGETS are its city's too (Conventions 6-7): the city is the one
    the document places it in (LOCATED_IN), else the one the zone data gives."""
    confidence = rules()["relations"]["TARGETS"]["zone_to_city_confidence"]
    city_of = {r.head: r.tail for r in rels.values()
               if r.type == "LOCATED_IN" and r.head[0] == "Zone" and r.tail[0] == "City"}
    for key, node in nodes.items():
        if key[0] == "Zone" and key not in city_of and node.props.get("city"):
            city_of[key] = ("City", node.props["city"])
    for r in [r for r in rels.values() if r.type == "TARGETS" and r.head in city_of]:
        city = city_of[r.head]
        if city not in nodes:
            nodes[city] = Node("City", city[1], gz.load().node_props(city))
        reached = rels.setdefault(("TARGETS", city, r.tail), Relationship("TARGETS", city, r.tail))
        for e in r.evidence:
            if not any(x.sentence == e.sentence for x in reached.evidence):
                reached.evidence.append(Evidence(e.sentence, e.year, min(e.confidence, confidence), True))


TAXONOMY_EVIDENCE = "industry taxonomy (ingest/data/industries.tsv): {child} is part of {parent}"


def _add_taxonomy(g: gz.Gazetteer, nodes: dict, rels: dict) -> None:
    """(:Industry)-[:PART_OF]->(:Industry) up the taxonomy from every industry the document names,
    so an analyst can roll up; the evidence names the data file, not a sentence."""
    for key in [k for k in nodes if k[0] == "Industry"]:
        child = key
        while True:
            parent = g.entries.get(child, gz.Entry(*child)).props.get("parent")
            if not parent or ("Industry", parent) not in g.entries or parent == child[1]:
                break
            parent_key = ("Industry", parent)
            if parent_key not in nodes:
                nodes[parent_key] = Node("Industry", parent, g.node_props(parent_key))
            r = rels.setdefault(("PART_OF", child, parent_key), Relationship("PART_OF", child, parent_key))
            if not r.evidence:
                r.evidence.append(Evidence(TAXONOMY_EVIDENCE.format(child=child[1], parent=parent), None, 1.0))
            child = parent_key


def _node_props(g: gz.Gazetteer, m) -> dict:
    props = g.node_props(m.key)
    if not props:
        props = {"aliases": [], "recognised_by": m.source}
    else:
        props["recognised_by"] = "gazetteer"
    return props


def _place_ambiguous_zones(docs) -> None:
    """A county name several cities have (南山区) goes to the city the document mentions most."""
    g = gz.load()
    cities = Counter(m.name for d in docs for m in d._.mentions if m.label == "City")
    for d in docs:
        for m in d._.mentions:
            options = g.entries.get(m.key, gz.Entry(m.label, m.name)).props.get("cities") if m.label == "Zone" else None
            if options and m.place is None:
                mentioned = [c for c in options if cities.get(c)]
                if mentioned:
                    m.place = ("City", max(mentioned, key=lambda c: cities[c]))


def _dominant_place(docs) -> tuple[str, str] | None:
    """The place the document is about: the most mentioned, if clearly ahead of the rest."""
    counts = Counter(m.key for d in docs for m in d._.mentions if m.label in PLACE_LABELS)
    if not counts:
        return None
    (top, n), *rest = counts.most_common(2) + [(None, 0)]
    second = rest[0][1] if rest else 0
    if n >= 3 and n >= 2 * second:
        return top
    return None


def _title_from(text: str) -> str:
    """The first line, cut at its first sentence end (a plain-text essay has no title field)."""
    first = text.strip().split("\n", 1)[0].strip()
    for i, ch in enumerate(first[:80]):
        if ch in "。！？!?":
            return first[: i + 1]
    return first[:80]


def split_long(paragraph: str) -> list[str]:
    """A paragraph in pieces the pipeline takes (spaCy refuses very long texts): cut after a
    sentence end where one is near, else at the limit."""
    limit = rules()["text"]["max_paragraph_chars"]
    ends = rules()["text"]["sentence_end"]
    pieces = []
    while len(paragraph) > limit:
        cut = max(paragraph.rfind(ch, 0, limit) for ch in ends) + 1
        cut = cut if cut > limit // 2 else limit
        pieces.append(paragraph[:cut])
        paragraph = paragraph[cut:]
    return pieces + [paragraph]
