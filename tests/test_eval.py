"""Extraction quality held at the floors reached (kg eval), so it cannot silently regress.

Floors are the scores measured when they were set, rounded down; raise them
when extraction improves.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from paths import ESSAYS, GOLD
from kg import evaluate
from kg.cli import app

GENERALISATION = Path(__file__).parent / "fixtures" / "generalisation"
# Real texts from public web pages, gold by people who did not write the rules (shared/ beside
# the clone, as on every developer machine and in CI): the set that says whether extraction works.
DEVSET = Path(__file__).resolve().parents[2] / "shared" / "devset"


@pytest.fixture(scope="module")
def gold_report():
    return evaluate.evaluate_dir(GOLD, ESSAYS)


@pytest.fixture(scope="module")
def generalisation_report():
    return evaluate.evaluate_dir(GENERALISATION, GENERALISATION)


@pytest.fixture(scope="module")
def devset_report():
    if not (DEVSET / "gold").is_dir():
        pytest.fail(f"the dev set is not at {DEVSET} (shared/ beside the clone)")
    return evaluate.evaluate_dir(DEVSET / "gold", DEVSET / "texts")


@pytest.mark.parametrize("kind,name,floor", [
    ("entities", "ALL", 0.76), ("relations", "ALL", 0.55), ("relations", "TARGETS", 0.56),
    ("relations", "LOCATED_IN", 0.70), ("relations", "SUPPORTS", 0.34), ("relations", "ISSUED_BY", 0.60),
    ("entities", "Zone", 0.82), ("entities", "Industry", 0.73), ("entities", "Institution", 0.60),
    ("entities", "Policy", 0.77),
])
def test_dev_set_floors(devset_report, kind, name, floor):
    assert devset_report["summary"][kind][name]["f1"] >= floor


def test_the_threshold_table_trades_recall_for_precision(devset_report):
    table = devset_report["summary"]["thresholds"]
    assert table["0.0"] == devset_report["summary"]["relations"]["ALL"]  # nothing filtered at 0
    recalls = [table[t]["recall"] for t in sorted(table)]
    assert recalls == sorted(recalls, reverse=True) and recalls[-1] < recalls[0]
    assert table["0.9"]["precision"] > table["0.0"]["precision"]


def test_sample_essays_meet_the_targets(gold_report):
    s = gold_report["summary"]
    assert s["entities"]["ALL"]["f1"] >= 0.90
    assert s["relations"]["ALL"]["f1"] >= 0.80


@pytest.mark.parametrize("kind,name,floor", [
    ("entities", "City", 0.98), ("entities", "Province", 0.98), ("entities", "Industry", 0.90),
    ("entities", "Institution", 0.85), ("entities", "Policy", 0.75), ("entities", "Zone", 0.80),
    # LOCATED_IN 0.79: the name model adds 商和数据集团 -> 北京, a firm the essay's gold left out.
    ("relations", "TARGETS", 0.84), ("relations", "SUPPORTS", 0.70), ("relations", "LOCATED_IN", 0.79),
    ("relations", "ISSUED_BY", 0.80),
])
def test_sample_essay_floors_per_label_and_type(gold_report, kind, name, floor):
    assert gold_report["summary"][kind][name]["f1"] >= floor


def test_unseen_style_texts_simplified_and_traditional(generalisation_report):
    s = generalisation_report["summary"]
    assert s["entities"]["ALL"]["f1"] >= 0.94
    # 0.77 before ANNOTATION.md's Conventions 6-7 (a district's TARGETS are its city's too),
    # which this team-written gold predates: 0.767 since, while the dev set rose 0.292 -> 0.312
    assert s["relations"]["ALL"]["f1"] >= 0.76
    for doc in ("traditional_hk.json", "traditional_fusion.json"):
        d = generalisation_report["documents"][doc]
        assert d["entities"]["ALL"]["f1"] >= 0.85, doc
        assert d["relations"]["ALL"]["f1"] >= 0.55, doc


def test_pipeline_beats_the_naive_baseline(gold_report, generalisation_report):
    for report in (gold_report, generalisation_report):
        s = report["summary"]
        assert s["relations"]["ALL"]["f1"] > s["baseline"]["ALL"]["f1"] + 0.15
        assert s["relations"]["TARGETS"]["precision"] >= s["baseline"]["TARGETS"]["precision"]


def test_scoring_matches_aliases_and_normalises_names():
    gold = {"document": "x.txt",
            "entities": [{"label": "City", "name": "成都", "aliases": ["蓉"]},
                         {"label": "Industry", "name": "人工智能", "aliases": []}],
            "relations": [{"type": "TARGETS", "head": "成都", "tail": "人工智能", "evidence": ""}]}
    r = evaluate.compare(gold, [("City", "成都市"), ("Industry", "人工智能产业")],
                         [("TARGETS", ("City", "成都市"), ("Industry", "人工智能产业"))])
    assert r["entities"]["ALL"]["f1"] == 1.0 and r["relations"]["ALL"]["f1"] == 1.0
    r = evaluate.compare(gold, [("City", "成都"), ("Industry", "区块链")],
                         [("TARGETS", ("Industry", "区块链"), ("City", "成都"))])
    assert r["entities"]["ALL"]["precision"] == 0.5 and r["relations"]["ALL"]["tp"] == 0
    assert r["missed"]["relations"] == ["TARGETS 成都 -> 人工智能"]


def test_kg_eval_command_prints_scores_and_baseline():
    result = CliRunner().invoke(app, ["eval", str(GENERALISATION), "--essays", str(GENERALISATION), "--no-details"])
    assert result.exit_code == 0, result.output
    assert "TARGETS" in result.output and "Baseline" in result.output


def test_kg_eval_reports_a_bad_gold_dir(tmp_path):
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(tmp_path)])
    assert result.exit_code != 0 and "broken.json" in result.output
