"""Every catalogue and gazetteer entry the ingest names a node by has an English name, so that in
English mode a node the catalogue knows is never shown in Chinese alone (静安区 and 黄浦区 were: the
county list had no English column).

A node named as the text writes it (an alias of an entry, kept as written since 4f71931, or a name
the tagger or a pattern found) is open vocabulary and has no English name of its own."""
from __future__ import annotations

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


def test_every_district_and_county_of_the_municipalities_has_an_english_name():
    rows = [r for r in read_tsv("places/counties.tsv") if r["city"] in MUNICIPALITIES]
    assert len(rows) >= 80  # 16 + 16 + 16 + 38
    missing = [r["name"] for r in rows if not r.get("english")]
    assert not missing, missing


@pytest.mark.parametrize("district,english", [("静安区", "Jing'an District"), ("黄浦区", "Huangpu District"),
                                              ("普陀区", "Putuo District"), ("江北区", "Jiangbei District")])
def test_a_district_node_takes_its_english_name(district, english):
    entry = gazetteer.load().entries[("Zone", district)]
    assert entry.props.get("english") == english, entry.props
