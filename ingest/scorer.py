"""The learned relation scorer: a logistic model per relationship type over candidate features.

The model file (ingest/data/relation_model.json, written by `kg train`) holds, per
type, a bias, a weight per feature string and the decision threshold chosen by
cross-validation on the training documents. Scoring is a sum of weights and a
sigmoid: no library, deterministic, offline. Without a model file the rules
decide alone (their findings pass through with their own confidence).
"""
from __future__ import annotations

import json
import math
from itertools import repeat
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .candidates import Candidate
from .relations import Found

MODEL_FILE = Path(__file__).parent / "data" / "relation_model.json"
MODEL_FORMAT = 1
# Instance features that say the industry's clause reports a decline or a negation.
DECLINE = frozenset({"decline_in_clause", "neg_in_clause"})
_ZEROS = repeat(0.0)  # the weight of a feature the model never saw


class ModelError(Exception):
    pass


@dataclass
class TypeModel:
    bias: float
    threshold: float
    weights: dict[str, float]

    def probability(self, features) -> float:
        z = self.bias + sum(map(self.weights.get, features, _ZEROS))
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))


@dataclass
class RelationModel:
    types: dict[str, TypeModel]
    meta: dict

    def probability(self, c: Candidate) -> float | None:
        model = self.types.get(c.type)
        return None if model is None else model.probability(c.features)

    def keeps(self, c: Candidate) -> tuple[bool, float]:
        """(kept, confidence) for one candidate; a type the model lacks keeps what a rule found."""
        model = self.types.get(c.type)
        if model is None:
            rule = max((i.rule.confidence for i in c.instances if i.rule is not None), default=None)
            return rule is not None, rule or 0.0
        p = model.probability(c.features)
        return p >= model.threshold, p

    def to_json(self) -> dict:
        return {"format": MODEL_FORMAT, **self.meta,
                "types": {t: {"bias": round(m.bias, 6), "threshold": round(m.threshold, 4),
                              "weights": {f: round(w, 6) for f, w in sorted(m.weights.items()) if round(w, 6)}}
                          for t, m in sorted(self.types.items())}}

    @classmethod
    def from_json(cls, data: dict, where: str = "model") -> "RelationModel":
        if data.get("format") != MODEL_FORMAT:
            raise ModelError(f"{where}: model format {data.get('format')!r}, this version reads {MODEL_FORMAT}; "
                             "run `kg train` to rebuild it")
        try:
            types = {t: TypeModel(float(m["bias"]), float(m["threshold"]),
                                  {f: float(w) for f, w in m["weights"].items()})
                     for t, m in data["types"].items()}
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ModelError(f"{where}: not a relation model ({exc})") from exc
        meta = {k: v for k, v in data.items() if k not in ("format", "types")}
        return cls(types, meta)

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                        encoding="utf-8")


# The rules alone: no type has a model, so every rule finding stands with the rule's confidence.
RULES_ONLY = RelationModel({}, {"name": "rules only"})


def read_model(path: str | Path) -> RelationModel:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelError(f"{path}: cannot read the relation model ({exc})") from exc
    return RelationModel.from_json(data, str(path))


@lru_cache(maxsize=4)
def load_model(path: str = "") -> RelationModel | None:
    """The model in `path` (default: the bundled one); None when the bundled one is absent."""
    if not path:
        if not MODEL_FILE.exists():
            return None
        path = str(MODEL_FILE)
    return read_model(path)


def decide(readings, candidates: list[Candidate], model: RelationModel | None, cap: float = 1.0) -> list:
    """The relationships each sentence states, as the assembler takes them:
    [((start, end), [Found])] for every sentence, in order. Without a model, the rules' own.
    A relationship with an end only the statistical name model found is at most `cap` confident."""
    if model is None:
        return [(r.span, list(r.found)) for r in readings]
    found: dict[tuple[int, int], list[Found]] = {r.span: [] for r in readings}
    for c in candidates:
        kept, p = model.keeps(c)
        if any(i.rule is not None and i.rule.confidence >= 1.0 for i in c.instances):
            kept, p = True, 1.0  # a fact of the place data (a city's province), not a guess
        if c.type == "TARGETS" and all(i.features & DECLINE for i in c.instances):
            continue  # 伦敦…制造业的就业人口减少: every sentence says the industry fell or is not pursued
        if not kept:
            continue
        if c.only_model_found():
            p = min(p, cap)
        # evidence: the sentences a rule read it in, else those naming both ends, else the rest
        ruled = [i for i in c.instances if i.rule is not None]
        for inst in ruled or [i for i in c.instances if not i.inferred] or c.instances:
            inferred = inst.inferred or (inst.rule is not None and inst.rule.inferred)
            found[inst.span].append(Found(c.type, c.head, c.tail, round(p, 3), inferred, inst.at))
    return list(found.items())
