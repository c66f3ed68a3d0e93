"""The pipeline's shape: stages in order, what each leaves on the Doc, settings from the rules file,
each relationship module on its own, and long documents in sections."""
from __future__ import annotations

import re

import pytest

from ingest import extract
from ingest.extract import extract_text, sections
from ingest.gazetteer import load as load_gazetteer
from ingest.pipeline import STAGES, build, nlp
from ingest.relations import Sentence, issued_by, located_in, supports, targets
from ingest.rules import RULES_FILE, RulesError, load_rules


def test_nlp_runs_every_stage_in_order_and_leaves_its_results_on_the_doc():
    assert tuple(nlp().pipe_names) == STAGES
    doc = nlp()("合肥市重点发展量子信息产业。合肥高新区位于合肥。")
    assert [s.text for s in doc.spans["sentences"]] == ["合肥市重点发展量子信息产业。", "合肥高新区位于合肥。"]
    assert [(e.text, e.label_, e.kb_id_) for e in doc.ents][:2] == [("合肥市", "City", "合肥"),
                                                                    ("量子信息", "Industry", "量子信息")]
    found = {(f.type, f.head[1], f.tail[1]) for _, fs in doc._.found for f in fs}
    assert ("TARGETS", "合肥", "量子信息") in found
    assert {(r.type, r.head[1], r.tail[1]) for r in doc._.graph.relationships} >= found


def test_traditional_text_matches_but_evidence_keeps_its_script():
    doc = nlp()("廣州市積極布局半導體產業。")
    assert [e.kb_id_ for e in doc.ents] == ["广州", "半导体"]
    sentence = doc._.graph.relationships[0].evidence[0].sentence
    assert sentence == "廣州市積極布局半導體產業。"


def sentence(text: str) -> Sentence:
    """A sentence with the pipeline's own mentions, for one relationship module alone."""
    doc = nlp()(text)
    return Sentence(doc._.simplified, doc._.mentions, load_rules(), load_gazetteer())


def test_each_relationship_module_runs_alone():
    def pairs(found):
        return {(f.head[1], f.tail[1]) for f in found}

    assert pairs(targets.find(sentence("武汉市大力发展光电子信息产业。"), None)) == {("武汉", "光电子信息")}
    assert ("武汉", "光电子信息") not in pairs(targets.find(sentence("作为武汉的光电子信息产业。"), None))
    assert pairs(supports.find(sentence("《武汉市光电子产业发展规划》支持光电子信息产业发展。"))) \
        == {("武汉市光电子产业发展规划", "光电子信息")}
    assert pairs(issued_by.find(sentence("湖北省人民政府印发《关于加快发展光电子信息产业的若干政策》。"))) \
        == {("关于加快发展光电子信息产业的若干政策", "湖北省人民政府")}
    assert ("武汉", "湖北") in pairs(located_in.find(sentence("武汉是湖北的省会。")))


def test_a_demonstrative_takes_the_place_it_is_given():
    s = sentence("这里重点发展氢能产业。")
    assert targets.find(s, None) == []
    found = targets.find(s, ("City", "张家口"))
    assert [(f.head, f.tail[1], f.inferred) for f in found] == [(("City", "张家口"), "氢能", True)]


def test_settings_come_from_the_rules_file_in_the_config(tmp_path):
    changed = tmp_path / "rules.toml"
    text = RULES_FILE.read_text(encoding="utf-8").replace(
        "[relations.TARGETS]\n", "[relations.TARGETS]\n", 1)
    head, tail = text.split("[relations.TARGETS]", 1)
    tail = tail.replace("base_confidence = 0.85", "base_confidence = 0.42", 1)
    changed.write_text(head + "[relations.TARGETS]" + tail, encoding="utf-8")
    other = build(str(changed))
    doc = other("西安市重点发展航空航天产业。")
    confidences = {f.confidence for r in doc._.readings for f in r.found if f.type == "TARGETS"}
    assert confidences == {0.42}  # what the rules read (the relation model's features)
    bundled = {f.confidence for r in nlp()("西安市重点发展航空航天产业。")._.readings for f in r.found
               if f.type == "TARGETS"}
    assert bundled == {0.85}


@pytest.mark.parametrize("edit,message", [
    (("subject_window = 8", "subject_windw = 8"), "[relations.TARGETS] unknown key(s) subject_windw"),
    (("settle_window = 6\n", ""), "[relations.LOCATED_IN] missing key(s) settle_window"),
])
def test_a_mistyped_rules_file_is_refused_naming_the_key(tmp_path, edit, message):
    bad = tmp_path / "rules.toml"
    bad.write_text(RULES_FILE.read_text(encoding="utf-8").replace(*edit), encoding="utf-8")
    with pytest.raises(RulesError, match=re.escape(message)):
        load_rules(str(bad))


def test_a_document_longer_than_one_doc_runs_in_sections_with_the_same_graph(monkeypatch):
    paragraph = "成都市重点发展航空航天产业。绵阳市加快布局新型显示。"
    text = "\n".join(f"第{i}段。{paragraph}" for i in range(40))
    whole = extract_text(text, doc_id="long.txt")
    monkeypatch.setattr(extract, "MAX_DOC_CHARS", 300)
    assert len(sections(text)) > 3
    assert all(len(s) <= 300 for s in sections(text))
    split = extract_text(text, doc_id="long.txt")

    def view(g):
        return ({(r.type, r.head, r.tail): len(r.evidence) for r in g.relationships},
                {m.entity: m.count for m in g.mentions})

    assert view(split) == view(whole)


def test_one_huge_line_is_cut_into_sections_at_sentence_ends(monkeypatch):
    line = "合肥市重点发展量子信息产业。" * 2200  # 30,800 characters, more than a paragraph may hold
    monkeypatch.setattr(extract, "MAX_DOC_CHARS", 25_000)
    parts = sections(line)
    assert len(parts) == 2 and all(len(p) <= 25_000 for p in parts)
    assert "".join(parts) == line and all(p.endswith("。") for p in parts)


def test_each_stage_declares_what_it_reads_and_sets_and_the_order_holds():
    from spacy.language import Language
    import spacy

    assert not any(nlp().analyze_pipes(pretty=False)["problems"].values())
    backwards = spacy.blank("zh")
    for stage in ("kg_sentences", "kg_relations", "kg_mentions"):  # relations before the mentions they read
        backwards.add_pipe(stage)
    problems = backwards.analyze_pipes(pretty=False)["problems"]
    assert "doc._.mentions" in problems["kg_relations"]
    assert Language.get_factory_meta("kg_graph").assigns == ["doc._.graph"]
