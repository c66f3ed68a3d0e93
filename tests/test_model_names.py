"""The statistical name recogniser beside the gazetteer, the relations it opens up, and --fast.

Sentences written for these tests; the firms are real, well-known ones no data file lists."""
from __future__ import annotations

from ingest.extract import extract_text
from ingest.gazetteer import load
from ingest.scorer import RULES_ONLY

# No list closed by a word for firms holds the two firms: only the model can name them.
FIRMS = "长沙市重点发展工程机械产业，三一重工与中联重科深耕工程机械领域。"


def graph(text: str, fast: bool = False, model=RULES_ONLY):
    """Nodes and relationships as the rules read them (the learned scorer: model=None)."""
    doc = extract_text(text, doc_id="t.txt", fast=fast, model=model)
    nodes = {(n.label, n.name): n for n in doc.nodes}
    rels = {(r.type, r.head[1], r.tail[1]): r for r in doc.relationships}
    return nodes, rels


def test_firms_no_list_holds_are_institutions_that_support_their_industry_and_sit_in_the_city():
    assert ("Institution", "三一重工") not in load().entries  # the model, not the data, finds it
    nodes, rels = graph(FIRMS)
    assert {("Institution", "三一重工"), ("Institution", "中联重科")} <= set(nodes)
    assert nodes[("Institution", "三一重工")].props["recognised_by"] == "model"
    assert {("SUPPORTS", "三一重工", "工程机械"), ("SUPPORTS", "中联重科", "工程机械"),
            ("LOCATED_IN", "三一重工", "长沙")} <= set(rels)
    located = rels[("LOCATED_IN", "三一重工", "长沙")].evidence[0]
    assert located.inferred and located.confidence <= 0.5  # the place came from the sentence's subject


def test_fast_mode_leaves_the_model_out():
    nodes, rels = graph(FIRMS, fast=True)
    assert not any(label == "Institution" for label, _ in nodes)
    assert ("TARGETS", "长沙", "工程机械") in rels  # the gazetteer and the rules still work


def test_a_relationship_with_a_model_found_end_is_capped_in_confidence():
    _, rels = graph(FIRMS)
    for key, r in rels.items():
        if key[1] in ("三一重工", "中联重科"):
            assert all(e.confidence <= 0.7 for e in r.evidence), key
    assert max(e.confidence for e in rels[("TARGETS", "长沙", "工程机械")].evidence) == 0.85
    _, learned = graph(FIRMS, model=None)  # the bundled relation model caps them too
    for key, r in learned.items():
        if key[1] in ("三一重工", "中联重科"):
            assert all(e.confidence <= 0.7 for e in r.evidence), key


class OneWordTagger:
    """Tags the first `n` characters of each text as ORG (the labelling rules, alone)."""

    def __init__(self, n: int):
        self.n = n

    def tag(self, texts):
        return [[(0, self.n, t[:self.n], "ORG"), (self.n, len(t), t[self.n:], "n")] for t in texts]


def test_a_firm_named_brand_plus_field_keeps_the_field_in_its_name():
    from ingest.mention import Mention
    from ingest.model_names import ModelNames
    from ingest.rules import load_rules

    text = "云启星半导体加快研发功率器件。"
    industry = Mention(3, 6, "Industry", "半导体", "gazetteer")  # the field word is also an industry
    names = ModelNames(load_rules(), load(), OneWordTagger(3)).propose([(0, text)], [industry])
    assert [(m.name, m.label, m.source) for m in names] == [("云启星半导体", "Institution", "model")]


def test_a_short_brand_counts_only_as_an_actor():
    from ingest.model_names import ModelNames
    from ingest.rules import load_rules

    class Tagged:
        def __init__(self, words):
            self.words = words

        def tag(self, texts):
            pos, out = 0, []
            for w, t in self.words:
                out.append((pos, pos + len(w), w, t))
                pos += len(w)
            return [out]

    names = ModelNames(load_rules(), load(), None)
    names.tagger = Tagged([("，", "w"), ("星启", "ORG"), ("推出", "v"), ("新品", "n")])
    assert [m.name for m in names.propose([(0, "，星启推出新品")], [])] == ["星启"]
    names.tagger = Tagged([("链接", "v"), ("星启", "ORG"), ("供应链", "n")])
    assert names.propose([(0, "链接星启供应链")], []) == []


def test_media_take_no_relationships():
    nodes, rels = graph("据湖南日报报道，长沙市重点发展工程机械产业。")
    assert ("Institution", "湖南日报") in nodes
    assert not [k for k in rels if "湖南日报" in k]


def test_a_zone_name_the_data_lists_takes_the_data_city_not_a_county_prefix():
    # 滨海 is also a county of 盐城; the zone data says 滨海新区 is Tianjin's.
    _, rels = graph("滨海新区加快发展生物医药。")
    assert ("LOCATED_IN", "滨海新区", "天津") in rels
    assert not [k for k in rels if "盐城" in k]


def test_a_verb_ends_a_zone_name():
    nodes, _ = graph("南京打造国家级示范区。")
    assert ("Zone", "南京打造国家级示范区") not in nodes


def test_a_list_closed_by_a_word_for_firms_names_firms_even_without_the_model():
    text = "合肥拥有星驰、云帆、江岳3家整车企业，形成新能源汽车产业集群。"
    nodes, rels = graph(text, fast=True)
    assert {("Institution", "星驰"), ("Institution", "云帆"), ("Institution", "江岳")} <= set(nodes)
    # the bodies listed together share what the last one does
    assert {("SUPPORTS", n, "新能源汽车") for n in ("星驰", "云帆", "江岳")} <= set(rels)


def test_a_known_firm_ending_like_a_kind_of_firm_does_not_unmake_its_list():
    # 中石化 ends in 化 as 数字化 does, but the catalogue knows it as a firm: the list is one of firms
    text = "青州陆续引进中石化、星驰动力、云帆科技等企业，完善氢能产业链。"
    nodes, _ = graph(text, fast=True)
    assert {("Institution", "星驰动力"), ("Institution", "云帆科技")} <= set(nodes)


def test_kinds_of_firm_are_not_firm_names():
    nodes, _ = graph("支持高成长、初创期等科技企业发展，强化标准化服务、专业检测等专业服务与头部企业协同。", fast=True)
    assert not [name for label, name in nodes if label == "Institution"]


def test_a_byline_medium_takes_no_relationships_and_an_issuing_body_does_not_support():
    text = "财经时报e公司讯，苏州市政府办公厅印发行动方案，明确打造低空经济产业高地。"
    nodes, rels = graph(text)
    assert not [k for k in rels if "财经时报e公司" in k]
    assert not [k for k in rels if k[0] == "SUPPORTS" and k[1].endswith("办公厅")]


def test_international_bodies_do_not_sit_in_the_text_s_place():
    nodes, rels = graph("厦门市加快发展生物医药。世界卫生组织认可厦门企业研发的新型疫苗。")
    assert ("Institution", "世界卫生组织") in nodes
    assert not [k for k in rels if k[0] == "LOCATED_IN" and k[1] == "世界卫生组织"]


def test_a_page_s_medium_is_an_institution_with_no_relations():
    text = "来源:长江财经 作者:李明\n《江城日报》报道，武汉重点发展光电子信息产业。"
    nodes, rels = graph(text, fast=True)
    assert {("Institution", "长江财经"), ("Institution", "江城日报")} <= set(nodes)
    assert not [k for k in rels if "长江财经" in k or "江城日报" in k]
    assert ("TARGETS", "武汉", "光电子信息") in rels


def test_a_field_a_verb_governs_starts_after_where_it_is_said_to_grow():
    # 发展区内X产业: "in the district" is no part of the field's name (nor 市内, 全省 …)
    nodes, _ = graph("四个区各展所长，加速发展区内合金材料产业，全市发展全省光子芯片产业。", fast=True)
    fields = {name for label, name in nodes if label == "Industry"}
    assert {"合金材料", "光子芯片"} <= fields
    assert not [f for f in fields if f.startswith(("区内", "全省"))]


def test_an_item_named_like_a_body_in_a_list_of_fields_is_not_a_field():
    # (a list of fields when some items hold known ones: 人工智能 in the second)
    nodes, _ = graph("建设展示中心、人工智能研究院、人工智能产业园等载体。", fast=True)
    assert ("Industry", "人工智能研究院") not in nodes
    assert ("Industry", "人工智能") in nodes
