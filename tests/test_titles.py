"""A document's title is its headline, not the page furniture around it (ingest/titles.py)."""
from __future__ import annotations

import pytest

from ingest.titles import TITLE_CHARS, pick_title, usable_title


@pytest.mark.parametrize("furniture", [
    "新闻频道首页首页 > 新闻频道 > 天津 > 正文",
    "您现在的位置: 台海网 >> 新闻中心 >> 财经",
    "当前位置：首页 - 要闻",
    "网易首页 > 网易号 > 正文 申请入驻",
    "首页|必读|视频|专访|运营|制造|监管|大数据|物联网",
    "手机|互联网|IT|5G|光通信|人工智能|云计算|芯片",
    "2022/12/20 15:29",
    " date 2025-11-21 快訊",
    "09/03/2026 13:54",
    "- 發佈時間:2015-11-23 01:30:45 來源:科技日報 責任編輯:羅伯特",
    "来源：新华社",
    "文 | 盒饭财经 刘星志",
    "投稿邮箱:news@chinahuaian.com.cn",
    "淮安市重点新闻门户网站",
    "SMARTSUPERV,COM",
    "导语",
    "(资料图)",
    "聯合報/ 大陸中心/綜合報導",
])
def test_furniture_lines_are_skipped(furniture):
    text = f"{furniture}\n杭州设立人工智能创新发展区 四个区先行\n近日，杭州市印发方案。"
    assert pick_title(text, key="essays/a.txt") == "杭州设立人工智能创新发展区 四个区先行"


def test_a_breadcrumb_html_title_gives_way_to_the_headline():
    text = "天津：多箭齐发统筹推进信创产业发展\n记者从市工信局获悉……"
    assert pick_title(text, given="新闻频道首页首页 > 新闻频道 > 天津 > 正文", key="k") == \
        "天津：多箭齐发统筹推进信创产业发展"


def test_a_real_html_title_is_kept_without_the_site_name():
    assert pick_title("正文第一句。", given="海口高新区打造“新药谷”_科技日报", key="k") == "海口高新区打造“新药谷”"


def test_a_paragraph_gives_its_first_sentence_cut_short():
    first = "中国商业航天已发展近10年。此后的故事很长，这里不该进入标题。"
    assert pick_title(first, key="k") == "中国商业航天已发展近10年。"
    long_line = "在高质量发展成为中国经济主线的当下" * 5
    title = pick_title(long_line, key="k")
    assert len(title) <= TITLE_CHARS + 1 and title.endswith("…")


def test_a_date_before_the_words_is_dropped():
    assert pick_title(" date 2025-08-10 大陸自年初人形機器人在春晚一舞爆紅以來，機器人產業屢登熱搜。", key="k") \
        .startswith("大陸自年初人形機器人")


def test_a_leading_bullet_is_not_part_of_the_title():
    assert pick_title("• 三年再造一个万亿产业 无锡构建现代产业体系\n正文。", key="k") == "三年再造一个万亿产业 无锡构建现代产业体系"


def test_a_headline_printed_twice_is_named_once():
    assert pick_title("浦东将打造三大世界级产业集群浦东将打造三大世界级产业集群\n正文。", key="k") == "浦东将打造三大世界级产业集群"


def test_no_title_line_falls_back_to_the_key_never_a_path():
    assert pick_title("首页 > 新闻\n2024-01-02\n", key="essays/001.txt") == "essays/001.txt"
    assert pick_title("", key="/home/someone/corpus/001.txt") == "001.txt"


def test_stored_titles_are_shown_readably():
    assert usable_title("/home/someone/corpus/001.txt", "corpus/001.txt") == "corpus/001.txt"
    assert usable_title("您现在的位置: 台海网 >> 新闻", "k.txt") == "k.txt"
    assert usable_title("南京：壮大“芯”实力 竞逐新赛道", "k.txt") == "南京：壮大“芯”实力 竞逐新赛道"


def test_ingested_documents_take_the_picked_title():
    from ingest.extract import extract_text

    doc = extract_text("首页 > 新闻 > 正文\n成都加快布局人工智能产业\n成都重点发展人工智能。", doc_id="n/1.txt",
                       title="新闻频道首页首页 > 新闻频道 > 成都 > 正文", fast=True)
    assert doc.title == "成都加快布局人工智能产业"
