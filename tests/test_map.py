"""The map view: its reads on every store (cities with their coordinates, a zone at its city's, no
foreign city) and the page itself (streamlit.testing.v1.AppTest) on the bundled essays."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph.model import DocumentGraph, Evidence, Mention, Node, Relationship
from queries import reads

from test_app import open_with

APP = str(Path(__file__).resolve().parent.parent / "app.py")
CHENGDU = {"english": "Chengdu", "lat": 30.572815, "lon": 104.066801}


def _doc(doc_id: str, nodes: list[Node], rels: list[tuple[str, tuple, tuple]], sentence: str) -> DocumentGraph:
    return DocumentGraph(
        doc_id=doc_id, title=doc_id, path=f"/tmp/{doc_id}", sha256=doc_id, chars=len(sentence), nodes=nodes,
        relationships=[Relationship(t, h, tl, [Evidence(sentence, 2024, 0.9)]) for t, h, tl in rels],
        mentions=[Mention(n.key, 1, sentence) for n in nodes])


def _map_graph(store) -> None:
    ai = Node("Industry", "人工智能", {"english": "Artificial intelligence"})
    store.write_document(_doc("a.txt", [Node("City", "成都", CHENGDU), Node("Province", "四川"), ai],
                              [("TARGETS", ("City", "成都"), ("Industry", "人工智能")),
                               ("TARGETS", ("Province", "四川"), ("Industry", "人工智能")),
                               ("LOCATED_IN", ("City", "成都"), ("Province", "四川"))],
                              "成都和四川都在布局人工智能。"))
    store.write_document(_doc("b.txt", [Node("City", "成都", CHENGDU), ai,
                                        Node("Zone", "成都高新区", {"city": "成都"}), Node("Region", "成渝"),
                                        Node("City", "伦敦", {"english": "London", "country": "英国"})],
                              [("TARGETS", ("City", "成都"), ("Industry", "人工智能")),
                               ("TARGETS", ("Zone", "成都高新区"), ("Industry", "人工智能")),
                               ("LOCATED_IN", ("Zone", "成都高新区"), ("City", "成都")),
                               ("TARGETS", ("Region", "成渝"), ("Industry", "人工智能")),
                               ("TARGETS", ("City", "伦敦"), ("Industry", "人工智能"))],
                              "成都高新区、成渝和伦敦都押注人工智能，成都尤甚。"))
    store.write_document(_doc("c.txt", [Node("City", "伦敦", {"english": "London", "country": "英国"}),
                                        Node("Industry", "金融")],
                              [("TARGETS", ("City", "伦敦"), ("Industry", "金融"))], "伦敦的金融业。"))


def test_map_places_gives_coordinates_and_leaves_foreign_cities_off(store):
    _map_graph(store)
    rows = {(r["kind"], r["place"]): r for r in reads.map_places(store, "人工智能")}
    assert set(rows) == {("City", "成都"), ("Province", "四川"), ("Zone", "成都高新区"), ("Region", "成渝")}
    city, zone = rows[("City", "成都")], rows[("Zone", "成都高新区")]
    assert (city["lat"], city["lon"], city["documents"], city["english"]) == (30.572815, 104.066801, 2, "Chengdu")
    assert (zone["lat"], zone["lon"], zone["city"], zone["documents"]) == (30.572815, 104.066801, "成都", 1)
    assert rows[("Province", "四川")]["lat"] is None and rows[("Region", "成渝")]["lon"] is None
    # the relationship and both its ends come along, for the evidence panel
    assert city["rel"]["type"] == "TARGETS" and city["industry_node"]["properties"]["name"] == "人工智能"
    assert [r["place"] for r in reads.map_places(store, "人工智能")][0] == "成都"  # most documents first
    assert reads.map_places(store, "金融") == []  # only London targets it
    industries = {r["industry"]: r["places"] for r in reads.map_industries(store)}
    assert industries == {"人工智能": 4}


# --- the page ---------------------------------------------------------------------------------------------

@pytest.fixture
def app(essays_store_path, monkeypatch):
    monkeypatch.setenv("KG_STORE", essays_store_path)
    return AppTest.from_file(APP, default_timeout=60)




def _layers(spec: dict):
    yield spec
    for layer in spec.get("layer", []):
        yield from _layers(layer)


def _chart(app) -> dict:
    charts = app.get("vega_lite_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.spec)


def _drawn(app) -> dict[str, set[str]]:
    """Names on the map by what draws them: points (cities, zones) and coloured provinces."""
    spec = _chart(app)
    drawn = {"points": set(), "provinces": set()}
    for layer in _layers(spec):
        if layer.get("mark", {}).get("type") == "point":
            drawn["points"] |= {v["name"] for v in layer["data"]["values"]}
        for step in layer.get("transform", []):
            if "lookup" in step:
                drawn["provinces"] |= {v["name"] for v in step["from"]["data"]["values"]}
    return drawn


def _outlined(app) -> str | None:
    """The place the map outlines: a ring's point, or a province's border."""
    for layer in _layers(_chart(app)):
        mark = layer.get("mark", {})
        if mark.get("type") == "point" and mark.get("filled") is False:
            return layer["data"]["values"][0]["name"]
        if mark.get("type") == "geoshape" and mark.get("fillOpacity") == 0:
            return layer["transform"][0]["filter"]["equal"]
    return None


def _all_text(app) -> str:
    return json.dumps(_chart(app), ensure_ascii=False)


def test_map_shows_the_places_targeting_an_industry(app):
    open_with(app, view="map", industry="人工智能")
    drawn = _drawn(app)
    assert {"北京", "深圳"} <= drawn["points"]
    assert {"四川", "安徽", "江西", "湖南", "河北"} <= drawn["provinces"]
    spec = _chart(app)
    assert spec["title"]["text"] == "布局「人工智能」的地方"
    assert spec["usermeta"]["embedOptions"]["renderer"] == "svg"
    # the boundaries are inline and whole: Taiwan, Hong Kong and Macao among the 34
    shapes = spec["data"]["values"]
    assert len(shapes) == 34 and {"台湾", "香港", "澳门"} <= {f["properties"]["name"] for f in shapes}
    assert "伦敦" not in _all_text(app) and "东京" not in _all_text(app)
    assert app.query_params["view"] == "map" and app.query_params["industry"] == "人工智能"


def test_map_leaves_foreign_cities_off_and_places_a_zone_at_its_city(app):
    # 制造业 is targeted by 伦敦 and 东京 in the essays (and, weakly, by Chinese cities): the foreign
    # cities are said to be left off, and no point or name of theirs is drawn
    open_with(app, view="map", industry="制造业")
    assert not _drawn(app)["points"] & {"伦敦", "东京"}
    assert "伦敦" not in _all_text(app) and "东京" not in _all_text(app)
    app.selectbox(key="map_industry").set_value("智能网联汽车").run()
    assert app.query_params["industry"] == "智能网联汽车"
    points = {v["name"]: v for layer in _layers(_chart(app)) if layer.get("mark", {}).get("type") == "point"
              for v in layer["data"]["values"]}
    assert {"上海", "武汉", "浦东新区"} <= set(points)
    zone, city = points["浦东新区"], points["上海"]
    assert zone["city"] == "上海" and abs(zone["lat"] - city["lat"]) < 1 and abs(zone["lon"] - city["lon"]) < 1
    assert city["named"] and not zone["named"]  # a zone beside its drawn city is named in its tooltip only


def test_a_citys_zones_are_set_round_it_apart():
    from ui.views.china_map import ZONE_SPREAD, spread_zones

    city = {"key": "City:深圳", "label": "City", "lat": 22.5, "lon": 114.0}
    zones = [{"key": f"Zone:{n}", "label": "Zone", "lat": 22.5, "lon": 114.0} for n in ("南山区", "前海", "光明科学城")]
    spread_zones([city, *zones])
    assert (city["lat"], city["lon"]) == (22.5, 114.0)
    spots = {(round(z["lat"], 4), round(z["lon"], 4)) for z in zones}
    assert len(spots) == 3 and all(abs(z["lat"] - 22.5) <= ZONE_SPREAD + 1e-9 for z in zones)
    first = min(zones, key=lambda z: z["key"])
    assert first["lat"] < 22.5 and first["lon"] > 114.0  # the first south-east of its city


def test_names_on_the_map_never_overlap_a_near_city_s_name_goes_to_its_other_side():
    from ui.views.china_map import label_sides

    def city(name, lat, lon):
        return {"key": "City:" + name, "name": name, "lat": lat, "lon": lon}

    guangzhou, shenzhen, dongguan = city("广州", 23.13, 113.26), city("深圳", 22.54, 114.06), city("东莞", 23.02, 113.75)
    beijing = city("北京", 39.9, 116.4)
    sides = label_sides([guangzhou, shenzhen, dongguan, beijing])
    assert sides["City:广州"] == "right" and sides["City:北京"] == "right"  # the best attested where it reads best
    assert sides["City:深圳"] == "left"  # 0.8 degrees from 广州: its name would run into 广州's
    assert "City:东莞" not in sides  # no room either side: its name is in the tooltip
    # English names are narrower: Shenzhen still goes left of its point, Beijing stays right
    en = label_sides([{**guangzhou, "name": "Guangzhou"}, {**shenzhen, "name": "Shenzhen"}, {**beijing, "name": "Beijing"}])
    assert en == {"City:广州": "right", "City:深圳": "left", "City:北京": "right"}


def test_picking_a_place_shows_its_evidence_and_keeps_it_in_the_url(app):
    open_with(app, view="map", industry="人工智能")
    pick = app.selectbox(key="map-pick-人工智能")
    assert pick.value is None and not [m for m in app.markdown if "class='kg-evidence'" in m.value]
    assert _outlined(app) is None
    pick.set_value("City:北京").run()
    evidence = [m.value for m in app.markdown if "class='kg-evidence'" in m.value]
    assert evidence and all("<mark" in e for e in evidence)
    assert any("北京" in e and "人工智能" in e for e in evidence)
    assert app.query_params["place"] == "City:北京"
    assert _outlined(app) == "北京"  # the map rings the place whose evidence is shown
    # a province: coloured on the map, its evidence the same way
    pick.set_value("Province:四川").run()
    assert any("四川" in m.value for m in app.markdown if "class='kg-evidence'" in m.value)
    assert _outlined(app) == "四川"


def test_a_shared_map_link_reopens_in_english(app):
    open_with(app, view="map", industry="人工智能", place="City:北京", lang="en")
    assert app.selectbox(key="map-pick-人工智能").value == "City:北京"
    assert [m for m in app.markdown if "class='kg-evidence'" in m.value]
    spec = _chart(app)
    assert spec["title"]["text"] == "Places targeting Artificial intelligence"
    assert {"Beijing", "Shenzhen"} <= _drawn(app)["points"]
    assert {"Sichuan", "Anhui"} <= _drawn(app)["provinces"]
    titles = {layer["encoding"][ch]["title"] for layer in _layers(spec) for ch in ("size", "color")
              if ch in layer.get("encoding", {}) and "title" in layer["encoding"][ch]}
    legends = {layer["encoding"][ch]["legend"]["title"] for layer in _layers(spec)
               for ch in ("size", "color", "shape") if layer.get("encoding", {}).get(ch, {}).get("legend")}
    assert legends == {"Documents", "Kind", "Provinces: documents"}, (titles, legends)
    captions = " ".join(c.value for c in app.caption)
    assert "Natural Earth" in captions and "省界" not in captions


def test_presentation_mode_draws_a_larger_map(app):
    open_with(app, view="map", industry="人工智能")
    normal = _chart(app)
    app.query_params["present"] = "1"
    app.run()
    big = _chart(app)
    assert big["height"] > normal["height"] and big["title"]["fontSize"] > normal["title"]["fontSize"]
    assert app.query_params["present"] == "1"


def test_the_svg_export_draws_the_map_with_its_title_and_legend():
    import xml.etree.ElementTree as ET

    from ui import mapsvg
    from ui.views import china_map

    features = china_map.boundaries()["features"]
    base = {"documents": 2, "mentions": 3, "other": "", "city": "", "kind": "城市"}
    data = {"points": [{**base, "key": "City:成都", "label": "City", "name": "成都", "lat": 30.57, "lon": 104.07,
                        "named": True},
                       {**base, "key": "Zone:成都高新区", "label": "Zone", "name": "成都高新区", "documents": 1,
                        "lat": 30.1, "lon": 104.6, "named": True, "side": "left"}],
            "provinces": [{**base, "key": "Province:四川", "label": "Province", "name": "四川", "place": "四川"}]}
    texts = {"kind": "类型", "documents": "出处文档数", "provinces": "省份：出处文档数",
             "kinds": [("City", "城市"), ("Zone", "园区/城区")]}
    svg = mapsvg.map_svg(features, data, title="布局「人工智能」的地方", footnote="省界：Natural Earth", texts=texts,
                         lang="zh", province_colours=china_map.PROVINCE_COLOURS, area_range=[90, 1100])
    root = ET.fromstring(svg)  # well-formed
    ns = "{http://www.w3.org/2000/svg}"
    texts_drawn = [t.text for t in root.iter(f"{ns}text")]
    assert texts_drawn[0] == "布局「人工智能」的地方" and {"成都", "成都高新区", "省界：Natural Earth"} <= set(texts_drawn)
    provinces = {p.find(f"{ns}title").text: p.get("fill") for p in root.iter(f"{ns}path")
                 if p.find(f"{ns}title") is not None and p.get("stroke-width") == "0.8"}
    assert len(provinces) == 34 and provinces["四川"] == china_map.PROVINCE_COLOURS[1]
    assert provinces["台湾"] == provinces["香港"] == "#eeeeee"
    # a name the page writes left of its point (place_data keeps near names apart) ends at its point
    anchors = {t.text: t.get("text-anchor") for t in root.iter(f"{ns}text")}
    assert anchors["成都高新区"] == "end" and anchors["成都"] is None
    circles = [c for c in root.iter(f"{ns}circle")]
    assert circles, "the city is drawn as a circle"
    # the projection keeps the map inside the picture
    xs = [float(c.get("cx")) for c in circles]
    assert all(0 < x < mapsvg.W for x in xs)


def test_the_map_offers_its_svg(app):
    open_with(app, view="map", industry="人工智能")
    buttons = app.get("download_button")
    assert [b.proto.label for b in buttons] == ["导出 SVG"]


def test_starting_from_a_place_offers_its_industries_and_picks_it(app):
    open_with(app, view="map", at="上海")
    from graph.factory import open_store
    import os

    with open_store(os.environ["KG_STORE"]) as s:
        theirs = {r[0] for r in s.read("MATCH (c:City {name: '上海'})-[:TARGETS]->(i:Industry) RETURN i.name").rows}
    offered = app.selectbox(key="map_industry")
    assert {o.split(" (")[0] for o in offered.options} == theirs
    assert offered.value in theirs and "上海" in _drawn(app)["points"]
    pick = app.selectbox(key=f"map-pick-{offered.value}")
    assert pick.value == "City:上海" and any("上海" in m.value for m in app.markdown if "class='kg-evidence'" in m.value)
    assert app.query_params["at"] == "上海"
    # another of its industries: 上海 is picked there too; anywhere again: every industry is offered
    offered.set_value("智能网联汽车").run()
    assert app.selectbox(key="map-pick-智能网联汽车").value == "City:上海"
    app.selectbox(key="map_at").set_value(None).run()
    assert len(app.selectbox(key="map_industry").options) > len(theirs) and "at" not in app.query_params
    # foreign cities are not offered as a place to start from
    assert "伦敦" not in app.selectbox(key="map_at").options
