"""Score extraction against gold: P / R / F1 per label and per type, in memory.

What a document contributes is read straight from its DocumentGraph, the same
items a store holds for it: the entities it names (MENTIONS with a count) and
the ends of the relationships it states (STATES), and those relationships. A
naive baseline (every place and industry in one sentence linked by TARGETS) is
scored beside it, and relationships at each minimum confidence (the app's
filter) show whether confidence ranks them.
"""
from __future__ import annotations

from pathlib import Path

from graph.model import NODE_LABELS, DocumentGraph
from textnorm import to_simplified

from .gold import GoldDocument, Matcher, gold_documents

REL_TYPES = ("TARGETS", "SUPPORTS", "LOCATED_IN", "ISSUED_BY")
PLACES = ("City", "Province", "Region", "Zone")
# Minimum confidences the threshold table reports (the app's filter trades recall for precision).
THRESHOLDS = (0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9)


def score(extracted: set, gold: set) -> dict:
    tp = len(extracted & gold)
    p = tp / len(extracted) if extracted else (1.0 if not gold else 0.0)
    r = tp / len(gold) if gold else (1.0 if not extracted else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "tp": tp,
            "extracted": len(extracted), "gold": len(gold)}


def compare(gold: dict, entities: list[tuple[str, str]], relations: list[tuple[str, tuple, tuple]]) -> dict:
    """Items are normalised to gold names where they match, so set arithmetic does the scoring."""
    m = Matcher(gold)

    def ent(label: str, name: str) -> tuple[str, str]:
        g = m.match(label, name)
        return (label, g) if g else (label, "?" + name)

    ext_e = {ent(l, n) for l, n in entities}
    gold_e = {(e["label"], e["name"]) for e in gold["entities"]}
    ext_r = {(t, ent(*h)[1], ent(*tl)[1]) for t, h, tl in relations}
    gold_r = {(r["type"], r["head"], r["tail"]) for r in gold["relations"]}
    out = {"entities": {}, "relations": {}}
    for label in NODE_LABELS:
        out["entities"][label] = score({x for x in ext_e if x[0] == label}, {x for x in gold_e if x[0] == label})
    out["entities"]["ALL"] = score(ext_e, gold_e)
    for rtype in REL_TYPES:
        out["relations"][rtype] = score({x for x in ext_r if x[0] == rtype}, {x for x in gold_r if x[0] == rtype})
    out["relations"]["ALL"] = score(ext_r, gold_r)
    out["missed"] = {"entities": sorted(f"{l}:{n}" for l, n in gold_e - ext_e),
                     "relations": sorted(f"{t} {h} -> {tl}" for t, h, tl in gold_r - ext_r)}
    out["spurious"] = {"entities": sorted(f"{l}:{n}" for l, n in ext_e - gold_e),
                       "relations": sorted(f"{t} {h} -> {tl}" for t, h, tl in ext_r - gold_r)}
    out["_sets"] = (ext_e, gold_e, ext_r, gold_r)
    return out


def document_items(doc: DocumentGraph) -> tuple[list, list, dict]:
    """What the document says, as a store holds it: the entities it names and the ends of the
    relationships it states (provinces reached through the place data), not taxonomy parents
    added for roll-up; its relationships; and each relationship's confidence."""
    rels = [r for r in doc.relationships if r.type in REL_TYPES]
    entities = {m.entity for m in doc.mentions if m.count > 0}
    for r in rels:
        entities |= {r.head, r.tail}
    confidence = {r.key: max(e.confidence for e in r.evidence) for r in rels}
    return sorted(entities), [r.key for r in rels], confidence


def baseline_relations(text: str) -> list[tuple[str, tuple, tuple]]:
    """Every place and every industry in one sentence, linked by TARGETS."""
    from ingest.normalize import normalize
    from ingest.pipeline import nlp

    pipe = nlp()
    split, names = pipe.get_pipe("kg_sentences"), pipe.get_pipe("kg_mentions").recognize
    rels = []
    for para in normalize(text).split("\n"):
        doc = split(pipe.make_doc(para))
        for sentence in doc.spans["sentences"]:
            ms = names(to_simplified(sentence.text))
            places = [x for x in ms if x.label in PLACES]
            inds = [x for x in ms if x.label == "Industry"]
            rels += [("TARGETS", p.key, i.key) for p in places for i in inds]
    return rels


class Tally:
    """Items of many documents, tagged with their document, scored together (micro-average)."""

    def __init__(self):
        self.entities = [set(), set()]
        self.relations = [set(), set()]
        self.baseline = [set(), set()]
        self.by_threshold = {t: [set(), set()] for t in THRESHOLDS}

    def add(self, name: str, gold: dict, doc: DocumentGraph, text: str) -> dict:
        entities, relations, confidence = document_items(doc)
        result = compare(gold, entities, relations)
        ext_e, gold_e, ext_r, gold_r = result.pop("_sets")
        tag = lambda items: {(name, *x) for x in items}  # noqa: E731
        self.entities[0] |= tag(ext_e)
        self.entities[1] |= tag(gold_e)
        self.relations[0] |= tag(ext_r)
        self.relations[1] |= tag(gold_r)
        for t in THRESHOLDS:
            kept = [x for x in relations if confidence.get(x, 1.0) >= t]
            t_ext, t_gold = compare(gold, entities, kept)["_sets"][2:]
            self.by_threshold[t][0] |= tag(t_ext)
            self.by_threshold[t][1] |= tag(t_gold)
        base = compare(gold, entities, baseline_relations(text))
        b_ext, b_gold = base["_sets"][2:]
        self.baseline[0] |= tag(b_ext)
        self.baseline[1] |= tag(b_gold)
        result["baseline_relations"] = base["relations"]["ALL"]
        return result

    def summary(self) -> dict:
        ext_e, gold_e = self.entities
        ext_r, gold_r = self.relations
        out = {"entities": {}, "relations": {}}
        for label in NODE_LABELS:
            out["entities"][label] = score({x for x in ext_e if x[1] == label}, {x for x in gold_e if x[1] == label})
        out["entities"]["ALL"] = score(ext_e, gold_e)
        for rtype in REL_TYPES:
            out["relations"][rtype] = score({x for x in ext_r if x[1] == rtype}, {x for x in gold_r if x[1] == rtype})
        out["relations"]["ALL"] = score(ext_r, gold_r)
        b_ext, b_gold = self.baseline
        out["baseline"] = {rtype: score({x for x in b_ext if x[1] == rtype}, {x for x in b_gold if x[1] == rtype})
                           for rtype in REL_TYPES}
        out["baseline"]["ALL"] = score(b_ext, b_gold)
        out["thresholds"] = {f"{t:.1f}": score(*self.by_threshold[t]) for t in THRESHOLDS}
        return out


def evaluate(documents: list[GoldDocument], graphs: dict[str, DocumentGraph]) -> dict:
    """Score each document's graph against its gold; `graphs` by gold name."""
    tally = Tally()
    per_doc = {}
    for d in documents:
        text = d.text_path.read_text(encoding="utf-8", errors="replace")
        per_doc[d.name + ".json"] = tally.add(d.name, d.gold, graphs[d.name], text)
    return {"summary": tally.summary(), "documents": per_doc}


def extract_documents(documents: list[GoldDocument], fast: bool = False, model=None) -> dict[str, DocumentGraph]:
    """Each gold document's graph from the bundled pipeline (`model` decides relationships instead of
    the bundled relation model; ingest.scorer.RULES_ONLY: the rules alone)."""
    from ingest.extract import extract_file

    return {d.name: extract_file(d.text_path, doc_id=d.name, fast=fast, model=model) for d in documents}


def evaluate_dir(gold_dir: Path, essays_dir: Path | None = None, fast: bool = False) -> dict:
    """The bundled extractor scored on one folder of gold files."""
    documents = gold_documents(gold_dir, essays_dir)
    return evaluate(documents, extract_documents(documents, fast=fast))


def format_report(report: dict, details: bool = True) -> str:
    lines = []

    def table(title: str, scores: dict) -> None:
        lines.append(title)
        lines.append(f"  {'':12} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'ext':>5} {'gold':>5}")
        for k, s in scores.items():
            lines.append(f"  {k:12} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} "
                         f"{s['tp']:5d} {s['extracted']:5d} {s['gold']:5d}")

    s = report["summary"]
    if report.get("title"):
        lines.append(report["title"])
    table("Entities (all gold files)", s["entities"])
    table("Relationships (all gold files)", s["relations"])
    table("Baseline: every place x industry in a sentence as TARGETS", s["baseline"])
    if "thresholds" in s:
        table("Relationships at a minimum confidence (the app's filter)", s["thresholds"])
    if details:
        for name, doc in report["documents"].items():
            lines.append(f"\n== {name}: entity F1 {doc['entities']['ALL']['f1']:.3f}, "
                         f"relationship F1 {doc['relations']['ALL']['f1']:.3f} "
                         f"(baseline {doc['baseline_relations']['f1']:.3f})")
            for kind in ("entities", "relations"):
                lines.append(f"  missed {kind}: " + ", ".join(doc["missed"][kind]))
                lines.append(f"  spurious {kind}: " + ", ".join(doc["spurious"][kind]))
    return "\n".join(lines)
