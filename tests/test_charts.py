"""Charts of canned-query results fit Chinese labels (ui/charts.py): horizontal bars, whole-number
count axes, heatmaps with every label, a colour per issuer, and no identifier on screen."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from queries import catalogue
from queries.formats import cell
from ui import charts

RAW = ["mentions", "jaccard", "pair", "subfields", "City", "ISSUED_BY", "STATES", "TARGETS", "Province",
       "issuer_kind", "shared_count", "degree", "count", "industry", "city", "place", "policy", "issuer", "year"]
RAW_WORD = re.compile(r"(?<![A-Za-z_])(" + "|".join(RAW) + r")(?![A-Za-z_])")
CHARTED = [name for name, q in catalogue.load().items() if q.chart]


def result_frame(store, name: str, params: dict | None = None) -> pd.DataFrame:
    q = catalogue.load()[name]
    r = store.read(q.text_for(store.kind), q.bind(params or {}))
    return pd.DataFrame([[cell(v) if isinstance(v, (dict, list)) else v for v in row] for row in r.rows],
                        columns=r.columns)


def spec_of(store, name: str, lang: str = "zh", params: dict | None = None, english=None) -> dict:
    q = catalogue.load()[name]
    return charts.build(result_frame(store, name, params), q.chart, lang, english).to_dict()


def on_screen(spec: dict) -> list[str]:
    """Every string a reader can see: titles, field names (they title axes, legends and tooltips) and
    the data's column names and values."""
    seen = []

    def walk(x):
        if isinstance(x, dict):
            for k, v in x.items():
                if k in ("title", "field") and isinstance(v, str):
                    seen.append(v)
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk({k: v for k, v in spec.items() if k != "datasets"})
    for rows in spec.get("datasets", {}).values():
        for row in rows:
            seen.extend(row)
            seen.extend(v for v in row.values() if isinstance(v, str))
    return seen


def axes(spec: dict) -> dict:
    return {ch: enc for ch, enc in spec["encoding"].items() if ch in ("x", "y")}


@pytest.mark.parametrize("name", CHARTED)
def test_no_identifier_on_a_chinese_chart(essays_store, name):
    leaked = [s for s in on_screen(spec_of(essays_store, name)) if RAW_WORD.search(s)]
    assert not leaked, f"{name}: {leaked[:5]}"


def test_bars_are_horizontal_with_unrotated_labels_and_whole_number_counts(essays_store):
    spec = spec_of(essays_store, "contested_industries")
    enc = axes(spec)
    assert enc["y"]["type"] == "nominal" and enc["x"]["type"] == "quantitative"  # categories down the side
    assert enc["y"]["axis"]["labelAngle"] == 0 and enc["y"]["axis"]["labelOverlap"] is False
    assert enc["y"]["axis"]["labelLimit"] == 0  # never cut
    assert enc["x"]["axis"]["format"] == "d" and enc["x"]["axis"]["tickMinStep"] == 1
    assert enc["x"]["axis"]["title"] == "布局城市数"


def test_a_ratio_axis_keeps_its_fractions(essays_store):
    enc = axes(spec_of(essays_store, "city_overlap"))
    assert "format" not in enc["x"]["axis"] and enc["x"]["axis"]["title"] == "相似度"


def test_heatmap_shows_every_row_and_column_label(essays_store):
    df = result_frame(essays_store, "city_industry_matrix")
    spec = spec_of(essays_store, "city_industry_matrix")
    enc = axes(spec)
    rows, cols = enc["y"], enc["x"]
    assert rows["field"] == "产业" and cols["field"] == "城市"  # the long labels run down the side
    assert rows["scale"]["domain"] == sorted(df["industry"].unique())
    assert cols["scale"]["domain"] == sorted(df["city"].unique())
    for axis in (rows["axis"], cols["axis"]):
        assert axis["labelOverlap"] is False and axis["labelLimit"] == 0
    assert rows["axis"]["labelAngle"] == 0 and cols["axis"]["labelAngle"] == 0  # city names fit their slots
    assert spec["width"] == {"step": spec["width"]["step"]} and spec["height"]["step"] >= 20  # a slot per label
    assert spec["encoding"]["color"]["legend"]["format"] == "d"


@pytest.mark.parametrize("big", [False, True])
def test_row_labels_sit_in_their_rows_in_either_script(essays_store, big):
    # "5G" (first, sorted) sat 3-4 px below its row on the middle baseline, the Chinese labels did not:
    # labels stand on the alphabetic baseline, lowered by a third of their size
    spec = charts.build(result_frame(essays_store, "city_industry_matrix"), catalogue.load()["city_industry_matrix"].chart,
                        "zh", big=big).to_dict()
    rows = spec["encoding"]["y"]["axis"]
    assert rows["labelBaseline"] == "alphabetic"
    assert rows["labelOffset"] == round(rows["labelFontSize"] * charts.LABEL_DROP) >= 4
    assert "labelOffset" not in spec["encoding"]["x"]["axis"]  # the columns' labels stay where they were


def test_policy_timeline_gives_each_issuer_a_colour(essays_store):
    spec = spec_of(essays_store, "policy_timeline")
    colour = spec["encoding"]["color"]
    assert colour["field"] == "发布者" and colour["type"] == "nominal"
    assert colour["legend"]["title"] == "发布者"
    # the essays' 7 issuers in ten distinct hues (tableau20 gave 上海 and 北京 two blues, 宁波 and the
    # ministry two oranges, 成都 and 杭州 two greens)
    issuers = result_frame(essays_store, "policy_timeline")["issuer"].nunique()
    assert issuers > 1 and issuers <= 10 and colour["scale"]["scheme"] == "tableau10"


def test_more_than_ten_issuers_get_twenty_colours():
    df = pd.DataFrame({"year": list(range(2000, 2012)), "policy": [f"政策{i}" for i in range(12)],
                       "issuer": [f"发布者{i}" for i in range(12)]})
    spec = charts.build(df, {"kind": "timeline", "x": "year", "y": "policy"}, "zh").to_dict()
    assert spec["encoding"]["color"]["scale"]["scheme"] == "tableau20"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_timeline_gives_each_year_room_for_its_label(essays_store, lang):
    # the default slot (20 px) ran "2016" into "2017": a year needs its label's width and a gap
    spec = spec_of(essays_store, "policy_timeline", lang)
    years = {str(row[spec["encoding"]["x"]["field"]]) for rows in spec["datasets"].values() for row in rows}
    assert len(years) > 3
    assert spec["width"]["step"] >= 4 * 7 + 16  # four digits at 12 px, and a gap
    # the issuers' legend beside the chart took the years' width (the chart fills the page's width)
    assert spec["encoding"]["color"]["legend"]["orient"] == "bottom"


def test_english_charts_name_nodes_in_english(essays_store):
    from queries import reads

    english = {name: en.split("|")[0] for _l, name, _a, en in reads.search_rows(essays_store) if en}
    spec = spec_of(essays_store, "contested_industries", "en", english=english)
    shown = {row["Industry"] for rows in spec["datasets"].values() for row in rows}
    known = {english[n] for n in result_frame(essays_store, "contested_industries")["industry"] if n in english}
    assert known and known <= shown
    assert axes(spec)["x"]["axis"]["title"] == "Cities targeting it"


@pytest.mark.parametrize("name", sorted(catalogue.load()))
def test_every_column_a_table_shows_has_a_title_in_both_languages(essays_store, name):
    # the table under a canned query (and a story step) titles its columns with col_* words; one
    # without a word showed its identifier (an English table read "Industry, Mentions, ... evidence",
    # and Beijing's zones, none of which targets an industry, had an empty column headed "rel")
    from ui.results import table_columns

    q = catalogue.load()[name]
    r = essays_store.read(q.text_for(essays_store.kind), q.bind({}))
    shown = [r.columns[i] for i in table_columns(r, titled=True)] if r.rows else []
    for lang in ("zh", "en"):
        untitled = [c for c in shown if f"col_{c}" not in charts.TEXT[lang]]
        assert not untitled, f"{name} ({lang}): {untitled}"


@pytest.mark.parametrize("name", ["connection", "neighbourhood"])
def test_an_english_path_names_its_nodes_in_english(essays_store, name):
    # a path cell (北京 - 先进制造业 - 上海) read in Chinese in the English tables of these two queries
    from queries import reads

    english = {n: en.split("|")[0] for _l, n, _a, en in reads.search_rows(essays_store) if en}
    paths = result_frame(essays_store, name)["path"]
    shown = [charts.english_value(p, english) for p in paths]
    assert shown and " - " in shown[0]
    assert not [s for s in shown if re.search(r"[\u4e00-\u9fff]", s)], shown[:3]


def test_makeup_chart_names_labels_and_types():
    df = pd.DataFrame({"element": ["node", "relationship"], "kind": ["City", "ISSUED_BY"], "count": [3, 2]})
    spec = charts.build(df, {"kind": "bar", "x": "kind", "y": "count"}, "zh").to_dict()
    values = {row["类型"] for rows in spec["datasets"].values() for row in rows}
    assert values == {"城市", "发布者"}


def test_columns_called_alike_stay_apart():
    df = pd.DataFrame({"year": [2024, 2025], "years": ["2024", "2025"], "policy": ["甲", "乙"]})
    spec = charts.build(df, {"kind": "timeline", "x": "year", "y": "policy"}, "zh").to_dict()
    row = next(iter(spec["datasets"].values()))[0]
    assert set(row) == {"年份", "年份 (2)", "政策"}


@pytest.mark.parametrize("name", ["city_industry_matrix", "city_industries", "policy_timeline"])
def test_a_presented_chart_keeps_its_rows_within_the_screen(essays_store, name):
    # presentation mode: large type, but the bars or rows take at most `fit` pixels (one screen)
    q = catalogue.load()[name]
    df = result_frame(essays_store, name, {"place": "北京"} if name == "city_industries" else None)
    spec = charts.build(df, q.chart, "zh", big=True, fit=400).to_dict()
    shown = {str(v) for rows in spec["datasets"].values() for row in rows
             for v in [row[spec["encoding"]["y"]["field"]]]}
    assert len(shown) * spec["height"]["step"] <= 400 or spec["height"]["step"] == charts.MIN_STEP
    roomy = charts.build(df.head(3), q.chart, "zh", big=True, fit=400).to_dict()
    assert roomy["height"]["step"] > spec["height"]["step"] or len(shown) * 34 <= 400  # few rows keep their size
    label = spec["encoding"]["y"]["axis"]["labelFontSize"]
    assert 11 <= label < spec["height"]["step"], (label, spec["height"]["step"])


@pytest.mark.parametrize("name", ["city_industry_matrix", "city_industries", "policy_timeline"])
def test_a_presented_chart_s_type_is_projector_sized(essays_store, name):
    # presentation mode: axes, titles and legends at 20 px or more (at 16, and a legend at Vega's 10,
    # a room could not read them); a row's label only smaller where the screen leaves its row less
    q = catalogue.load()[name]
    df = result_frame(essays_store, name, {"place": "北京"} if name == "city_industries" else None)
    spec = charts.build(df.head(8), q.chart, "zh", big=True, fit=480).to_dict()
    sizes = [enc[part] for channel in ("x", "y", "color") for enc in [spec["encoding"].get(channel) or {}]
             for part in ("axis", "legend") if isinstance(enc.get(part), dict)]
    fonts = [s[k] for s in sizes for k in ("labelFontSize", "titleFontSize")]
    assert len(fonts) >= 4 and min(fonts) >= 20, sizes
