"""Map: pick an industry and see the cities, zones and provinces of China that target it, sized by
how many documents say so; click one (or pick it below) for the evidence sentences.

Drawn offline with Altair: the provinces from the bundled Natural Earth file (ui/data/), cities at
the coordinates the graph holds, a city's zones round it, a province coloured as a region. Foreign
cities (东京, 伦敦) are not in the read (cypher/internal/map_places.cypher).
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

import altair as alt
import streamlit as st

from queries import reads

from .. import viz
from ..common import choices, english_for, picker_name, presenting, t
from ..graphview import EVIDENCE_SOURCES, ViewGraph, more_statements, show_evidence, with_statements
from ..results import PRESENT_COLUMNS

GEO = Path(__file__).resolve().parent.parent / "data" / "china_provinces.geojson"
POINT_LABELS = ("City", "Zone")  # drawn as points; a Province is a shape, a Region is listed
SHAPES = {"City": "circle", "Zone": "diamond", "Province": "square"}
PROVINCE_COLOURS = ["#fdebc8", "#e0900b"]  # light to the provinces' own orange: points stay legible on them
ZONE_SPREAD = 0.6  # degrees: a city's zones on a ring this far from it (a few pixels on all China)
RING = 1.6  # the picked place's ring, as a multiple of the largest point's area
LABELLED = 15  # names written beside the best-attested cities and zones (more would crowd a slide)
MAP_HEIGHT_PRESENTED = 680  # pixels: larger than on the page, and on a 1440 x 900 screen under the pickers


@lru_cache(maxsize=1)
def boundaries() -> dict:
    """The bundled province boundaries (GeoJSON, 34 features named as provinces.tsv names them)."""
    return json.loads(GEO.read_text(encoding="utf-8"))


@st.cache_data(ttl=60, show_spinner=False)
def place_industries(spec: str, place: str) -> set[str]:
    """The industries a place (any of its labels: 北京 is a city and a province) targets: the
    canned query city_industries."""
    import cypher

    from ..common import get_store

    store = get_store(spec)
    result = store.read(cypher.canned("city_industries", store.kind), {"place": place}, row_limit=None)
    return {row["industry"] for row in result.records()}


@st.cache_data(ttl=60, show_spinner=False)
def industries(spec: str) -> list[dict]:
    from ..common import get_store

    return reads.map_industries(get_store(spec))


def show(store, spec: str) -> None:
    lang = st.session_state["lang"]
    big = presenting()
    offered = industries(spec)
    english = {r["industry"]: r["english"] for r in offered}
    counts = {r["industry"]: r["places"] for r in offered}
    names = [r["industry"] for r in offered]
    c_at, c_industry = st.columns([1, 2])
    # or start from a place: the industries offered are then the ones it targets, and it is picked on the map
    places = choices(spec, ("City", "Province", "Region", "Zone"))  # no foreign city
    if "map_at" not in st.session_state:
        wanted = st.query_params.get("at")
        st.session_state["map_at"] = wanted if wanted in places else None
    place_english = english_for(spec)
    at = c_at.selectbox(t("map_at"), places, index=None, placeholder=t("map_anywhere"), key="map_at",
                        format_func=lambda n: picker_name(n, place_english))
    if at:
        theirs = place_industries(spec, at)
        names = [n for n in names if n in theirs]
    if "map_industry" not in st.session_state:
        wanted = st.query_params.get("industry") or ("人工智能" if "人工智能" in names else (names or [""])[0])
        st.session_state["map_industry"] = wanted
    if at and names and st.session_state["map_industry"] not in names:
        st.session_state["map_industry"] = names[0]  # the place's best-attested industry
    if st.session_state["map_industry"] not in names:  # a link to an industry no place targets
        names = [st.session_state["map_industry"], *names]

    def industry_name(n: str) -> str:
        shown = f"{english[n]} · {n}" if lang == "en" and english.get(n) else n
        return f"{shown} ({counts[n]})" if n in counts else shown

    industry = c_industry.selectbox(t("map_industry"), names, format_func=industry_name, key="map_industry")
    rows = reads.map_places(store, industry) if industry else []
    title = t("map_title").format(industry=industry_label(industry, english.get(industry), lang))
    if not rows:
        st.info(t("map_empty"))
    data = place_data(rows, lang)
    clickable = (["place"] if data["points"] else []) + (["province"] if data["provinces"] else [])
    highlight = sync_pick(data, industry, at)
    chart = map_chart(data, title, lang, big, highlight)
    # in presentation mode the evidence stands beside the map, on the same screen (under it, a
    # clicked place's sentences were below the screen's edge)
    picture, beside = st.columns(PRESENT_COLUMNS) if big else (st.container(), st.container())
    with picture:
        drawn(chart, industry, clickable, data, title, lang)
    with beside:
        picked = evidence_picker(data, industry)
    params = {"view": "map", "industry": industry, "lang": lang, **({"at": at} if at else {})}
    if picked:
        params["place"] = picked
    if big:
        params["present"] = "1"
    st.query_params.from_dict(params)
    if picked:
        row = next(r for r in rows if key_of(r) == picked)
        g = with_statements(store, ViewGraph.from_rows([[row["place_node"], row["rel"], row["industry_node"]]]))
        with beside:
            show_evidence(g, more_statements(store, g.rels[row["rel"]["id"]], EVIDENCE_SOURCES), t)


def drawn(chart, industry: str, clickable: list[str], data: dict, title: str, lang: str) -> None:
    """The map, what it leaves off, its credits and its SVG download."""
    if clickable:  # a click reruns the page; sync_pick reads it from the chart's state
        st.altair_chart(chart, key=f"map-{industry}", width="stretch", on_select="rerun", selection_mode=clickable)
    else:  # nothing to click (Streamlit refuses a selection the chart does not define)
        st.altair_chart(chart, key=f"map-{industry}", width="stretch")
    off = [p for p in data["all"] if not p["on_map"]]
    if off:
        listed = [f"{p['name']}（{p['kind']}）" if lang == "zh" else f"{p['name']} ({p['kind']})" for p in off]
        st.caption(t("map_off").format(names=("、" if lang == "zh" else ", ").join(listed)))
    c1, c2 = st.columns([4, 1])
    c1.caption(t("map_credit"))
    c2.download_button(t("download_svg"), svg_picture(data, title, lang), f"map-{industry}.svg", "image/svg+xml",
                       key=f"map-svg-{industry}-{lang}")


def industry_label(name: str, english: str | None, lang: str) -> str:
    return english if lang == "en" and english else name


def key_of(row: dict) -> str:
    return f"{row['kind']}:{row['place']}"


def place_data(rows: list[dict], lang: str) -> dict:
    """What the chart and the picker need, in the chosen language: points (cities and zones with
    coordinates), provinces (coloured by their shape) and every place with whether it is drawn."""
    provinces = {f["properties"]["name"] for f in boundaries()["features"]}
    out = {"points": [], "provinces": [], "all": []}
    for r in rows:
        label = r["kind"]
        name = r["place"]
        english = r.get("english") or ""
        place = {
            "key": key_of(r), "label": label, "kind": t(f"label_{label}"),
            "name": english if lang == "en" and english else name,
            "other": name if lang == "en" else english,
            "documents": int(r.get("documents") or 0), "mentions": int(r.get("mentions") or 0),
            "city": r.get("city") or "",
        }
        # what a screen reader says of the place on the map (its aria-label)
        place["aria"] = f"{place['name']} · {place['kind']} · {t('map_documents')}: {place['documents']}"
        if label in POINT_LABELS and r.get("lat") is not None and r.get("lon") is not None:
            out["points"].append({**place, "lat": float(r["lat"]), "lon": float(r["lon"])})
            place["on_map"] = True
        elif label == "Province" and name in provinces:
            out["provinces"].append({**place, "place": name})
            place["on_map"] = True
        else:
            place["on_map"] = False
        out["all"].append(place)
    spread_zones(out["points"])
    # names on the map: the best-attested cities, and zones whose city is not drawn (a city's zones
    # crowd round it: their names are in the tooltips)
    cities = {p["key"].split(":", 1)[1] for p in out["points"] if p["label"] == "City"}
    nameable = [p for p in out["points"] if p["label"] == "City" or p["city"] not in cities]
    sides = label_sides(sorted(nameable, key=lambda p: (-p["documents"], p["name"]))[:LABELLED])
    for p in out["points"]:
        p["named"] = p["key"] in sides
        p["side"] = sides.get(p["key"], "right")
    return out


# A name's box in degrees, roughly as drawn on the page (13 px type on a map of China about 700 px
# wide): a Chinese character or a Latin letter wide, a line high, clear of the point's ring.
CHAR_DEGREES = {"wide": 1.05, "narrow": 0.55}
LINE_DEGREES = 1.1
CLEAR_DEGREES = 0.9


def label_sides(named: list[dict]) -> dict[str, str]:
    """Where each name is written, best attested first: right of its point, else left of it, else
    not at all (it stays in the tooltip and the picker), so that no two names overlap
    (广州 and 深圳 are 0.8 degrees apart)."""
    placed: list[tuple[float, float, float, float]] = []
    sides: dict[str, str] = {}
    for p in named:
        width = sum(CHAR_DEGREES["narrow" if c.isascii() else "wide"] for c in p["name"])
        lon, lat = p["lon"], p["lat"]
        for side in ("right", "left"):
            lo = lon + CLEAR_DEGREES if side == "right" else lon - CLEAR_DEGREES - width
            box = (lo, lo + width, lat - LINE_DEGREES / 2, lat + LINE_DEGREES / 2)
            if not any(box[0] < b[1] and b[0] < box[1] and box[2] < b[3] and b[2] < box[3] for b in placed):
                placed.append(box)
                sides[p["key"]] = side
                break
    return sides


def spread_zones(points: list[dict]) -> None:
    """A zone has its city's coordinates: the zones of one city are set on a small ring round it,
    the first south-east, so each of them and the city can be seen and clicked."""
    at_city: dict[tuple, list[dict]] = {}
    for p in points:
        if p["label"] == "Zone":
            at_city.setdefault((p["lat"], p["lon"]), []).append(p)
    for (lat, lon), zones in at_city.items():
        for k, p in enumerate(sorted(zones, key=lambda p: p["key"])):
            angle = -math.pi / 4 - 2 * math.pi * k / len(zones)
            p["lat"] = lat + ZONE_SPREAD * math.sin(angle)
            p["lon"] = lon + ZONE_SPREAD * math.cos(angle) / math.cos(math.radians(lat))


def outline(data: dict, key: str, big: bool) -> alt.Chart:
    """The picked place's outline: a ring around its point, or its province's border."""
    point = next((p for p in data["points"] if p["key"] == key), None)
    if point:
        return alt.Chart(alt.Data(values=[point])).mark_point(
            filled=False, stroke="#222222", strokeWidth=3, shape=SHAPES[point["label"]],
            size=max(size_range(big)) * RING).encode(longitude="lon:Q", latitude="lat:Q")
    name = next((p["place"] for p in data["provinces"] if p["key"] == key), "")
    return alt.Chart().mark_geoshape(fillOpacity=0, stroke="#222222", strokeWidth=2.5).transform_filter(
        alt.FieldEqualPredicate(field="properties.name", equal=name))


def map_chart(data: dict, title: str, lang: str, big: bool, picked: str | None = None) -> alt.LayerChart:
    """Provinces (those that target the industry coloured by documents), then cities and zones as
    points sized by documents, the best-attested named. Two click selections: `place` on the
    points, `province` on the shapes."""
    shapes = alt.Data(values=boundaries()["features"])
    region = "datum.properties.english" if lang == "en" else "datum.properties.name"
    font = 18 if big else 12
    base = alt.Chart().mark_geoshape(fill="#eeeeee", stroke="#ffffff", strokeWidth=0.8).transform_calculate(
        region=region).encode(tooltip=[alt.Tooltip("region:N", title=t("map_name"))])
    tooltip = [alt.Tooltip("name:N", title=t("map_name")), alt.Tooltip("other:N", title=t("map_other_name")),
               alt.Tooltip("kind:N", title=t("map_kind")), alt.Tooltip("documents:Q", title=t("map_documents")),
               alt.Tooltip("mentions:Q", title=t("map_mentions"))]
    province = alt.selection_point(name="province", fields=["key"], on="click")
    coloured = alt.Chart().mark_geoshape(stroke="#ffffff", strokeWidth=0.8).transform_calculate(
        place="datum.properties.name").transform_lookup(
        lookup="place", from_=alt.LookupData(alt.Data(values=data["provinces"]), key="place",
                                             fields=["key", "name", "other", "kind", "documents", "mentions",
                                                     "aria"]),
    ).transform_filter("isValid(datum.documents)").encode(
        color=alt.Color("documents:Q", scale=alt.Scale(range=PROVINCE_COLOURS, zero=True),
                        legend=alt.Legend(title=t("map_province_documents"), format="d", tickMinStep=1)),
        opacity=alt.condition(province, alt.value(1.0), alt.value(0.55)), description="aria:N",
        tooltip=tooltip).add_params(province)
    kinds = [t("label_City"), t("label_Zone")]
    place = alt.selection_point(name="place", fields=["key"], on="click")

    def points(label: str) -> alt.Chart:
        chosen = [p for p in data["points"] if p["label"] == label]
        return alt.Chart(alt.Data(values=chosen)).mark_point(
            filled=True, stroke="#ffffff", strokeWidth=1.2).encode(
            longitude="lon:Q", latitude="lat:Q",
            size=alt.Size("documents:Q", scale=alt.Scale(range=size_range(big), zero=False),
                          legend=alt.Legend(title=t("map_documents"), format="d", values=size_steps(data),
                                            symbolFillColor="#999999", symbolStrokeColor="#999999")),
            color=alt.Color("kind:N", scale=alt.Scale(domain=kinds, range=[viz.COLOURS["City"], viz.COLOURS["Zone"]]),
                            legend=alt.Legend(title=t("map_kind"))),
            shape=alt.Shape("kind:N", scale=alt.Scale(domain=kinds, range=[SHAPES["City"], SHAPES["Zone"]]),
                            legend=alt.Legend(title=t("map_kind"))),
            opacity=alt.condition(place, alt.value(0.95), alt.value(0.45)),
            order=alt.Order("documents:Q", sort="descending"), description="aria:N",
            tooltip=tooltip + ([alt.Tooltip("city:N", title=t("map_city"))] if label == "Zone" else [])
        ).add_params(place)

    drawn = {p["label"] for p in data["points"]}
    layers = [base] + ([coloured] if data["provinces"] else [])
    if drawn:  # cities and zones share one legend; the provinces' colour scale is their own
        radius = int((max(size_range(big)) * RING / 3.14) ** 0.5)  # names clear of the largest ring
        # a name right of its point starts there (aligned left); one left of it ends there
        names = [alt.Chart(alt.Data(values=[p for p in data["points"] if p["named"] and p["side"] == side])).mark_text(
            align=align, dx=(radius + 3) * sign, dy=-2, fontSize=font, color="#333333").encode(
            longitude="lon:Q", latitude="lat:Q", text="name:N")
            for side, align, sign in (("right", "left", 1), ("left", "right", -1))]
        layers.append(alt.layer(*[points(k) for k in POINT_LABELS if k in drawn], *names))
    if picked:  # a dark outline around the place whose evidence is shown, under the clickable points
        layers.insert(len(layers) - 1 if drawn else len(layers), outline(data, picked, big))
    # the shapes once, for the layers that draw them
    return alt.layer(*layers, data=shapes).resolve_scale(color="independent", shape="independent",
                                                         size="independent").project(
        type="conicEqualArea", rotate=[-105, 0, 0], parallels=[25, 47]).properties(
        title=alt.TitleParams(title, fontSize=28 if big else 18, anchor="start"),
        height=MAP_HEIGHT_PRESENTED if big else 600, usermeta={"embedOptions": {"renderer": "svg"}}).configure_view(
        stroke=None).configure_legend(titleFontSize=font, labelFontSize=font, symbolLimit=0, orient="right", symbolSize=220 if big else 90)


def svg_picture(data: dict, title: str, lang: str) -> str:
    """The map as an SVG file (title, legend and the boundaries' source on it), for slides."""
    from ..mapsvg import map_svg

    texts = {"kind": t("map_kind"), "documents": t("map_documents"), "provinces": t("map_province_documents"),
             "kinds": [(k, t(f"label_{k}")) for k in POINT_LABELS]}
    return map_svg(boundaries()["features"], data, title=title, footnote=t("map_footnote"), texts=texts, lang=lang,
                   province_colours=PROVINCE_COLOURS, area_range=size_range(False))


def size_steps(data: dict) -> list[int]:
    """The document counts the size legend shows: the fewest, the most and one between."""
    counts = [p["documents"] for p in data["points"]] or [1]
    low, high = min(counts), max(counts)
    return sorted({low, (low + high) // 2, high})


def size_range(big: bool) -> list[int]:
    """Point areas (square pixels) from the fewest to the most documents."""
    return [200, 2400] if big else [90, 1100]


def sync_pick(data: dict, industry: str, at: str | None) -> str | None:
    """Before the map is drawn: the place whose evidence is shown, which the map outlines. A click on
    the map (the chart's own state) sets it, else the picker keeps it; at first it is the one named
    in the link, or the place the view starts from."""
    keys = [p["key"] for p in data["all"]]
    state = f"map-pick-{industry}"
    clicked = clicked_key(st.session_state.get(f"map-{industry}"))
    if clicked and clicked != st.session_state.get(f"{state}-last"):
        st.session_state[state] = clicked if clicked in keys else None
    st.session_state[f"{state}-last"] = clicked
    if state not in st.session_state:
        wanted = st.query_params.get("place")
        if wanted not in keys:
            wanted = next((p["key"] for p in data["all"] if at and p["key"].split(":", 1)[1] == at), None)
        st.session_state[state] = wanted
    return st.session_state[state] if st.session_state[state] in keys else None


def evidence_picker(data: dict, industry: str) -> str | None:
    """The picker under the map: every place, drawn or not; its choice is the one sync_pick made."""
    keys = [p["key"] for p in data["all"]]
    labels = {p["key"]: f"{p['name']} · {p['kind']}" + (f" · {p['documents']}" if p["documents"] else "")
              for p in data["all"]}
    if not keys:
        return None
    return st.selectbox(t("map_hint"), keys, format_func=labels.get, key=f"map-pick-{industry}", index=None,
                        placeholder=t("choose"))


def clicked_key(event) -> str | None:
    """The place key of a click on the map (a point or a province), if any."""
    selection = event.get("selection") if isinstance(event, dict) else getattr(event, "selection", None)
    selection = selection or {}
    for name in ("place", "province"):
        for item in selection.get(name) or []:
            if isinstance(item, dict) and item.get("key"):
                return str(item["key"])
    return None
