"""Training the relation scorer from gold files, and cross-validation by document.

Each gold document is run through the pipeline once; its candidates
(ingest/candidates.py) are labelled by the gold: a candidate is right when its
type and both ends, matched to gold names as scoring matches them, are a gold
relationship. One logistic regression per relationship type (scikit-learn,
liblinear, fixed seed) learns a weight per feature; its decision threshold is
the one that gave the best F1 on the training documents' own held-out
predictions (grouped by document), so the threshold is never fitted on the
documents it is scored on.

`cross_validate` trains on every document but one and scores the one left
out (or grouped k-fold): the only figure that says how the scorer does on a
corpus it has not seen.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from ingest.candidates import TYPES, Candidate
from ingest.scorer import RelationModel, TypeModel

from .gold import GoldDocument, Matcher

log = logging.getLogger(__name__)

SEED = 0
C = 0.1  # inverse regularisation strength
INNER_FOLDS = 5
MIN_EXAMPLES = 10  # a type with fewer labelled candidates (or no positive) keeps the rules' decisions


class TrainingError(Exception):
    pass


@dataclass
class Example:
    doc: str
    candidate: Candidate
    label: bool
    scored_as: tuple  # (doc, type, head, tail) as scoring names them ("?name" where no gold entity)


@dataclass
class TrainingSet:
    examples: list[Example] = field(default_factory=list)
    gold_counts: dict = field(default_factory=lambda: defaultdict(int))  # (doc, type) -> gold relations

    def docs(self) -> list[str]:
        return sorted({e.doc for e in self.examples} | {d for d, _ in self.gold_counts})

    def subset(self, docs) -> "TrainingSet":
        docs = set(docs)
        out = TrainingSet([e for e in self.examples if e.doc in docs])
        for (d, t), n in self.gold_counts.items():
            if d in docs:
                out.gold_counts[(d, t)] = n
        return out


def label(name: str, gold: dict, sections: list[tuple[list[Candidate], dict]]) -> TrainingSet:
    """One document's candidates labelled by its gold: per section of the document, its
    candidates and the names its graph gives their ends (ingest.assemble.names_as_written)."""
    m = Matcher(gold)
    gold_r = {(r["type"], r["head"], r["tail"]) for r in gold["relations"]}
    out = TrainingSet()
    for r in gold_r:
        out.gold_counts[(name, r[0])] += 1
    for candidates, renamed in sections:
        for c in candidates:
            h, t = renamed.get(c.head, c.head), renamed.get(c.tail, c.tail)
            head = m.match(*h) or "?" + h[1]
            tail = m.match(*t) or "?" + t[1]
            out.examples.append(Example(name, c, (c.type, head, tail) in gold_r, (name, c.type, head, tail)))
    return out


def merge(sets: list[TrainingSet]) -> TrainingSet:
    out = TrainingSet()
    for s in sets:
        out.examples += s.examples
        for k, n in s.gold_counts.items():
            out.gold_counts[k] += n
    return out


def _sklearn():
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:  # pragma: no cover - an optional dependency
        raise TrainingError("training needs scikit-learn: pip install 'kg-industries[train]'") from exc
    return DictVectorizer, LogisticRegression


def _fit_type(examples: list[Example]) -> tuple[float, dict[str, float]] | None:
    DictVectorizer, LogisticRegression = _sklearn()
    if len(examples) < MIN_EXAMPLES or not any(e.label for e in examples) or all(e.label for e in examples):
        return None
    vec = DictVectorizer()
    X = vec.fit_transform([{f: 1 for f in sorted(e.candidate.features)} for e in examples]).tocsr()
    X.indices, X.indptr = X.indices.astype("int32"), X.indptr.astype("int32")  # liblinear takes 32-bit
    y = [int(e.label) for e in examples]
    clf = LogisticRegression(C=C, solver="liblinear", random_state=SEED, max_iter=1000)
    clf.fit(X, y)
    weights = {f: float(w) for f, w in zip(vec.get_feature_names_out(), clf.coef_[0])}
    return float(clf.intercept_[0]), weights


def _folds(docs: list[str], k: int) -> list[list[str]]:
    """Documents in k groups, deterministically (sorted, dealt round-robin)."""
    k = max(2, min(k, len(docs)))
    return [docs[i::k] for i in range(k)]


THRESHOLDS = tuple(round(0.05 * k, 2) for k in range(2, 17))  # 0.10 … 0.80


def _f1(scored: list[tuple[float, Example]], gold_total: int, t: float) -> float:
    kept = [e for p, e in scored if p >= t]
    extracted = {e.scored_as for e in kept}
    tp = len({e.scored_as for e in kept if e.label})
    return 2 * tp / (len(extracted) + gold_total) if extracted or gold_total else 0.0


def _best_threshold(folds: list[tuple[list[tuple[float, Example]], int]]) -> float:
    """The threshold with the best mean F1 over the inner folds (each fold's held-out predictions
    and gold count, so that no one long document decides it), averaged with its neighbours' (a
    lone peak that a few candidates make moves with every retrain, a plateau does not); ties go to
    the higher threshold."""
    mean = [sum(_f1(scored, gold, t) for scored, gold in folds) / max(1, len(folds)) for t in THRESHOLDS]
    smooth = [sum(mean[max(0, i - 1):i + 2]) / len(mean[max(0, i - 1):i + 2]) for i in range(len(mean))]
    best, best_f1 = 0.5, -1.0
    for t, f1 in zip(THRESHOLDS, smooth):
        if f1 >= best_f1:
            best, best_f1 = t, f1
    return best


def fit(data: TrainingSet, meta: dict | None = None) -> RelationModel:
    """A model per type from all of `data`, each with a threshold from grouped cross-validation
    inside `data`."""
    docs = data.docs()
    if len(docs) < 2:
        raise TrainingError("training needs gold for at least two documents")
    types = {}
    for rtype in TYPES:
        examples = [e for e in data.examples if e.candidate.type == rtype]
        fitted = _fit_type(examples)
        if fitted is None:
            log.info("%s: too few labelled candidates, the rules decide", rtype)
            continue
        bias, weights = fitted
        # held-out predictions inside the training documents choose the threshold
        folds = []
        for held in _folds(docs, INNER_FOLDS):
            held_set = set(held)
            inner = _fit_type([e for e in examples if e.doc not in held_set])
            if inner is None:
                continue
            model = TypeModel(inner[0], 0.5, inner[1])
            scored = [(model.probability(e.candidate.features), e) for e in examples if e.doc in held_set]
            gold = sum(n for (d, t), n in data.gold_counts.items() if t == rtype and d in held_set)
            folds.append((scored, gold))
        types[rtype] = TypeModel(bias, _best_threshold(folds), weights)
    info = {"trained_on": docs, "seed": SEED, "C": C}
    info.update(meta or {})
    return RelationModel(types, info)


# --- running the pipeline over gold documents ------------------------------------------------

@dataclass
class Processed:
    """A gold document as the pipeline read it: its text and one processed Doc per section,
    kept so that cross-validation decides the same candidates again with each fold's model."""

    document: GoldDocument
    raw: str
    text: str
    docs: list


def process(documents: list[GoldDocument], fast: bool = False, taggers: dict | None = None) -> list[Processed]:
    """Run the pipeline over each document; `taggers` maps a document's name to the name
    tagger file to read it with (default: the bundled tagger)."""
    from ingest.extract import sections
    from ingest.name_tagger import MODEL
    from ingest.normalize import normalize
    from ingest.pipeline import nlp
    from ingest.readers import read_document

    tagged = nlp(fast).get_pipe("kg_tagged_names").tag
    out = []
    try:
        for d in documents:
            tagged.use((taggers or {}).get(d.name, MODEL))
            raw = read_document(d.text_path).text
            text = normalize(raw)
            out.append(Processed(d, raw, text, list(nlp(fast).pipe(sections(text)))))
    finally:
        tagged.use(MODEL)
    return out


def process_out_of_fold(groups: list[list[GoldDocument]], fast: bool = False) -> list[list[Processed]]:
    """Each group of documents processed with name taggers trained out of fold over all
    groups together: no document is read by a tagger that learned from it."""
    from . import tagger_training

    everything = [d for group in groups for d in group]
    sequences = tagger_training.sequences(everything, fast)
    with tagger_training.scratch() as folder:
        taggers = tagger_training.out_of_fold(sequences, folder)
        return [process(group, fast, taggers) for group in groups]


def training_set(processed: list[Processed]) -> TrainingSet:
    from ingest import gazetteer
    from ingest.assemble import names_as_written

    g = gazetteer.load()
    return merge([label(p.document.name, p.document.gold,
                        [(doc._.candidates, names_as_written(doc._.mentions, doc._.simplified, g)) for doc in p.docs])
                  for p in processed])


def graphs(processed: list[Processed], model) -> dict:
    """Each document's graph with `model` deciding its relationships."""
    from ingest.extract import document_graph

    return {p.document.name: document_graph(p.docs, p.raw, p.text, doc_id=p.document.name, model=model)
            for p in processed}


def cross_validate(processed: list[Processed], extra: list[Processed] = (), folds: int = 0) -> dict:
    """Train on all documents but a fold (and on every `extra` document), decide the fold's
    documents with that model, and score every document so decided. `folds` 0: leave one
    document out."""
    from .scoring import evaluate

    data = training_set(list(processed) + list(extra))
    names = [p.document.name for p in processed]
    groups = [[n] for n in names] if not folds else _folds(names, folds)
    decided = {}
    for held in groups:
        model = fit(data.subset(n for n in data.docs() if n not in held))
        decided.update(graphs([p for p in processed if p.document.name in held], model))
    report = evaluate([p.document for p in processed], decided)
    how = "leave one out" if not folds else f"{len(groups)} folds"
    report["title"] = (f"Cross-validated by document ({how}; {len(names)} documents scored, "
                       f"{len(names) + len(extra)} in training): each scored by a model trained without it")
    return report


def train(documents: list[GoldDocument], fast: bool = False, extra: TrainingSet | None = None,
          tagger_file=None) -> tuple[RelationModel, TrainingSet]:
    """The relation model from these gold documents (what `kg train` writes), and `extra` labelled
    examples (analysts' corrections, evaluation/corrections.py). With `tagger_file`, the name
    tagger trained on all of them is written there; the relation model learns from the
    documents as out-of-fold taggers read them, mistakes included."""
    from . import tagger_training

    if tagger_file is not None:
        tagger_training.fit(tagger_training.sequences(documents, fast), tagger_file)
    [processed] = process_out_of_fold([documents], fast)
    data = training_set(processed)
    meta = {"fast": fast}
    if extra is not None and extra.examples:
        data = merge([data, extra])
        meta["corrections"] = len(extra.examples)
    return fit(data, meta), data
