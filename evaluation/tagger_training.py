"""Training the name tagger (ingest/name_tagger.py) from gold files.

Each gold document runs through the pipeline up to the tagger; in every sentence that names
something, the characters of each gold industry and institution name (and alias) written
there are the tagger's targets (B-Ind I-Ind …, B-Ins I-Ins …), everything else O. A linear-chain CRF (python-crfsuite, L-BFGS
with fixed settings: the same gold gives the same model) learns them from the characters
around and the mentions found so far.

The relation scorer learns from candidates built on the tagger's names, so it must see
the tagger's real mistakes: `out_of_fold` tags each document with a tagger trained on the
other folds, never on itself, for training the scorer and for cross-validation.
"""
from __future__ import annotations

import bisect
import re
import tempfile
from pathlib import Path

from ingest.name_tagger import OUTSIDE, TAGS, CharFeatures, mention_tags
from textnorm import to_simplified

from .gold import GoldDocument

UNTIL = "kg_tagged_names"  # the stages before it give the tagger its features
FOLDS = 6
SETTINGS = {"c1": 0.1, "c2": 0.1, "max_iterations": 150, "feature.possible_transitions": True}

Sequence = tuple[list[list[str]], list[str]]


def _gold_names(gold: dict) -> list[tuple[str, str]]:
    """(surface, tag) of every gold industry and institution name and alias, longest first."""
    names = {(to_simplified(s), TAGS[e["label"]]) for e in gold["entities"] if e["label"] in TAGS
             for s in [e["name"], *e.get("aliases", [])]}
    return sorted((n for n in names if len(n[0]) >= 2), key=lambda n: (-len(n[0]), n))


def _targets(sentence: str, names: list[tuple[str, str]]) -> list[str]:
    """B-/I- tags over each gold name written in the sentence, longest first, never overlapping."""
    tags = [OUTSIDE] * len(sentence)
    for name, tag in names:
        for found in re.finditer(re.escape(name), sentence):
            a, b = found.span()
            if all(t == OUTSIDE for t in tags[a:b]):
                tags[a] = "B-" + tag
                tags[a + 1:b] = ["I-" + tag] * (b - a - 1)
    return tags


def sequences(documents: list[GoldDocument], fast: bool = False) -> dict[str, list[Sequence]]:
    """Each document's tagged sentences (the sentences the tagger reads: those naming something)."""
    from ingest.extract import sections
    from ingest.normalize import normalize
    from ingest.pipeline import _offsets, nlp
    from ingest.readers import read_document

    from ingest import gazetteer
    from ingest.rules import load_rules

    features = CharFeatures(load_rules(), gazetteer.load())
    pipeline = nlp(fast)
    later = pipeline.pipe_names[pipeline.pipe_names.index(UNTIL):]
    out = {}
    for d in documents:
        names = _gold_names(d.gold)
        found = []
        text = normalize(read_document(d.text_path).text)
        for doc in pipeline.pipe(sections(text), disable=later):
            simplified, mentions = doc._.simplified, doc._.mentions
            starts = [m.start for m in mentions]
            for s, e in _offsets(doc.spans["sentences"]):
                lo, hi = bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)
                if lo == hi:
                    continue
                sentence = simplified[s:e]
                tags = mention_tags(len(sentence), [m for m in mentions[lo:hi] if m.end <= e], s)
                found.append((features(sentence, tags), _targets(sentence, names)))
        out[d.name] = found
    return out


def fit(data: dict[str, list[Sequence]], path: Path) -> Path:
    """A tagger trained on every sequence in `data`, written to `path`."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for name in sorted(data):
        for xs, ys in data[name]:
            trainer.append(xs, ys)
    trainer.set_params(SETTINGS)
    trainer.train(str(path))
    return Path(path)


def out_of_fold(data: dict[str, list[Sequence]], folder: Path, k: int = FOLDS) -> dict[str, Path]:
    """For each document, a tagger (in `folder`) trained on the documents of the other k-1 folds."""
    from .training import _folds

    models = {}
    for n, held in enumerate(_folds(sorted(data), k)):
        path = fit({name: seqs for name, seqs in data.items() if name not in held}, Path(folder) / f"fold{n}.crfsuite")
        models.update({name: path for name in held})
    return models


def scratch() -> tempfile.TemporaryDirectory:
    """A folder for fold models, removed when done."""
    return tempfile.TemporaryDirectory(prefix="kg-tagger-")
