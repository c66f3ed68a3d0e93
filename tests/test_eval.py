"""Extraction quality, measured the only honest way: each document scored by a relation model
trained without it (cross-validation by document), held at floors so it cannot silently regress.

Floors are the figures measured when they were set, rounded down; raise them when extraction
improves. The dev set (real texts, gold by people who did not write the rules) says whether
extraction works; the collected texts are real too; the sample essays and the team-written
texts flatter.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from evaluation import scoring, training
from evaluation.gold import gold_documents, training_sets
from ingest.name_tagger import MODEL as TAGGER_FILE
from ingest.scorer import MODEL_FILE
from cli.main import app
from paths import ESSAYS, GOLD, ROOT

TRAINING = ROOT / "data" / "training"
GENERALISATION = Path(__file__).parent / "fixtures" / "generalisation"

pytestmark = pytest.mark.slow  # whole-corpus scoring / packaging: left out of `make test-quick`


@pytest.fixture(scope="module")
def processed():
    """Every training document run through the pipeline once (candidates do not depend on the relation
    model), each read by a name tagger trained on other folds: the bundled tagger learned from them."""
    [processed] = training.process_out_of_fold([training_sets()])
    return {p.document.text_path.resolve(): p for p in processed}


def cross_validated(processed, gold: Path, texts: Path, folds: int) -> dict:
    """The set in `gold`, each document scored by a model trained on the other sets and the rest
    of its own folds."""
    scored = {d.text_path.resolve() for d in gold_documents(gold, texts)}
    mine = [p for path, p in processed.items() if path in scored]
    extra = [p for path, p in processed.items() if path not in scored]
    return training.cross_validate(mine, extra, folds=folds)["summary"]


@pytest.fixture(scope="module")
def devset(processed):
    return cross_validated(processed, TRAINING / "devset" / "gold", TRAINING / "devset" / "texts", 7)


@pytest.fixture(scope="module")
def collected(processed):
    return cross_validated(processed, TRAINING / "collected" / "gold", TRAINING / "collected" / "texts", 6)


@pytest.fixture(scope="module")
def essays(processed):
    return cross_validated(processed, GOLD, ESSAYS, 0)


@pytest.mark.parametrize("kind,name,floor", [
    # TARGETS measured 0.513 (72 training documents), 0.499 with 116 and pairs across a full stop: the
    # 44 texts added are unlike the dev set, and the dev set moved within its noise (0.01)
    ("entities", "ALL", 0.72), ("relations", "ALL", 0.50), ("relations", "TARGETS", 0.48),
    # ISSUED_BY was 0.50 until national titles became policies: 7 folds then gave 0.462 (leave one
    # out 0.576 -> 0.551, three more spurious pairs of the dev set's 30 gold), while the collected
    # set's ISSUED_BY rose 0.391 -> 0.423 (114 gold)
    ("relations", "SUPPORTS", 0.33), ("relations", "LOCATED_IN", 0.63), ("relations", "ISSUED_BY", 0.45),
    ("entities", "Zone", 0.75), ("entities", "Industry", 0.72), ("entities", "Institution", 0.50),
    ("entities", "Policy", 0.74),
])
def test_dev_set_floors_cross_validated(devset, kind, name, floor):
    assert devset[kind][name]["f1"] >= floor


def test_collected_texts_floors_cross_validated(collected):
    assert collected["entities"]["ALL"]["f1"] >= 0.66
    assert collected["relations"]["ALL"]["f1"] >= 0.45
    assert collected["relations"]["TARGETS"]["f1"] >= 0.54


@pytest.mark.parametrize("report,margin", [("devset", 0.15), ("collected", 0.10)])
def test_targets_beat_the_naive_baseline_on_real_texts(report, margin, request):
    # measured: dev set 0.496-0.513 against 0.271, collected 0.541 against 0.398
    s = request.getfixturevalue(report)
    assert s["relations"]["TARGETS"]["f1"] >= s["baseline"]["TARGETS"]["f1"] + margin
    assert s["relations"]["TARGETS"]["precision"] > s["baseline"]["TARGETS"]["precision"]


def test_confidence_is_calibrated_precision_rises_with_the_threshold(devset):
    table = devset["thresholds"]
    assert table["0.0"] == devset["relations"]["ALL"]  # nothing filtered at 0
    ts = sorted(table)
    recalls = [table[t]["recall"] for t in ts]
    assert recalls == sorted(recalls, reverse=True) and recalls[-1] < recalls[0]
    precisions = [table[t]["precision"] for t in ts]
    assert precisions == sorted(precisions), precisions
    assert table["0.9"]["precision"] >= 0.85 and table["0.5"]["precision"] >= 0.7


def test_sample_essays_cross_validated(essays):
    assert essays["entities"]["ALL"]["f1"] >= 0.89
    # 0.68-0.70 with 72 training documents; 0.664 with 116 (the 83 collected texts' conventions
    # weigh more than the essays' own, which predate ANNOTATION.md's Conventions)
    assert essays["relations"]["ALL"]["f1"] >= 0.65


def test_unseen_style_texts_simplified_and_traditional():
    report = scoring.evaluate_dir(GENERALISATION, GENERALISATION)  # not in any training set
    s = report["summary"]
    # 0.951 and 0.939 from the same code: a retrain after one training text's page furniture
    # (a tag line) was split off its body gave a tagger that reads 消费级无人机 as 无人机 and misses
    # 显示面板 here; the tagger's training stops at 150 iterations and moves by an entity or two
    # (training it to convergence, 1,000 iterations, changed no cross-validated figure by more than
    # 0.01 and took three times as long). 0.951 again after the next retrain: the floor is back at 0.94
    assert s["entities"]["ALL"]["f1"] >= 0.94
    # 0.75+ with the earlier model; 0.744 trained on 116 documents, 0.729 with pairs across a full
    # stop, which raised cross-validated relationship F1 on 39 real collected texts by 0.03;
    # 0.724 -> 0.709 from retrains alone (the code these six texts go through read them as before:
    # with the last model it still scored 0.724): they hold 185 relationships, 0.01 is two of them
    assert s["relations"]["ALL"]["f1"] >= 0.70
    for doc in ("traditional_hk.json", "traditional_fusion.json"):
        d = report["documents"][doc]
        assert d["entities"]["ALL"]["f1"] >= 0.85, doc
        assert d["relations"]["ALL"]["f1"] >= 0.55, doc


def test_the_bundled_model_is_what_kg_train_makes_of_the_training_sets(tmp_path):
    """One command, reproducibly: training again on the same gold gives the same file, byte for
    byte, and that file is the one that ships."""
    target = tmp_path / "model.json"
    result = CliRunner().invoke(app, ["train", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == MODEL_FILE.read_bytes(), "run `kg train` and commit the model"
    assert target.with_suffix(".crfsuite").read_bytes() == TAGGER_FILE.read_bytes(), "run `kg train` and commit the tagger"
    model = json.loads(target.read_text(encoding="utf-8"))
    assert set(model["types"]) == {"TARGETS", "SUPPORTS", "LOCATED_IN", "ISSUED_BY"}
    assert len(model["trained_on"]) == len(training_sets())


def test_scoring_matches_aliases_and_normalises_names():
    gold = {"document": "x.txt",
            "entities": [{"label": "City", "name": "成都", "aliases": ["蓉"]},
                         {"label": "Industry", "name": "人工智能", "aliases": []}],
            "relations": [{"type": "TARGETS", "head": "成都", "tail": "人工智能", "evidence": ""}]}
    r = scoring.compare(gold, [("City", "成都市"), ("Industry", "人工智能产业")],
                        [("TARGETS", ("City", "成都市"), ("Industry", "人工智能产业"))])
    assert r["entities"]["ALL"]["f1"] == 1.0 and r["relations"]["ALL"]["f1"] == 1.0
    r = scoring.compare(gold, [("City", "成都"), ("Industry", "区块链")],
                        [("TARGETS", ("Industry", "区块链"), ("City", "成都"))])
    assert r["entities"]["ALL"]["precision"] == 0.5 and r["relations"]["ALL"]["tp"] == 0
    assert r["missed"]["relations"] == ["TARGETS 成都 -> 人工智能"]


def _tiny_sets(tmp_path: Path) -> Path:
    """A sets.toml naming two of the sample essays (fast enough for a CLI test)."""
    gold = tmp_path / "gold"
    gold.mkdir()
    for f in sorted(GOLD.glob("*.json"))[:2]:
        (gold / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    sets = tmp_path / "sets.toml"
    sets.write_text(f'[[set]]\nname = "tiny"\ngold = "gold"\ntexts = "{ESSAYS.as_posix()}"\n', encoding="utf-8")
    return sets


def test_kg_eval_cross_validates_and_says_so(tmp_path):
    sets = _tiny_sets(tmp_path)
    result = CliRunner().invoke(app, ["eval", str(GOLD), "--essays", str(ESSAYS), "--cv", "--folds", "2",
                                      "--train", str(sets), "--no-details"])
    assert result.exit_code == 0, result.output
    assert "Cross-validated by document (2 folds; 5 documents scored, 5 in training)" in result.output
    assert "TARGETS" in result.output and "Baseline" in result.output


def test_kg_eval_cv_never_trains_on_a_copy_of_a_scored_text(tmp_path):
    # The scored texts are copies in another folder of texts the training sets list: the same
    # documents, so training on them would leak the answers into the cross-validated figure.
    sets = _tiny_sets(tmp_path)
    copies = tmp_path / "copies"
    copies.mkdir()
    for f in ESSAYS.glob("*.txt"):
        (copies / f.name).write_bytes(f.read_bytes())
    result = CliRunner().invoke(app, ["eval", str(GOLD), "--essays", str(copies), "--cv", "--folds", "2",
                                      "--train", str(sets), "--no-details"])
    assert result.exit_code == 0, result.output
    assert "5 documents scored, 5 in training" in result.output


def test_kg_eval_command_prints_scores_and_baseline():
    result = CliRunner().invoke(app, ["eval", str(GENERALISATION), "--essays", str(GENERALISATION), "--no-details"])
    assert result.exit_code == 0, result.output
    assert "TARGETS" in result.output and "Baseline" in result.output


def test_kg_eval_reports_a_bad_gold_dir(tmp_path):
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(tmp_path)])
    assert result.exit_code != 0 and "broken.json" in result.output


def test_kg_train_refuses_a_missing_sets_file(tmp_path):
    result = CliRunner().invoke(app, ["train", "--sets", str(tmp_path / "nope.toml"),
                                      "--output", str(tmp_path / "m.json")])
    assert result.exit_code != 0 and "nope.toml" in result.output
    assert not (tmp_path / "m.json").exists()
