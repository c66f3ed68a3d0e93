"""Charts of query results that fit Chinese labels: Vega-Lite (Altair) specs built from a table.

- bars are horizontal, categories on the vertical axis, unrotated and never cut or dropped;
- a count axis has whole-number ticks only (no 0.5);
- a heatmap gives every row and column a slot of its own, so every label is shown, aligned
  with its cells; the longer labels (industries) run down the side, unrotated;
- the policy timeline gives each issuer its own colour;
- axis titles, legends and tooltips are the interface's words (ui/text.toml `col_*`), and
  label and type identifiers in cells (City, ISSUED_BY) are shown by their names;
- in English, a node name is shown by its English name where the node has one.

Nothing here needs Streamlit: `build(df, chart, lang, english)` returns the Altair chart, and
tests read its spec.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd

TEXT = tomllib.loads((Path(__file__).with_name("text.toml")).read_text(encoding="utf-8"))
HIDDEN = ("rel", "evidence")  # never in a tooltip (graph elements, long sentences)
KIND_COLUMNS = ("kind", "issuer_kind")  # cells holding a label or relationship type
BAR_STEP, ROW_STEP = 24, 22  # pixels per bar, per heatmap row
YEAR_STEP = 56  # pixels per year on the timeline: a year's label and its dots stand clear of the next
# Colours for series (the timeline's issuers): tableau10's ten hues are all distinct; tableau20 pairs
# each hue with a lighter one (上海 dark blue beside 北京 light blue), so it serves only past ten series
SERIES_SCHEMES = ("tableau10", "tableau20")


def series_scheme(n: int) -> str:
    """The colour scheme for `n` series: ten distinct hues while they last."""
    return SERIES_SCHEMES[0] if n <= 10 else SERIES_SCHEMES[1]


def word(key: str, lang: str) -> str:
    return TEXT[lang].get(key) or TEXT["en"].get(key) or key


def column_title(column: str, lang: str) -> str:
    """What the interface calls a result column (mentions -> 提及次数)."""
    return TEXT[lang].get(f"col_{column}") or TEXT["en"].get(f"col_{column}") or column


def kind_name(value, lang: str):
    """A label or relationship type by its name in the interface (City -> 城市, ISSUED_BY -> 发布者)."""
    if not isinstance(value, str):
        return value
    for prefix in ("label_", "type_", "element_"):
        if f"{prefix}{value}" in TEXT[lang]:
            return TEXT[lang][f"{prefix}{value}"]
    return value


def shown(df: pd.DataFrame, lang: str, english: dict[str, str] | None = None) -> pd.DataFrame:
    """The table as a chart shows it: kind cells by name; node names in English where known (en);
    columns by their interface titles."""
    out = df.copy()
    for c in out.columns:
        if c in KIND_COLUMNS or c == "element":
            out[c] = out[c].map(lambda v: kind_name(v, lang))
        elif lang == "en" and english and not pd.api.types.is_numeric_dtype(out[c]):
            out[c] = out[c].map(lambda v: english_value(v, english))
    return out.rename(columns=titles(list(out.columns), lang))


def titles(columns: list[str], lang: str) -> dict[str, str]:
    """Each column's title, kept apart where two are called alike (year, years -> 年份, 年份 (2))."""
    out: dict[str, str] = {}
    for c in columns:
        title, n = column_title(c, lang), 2
        while title in out.values():
            title, n = f"{column_title(c, lang)} ({n})", n + 1
        out[c] = title
    return out


def english_value(value, english: dict[str, str]):
    """A cell with node names in English where known: one name, a city pair (a / b), a list (a; b),
    a path (a - b - c, as queries.formats.cell writes one)."""
    if isinstance(value, str):
        if value in english:
            return english[value]
        for sep in ("; ", " / ", " - "):  # a list shown as one cell (of pairs, of paths), a city pair, a path
            if sep in value:
                return sep.join(english_value(part, english) for part in value.split(sep))
    return value


def is_count(series: pd.Series) -> bool:
    """Whole numbers only (mentions, cities, degree): its axis gets whole-number ticks."""
    values = pd.to_numeric(series, errors="coerce").dropna()
    return bool(len(values)) and bool((values == values.round()).all())


def _label_width(values, lang: str) -> int:
    """Roughly how many pixels the widest label needs (a CJK character is about a square)."""
    def width(text: str) -> float:
        return sum(14 if ord(ch) > 0x2e80 else 7 for ch in str(text))
    return int(max((width(v) for v in values), default=0))


def build(df: pd.DataFrame, chart: dict, lang: str = "zh", english: dict[str, str] | None = None,
          fit: int | None = None, big: bool = False):
    """The Altair chart for a query result `df` (raw columns) and its header's `chart` spec. `big`:
    large type (presentation); `fit`: the most pixels its bars or rows may take, so that the chart
    stays on one screen (rows then get narrower, and their type smaller only where it must)."""
    import altair as alt

    x, y = chart.get("x"), chart.get("y")
    data = shown(df.drop(columns=[c for c in df.columns if c.endswith("_node") or c in HIDDEN]), lang, english)
    title = titles([c for c in df.columns if not c.endswith("_node") and c not in HIDDEN], lang)
    tooltip = [alt.Tooltip(f"{title[c]}:{'Q' if pd.api.types.is_numeric_dtype(df[c]) and c != 'year' else 'N'}")
               for c in title]
    font = BIG_FONT if big else 12
    kind = chart.get("kind", "bar")
    if kind == "heatmap":
        value = chart.get("value", "count")
        return heatmap(data, title[x], title[y], title[value], is_count(df[value]), tooltip, lang, font, fit)
    if kind == "timeline":
        series = "issuer" if "issuer" in df else (df.columns[2] if len(df.columns) > 2 else None)
        return timeline(data, title[x], title[y], title.get(series), tooltip, font, fit)
    colour = title["element"] if "element" in df and df["element"].nunique() > 1 else None
    return bars(data, title[x], title[y], is_count(df[y]), tooltip, font, colour=colour, fit=fit)


# pixels: a chart's type in presentation mode, as a projector needs it (at 16 the room squinted)
BIG_FONT = 20
MIN_STEP = 14  # pixels: the narrowest a bar or row gets to fit a screen


def row_step(step: int, rows: int, fit: int | None) -> int:
    """Pixels per bar or row: `step`, or less where `rows` of them would take more than `fit`."""
    if fit and rows and rows * step > fit:
        return max(MIN_STEP, fit // rows)
    return step


def row_font(font: int, step: int) -> int:
    """The type of a row's label: as large as asked, and a few pixels less than its row."""
    return min(font, max(11, step - 5))


def _count_axis(title: str, count: bool, font: int):
    import altair as alt

    if count:
        return alt.Axis(title=title, format="d", tickMinStep=1, labelFontSize=font, titleFontSize=font)
    return alt.Axis(title=title, labelFontSize=font, titleFontSize=font)


# A label down the side stands on its alphabetic baseline, lowered by this much of its size: centred
# in its row whether it is Chinese or Latin. On the default middle baseline a Latin label (5G, 6G,
# which sort first) sat 3-4 px lower than the Chinese ones, out of line with its row (measured on
# the rendered heatmap: now within 1 px for both, at 12 and 16 px type).
LABEL_DROP = 0.35


def _category_axis(title: str, font: int, angle: int = 0, side: bool = False, **more):
    """`side`: the axis runs down the side; its title then stands level above its labels (a Chinese
    title turned on its side reads sideways)."""
    import altair as alt

    if side:
        more.update(titleAngle=0, titleAnchor="end", titleAlign="right", titleBaseline="bottom", titleX=0,
                    titleY=-8)
        more.update(labelBaseline="alphabetic", labelOffset=round(font * LABEL_DROP))
    return alt.Axis(title=title, labelAngle=angle, labelLimit=0, labelOverlap=False, labelFontSize=font,
                    titleFontSize=font, **more)


def bars(data: pd.DataFrame, category: str, value: str, count: bool, tooltip, font: int = 12,
         colour: str | None = None, fit: int | None = None):
    """Horizontal bars, longest first: categories down the side, unrotated, every one shown."""
    import altair as alt

    step = row_step(BAR_STEP + (10 if font > 12 else 0), data[category].nunique(), fit)
    enc = dict(y=alt.Y(f"{category}:N", sort="-x",
                       axis=_category_axis(category, row_font(font, step), side=True)),
               x=alt.X(f"{value}:Q", axis=_count_axis(value, count, font)), tooltip=tooltip)
    if colour:
        enc["color"] = alt.Color(f"{colour}:N", legend=alt.Legend(title=colour, labelLimit=0, labelFontSize=font,
                                                                  titleFontSize=font))
    return alt.Chart(data).mark_bar().encode(**enc).properties(height=alt.Step(step))


def heatmap(data: pd.DataFrame, x: str, y: str, value: str, count: bool, tooltip, lang: str, font: int = 12,
            fit: int | None = None):
    """A matrix with a slot per row and column, so every label is shown beside its cells. The
    column with the longer labels runs down the side (unrotated); the other across the top,
    unrotated when its labels fit their slots, else turned and aligned to their column's end."""
    import altair as alt

    rows, cols = (x, y) if _label_width(data[x].unique(), lang) > _label_width(data[y].unique(), lang) else (y, x)
    row_values, col_values = sorted(data[rows].unique()), sorted(data[cols].unique())
    widest = _label_width(col_values, lang) * font // 12
    if widest + 16 <= 72:  # short names (城市): each column as wide as its label, unrotated
        step, angle, more = max(ROW_STEP, widest + 16), 0, {}
    else:
        step, angle, more = ROW_STEP + 4, -90, {"labelAlign": "left", "labelBaseline": "middle"}
    row = row_step(ROW_STEP + (8 if font > 12 else 0), len(row_values), fit)
    sized = dict(labelFontSize=font, titleFontSize=font)
    legend = alt.Legend(title=value, format="d", tickMinStep=1, **sized) if count else alt.Legend(title=value, **sized)
    return alt.Chart(data).mark_rect().encode(
        x=alt.X(f"{cols}:N", sort=col_values, axis=_category_axis(cols, font, angle, orient="top", **more),
                scale=alt.Scale(domain=col_values)),
        y=alt.Y(f"{rows}:N", sort=row_values, axis=_category_axis(rows, row_font(font, row), side=True),
                scale=alt.Scale(domain=row_values)),
        color=alt.Color(f"{value}:Q", legend=legend, scale=alt.Scale(scheme="blues")),
        tooltip=tooltip,
    ).properties(width=alt.Step(step), height=alt.Step(row))


def timeline(data: pd.DataFrame, x: str, y: str, series: str | None, tooltip, font: int = 12,
             fit: int | None = None):
    """Policies by year, one distinct colour per issuer."""
    import altair as alt

    row = row_step(ROW_STEP + (8 if font > 12 else 0), data[y].nunique(), fit)
    # the legend under the chart: beside it, the issuers' names (long in English: Ministry of Industry
    # and Information Technology) took the width the years need
    colour = (alt.Color(f"{series}:N", scale=alt.Scale(scheme=series_scheme(data[series].nunique())),
                        legend=alt.Legend(title=series, labelLimit=0, symbolLimit=0, orient="bottom",
                                          direction="horizontal", columns=3, labelFontSize=font,
                                          titleFontSize=font))
              if series else alt.value("#29335c"))
    # a slot per year as wide as a year needs (the default 20 pixels ran the years into each other)
    return alt.Chart(data).mark_circle(size=160, opacity=0.9).encode(
        x=alt.X(f"{x}:O", axis=_category_axis(x, font)),
        y=alt.Y(f"{y}:N", axis=_category_axis(y, row_font(font, row), side=True)),
        color=colour, tooltip=tooltip,
    ).properties(width=alt.Step(YEAR_STEP * font // 12), height=alt.Step(row))
