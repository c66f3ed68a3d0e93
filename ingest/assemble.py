"""Assembly: a processed Doc's sentences, mentions and relations -> the graph model.

Nodes carry their curated properties; every relationship carries the sentence
it came from, its year and confidence. Two document-level steps follow the
Conventions: a zone's TARGETS reach its city, and every industry named gets
PART_OF edges up the curated taxonomy so analysts can roll up.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from graph.model import Evidence, Mention as DocMention, Node, Relationship

from .gazetteer import Gazetteer
from .rules import Rules

TAXONOMY_EVIDENCE = "industry taxonomy (ingest/data/industries.tsv): {child} is part of {parent}"


@dataclass
class GraphParts:
    """One text's nodes, relationships and mention counts (a DocumentGraph without its document)."""

    nodes: list[Node] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    mentions: list[DocMention] = field(default_factory=list)

    def merge(self, other: "GraphParts") -> "GraphParts":
        """Both parts as one (a long document is processed in sections)."""
        nodes = {n.key: n for n in self.nodes}
        for n in other.nodes:
            if n.key not in nodes:
                nodes[n.key] = n
            elif n.props.get("seen_as"):
                known = nodes[n.key].props
                known["seen_as"] = sorted(set(known.get("seen_as", [])) | set(n.props["seen_as"]))
        rels = {r.key: r for r in self.relationships}
        for r in other.relationships:
            mine = rels.setdefault(r.key, Relationship(r.type, r.head, r.tail))
            for e in r.evidence:
                if not any(x.sentence == e.sentence for x in mine.evidence):
                    mine.evidence.append(e)
        counts = {m.entity: m for m in self.mentions}
        for m in other.mentions:
            if m.entity in counts:
                counts[m.entity] = DocMention(m.entity, counts[m.entity].count + m.count,
                                              counts[m.entity].first_sentence)
            else:
                counts[m.entity] = m
        return GraphParts(list(nodes.values()), list(rels.values()), list(counts.values()))


def assemble(doc, rules: Rules, g: Gazetteer) -> GraphParts:
    """Nodes, relationships with evidence, and mention counts from a Doc the relations stage has run on."""
    text = doc.user_data["text"]
    mentions = doc._.mentions
    nodes: dict[tuple[str, str], Node] = {}
    seen_as: dict[tuple[str, str], set[str]] = {}  # surface forms merged into each node (kg merges)
    mention_counts: Counter = Counter()
    first_sentence: dict[tuple[str, str], str] = {}
    rels: dict[tuple, Relationship] = {}

    k = 0  # mentions and sentences are both in text order
    for (start, end), found in doc._.found:
        sentence = text[start:end].strip()
        year = _year(sentence, rules)
        while k < len(mentions) and mentions[k].start < start:
            k += 1
        while k < len(mentions) and mentions[k].start < end:
            m = mentions[k]
            k += 1
            mention_counts[m.key] += 1
            first_sentence.setdefault(m.key, sentence)
            if m.key not in nodes:
                nodes[m.key] = Node(m.label, m.name, _node_props(g, m))
            surface = text[m.start:m.end]
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

    _zone_targets_reach_city(nodes, rels, rules.relations.TARGETS.zone_to_city_confidence, g)
    for key, surfaces in seen_as.items():
        nodes[key].props["seen_as"] = sorted(surfaces)
    _add_taxonomy(g, nodes, rels)
    return GraphParts(
        nodes=list(nodes.values()),
        relationships=list(rels.values()),
        mentions=[DocMention(key, count, first_sentence[key]) for key, count in mention_counts.items()],
    )


def _year(sentence: str, rules: Rules) -> int | None:
    m = rules.year_pattern.search(sentence)
    return int(m.group(1)) if m else None


def _zone_targets_reach_city(nodes: dict, rels: dict, confidence: float, g: Gazetteer) -> None:
    """A zone's or district's TARGETS are its city's too (Conventions 6-7): the city is the one
    the document places it in (LOCATED_IN), else the one the zone data gives."""
    city_of = {r.head: r.tail for r in rels.values()
               if r.type == "LOCATED_IN" and r.head[0] == "Zone" and r.tail[0] == "City"}
    for key, node in nodes.items():
        if key[0] == "Zone" and key not in city_of and node.props.get("city"):
            city_of[key] = ("City", node.props["city"])
    for r in [r for r in rels.values() if r.type == "TARGETS" and r.head in city_of]:
        city = city_of[r.head]
        if city not in nodes:
            nodes[city] = Node("City", city[1], g.node_props(city))
        reached = rels.setdefault(("TARGETS", city, r.tail), Relationship("TARGETS", city, r.tail))
        for e in r.evidence:
            if not any(x.sentence == e.sentence for x in reached.evidence):
                reached.evidence.append(Evidence(e.sentence, e.year, min(e.confidence, confidence), True))


def _add_taxonomy(g: Gazetteer, nodes: dict, rels: dict) -> None:
    """(:Industry)-[:PART_OF]->(:Industry) up the taxonomy from every industry the document names;
    the evidence names the data file, not a sentence."""
    for key in [k for k in nodes if k[0] == "Industry"]:
        child = key
        while True:
            parent = (g.entries[child].props.get("parent") if child in g.entries
                      else nodes[child].props.get("parent") if child in nodes else None)
            if not parent or ("Industry", parent) not in g.entries or parent == child[1]:
                break
            parent_key = ("Industry", parent)
            if parent_key not in nodes:
                nodes[parent_key] = Node("Industry", parent, g.node_props(parent_key))
            r = rels.setdefault(("PART_OF", child, parent_key), Relationship("PART_OF", child, parent_key))
            if not r.evidence:
                r.evidence.append(Evidence(TAXONOMY_EVIDENCE.format(child=child[1], parent=parent), None, 1.0))
            child = parent_key


def _node_props(g: Gazetteer, m) -> dict:
    props = g.node_props(m.key)
    if not props:
        props = {"aliases": [], "recognised_by": m.source}
        if m.props.get("parent"):  # a narrower field than the catalogue entry (ingest/industry_names.py)
            props["parent"] = m.props["parent"]
    else:
        props["recognised_by"] = "gazetteer"
    return props
