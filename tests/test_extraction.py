"""Extraction constructions on sentences written for these tests (not from the sample essays).

The rules are read alone here (RULES_ONLY): they are what the learned relation scorer takes as
its strongest features and what decides where no model is installed. What the bundled model
makes of them is tested in test_scorer.py.
"""
from __future__ import annotations

import pytest

from ingest.extract import extract_text
from ingest.scorer import RULES_ONLY


def rels(text: str, rtype: str) -> set[tuple[str, str]]:
    """(head, tail) names of the relationships of one type the rules read."""
    doc = extract_text(text, doc_id="t.txt", model=RULES_ONLY)
    return {(r.head[1], r.tail[1]) for r in doc.relationships if r.type == rtype}


def names(text: str) -> dict[str, str]:
    """The entities the text names (not taxonomy parents added for roll-up), by name."""
    doc = extract_text(text, doc_id="t.txt", model=RULES_ONLY)
    named = {m.entity for m in doc.mentions if m.count > 0}
    return {n.name: n.label for n in doc.nodes if n.key in named}


def parents(text: str) -> set[tuple[str, str]]:
    """(child, parent) PART_OF edges of the text's industries."""
    doc = extract_text(text, doc_id="t.txt", model=RULES_ONLY)
    return {(r.head[1], r.tail[1]) for r in doc.relationships if r.type == "PART_OF"}


@pytest.mark.parametrize("text,expected", [
    ("西安市重点发展航空航天和光子产业。", {("西安", "航空航天"), ("西安", "光子")}),
    ("长沙把工程机械、新一代自主安全计算系统作为主攻方向。", {("长沙", "工程机械")}),  # fronting
    ("在合成生物领域，天津起步较早。", {("天津", "合成生物")}),  # topic frame
    ("郑州、洛阳共同布局新材料产业。", {("郑州", "新材料"), ("洛阳", "新材料")}),  # coordinated subjects
])
def test_targets_constructions(text, expected):
    assert expected <= rels(text, "TARGETS")


def test_appositive_place_is_not_the_subject_and_demonstrative_inherits():
    text = "东莞是制造业名城。作为广东的制造重镇，这里持续培育智能终端产业。"
    found = rels(text, "TARGETS")
    assert ("东莞", "智能终端") in found
    assert ("广东", "智能终端") not in found


def test_instrument_place_is_not_the_subject_but_a_layout_zone():
    found = rels("北京以怀柔科学城为主阵地，建设量子科技产业集群。", "TARGETS")
    assert ("北京", "量子科技") in found
    # Conventions 7: a zone given a layout role (主阵地, 核心区 …) targets what is built there too
    assert ("怀柔科学城", "量子科技") in found


def test_list_completion_adds_unknown_items_of_an_industry_list():
    n = names("厦门围绕第三代半导体、柔性显示模组和动力电池加码布局。")
    assert n.get("柔性显示模组") == "Industry" and n.get("动力电池") == "Industry"


def test_list_without_known_industries_adds_nothing():
    n = names("会议讨论了人才、资金和土地等要素保障。")
    assert not [k for k, v in n.items() if v == "Industry"]


def test_issued_by_from_title_prefix_verb_and_possessive():
    found = rels("2024年，浙江省发布《浙江省人形机器人产业发展行动方案》。宁波的“甬江人才工程”持续推进。", "ISSUED_BY")
    assert ("浙江省人形机器人产业发展行动方案", "浙江") in found
    assert ("甬江人才工程", "宁波") in found


def test_policy_supports_the_industries_it_names():
    found = rels("工业和信息化部印发《关于促进低空经济发展的指导意见》，提出重点支持低空经济和通用航空。", "SUPPORTS")
    assert ("关于促进低空经济发展的指导意见", "低空经济") in found


def test_institution_names_keep_the_full_name_and_locate_it():
    doc = extract_text("中国科学院沈阳自动化研究所深耕工业机器人。", doc_id="t.txt", model=RULES_ONLY)
    found = {(r.type, r.head[1], r.tail[1]) for r in doc.relationships}
    assert ("SUPPORTS", "中国科学院沈阳自动化研究所", "工业机器人") in found
    assert ("LOCATED_IN", "中国科学院沈阳自动化研究所", "沈阳") in found
    assert ("LOCATED_IN", "沈阳", "辽宁") in found


def test_programme_codes_keep_their_written_name_and_belong_to_their_city():
    text = "武汉市提出构建“965”现代产业体系。"
    assert names(text).get("“965”现代产业体系") == "Policy"  # named as written, as the gold names them
    assert ("“965”现代产业体系", "武汉") in rels(text, "ISSUED_BY")
    assert names("宁波“246”万千亿级产业集群").get("宁波“246”万千亿级产业集群") == "Policy"


def test_ambiguous_district_goes_to_the_city_the_document_names():
    doc = extract_text("深圳市南山区集聚了大批人工智能企业。深圳持续发力。", doc_id="t.txt", model=RULES_ONLY)
    located = {(r.head[1], r.tail[1]) for r in doc.relationships if r.type == "LOCATED_IN"}
    assert ("南山区", "深圳") in located and ("南山区", "鹤岗") not in located


def test_traditional_characters_and_abbreviation_frames():
    n = names("多家企業在蓉設立研發中心，滬上生物醫藥企業加快布局。")
    assert n.get("成都") == "City" and n.get("上海") == "City" and n.get("生物医药") == "Industry"


def test_generic_phrases_are_not_entities():
    n = names("各地纷纷布局未来产业和战略性新兴产业，培育龙头企业。")
    assert not {"未来产业", "战略性新兴产业", "龙头企业"} & set(n)


def test_every_relationship_has_a_sentence_and_year():
    doc = extract_text("2025年，苏州市重点发展生物医药产业。", doc_id="t.txt", model=RULES_ONLY)
    r = next(r for r in doc.relationships if r.type == "TARGETS")
    assert r.evidence[0].sentence == "2025年,苏州市重点发展生物医药产业。" and r.evidence[0].year == 2025


def test_comma_does_not_coordinate_places_and_locative_zone_is_not_the_actor():
    found = rels("在江苏，无锡大力发展物联网产业。上海在临港新片区布局生物制造。", "TARGETS")
    assert ("无锡", "物联网") in found and ("江苏", "物联网") not in found
    assert ("上海", "生物制造") in found


def test_institution_issuer_is_kept_beside_the_title_place():
    found = rels("广州市人民政府印发《广州市低空经济发展实施方案》。", "ISSUED_BY")
    assert ("广州市低空经济发展实施方案", "广州") in found
    assert ("广州市低空经济发展实施方案", "广州市人民政府") in found


def test_taiwan_and_hong_kong_industry_words_reach_mainland_names():
    doc = extract_text("台灣持續發展人工智慧與晶片產業，並推動雲端運算與資安。香港推動機械人及生物科技發展。",
                       doc_id="t.txt")
    industries = {n.name for n in doc.nodes if n.label == "Industry"}
    assert {"人工智能", "芯片", "云计算", "网络安全", "机器人", "生物技术"} <= industries
    evidence = [e.sentence for r in doc.relationships if r.type == "TARGETS" for e in r.evidence]
    assert any("人工智慧" in s for s in evidence)  # evidence keeps the original words


def test_every_regional_term_names_a_known_industry():
    from ingest.datafiles import read_tsv
    from ingest.gazetteer import load

    g = load()
    rows = read_tsv("regional_terms.tsv")
    assert len(rows) > 30
    for r in rows:
        assert ("Industry", r["industry"]) in g.entries, r


def test_first_person_deixis_reaches_the_documents_city():
    """ANNOTATION.md Convention 6: 我市 is the document's own city."""
    doc = extract_text("成都发布规划。成都加快建设。成都推进改革。\n我市将重点发展人工智能产业。", doc_id="t.txt", model=RULES_ONLY)
    targets = {(r.head[1], r.tail[1]): r for r in doc.relationships if r.type == "TARGETS"}
    assert ("成都", "人工智能") in targets and targets[("成都", "人工智能")].evidence[0].inferred



def test_a_districts_targets_reach_its_city():
    """ANNOTATION.md Conventions 6-7: what a district targets, its city targets too (inferred)."""
    doc = extract_text("武侯区重点发展人工智能产业。", doc_id="t.txt", model=RULES_ONLY)
    targets = {(r.head[1], r.tail[1]): r for r in doc.relationships if r.type == "TARGETS"}
    assert ("武侯区", "人工智能") in targets
    assert ("成都", "人工智能") in targets and all(e.inferred for e in targets[("成都", "人工智能")].evidence)


def test_a_place_listed_before_a_semicolon_does_not_act_after_it():
    text = ("河南省重点发展未来产业。该省支持郑州、洛阳等市推进航空航天；聚焦量子信息、氢能等领域。")
    targets = rels(text, "TARGETS")
    assert {("郑州", "航空航天"), ("洛阳", "航空航天")} <= targets
    assert ("洛阳", "量子信息") not in targets and ("河南", "量子信息") in targets


@pytest.mark.parametrize("text,zone,industry", [
    ("黄埔区推介生物医药产业园、新能源新材料园等园区。", "生物医药产业园", "生物医药"),
    ("黄埔区推介生物医药产业园、新能源新材料园等园区。", "新能源新材料园", "新材料"),
    ("余杭区人工智能未来产业先导区获批。", "余杭区人工智能未来产业先导区", "人工智能"),
    ("武汉着力打造“光电谷”，重点发展光电子信息。", "光电谷", None),
])
def test_zones_named_after_an_industry_or_quoted(text, zone, industry):
    assert names(text).get(zone) == "Zone"
    if industry:
        assert (zone, industry) in rels(text, "TARGETS")  # a zone named after an industry targets it


def test_a_zone_named_after_an_industry_sits_in_the_place_the_text_is_about():
    text = "合肥市重点发展新型显示产业。合肥市加快建设新型显示产业园。"
    assert ("新型显示产业园", "合肥") in rels(text, "LOCATED_IN")


def test_a_quoted_slogan_is_not_a_zone():
    assert "天空之城" not in names("深圳打造“天空之城”，发展低空经济。")


def test_a_list_closed_by_a_word_for_fields_keeps_the_text_s_grain():
    text = "苏州市在新型疫苗、高端医疗器械、合成生物等领域争取突破。"
    found = names(text)
    assert found.get("新型疫苗") == "Industry" and found.get("高端医疗器械") == "Industry"
    assert "疫苗" not in found  # the item, not the known word inside it ...
    assert ("新型疫苗", "疫苗") in parents(text)  # ... which is its parent in the taxonomy
    assert ("苏州", "新型疫苗") in rels(text, "TARGETS")


def test_parallel_clauses_are_not_a_list_of_fields():
    text = "成都以技术突破驱动先进制造业升级、以科技赋能提升现代农业质效、以布局新赛道引领发展。"
    assert not [n for n in names(text) if n.startswith("以") or n.endswith("质效")]


@pytest.mark.parametrize("text,policy", [
    ("科技部印发关于推进新型研发机构高质量发展的指导意见。", "关于推进新型研发机构高质量发展的指导意见"),
    ("长沙实施十大产业链行动，重点发展工程机械。", "十大产业链行动"),
    ("宁波围绕“246”万千亿级产业集群体系布局。", "“246”万千亿级产业集群体系"),
    ("“绿色制造示范试点”名单公布。", "绿色制造示范试点"),
    # a title the state awards a place, and a dated or numbered list of them (Conventions 5)
    ("该市入选国家服务型制造示范城市。", "国家服务型制造示范城市"),
    ("三市联合获批国家氢能汽车示范应用城市群。", "国家氢能汽车示范应用城市群"),
    ("工信部公布国家先进制造业集群，该集群位列其中。", "国家先进制造业集群"),
    ("省工信厅公布2025年度数字经济特色园区名单，共12家。", "2025年度数字经济特色园区名单"),
    ("日前公布的第五批“国家智能制造示范基地”名单中，该区上榜。", "第五批“国家智能制造示范基地”名单"),
    # vouchers a government hands out
    ("该市向中小企业发放“创新券”和“数据券”。", "创新券"),
    ("该市向中小企业发放“创新券”和“数据券”。", "数据券"),
])
def test_programmes_and_plain_titles_are_policies(text, policy):
    assert names(text).get(policy) == "Policy"


def test_a_policy_after_an_inclusive_list_supports_its_industries():
    text = "合肥市实施包括量子信息、集成电路等在内的六大攻坚行动。"
    assert {("六大攻坚行动", "量子信息"), ("六大攻坚行动", "集成电路")} <= rels(text, "SUPPORTS")


def test_places_listed_as_scope_neither_act_nor_block_the_policy():
    text = "“未来产业集聚试点”名单覆盖合肥、芜湖等地，涵盖量子信息、氢能等产业领域。"
    assert {("未来产业集聚试点", "量子信息"), ("未来产业集聚试点", "氢能")} <= rels(text, "SUPPORTS")
    assert not {(p, i) for p, i in rels(text, "TARGETS") if p in ("合肥", "芜湖")}
    # A listed scope that goes straight on to act is a subject (济南、青岛等市推进…).
    assert ("济南", "集成电路") in rels("山东支持济南、青岛等市推进集成电路、人工智能等项目。", "TARGETS")


def test_places_a_verb_takes_as_object_give_way_to_the_subject_in_later_clauses():
    text = "河南省加快发展。该省将做强郑州、洛阳2大机器人产业基地，建设具身智能训练场。"
    targets = rels(text, "TARGETS")
    assert {("河南", "机器人"), ("郑州", "机器人"), ("洛阳", "机器人"), ("河南", "具身智能")} <= targets
    assert ("洛阳", "具身智能") not in targets and ("郑州", "具身智能") not in targets


def test_a_zone_named_after_a_district_gives_the_district_and_its_city_the_industry():
    text = "浙江公布先导区名单。\n余杭区人工智能未来产业先导区获批。"
    targets = rels(text, "TARGETS")
    assert {("余杭区人工智能未来产业先导区", "人工智能"), ("余杭区", "人工智能"), ("杭州", "人工智能")} <= targets
    assert ("余杭区", "杭州") in rels(text, "LOCATED_IN")
    assert "浙江公布先导区" not in names(text)  # a verb ends a name


def test_the_place_acting_on_a_zone_named_after_an_industry_targets_that_industry():
    text = "合肥高新区将建设量子科技产业园。"
    targets = rels(text, "TARGETS")
    assert ("量子科技产业园", "量子科技") in targets
    assert any(place.startswith("合肥高新") and industry == "量子科技" for place, industry in targets)


def test_partners_listed_with_a_cooperation_verb_act_but_scope_lists_do_not():
    acting = rels("安徽提出以合肥为核心，联动芜湖、蚌埠等地，共同培育量子信息产业。", "TARGETS")
    assert {("芜湖", "量子信息"), ("蚌埠", "量子信息")} <= acting
    scope = rels("“未来产业集聚试点”名单覆盖芜湖、蚌埠等地，涵盖量子信息等产业领域。", "TARGETS")
    assert not {p for p, _ in scope} & {"芜湖", "蚌埠"}


def test_a_document_that_calls_itself_a_policy_supports_what_its_place_targets():
    text = ("附件：《嘉兴市推动氢能产业发展行动计划(2024—2027年)(征求意见稿)》\n"
            "为加快推动氢能产业高质量发展，特制定本行动计划。\n"
            "嘉兴市将重点发展氢燃料电池、储能等产业。")
    found = names(text)
    assert found.get("嘉兴市推动氢能产业发展行动计划(2024—2027年)") == "Policy"  # the plan, not the draft
    plan = "嘉兴市推动氢能产业发展行动计划(2024—2027年)"
    assert (plan, "储能") in rels(text, "SUPPORTS")


def test_a_programme_code_keeps_its_written_name_and_belongs_to_its_city():
    text = "杭州发布规划，开展1+6产业集群建设。"
    assert names(text).get("1+6产业集群") == "Policy"
    assert ("1+6产业集群", "杭州") in rels(text, "ISSUED_BY")


def test_designations_are_policies_covering_the_list_before_them():
    text = "黄埔区建成集成电路、新材料等3个江苏省战略性新兴产业基地。"
    assert names(text).get("江苏省战略性新兴产业基地") == "Policy"
    assert {("江苏省战略性新兴产业基地", "集成电路"), ("江苏省战略性新兴产业基地", "新材料")} <= rels(text, "SUPPORTS")
    assert names("西安获批建设国家新一代人工智能创新发展试验区。").get("国家新一代人工智能创新发展试验区") == "Policy"


def test_a_place_named_area_with_a_title_word_is_still_a_zone_not_a_national_title():
    found = names("武汉东湖新技术开发区建设人工智能产业集聚区。")
    assert not any(label == "Policy" and "集聚区" in name for name, label in found.items())


def test_industries_written_together_are_one_field_and_coordinated_ones_stay_apart():
    found = names("郑州市加快发展汽车电子产业，布局氢能和核聚变能。")
    assert found.get("汽车电子") == "Industry" and "电子" not in found
    assert found.get("氢能") == "Industry"  # coordinated with 和: not joined


def test_industry_then_its_pilot_is_a_place():
    text = "例如，氢能产业的试点是常州市武进区和苏州市吴江区。"
    assert {("武进区", "氢能"), ("吴江区", "氢能"), ("常州", "氢能")} <= rels(text, "TARGETS")


def test_a_demonstrative_acting_in_a_field_list_targets_it():
    text = "厦门市加快发展。该市生物医药产业在新型疫苗、体外诊断等产业细分板块形成优势。"
    assert {("厦门", "新型疫苗"), ("厦门", "体外诊断")} <= rels(text, "TARGETS")


def test_a_short_name_stands_for_the_title_and_a_policy_states_its_contents():
    text = ("南昌市发布《南昌市促进低空经济发展行动方案(2024-2026年)》(以下简称《方案》，"
            "《方案》提出，南昌将做大做强无人机、通用航空等产业。")
    plan = "南昌市促进低空经济发展行动方案(2024-2026年)"
    found = names(text)
    assert found.get(plan) == "Policy" and "方案" not in found
    assert {(plan, "无人机"), (plan, "通用航空")} <= rels(text, "SUPPORTS")


def test_quoted_clusters_are_policies_and_modifiers_stay_with_their_industry():
    found = names("长春高新区“长春光电信息创新型产业集群”获批，重点发展智能网联新能源汽车。")
    assert found.get("长春光电信息创新型产业集群") == "Policy"
    assert found.get("智能网联新能源汽车") == "Industry"


def test_a_national_name_with_its_city_in_brackets_is_a_zone_in_that_city():
    text = "中国(苏州)软件谷集聚了大批软件企业。"
    assert names(text).get("中国(苏州)软件谷") == "Zone"
    assert ("中国(苏州)软件谷", "苏州") in rels(text, "LOCATED_IN")


def test_a_sentence_without_a_place_acting_in_a_field_list_inherits_the_paragraph_s_place():
    text = "苏州工业园区加快布局生物医药。同时，在新型疫苗、干细胞药物等领域争取取得新突破。"
    assert ("苏州工业园区", "新型疫苗") in rels(text, "TARGETS")


def test_a_spatial_layout_gives_every_named_zone_the_industries():
    text = "成都以天府新区、东部新区为核心区、双流区为辐射区，重点发展人工智能和生物医药产业。"
    targets = rels(text, "TARGETS")
    for zone in ("天府新区", "双流区"):  # 东部新区, which no data file lists, stands between
        assert {(zone, "人工智能"), (zone, "生物医药")} <= targets, zone
    assert ("成都", "人工智能") in targets


def test_a_zone_written_right_after_a_city_is_in_it():
    assert ("张家港", "苏州") in rels("氢能产业的试点是苏州市张家港。", "LOCATED_IN")


def test_a_document_s_self_reference_is_its_policy_even_where_a_pattern_read_it_as_a_name():
    text = ("附件：《嘉兴市推动氢能产业发展行动计划(2024—2027年)》\n"
            "为加快推动氢能产业高质量发展，特制定本行动计划。")
    assert "本行动计划" not in names(text)


def test_national_industry_parks_and_committees_beside_zones():
    assert names("推介国家生物医药国际创新园。").get("国家生物医药国际创新园") == "Zone"
    found = names("黄埔区委广州开发区召开会议。")
    assert "黄埔区委广州开发区" not in found and found.get("广州开发区") == "Zone"


def test_a_place_s_government_acts_for_the_place():
    text = "山西省人民政府印发规划，重点培育量子信息、氢能等未来产业重点领域。"
    assert {("山西", "量子信息"), ("山西", "氢能")} <= rels(text, "TARGETS")


def test_places_laid_out_as_the_core_target_the_industry_of_the_layout():
    text = "在集成电路产业布局上，南京已形成了以江北新区、浦口区为核心，多基地协同的空间布局。"
    assert {("江北新区", "集成电路"), ("浦口区", "集成电路")} <= rels(text, "TARGETS")


def test_coordinated_industries_share_a_head():
    found = names("武汉拥有存储器、新能源与智能网联汽车等四大国家级产业基地。")
    assert found.get("新能源汽车") == "Industry" and found.get("智能网联汽车") == "Industry"
    assert "新能源" not in found


def test_a_catalogue_synonym_is_named_as_written_under_its_entry():
    text = "南通重点发展海工装备产业。"
    found = names(text)
    assert found.get("海工装备") == "Industry" and "海洋工程装备" not in found
    assert ("海工装备", "海洋工程装备") in parents(text)  # roll-ups still reach it
    assert ("南通", "海工装备") in rels(text, "TARGETS")


def test_a_regional_word_and_a_latin_abbreviation_keep_the_catalogue_name():
    assert "芯片" in names("台中市發展晶片產業。")  # Taiwan usage: the same word, not a narrower field
    assert "人工智能" in names("杭州发展AI产业。")


def test_a_register_firm_is_named_as_the_text_names_it():
    # The register knows 中芯国际 as 中芯国际集成电路制造有限公司; a text that never says so
    # names the node as it writes it, and the registered name stays an alias.
    doc = extract_text("中芯国际深耕集成电路制造。", doc_id="t.txt", model=RULES_ONLY)
    node = next(n for n in doc.nodes if n.label == "Institution")
    assert node.name == "中芯国际"
    assert "中芯国际集成电路制造有限公司" in node.props["aliases"]
    assert ("SUPPORTS", "中芯国际", "集成电路制造") in {(r.type, r.head[1], r.tail[1]) for r in doc.relationships}
    # A text that uses the registered name keeps it, whatever shorter forms it also uses.
    doc = extract_text("中芯国际集成电路制造有限公司在上海。中芯国际深耕集成电路制造。", doc_id="t.txt",
                       model=RULES_ONLY)
    assert {n.name for n in doc.nodes if n.label == "Institution"} == {"中芯国际集成电路制造有限公司"}


def test_a_listed_zone_written_after_its_city_is_one_node():
    # 重庆两江新区 and 两江新区 in one text are one zone, named as the place data names it; a
    # city-prefixed name the data does not list as that city's zone keeps its written form.
    doc = extract_text("重庆两江新区重点发展智能网联新能源汽车。两江新区还将做强工业软件。", doc_id="t.txt",
                       model=RULES_ONLY)
    assert {n.name for n in doc.nodes if n.label == "Zone"} == {"两江新区"}
    targets = {(r.head[1], r.tail[1]) for r in doc.relationships if r.type == "TARGETS"}
    assert {("两江新区", "智能网联新能源汽车"), ("两江新区", "工业软件")} <= targets
    doc = extract_text("成都市天府新区聚焦数字经济。", doc_id="t.txt", model=RULES_ONLY)
    assert {n.name for n in doc.nodes if n.label == "Zone"} == {"天府新区"}
    doc = extract_text("合肥经开区发展新能源汽车。", doc_id="t.txt", model=RULES_ONLY)
    assert {n.name for n in doc.nodes if n.label == "Zone"} == {"合肥经开区"}


@pytest.mark.parametrize("text,zone,not_zone", [
    # A two-character verb split by a breaking character (入 / 推) or cut by the name's reach.
    ("该项目已入选江西首批产业园区。", "江西首批产业园区", "选江西首批产业园区"),
    ("今年以来，当地已推动长沙新区数字医疗产业园建设。", "长沙新区数字医疗产业园", "动长沙新区数字医疗产业园"),
    # A verb that takes the place as its object is no part of its name.
    ("代表团走进宁波航空科技城。", "宁波航空科技城", "代表团走进宁波航空科技城"),
    ("企业纷纷入驻苏州生物医药产业园。", "苏州生物医药产业园", "驻苏州生物医药产业园"),
    ("台州积极争创国家级未来产业先导区。", None, "极争创国家级未来产业先导区"),
])
def test_an_open_zone_name_starts_after_the_verb_before_it(text, zone, not_zone):
    found = names(text)
    assert not_zone not in found
    if zone is not None:
        assert found.get(zone) == "Zone"
