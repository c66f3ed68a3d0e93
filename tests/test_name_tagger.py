"""The name tagger: its features and spans, how it is reconciled with the mentions the
catalogue and rules found, what the bundled model makes of sentences written for these tests,
and how it is trained (reproducibly, never on the document it reads in cross-validation)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from evaluation import tagger_training
from evaluation.gold import GoldDocument
from ingest import gazetteer
from ingest.extract import extract_text
from ingest.name_tagger import MODEL, CharFeatures, NameTagger, mention_tags, spans
from ingest.mention import Mention
from ingest.rules import load_rules
from ingest.scorer import RULES_ONLY


def named(text: str, label: str = "Industry") -> set[str]:
    doc = extract_text(text, doc_id="t.txt", model=RULES_ONLY)
    found = {m.entity for m in doc.mentions if m.count > 0}
    return {n.name for n in doc.nodes if n.key in found and n.label == label}


def industries(text: str) -> set[str]:
    return named(text, "Industry")


def labels(short: str) -> list[str]:
    """'OBiiObIbi' -> O B-Ind I-Ind I-Ind O B-Ins I-Ins B-Ind I-Ind (b/i: industry, B/I: institution)."""
    return [{"O": "O", "b": "B-Ind", "i": "I-Ind", "B": "B-Ins", "I": "I-Ins"}[c] for c in short]


def test_spans_read_b_i_runs_of_one_label():
    assert spans(labels("ObiiObObi")) == [(1, 4, "Industry"), (5, 6, "Industry"), (7, 9, "Industry")]
    assert spans(labels("BIIbi")) == [(0, 3, "Institution"), (3, 5, "Industry")]
    assert spans(labels("iiO")) == []  # an I without its B starts nothing
    assert spans(labels("bIi")) == [(0, 1, "Industry")]  # a run ends where the label changes
    assert spans([]) == []


def test_features_see_mentions_catalogue_words_triggers_and_lists():
    text = "重点发展芯片、软件"
    tags = mention_tags(len(text), [Mention(4, 6, "Industry", "芯片", "gazetteer")], 0)
    assert tags[4:6] == ["B-Ind", "I-Ind"] and tags[0] == "O"
    feats = CharFeatures(load_rules(), gazetteer.load())(text, tags)
    assert len(feats) == len(text)
    assert "m=B-Ind" in feats[4] and "c=芯" in feats[4]
    assert "g=bi" in feats[4] and "g=ei" in feats[5]  # 芯片 begins and ends a catalogue word
    assert "v=0" in feats[4]  # right after 重点发展
    assert "v=-" in feats[0]  # no trigger before the first character
    assert "l=1" in feats[4]  # 、 within the window


class FixedTagger:
    """Stands in for the CRF: gives the labels it was built with, and as marginals 1 for the
    label it gave a character (or the probabilities `inside` gives each character of being
    in a name of any label)."""

    def __init__(self, short: str, inside: list[float] | None = None):
        self.labels = labels(short)
        self.inside = inside

    def tag(self, _features):
        return self.labels

    def marginal(self, label, i):
        if self.inside is not None:
            return self.inside[i] if label.startswith("B-") else 0.0
        return float(self.labels[i] == label)


def reconcile(text: str, short: str, mentions: list[Mention], inside=None) -> list[tuple]:
    tagger = NameTagger(load_rules(), gazetteer.load())
    tagger._tagger = FixedTagger(short, inside)
    return [(m.label, m.name, m.props) for m in tagger(text, [(0, len(text))], mentions)]


def test_a_longer_tagged_stretch_names_the_field_as_written_with_the_mention_as_parent():
    text = "发展宽禁带半导体材料"
    found = reconcile(text, "OObiiiiiii", [Mention(5, 10, "Industry", "半导体材料", "gazetteer")])
    assert found == [("Industry", "宽禁带半导体材料", {"parent": "半导体材料"})]


def test_a_stretch_over_no_mention_is_a_new_industry_with_its_catalogue_head_as_parent():
    text = "布局物流无人机产业"
    found = reconcile(text, "OObiiiiii", [])
    assert found == [("Industry", "物流无人机", {"parent": "无人机"})]  # 产业 dropped (ANNOTATION.md)


def test_a_stretch_touching_a_place_or_two_mentions_leaves_the_mentions_alone():
    text = "合肥新能源汽车"
    place = Mention(0, 2, "City", "合肥", "gazetteer")
    car = Mention(2, 7, "Industry", "新能源汽车", "gazetteer")
    assert reconcile(text, "biiiiii", [place, car]) == [("City", "合肥", {}), ("Industry", "新能源汽车", {})]
    text = "芯片和软件"
    both = [Mention(0, 2, "Industry", "芯片", "gazetteer"), Mention(3, 5, "Industry", "软件", "gazetteer")]
    assert [n for _, n, _ in reconcile(text, "biiii", both)] == ["芯片", "软件"]


def test_an_industry_the_tagger_rules_out_is_dropped_and_one_it_doubts_stays():
    text = "制造业转型"
    made = [Mention(0, 2, "Industry", "制造", "gazetteer")]
    assert reconcile(text, "OOOOO", made, [0.05, 0.05, 0, 0, 0]) == []
    assert reconcile(text, "OOOOO", made, [0.4, 0.05, 0, 0, 0]) == [("Industry", "制造", {})]


def test_places_and_government_bodies_are_never_the_taggers_to_drop():
    text = "合肥市"
    assert reconcile(text, "OOO", [Mention(0, 2, "City", "合肥", "gazetteer")]) == [("City", "合肥", {})]
    body = Mention(0, 3, "Institution", "合肥市人民政府", "government")
    assert [n for _, n, _ in reconcile("市政府", "OOO", [body])] == ["合肥市人民政府"]
    firm = Mention(0, 2, "Institution", "某某", "model")
    assert reconcile("某某", "OO", [firm]) == []  # a name model proposal the tagger rules out


def test_an_institution_takes_the_city_it_starts_with_as_its_place():
    text = "天津大学牵头"
    tagger = NameTagger(load_rules(), gazetteer.load())
    tagger._tagger = FixedTagger("BIIIOO")
    [found] = tagger(text, [(0, len(text))], [Mention(0, 2, "City", "天津", "gazetteer")])
    assert (found.label, found.name, found.place) == ("Institution", "天津大学", ("City", "天津"))


def test_an_institution_holding_a_field_and_a_new_one_over_nothing():
    text = "国家乳业技术创新中心和某某科技"
    dairy = Mention(2, 4, "Industry", "乳业", "gazetteer")
    found = reconcile(text, "BIIIIIIIIIOBIII", [dairy])
    assert found == [("Institution", "国家乳业技术创新中心", {}), ("Institution", "某某科技", {})]


@pytest.mark.parametrize("text,short,expected", [
    # the tagger's stretch takes in the word before or after the field: trimmed to the field
    ("区内人工智能企业", "biiiiiOO", ["人工智能"]),
    ("承接精密制造转移", "biiiiiOO", ["精密制造"]),
    ("新型航空器需要", "biiiiiO", ["新型航空器"]),
    ("空间六大领域", "biiiOO", ["空间"]),
    ("绿色食品(调味品)", "biiiiiiiO", ["绿色食品"]),
    ("原材料到面板", "biiiii", []),  # a chain's two ends, not one field
])
def test_a_tagged_field_is_trimmed_of_the_words_around_it(text, short, expected):
    assert [n for label, n, _ in reconcile(text, short, []) if label == "Industry"] == expected


def test_trimming_keeps_names_that_begin_or_end_like_a_trigger():
    tagger = NameTagger(load_rules(), gazetteer.load())
    assert tagger._trimmed("即时配送", 0, 4) == (0, 4)  # 即 (a one-character trigger) begins it
    assert tagger._trimmed("计算集群", 0, 4) == (0, 4)  # a role noun ends it
    assert tagger._trimmed("投资服务", 0, 4) == (0, 4)  # 投 alone is no word to strip (投向 is)
    assert tagger._body("中国医学科学院细胞产业转化基地", 0, 15) == (0, 15)
    assert tagger._body("和光同程", 0, 4) == (0, 4)


@pytest.mark.parametrize("text,short,expected", [
    ("来自GE医疗的专家", "BIIIIIOOO", ["GE医疗"]),
    ("依托歌尔", "BIII", ["歌尔"]),
    ("某某科技与", "BIIII", ["某某科技"]),
    ("中联重科深耕", "BIIIII", ["中联重科"]),
])
def test_a_tagged_body_is_trimmed_of_the_words_around_it(text, short, expected):
    assert [n for label, n, _ in reconcile(text, short, []) if label == "Institution"] == expected


@pytest.mark.parametrize("text,expected", [
    # open-vocabulary fields built on a catalogue head, in lists, in sentences written for this test
    # (no catalogue entries; before the tagger the second gave 无人机, not 物流无人机)
    ("绍兴市加快布局智能座舱、车规级芯片封测等产业。", {"智能座舱", "车规级芯片封测"}),
    ("芜湖聚焦物流无人机、mRNA疫苗和工业母机整机制造。", {"物流无人机", "mRNA疫苗"}),
])
def test_the_bundled_tagger_finds_fields_the_catalogue_does_not_list(text, expected):
    assert expected <= industries(text)


def test_the_bundled_tagger_keeps_coordinated_fields_apart():
    assert "智能座舱和卫星互联网" not in industries("该区大力培育碳化硅衬底、智能座舱和卫星互联网终端等新兴产业。")


def test_the_bundled_tagger_finds_firms():
    assert {"潍柴动力股份有限公司"} <= named("潍坊支持潍柴动力股份有限公司建设氢燃料电池发动机研发中心。", "Institution")


def test_the_bundled_tagger_leaves_out_manufacturing_as_a_word():
    assert "制造" not in industries("受订单下滑影响，该市制造业用工连续三个月减少。")


def _gold_doc(tmp_path: Path, name: str, text: str, industries: list[str]) -> GoldDocument:
    path = tmp_path / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    gold = {"document": path.name, "entities": [{"label": "Industry", "name": n} for n in industries],
            "relations": []}
    (tmp_path / f"{name}.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return GoldDocument(name, gold, path)


@pytest.fixture(scope="module")
def small_gold(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("gold")
    texts = [
        ("a", "苏州重点发展纳米材料、生物医药和第三代半导体等产业。苏州工业园区培育光子芯片产业。", ["纳米材料", "生物医药", "第三代半导体", "光子芯片"]),
        ("b", "合肥聚焦量子计算、集成电路和新型显示，布局空天信息产业。", ["量子计算", "集成电路", "新型显示", "空天信息"]),
        ("c", "深圳布局合成生物、低空经济和智能机器人等产业集群。", ["合成生物", "低空经济", "智能机器人"]),
    ]
    return [_gold_doc(tmp, n, t, i) for n, t, i in texts]


def test_training_targets_are_the_gold_names_written_in_each_sentence(small_gold):
    seqs = tagger_training.sequences(small_gold)
    first_sentence, labels = seqs["a"][0]
    text = "".join(f[0][2:] for f in first_sentence)  # each character's "c=" feature
    assert text.startswith("苏州重点发展纳米材料")
    assert labels[6:10] == ["B-Ind", "I-Ind", "I-Ind", "I-Ind"]  # 纳米材料
    assert labels[:6] == ["O"] * 6


def test_training_is_reproducible(small_gold, tmp_path):
    seqs = tagger_training.sequences(small_gold)
    one = tagger_training.fit(seqs, tmp_path / "one.crfsuite").read_bytes()
    two = tagger_training.fit(seqs, tmp_path / "two.crfsuite").read_bytes()
    assert one == two


def test_out_of_fold_taggers_never_learned_from_the_document_they_read(small_gold, tmp_path):
    seqs = tagger_training.sequences(small_gold)
    models = tagger_training.out_of_fold(seqs, tmp_path, k=3)
    assert set(models) == {"a", "b", "c"}
    assert len(set(models.values())) == 3  # three folds of one document: one model each
    # the model that reads "a" was trained on b and c only: refit it so and compare bytes
    again = tagger_training.fit({n: s for n, s in seqs.items() if n != "a"}, tmp_path / "again.crfsuite")
    assert models["a"].read_bytes() == again.read_bytes()


def test_processing_with_fold_taggers_puts_the_bundled_tagger_back(small_gold):
    from evaluation import training
    from ingest.pipeline import nlp

    [processed] = training.process_out_of_fold([small_gold])
    assert [p.document.name for p in processed] == ["a", "b", "c"]
    assert nlp().get_pipe("kg_tagged_names").tag.model_path == MODEL
