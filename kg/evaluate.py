"""Score extraction against hand-made gold files (ANNOTATION.md): P / R / F1 per label and per type.

Each gold file's essay is ingested into a fresh embedded store; what the store
then holds for that document (its MENTIONS and the relationships citing it)
is compared with the gold. A naive baseline (every place and industry in one
sentence linked by TARGETS) is scored beside it.
"""
from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from pathlib import Path

from graph.model import NODE_LABELS
from textnorm import canonical_key, to_simplified

REL_TYPES = ("TARGETS", "SUPPORTS", "LOCATED_IN", "ISSUED_BY")
PLACES = ("City", "Province", "Region", "Zone")


class GoldError(Exception):
    pass


def load_gold(path: Path) -> dict:
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise GoldError(f"{path}: not a readable gold JSON file: {exc}") from exc
    for field in ("document", "entities", "relations"):
        if field not in gold:
            raise GoldError(f"{path}: missing field {field!r}")
    return gold


class Matcher:
    """Maps extracted (label, name) to gold entity names the way ANNOTATION.md says."""

    def __init__(self, gold: dict):
        self.index: dict[tuple[str, str], str] = {}
        for e in gold["entities"]:
            for surface in [e["name"], *e.get("aliases", [])]:
                self.index.setdefault((e["label"], canonical_key(surface)), e["name"])

    def match(self, label: str, name: str) -> str | None:
        return self.index.get((label, canonical_key(name)))


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
    labels_of = {e["name"]: e["label"] for e in gold["entities"]}
    ext_r = {(t, ent(*h)[1], ent(*tl)[1]) for t, h, tl in relations}
    gold_r = {(r["type"], r["head"], r["tail"]) for r in gold["relations"]}
    out = {"entities": {}, "relations": {}, "missed": {}, "spurious": {}}
    for label in NODE_LABELS:
        e_l = {x for x in ext_e if x[0] == label}
        g_l = {x for x in gold_e if x[0] == label}
        out["entities"][label] = score(e_l, g_l)
    out["entities"]["ALL"] = score(ext_e, gold_e)
    for rtype in REL_TYPES:
        out["relations"][rtype] = score({x for x in ext_r if x[0] == rtype}, {x for x in gold_r if x[0] == rtype})
    out["relations"]["ALL"] = score(ext_r, gold_r)
    out["missed"] = {"entities": sorted(f"{l}:{n}" for l, n in gold_e - ext_e),
                     "relations": sorted(f"{t} {h} -> {tl}" for t, h, tl in gold_r - ext_r)}
    out["spurious"] = {"entities": sorted(f"{l}:{n}" for l, n in ext_e - gold_e),
                       "relations": sorted(f"{t} {h} -> {tl}" for t, h, tl in ext_r - gold_r)}
    out["_sets"] = (ext_e, gold_e, ext_r, gold_r)
    del labels_of
    return out


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


# Minimum confidences the threshold table reports (the app's filter trades recall for precision).
THRESHOLDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9)


def evaluate_dir(gold_dir: Path, essays_dir: Path, fast: bool = False) -> dict:
    from graph.falkor import FalkorStore
    from ingest.extract import extract_file

    gold_files = sorted(Path(gold_dir).glob("*.json"))
    if not gold_files:
        raise GoldError(f"no gold *.json files in {gold_dir}")
    per_doc = {}
    totals = defaultdict(lambda: [set(), set(), set(), set()])
    base_totals = [set(), set()]
    by_threshold = {t: [set(), set()] for t in THRESHOLDS}
    with tempfile.TemporaryDirectory(prefix="kg-eval-") as tmp:
        store = FalkorStore(Path(tmp) / "eval.db")
        store.ensure_schema()
        for gf in gold_files:
            gold = load_gold(gf)
            essay = Path(gold.get("path") or essays_dir / gold["document"])
            if not essay.is_absolute() and not essay.exists():
                essay = gf.parent / gold["document"]
            if not essay.exists():
                raise GoldError(f"{gf}: its document {gold['document']} is not in {essays_dir} or {gf.parent}")
            doc = extract_file(essay, fast=fast)
            doc.doc_id = gf.stem + "::" + gold["document"]  # unique per gold file
            store.write_document(doc)
            entities, relations = read_back(store, doc.doc_id)
            result = compare(gold, entities, relations)
            ext_e, gold_e, ext_r, gold_r = result.pop("_sets")
            confidence = {r.key: max(e.confidence for e in r.evidence) for r in doc.relationships}
            for t in THRESHOLDS:
                kept = [x for x in relations if confidence.get(x, 1.0) >= t]
                t_ext, t_gold = compare(gold, entities, kept)["_sets"][2:]
                by_threshold[t][0] |= {(gf.stem, *x) for x in t_ext}
                by_threshold[t][1] |= {(gf.stem, *x) for x in t_gold}
            for i, s in enumerate((ext_e, gold_e, ext_r, gold_r)):
                totals["all"][i] |= {(gf.stem, *x) for x in s}
            base = compare(gold, entities, baseline_relations(essay.read_text(encoding="utf-8", errors="replace")))
            b_ext_r, b_gold_r = base["_sets"][2], base["_sets"][3]
            base_totals[0] |= {(gf.stem, *x) for x in b_ext_r}
            base_totals[1] |= {(gf.stem, *x) for x in b_gold_r}
            result["baseline_relations"] = base["relations"]["ALL"]
            per_doc[gf.name] = result
        store.close()
    ext_e, gold_e, ext_r, gold_r = totals["all"]
    summary = {"entities": {}, "relations": {}}
    for label in NODE_LABELS:
        summary["entities"][label] = score({x for x in ext_e if x[1] == label}, {x for x in gold_e if x[1] == label})
    summary["entities"]["ALL"] = score(ext_e, gold_e)
    for rtype in REL_TYPES:
        summary["relations"][rtype] = score({x for x in ext_r if x[1] == rtype}, {x for x in gold_r if x[1] == rtype})
    summary["relations"]["ALL"] = score(ext_r, gold_r)
    b_ext, b_gold = base_totals
    summary["baseline"] = {rtype: score({x for x in b_ext if x[1] == rtype}, {x for x in b_gold if x[1] == rtype})
                           for rtype in REL_TYPES}
    summary["baseline"]["ALL"] = score(b_ext, b_gold)
    summary["thresholds"] = {f"{t:.1f}": score(*by_threshold[t]) for t in THRESHOLDS}
    return {"summary": summary, "documents": per_doc}


def read_back(store, doc_id: str) -> tuple[list, list]:
    # What the document says: the entities it names and the ends of the relationships it
    # states (provinces reached through the place data), not taxonomy parents added for roll-up.
    ents = store.read("MATCH (:Document {name: $doc})-[m:MENTIONS]->(n) WHERE m.count > 0 "
                      "RETURN labels(n)[0] AS label, n.name AS name "
                      "UNION MATCH (:Document {name: $doc})-[s:STATES]->(a) WHERE s.type IN $types "
                      "UNWIND [[labels(a)[0], a.name], [s.tail_label, s.tail]] AS e RETURN e[0] AS label, e[1] AS name",
                      {"doc": doc_id, "types": list(REL_TYPES)}, row_limit=None).rows
    rels = store.read("MATCH (:Document {name: $doc})-[s:STATES]->(a) WHERE s.type IN $types "
                      "RETURN s.type, labels(a)[0], a.name, s.tail_label, s.tail",
                      {"doc": doc_id, "types": list(REL_TYPES)}, row_limit=None).rows
    return [tuple(e) for e in ents], [(t, (hl, h), (tl, tn)) for t, hl, h, tl, tn in rels]


def format_report(report: dict, details: bool = True) -> str:
    lines = []

    def table(title: str, scores: dict) -> None:
        lines.append(title)
        lines.append(f"  {'':12} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'ext':>5} {'gold':>5}")
        for k, s in scores.items():
            lines.append(f"  {k:12} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} "
                         f"{s['tp']:5d} {s['extracted']:5d} {s['gold']:5d}")

    s = report["summary"]
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
