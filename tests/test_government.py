"""Government and party bodies named in full (ingest/government.py): after a place, bare where
the text's own place is meant, left alone as a person's post, and never given SUPPORTS."""
from __future__ import annotations

from ingest.pipeline import nlp


def institutions(text: str) -> list[str]:
    doc = nlp()(text)
    return [m.name for m in doc._.mentions if m.label == "Institution"]


def graph(text: str):
    doc = nlp()(text)
    return {(r.type, r.head[1], r.tail[1]) for r in doc._.graph.relationships}


def test_a_body_written_after_its_place_is_named_in_full_and_sits_there():
    text = "6月28日,长春市委、长春市政府制定印发《长春市新能源汽车产业发展方案》。"
    assert institutions(text)[:2] == ["中国共产党长春市委员会", "长春市人民政府"]
    assert ("LOCATED_IN", "长春市人民政府", "长春") in graph(text)


def test_a_bare_body_is_the_one_of_the_place_the_text_is_about():
    text = ("辽宁省大力发展先进装备制造业。辽宁将建设机器人产业集群。"
            "1月23日,省政府发布《辽宁省建设具有国际竞争力的先进装备制造业基地工程实施方案》。")
    assert "辽宁省人民政府" in institutions(text)
    assert ("ISSUED_BY", "辽宁省建设具有国际竞争力的先进装备制造业基地工程实施方案", "辽宁省人民政府") in graph(text)


def test_a_bare_body_in_a_text_about_no_place_is_not_named():
    assert not any("人民政府" in n for n in institutions("省政府发布了新的方案。"))


def test_short_department_names_take_their_official_ending():
    assert institutions("厦门市科技局公布了名单。") == ["厦门市科学技术局"]
    assert institutions("广西壮族自治区发改委发布规划。") == ["广西壮族自治区发展和改革委员会"]


def test_a_post_is_not_the_body():
    assert not any("委员会" in n for n in institutions("广州市委书记到南沙调研人工智能产业。"))


def test_a_city_government_does_not_support_the_fields_the_sentence_names():
    text = "长春市政府大力发展新能源汽车产业,推动生命健康产业集聚。"
    assert not any(t == "SUPPORTS" and h == "长春市人民政府" for t, h, _ in graph(text))


def test_a_word_that_ends_in_a_level_word_is_not_a_body():
    assert not any("人民政府" in n for n in institutions("上海市推进城市政府治理数字化,发展人工智能。"))


def test_hong_kong_s_government_keeps_its_own_name():
    assert not any("人民政府" in n for n in institutions("香港特區政府發布《香港創新科技發展藍圖》。"))
    assert not any("人民政府" in n for n in institutions("台北市政府推動半導體產業。"))
