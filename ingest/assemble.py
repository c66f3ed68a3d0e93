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

from .english import english_name
from .gazetteer import Gazetteer
from .government import SOURCE as GOVERNMENT
from .rules import Rules

# Labels whose register entries take the name the text gives them (names_as_written). Not zones: a
# place keeps its official name (浦东 is 浦东新区 in every document, so a map counts it once).
NAMED_AS_WRITTEN = ("Institution",)
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
    renamed = names_as_written(mentions, doc._.simplified, g)
    if renamed:
        nodes, rels, mention_counts, first_sentence = _rename(renamed, nodes, rels, mention_counts, first_sentence)
    _name_in_english(g, nodes)
    return GraphParts(
        nodes=list(nodes.values()),
        relationships=list(rels.values()),
        mentions=[DocMention(key, count, first_sentence[key]) for key, count in mention_counts.items()],
    )


def names_as_written(mentions, simplified: str, g: Gazetteer) -> dict[tuple[str, str], tuple[str, str]]:
    """{register key: the key the text gives it}, for each institution of the register that the
    text never calls by its registered name: it is named as the text names it, by the longest of
    the register's own forms the text uses (then the most used). 中芯国际 stays 中芯国际 rather
    than becoming 中芯国际集成电路制造有限公司, which this text does not say (ANNOTATION.md:
    nothing from world knowledge); the registered name stays on the node as an alias. A form the register does not give this entry alone (高新区,
    read as the document's own zone) never names a node."""
    written: dict[tuple[str, str], Counter] = {}  # each register entry's surfaces here
    for m in mentions:
        if m.label in NAMED_AS_WRITTEN and m.key in g.entries and m.source != GOVERNMENT:
            written.setdefault(m.key, Counter())[simplified[m.start:m.end]] += 1
    out = {}
    for key, surfaces in written.items():
        if key[1] in surfaces:
            continue
        own = [s for s in surfaces if g.surface.get(s) == key]
        if own:
            out[key] = (key[0], max(own, key=lambda s: (len(s), surfaces[s], s)))
    return out


def _rename(renamed: dict, nodes: dict, rels: dict, mention_counts: Counter, first_sentence: dict):
    def new(key):
        return renamed.get(key, key)

    out_nodes: dict[tuple[str, str], Node] = {}
    for key, node in nodes.items():
        if key in renamed:
            props = dict(node.props)
            props["aliases"] = sorted({*props.get("aliases", []), key[1]} - {renamed[key][1]})
            if "seen_as" in props:
                props["seen_as"] = sorted(set(props["seen_as"]) - {renamed[key][1]})
            node = Node(key[0], renamed[key][1], props)
        out_nodes.setdefault(new(key), node)
    out_rels: dict[tuple, Relationship] = {}
    for r in rels.values():
        k = (r.type, new(r.head), new(r.tail))
        mine = out_rels.setdefault(k, Relationship(*k))
        mine.evidence.extend(e for e in r.evidence if not any(x.sentence == e.sentence for x in mine.evidence))
    counts: Counter = Counter()
    firsts: dict = {}
    for key, n in mention_counts.items():
        counts[new(key)] += n
        firsts.setdefault(new(key), first_sentence[key])
    return out_nodes, out_rels, counts, firsts


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


def _name_in_english(g: Gazetteer, nodes: dict) -> None:
    """Every node an English name: the catalogue's (already on it), else one composed from its parts
    (ingest/english.py), so English mode shows no Chinese for open vocabulary either."""
    for node in nodes.values():
        if not node.props.get("english"):
            node.props["english"] = english_name(g, node.label, node.name, node.props.get("parent"))


def _node_props(g: Gazetteer, m) -> dict:
    props = g.node_props(m.key)
    if not props:
        props = {"aliases": [], "recognised_by": m.source}
        if m.props.get("parent"):  # a narrower field than the catalogue entry (ingest/industry_names.py)
            props["parent"] = m.props["parent"]
    else:
        props["recognised_by"] = "gazetteer"
    return props
