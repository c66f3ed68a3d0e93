"""Every catalogue and gazetteer entry the ingest names a node by has an English name, so that in
English mode a node the catalogue knows is never shown in Chinese alone (静安区 and 黄浦区 were: the
county list had no English column).

A node named as the text writes it (an alias of an entry, kept as written since 4f71931, or a name
the tagger or a pattern found) is open vocabulary: the catalogues have no English name for it, and
ingest/english.py composes one (tests/test_english_open.py)."""
from __future__ import annotations

import re

import pytest

from ingest import gazetteer
from ingest.datafiles import read_tsv

WITH_ENGLISH = ["industries.tsv", "institutions.tsv", "policies.tsv", "places/cities.tsv", "places/provinces.tsv",
                "places/regions.tsv", "places/zones.tsv", "places/foreign_cities.tsv"]
MUNICIPALITIES = ("北京", "天津", "上海", "重庆")


@pytest.mark.parametrize("name", WITH_ENGLISH)
def test_every_entry_has_an_english_name(name):
    missing = [r["name"] for r in read_tsv(name) if not r.get("english")]
    assert not missing, missing


def test_every_county_level_division_has_an_english_name():
    rows = read_tsv("places/counties.tsv")
    assert len(rows) >= 2800
    assert len([r for r in rows if r["city"] in MUNICIPALITIES]) >= 80  # 16 + 16 + 16 + 38
    missing = [r["name"] for r in rows if not r.get("english")]
    assert not missing, missing


# Pinyin syllables joined, an apostrophe before a, o or e, then the English type (counties.tsv header).
COUNTY_ENGLISH = re.compile(r"[A-Z][a-zü']*(?:[- ][A-Z][a-zü']*)*(?:,? (?:and )?[A-Z][a-z]+)*"
                            r"(?: (?:District|County|Banner|New Area|New District|Mining District|Special District"
                            r"|Forestry District|Autonomous County|Autonomous Banner))?")


def test_county_english_names_are_written_one_way():
    bad = [(r["name"], r["english"]) for r in read_tsv("places/counties.tsv")
           if not COUNTY_ENGLISH.fullmatch(r["english"]) or "''" in r["english"]]
    assert not bad, bad
    for r in read_tsv("places/counties.tsv"):
        kind = r["name"][-1]
        english = r["english"]
        if r["name"].endswith(("自治县", "自治旗")):
            assert english.endswith(("Autonomous County", "Autonomous Banner")), r
        elif kind == "县":
            assert english.endswith(" County"), r
        elif kind == "旗":
            assert english.endswith(" Banner"), r
        elif kind == "市":  # county-level cities: the bare name, as cities.tsv writes cities
            assert not english.endswith((" City", " County", " District", " Banner")), r
        else:
            assert english.endswith((" District", " New Area")), r


def test_one_chinese_name_reads_one_way_in_english():
    seen: dict[str, set] = {}
    for r in read_tsv("places/counties.tsv"):
        seen.setdefault(r["name"], set()).add(r["english"])
    assert {n: e for n, e in seen.items() if len(e) > 1} == {}


@pytest.mark.parametrize("name,city,english", [
    ("乐清市", "温州", "Yueqing"), ("乐亭县", "唐山", "Laoting County"), ("六合区", "南京", "Luhe District"),
    ("番禺区", "广州", "Panyu District"), ("铅山县", "上饶", "Yanshan County"), ("莘县", "聊城", "Shen County"),
    ("洪洞县", "临汾", "Hongtong County"), ("单县", "菏泽", "Shan County"), ("东阿县", "聊城", "Dong'e County"),
    ("大城县", "廊坊", "Dacheng County"), ("长子县", "长治", "Zhangzi County"), ("长宁区", "上海", "Changning District"),
    ("朝阳区", "长春", "Chaoyang District"), ("都匀市", "黔南布依族苗族自治州", "Duyun"),
    ("蔚县", "张家口", "Yu County"), ("珲春市", "延边朝鲜族自治州", "Hunchun"), ("吴江区", "苏州", "Wujiang District"),
    ("常熟市", "苏州", "Changshu"), ("肥西县", "合肥", "Feixi County"), ("绿园区", "长春", "Lüyuan District"),
    ("本溪满族自治县", "本溪", "Benxi Manchu Autonomous County"),
    ("双江拉祜族佤族布朗族傣族自治县", "临沧", "Shuangjiang Lahu, Va, Blang and Dai Autonomous County"),
    # names that transcribe Mongolian, Uyghur, Tibetan names: the established form, not the pinyin of the characters
    ("科尔沁右翼前旗", "兴安盟", "Horqin Right Front Banner"), ("喀什市", "喀什地区", "Kashgar"),
    ("和田市", "和田地区", "Hotan"), ("库尔勒市", "巴音郭楞蒙古自治州", "Korla"), ("江孜县", "日喀则", "Gyantse County"),
    # checked against English Wikipedia (2026-12-07): the article title, Tibetan-pinyin diacritics dropped
    ("乌尔禾区", "克拉玛依", "Orku District"), ("扎囊县", "山南", "Zhanang County"),
    ("墨竹工卡县", "拉萨", "Maizhokunggar County"), ("谢通门县", "日喀则", "Xaitongmoin County"),
    ("丁青县", "昌都", "Dengqen County"), ("察雅县", "昌都", "Zhag'yab County"), ("达日县", "果洛藏族自治州", "Darlag County"),
    ("曲麻莱县", "玉树藏族自治州", "Qumarleb County"), ("壤塘县", "阿坝藏族羌族自治州", "Zamtang County"),
    ("乌恰县", "克孜勒苏柯尔克孜自治州", "Ulugqat County"), ("策勒县", "和田地区", "Qira County"),
    ("托克逊县", "吐鲁番", "Toksun County"), ("巴青县", "那曲", "Baqen County"),
    ("陈巴尔虎旗", "呼伦贝尔", "Old Barag Banner"), ("达尔罕茂明安联合旗", "包头", "Darhan Muminggan United Banner"),
])
def test_county_english_names_get_polyphones_and_minority_names_right(name, city, english):
    rows = [r for r in read_tsv("places/counties.tsv") if r["name"] == name and r["city"] == city]
    assert [r["english"] for r in rows] == [english]


@pytest.mark.parametrize("district,english", [("静安区", "Jing'an District"), ("黄浦区", "Huangpu District"),
                                              ("普陀区", "Putuo District"), ("江北区", "Jiangbei District"),
                                              ("武侯区", "Wuhou District"), ("昆山市", "Kunshan"),
                                              ("南山区", "Nanshan District"), ("乐清市", "Yueqing")])
def test_a_district_node_takes_its_english_name(district, english):
    entry = gazetteer.load().entries[("Zone", district)]
    assert entry.props.get("english") == english, entry.props
