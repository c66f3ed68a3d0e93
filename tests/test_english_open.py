"""Open vocabulary in English: a node no catalogue lists (a compound industry the tagger or a list
finds, an unlisted firm, zone or policy) gets an English name composed from its parts at ingest
(ingest/english.py), so English mode shows no Chinese; a catalogue's English always wins."""
from __future__ import annotations

import re

import pytest

from ingest import gazetteer
from ingest.datafiles import read_tsv
from ingest.english import GLOSSARY, english_name, glossary
from ingest.extract import extract_text

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
TEXT = ("合肥市印发《合肥市关于加快发展宽禁带半导体材料产业的若干措施》。合肥市重点发展宽禁带半导体材料、物流无人机和智能座舱产业。"
        "合肥某某科技有限公司在合肥某某高新区建设宽禁带半导体材料生产基地。合肥市发展人工智能产业。")


@pytest.fixture(scope="module")
def nodes():
    return {n.key: n for n in extract_text(TEXT, doc_id="open.txt").nodes}


def _latin(english) -> bool:
    return isinstance(english, str) and english.strip() != "" and not CJK.search(english)


def test_every_node_has_an_english_name_in_latin_letters(nodes):
    bad = {k: n.props.get("english") for k, n in nodes.items() if not _latin(n.props.get("english"))}
    assert bad == {}


def test_a_compound_industry_is_named_by_its_modifier_and_its_catalogue_head(nodes):
    node = nodes[("Industry", "宽禁带半导体材料")]
    assert node.props["recognised_by"] != "gazetteer"  # open vocabulary: the catalogue does not list it
    assert node.props["english"].lower() == "wide-bandgap semiconductor materials"
    assert "unmanned aerial vehicles" in nodes[("Industry", "物流无人机")].props["english"].lower()
    assert "logistics" in nodes[("Industry", "物流无人机")].props["english"].lower()


def test_an_unlisted_firm_zone_and_policy_are_named_in_english(nodes):
    firm = nodes[("Institution", "合肥某某科技有限公司")].props["english"]
    assert firm == "Hefei Moumou Technology Co., Ltd."
    zone = nodes[("Zone", "合肥某某高新区")].props["english"]
    assert zone == "Hefei Moumou High-tech Zone"
    policy = next(n for k, n in nodes.items() if k[0] == "Policy").props["english"]
    assert policy.startswith("Hefei: Measures on Accelerating the Development of")
    assert "semiconductor materials" in policy.lower() and _latin(policy)


def test_catalogue_english_wins(nodes):
    assert nodes[("City", "合肥")].props["english"] == "Hefei"
    assert nodes[("Industry", "人工智能")].props["english"] == "Artificial intelligence"
    g = gazetteer.load()
    for key in [("Industry", "半导体材料"), ("City", "合肥"), ("Zone", "静安区")]:
        assert english_name(g, *key) == g.entries[key].props["english"]


@pytest.mark.parametrize("label,name,parent,english", [
    ("Industry", "中性原子量子计算", "量子计算", "Neutral-atom quantum computing"),
    ("Industry", "智能座舱", None, "Smart cockpits"),
    ("Institution", "某某研究院", None, "Moumou Research Institute"),
    ("Institution", "某某大学", None, "Moumou University"),
    ("Institution", "某某实验室", None, "Moumou Laboratory"),
    ("Institution", "上海基础与应用基础研究基金", None, "Shanghai Basic and Applied Basic Research Fund"),
    ("Institution", "商和数据集团", None, "Shanghe Data Group"),  # 和 within a brand stays in it
    ("Zone", "某某经开区", None, "Moumou Economic and Technological Development Zone"),
    ("Zone", "某某产业园", None, "Moumou Industrial Park"),
    ("Zone", "某某科学城", None, "Moumou Science City"),
    ("Policy", "《某市低空经济行动方案（2023—2025年）》", None, "Mou City: Action Plan for Low-altitude Economy (2023–2025)"),
    ("Policy", "中共上海市委上海市人民政府关于全力打响上海“四大品牌”率先推动高质量发展的若干意见", None,
     'CPC Shanghai Municipal Party Committee and Shanghai Municipal People\'s Government: Opinions on Fully Promoting'
     ' Shanghai "Four Major Brands" and Taking the Lead in Promoting High-quality Development'),
    ("Policy", "城市机会清单", None, "City Opportunity List"),
])
def test_composed_names(label, name, parent, english):
    assert english_name(gazetteer.load(), label, name, parent) == english


def test_a_name_nothing_knows_is_romanised_not_left_in_chinese():
    g = gazetteer.load()
    for label in ("Industry", "Institution", "Zone", "Policy"):
        english = english_name(g, label, "鑫淼犇")
        assert _latin(english) and english.lower() == "xinmiaoben", (label, english)


def test_the_glossary_loads_with_one_row_per_term():
    rows = read_tsv(GLOSSARY)
    terms = [r["term"] for r in rows]
    assert len(rows) >= 300
    assert len(set(terms)) == len(terms), sorted({t for t in terms if terms.count(t) > 1})
    assert all(r["english"] and not CJK.search(r["english"]) for r in rows)
    assert {r["kind"] for r in rows} <= {"", "org", "zone", "doc", "verb", "action", "join", "about", "adv", "issue"}
    assert glossary()["有限公司"].english == "Co., Ltd."


def test_an_analyst_rename_renames_a_composed_english_name_and_keeps_a_catalogue_one():
    from graph import corrections
    from graph.corrections import Correction
    from graph.model import DocumentGraph, Mention, Node

    firm, city = ("Institution", "合肥某某科技有限公司"), ("City", "合肥")
    doc = DocumentGraph(doc_id="a.txt", title="a", path="/tmp/a.txt", sha256="a", chars=1,
                        nodes=[Node(*firm, {"english": "Hefei Moumou Technology Co., Ltd."}),
                               Node(*city, {"english": "Hefei"})],
                        relationships=[], mentions=[Mention(firm, 1, "s"), Mention(city, 1, "s")])
    fixes = [Correction("rename", {"node": list(firm), "name": "合肥某某智能科技有限公司"}, "x", seq=1),
             Correction("rename", {"node": list(city), "name": "庐州"}, "x", seq=2)]
    english = {n.name: n.props["english"] for n in corrections.apply(doc, fixes).nodes}
    assert english == {"合肥某某智能科技有限公司": "Hefei Moumou Smart Technology Co., Ltd.", "庐州": "Hefei"}


def test_a_store_written_before_gets_english_names_at_the_next_ingest(store, make_doc, tmp_path):
    """Nodes stored without an English name (a store from before names were composed, a node an
    analyst added) are named when anything is next ingested, even a run that skips every file;
    a node that has an English name keeps it."""
    from ingest.runner import ingest_paths

    store.write_document(make_doc("old.txt"))  # 人工智能 and 四川 stored without English; 成都 has "X"
    assert set(store.unnamed("Industry")) == {"人工智能"}
    report = ingest_paths([tmp_path / "nothing-here"], store)
    assert report.named == 2 and not report.written
    english = {r["name"]: r["english"] for r in store.read(
        "MATCH (n) WHERE n:City OR n:Industry OR n:Province RETURN n.name AS name, n.english AS english").records()}
    assert english == {"成都": "X", "人工智能": english_name(gazetteer.load(), "Industry", "人工智能"), "四川": "Sichuan"}
    assert _latin(english["人工智能"]) and store.unnamed("Industry") == store.unnamed("Province") == []
    assert ingest_paths([tmp_path / "nothing-here"], store).named == 0


# Ordinary words of policy language, numbers and batches are translated, never romanised
# (made-up names in the style of the texts): {name: (words the English must hold, pinyin it must not)}.
POLICY_WORDS = {
    ("Policy", "市级未来产业先导区"): (["Municipal-level", "Pilot Zone"], ["Ji ", "Xiandao"]),
    ("Policy", "某省战略性新兴产业基地"): (["Strategic Emerging"], ["Zhanlüexing", "Xinxing"]),
    ("Policy", "第八批“国家新型工业化产业示范基地”名单"): (["8th Batch", "List", "Industrialisation"], ["Dibapi", "Mingdan"]),
    ("Policy", "第3批某某名单"): (["3rd Batch"], ["Pi"]),
    ("Policy", "2024年未来产业先导区拟筹建名单"): (["2024 ", "Proposed", "List"], ["Nian", "Nichoujian"]),
    ("Policy", "2023年度某某名单"): (["2023 "], ["Niandu"]),
    ("Policy", "某某产品推荐目录"): (["Recommended Catalogue"], ["Tuijian"]),
    ("Policy", "某某若干措施(暂行)"): (["(Interim)"], ["Zanxing"]),
    ("Policy", "某某产业三年快速突破行动"): (["Three-year Rapid"], ["Sannian", "Kuaisu"]),
    ("Policy", "某某产业链全景图"): (["Panorama"], ["Quanjingtu"]),
    ("Policy", "某某四大产业"): (["Four Major"], ["Sida"]),
    ("Zone", "某某综合示范区"): (["Comprehensive Demonstration Zone"], ["Zonghe"]),
    ("Policy", "某某装备子工程"): (["Sub-project"], ["Zi "]),
    ("Policy", "某某专项行动"): (["Special Action"], ["Zhuanxiang"]),
    ("Policy", "省级试点"): (["Provincial-level Pilot"], ["Shidian"]),
}


@pytest.mark.parametrize("key", list(POLICY_WORDS), ids=[k[1] for k in POLICY_WORDS])
def test_policy_words_and_numbers_are_translated_not_romanised(key):
    english = english_name(gazetteer.load(), *key) + " "
    want, bad = POLICY_WORDS[key]
    assert all(w in english for w in want) and not any(b in english for b in bad), english


def test_no_gold_policy_or_zone_name_reads_with_known_pinyin_fallbacks():
    import json

    from tests.paths import ROOT

    g = gazetteer.load()
    known_bad = ("Ji ", "Nian", "Mingdan", "Xiandao", "Zhanlüexing", "Zonghe")
    names = {(e["label"], e["name"]) for f in (ROOT / "data" / "training").glob("*/gold/*.json")
             for e in json.loads(f.read_text(encoding="utf-8"))["entities"] if e["label"] in ("Policy", "Zone")}
    assert names
    bad = {n: e for n in sorted(names) if any(b in (e := english_name(g, *n)) + " " for b in known_bad)}
    assert bad == {}
