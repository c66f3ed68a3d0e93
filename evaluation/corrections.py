"""Analysts' corrections as labelled examples for the relation scorer, and as a check of a model.

An accepted relationship is a right candidate, a rejected one a wrong one, and a changed one both
(the old relationship wrong, the new one right), each read again from the sentences the
correction was made on (its `evidence`). Only the candidate a correction names is labelled: the
other pairs in those sentences were not judged, so they teach nothing. Added relationships have
no sentence the extractor read (their evidence is a note), and node corrections are not about
relationships: neither is an example.
"""
from __future__ import annotations

from dataclasses import dataclass

from graph.corrections import Correction
from textnorm import canonical_key

from .gold import GoldDocument
from .training import Example, Processed, TrainingSet

PREFIX = "correction:"  # the name of the mini-document a correction's sentences are read as


@dataclass
class Judged:
    """One relationship a correction judged: right (accepted, or what a change made) or wrong."""
    correction: Correction
    rel: dict
    right: bool


def judged(items: list[Correction]) -> list[Judged]:
    """The relationships corrections in force judge, with evidence to read them in."""
    out = []
    for c in items:
        if not c.active or not c.evidence:
            continue
        if c.kind in ("accept", "reject"):
            out.append(Judged(c, c.target["rel"], c.kind == "accept"))
        elif c.kind == "change":
            out += [Judged(c, c.target["rel"], False), Judged(c, c.target["to"], True)]
    return out


def process(items: list[Correction], fast: bool = False) -> list[Processed]:
    """Each correction's evidence run through the pipeline as a document of its own."""
    from ingest.extract import sections
    from ingest.normalize import normalize
    from ingest.pipeline import nlp

    out = []
    for c in {j.correction.id: j.correction for j in judged(items)}.values():
        raw = "\n".join(c.evidence)
        text = normalize(raw)
        document = GoldDocument(PREFIX + c.id, {"document": c.id, "entities": [], "relations": []}, None)
        out.append(Processed(document, raw, text, list(nlp(fast).pipe(sections(text)))))
    return out


def _same(end: tuple[str, str], node: list[str]) -> bool:
    return end[0] == node[0] and canonical_key(end[1]) == canonical_key(node[1])


def _names(candidate, rel: dict) -> bool:
    return candidate.type == rel["type"] and _same(candidate.head, rel["head"]) and _same(candidate.tail, rel["tail"])


def training_set(items: list[Correction], processed: list[Processed]) -> TrainingSet:
    """The candidates corrections name, labelled by them (`kg train --corrections`)."""
    by_doc = {p.document.name: p for p in processed}
    out = TrainingSet()
    for j in judged(items):
        p = by_doc.get(PREFIX + j.correction.id)
        if p is None:
            continue
        name = p.document.name
        if j.right:
            out.gold_counts[(name, j.rel["type"])] += 1
        for doc in p.docs:
            for c in doc._.candidates:
                if _names(c, j.rel):
                    out.examples.append(Example(name, c, j.right, (name, c.type, c.head[1], c.tail[1])))
    return out


def report(items: list[Correction], processed: list[Processed], model) -> dict:
    """How many judged relationships `model` now decides as the analysts did (`kg eval --corrections`):
    right ones extracted from their sentences, wrong ones not; and those whose sentences alone give
    no such candidate (the extractor needs more context, or another name for an end)."""
    from evaluation.training import graphs

    decided = graphs(processed, model)
    out = {"agree": 0, "disagree": 0, "unread": 0, "by_kind": {}, "disagreements": []}
    for j in judged(items):
        name = PREFIX + j.correction.id
        p = next((p for p in processed if p.document.name == name), None)
        candidates = [c for doc in (p.docs if p else []) for c in doc._.candidates if _names(c, j.rel)]
        kind = j.correction.kind + ("" if j.correction.kind != "change" else (" to" if j.right else " from"))
        tally = out["by_kind"].setdefault(kind, {"agree": 0, "disagree": 0, "unread": 0})
        if not candidates:
            verdict = "unread"
        else:
            found = any(r.type == j.rel["type"] and _same(r.head, j.rel["head"]) and _same(r.tail, j.rel["tail"])
                        for r in decided[name].relationships)
            verdict = "agree" if found == j.right else "disagree"
            if verdict == "disagree":
                out["disagreements"].append(f"{j.correction.id} {kind}: {j.rel['type']} "
                                            f"{j.rel['head'][1]} → {j.rel['tail'][1]}")
        out[verdict] += 1
        tally[verdict] += 1
    return out


def format_report(r: dict) -> str:
    total = r["agree"] + r["disagree"]
    lines = [f"Corrections: the model decides {r['agree']} of {total} judged relationships as the analysts did"
             + (f" ({r['agree'] / total:.0%})" if total else "")
             + f"; {r['unread']} not read as a candidate from their sentences alone"]
    for kind, t in sorted(r["by_kind"].items()):
        lines.append(f"  {kind:<12} agree {t['agree']:>4}  disagree {t['disagree']:>4}  unread {t['unread']:>4}")
    lines += ["  disagrees: " + d for d in r["disagreements"][:20]]
    return "\n".join(lines)
