"""What every chart gets on its way to the page (pure Altair, no Streamlit): legible axis text,
points that open their model's page, rings around highlighted models, a per-year count of the
models behind a trend, and the facts a text summary is written from.

The theme is registered and enabled on import (`THEME`): every chart's `to_dict()` carries it.
"""

from __future__ import annotations

import datetime as dt
import urllib.parse
from collections.abc import Iterator

import altair as alt
import polars as pl

from dashboard.charts.base import beside, title_text, wrapped_notes, wrapped_title
from pipelines.lib.trends.defaults import MIN_MODELS_PER_YEAR

THEME = "atlas"
# Axis, legend and subtitle text: stone-700 on white is 10.3:1 (WCAG AA asks 4.5:1 for text);
# Streamlit's default grey axis text was 3.7:1.
TEXT_COLOUR = "#44403c"
TITLE_COLOUR = "#1c1917"
BACKGROUND = "#ffffff"
HIGHLIGHT_COLOUR = "#be123c"  # rose-700: rings around highlighted models
POINT_MARKS = {"point", "circle", "square"}
COVERED_COLOUR = "#57534e"
SPARSE_COLOUR = "#d6d3d1"


@alt.theme.register(THEME, enable=True)
def _theme() -> alt.theme.ThemeConfig:
    text = {"labelColor": TEXT_COLOUR, "titleColor": TEXT_COLOUR}
    return {
        "config": {
            "axis": {**text, "labelFontSize": 12, "titleFontSize": 12},
            "axisY": {"minExtent": 44},
            "legend": {**text, "labelFontSize": 12, "titleFontSize": 12},
            "header": {**text},
            "title": {"color": TITLE_COLOUR, "subtitleColor": TEXT_COLOUR},
            "text": {"color": TITLE_COLOUR},
        }
    }


def contrast_ratio(foreground: str, background: str = BACKGROUND) -> float:
    """WCAG 2 contrast ratio of two `#rrggbb` colours (1 to 21)."""

    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _leaves(chart, data=None) -> Iterator[tuple[alt.Chart, object]]:
    """Every single-view chart inside `chart` with the data it draws (its own or inherited)."""
    own = getattr(chart, "data", alt.Undefined)
    data = own if own is not alt.Undefined else data
    for key in ("layer", "vconcat", "hconcat", "concat"):
        children = getattr(chart, key, alt.Undefined)
        if children is not alt.Undefined:
            for child in children:
                yield from _leaves(child, data)
            return
    yield chart, data


def _mark_type(chart: alt.Chart) -> str | None:
    mark = getattr(chart, "mark", alt.Undefined)
    if isinstance(mark, str):
        return mark
    return getattr(mark, "type", None) if mark is not alt.Undefined else None


def _model_points(chart) -> list[tuple[alt.Chart, pl.DataFrame]]:
    """The point layers that draw one model per row (their data has `model_id` and `name`)."""
    return [
        (leaf, data)
        for leaf, data in _leaves(chart)
        if _mark_type(leaf) in POINT_MARKS
        and isinstance(data, pl.DataFrame)
        and {"model_id", "name"} <= set(data.columns)
    ]


def model_href(model_id: str) -> str:
    """The Model page of `model_id`, relative to any page of the app."""
    return "./model?model=" + urllib.parse.quote(model_id, safe="")


def link_points(chart):
    """Points of models open the model's page when clicked (a `href` encoding). In place."""
    for leaf, data in _model_points(chart):
        if "model_href" not in data.columns:
            linked = data.with_columns(
                pl.col("model_id")
                .map_elements(model_href, return_dtype=pl.String)
                .alias("model_href")
            )
            leaf.data = linked
        leaf.encoding.href = alt.Href("model_href:N")
    return chart


def highlight(chart, model_ids: list[str]):
    """`chart` with a ring and the name drawn over each point of a model in `model_ids`; the
    chart itself when it has no such point (or nothing is highlighted)."""
    if not model_ids or not isinstance(chart, alt.LayerChart):
        return chart
    rings = []
    for leaf, data in _model_points(chart):
        chosen = data.filter(pl.col("model_id").is_in(model_ids))
        if chosen.is_empty():
            continue
        encoding = leaf.encoding
        # the offsets too: a dot spread over lanes (the maker-vs-independent chart's) is
        # ringed where it is drawn, not at the middle of its row
        keep = {
            k: getattr(encoding, k) for k in ("x", "y", "xOffset", "yOffset", "tooltip", "href")
        }
        keep = {k: v for k, v in keep.items() if v is not alt.Undefined}
        if "x" not in keep or "y" not in keep:
            continue
        base = alt.Chart(chosen).encode(**keep)
        ring = base.mark_point(
            filled=False, size=420, strokeWidth=3, color=HIGHLIGHT_COLOUR, opacity=1
        )
        x_field = keep["x"].to_dict().get("field")
        side = (
            beside(x_field, "name", gap=12, font_px=13, bold=True)
            if isinstance(x_field, str)
            else {"align": "left", "dx": 12}
        )
        label = base.mark_text(
            **side, dy=-12, fontSize=13, fontWeight="bold", color=HIGHLIGHT_COLOUR
        ).encode(text="name:N")
        rings += [ring, label]
    if not rings:
        return chart
    return _with_layers(chart, rings)


def _with_layers(chart: alt.LayerChart, extra: list) -> alt.LayerChart:
    copy = chart.copy(deep=False)
    copy.layer = [*chart.layer, *extra]
    return copy


def highlighted_names(chart, model_ids: list[str]) -> list[str]:
    """The names of the highlighted models drawn in `chart`."""
    names: list[str] = []
    for _, data in _model_points(chart):
        for name in data.filter(pl.col("model_id").is_in(model_ids))["name"].to_list():
            if name not in names:
                names.append(name)
    return names


def per_year(dates: pl.Series) -> pl.DataFrame:
    """How many of `dates` fall in each year: columns year (int) and models."""
    years = dates.drop_nulls().dt.year()
    if years.is_empty():
        return pl.DataFrame(schema={"year": pl.Int32, "models": pl.UInt32})
    return years.value_counts(name="models").rename({years.name: "year"}).sort("year")


def date_range(chart) -> tuple[dt.date, dt.date] | None:
    """The first and last `release_date` drawn by any layer of `chart` (None when undated)."""
    dates = [
        data["release_date"]
        for _, data in _leaves(chart)
        if isinstance(data, pl.DataFrame) and "release_date" in data.columns
    ]
    dates = [d.drop_nulls() for d in dates if d.dtype == pl.Date]
    dates = [d for d in dates if not d.is_empty()]
    if not dates:
        return None
    return min(d.min() for d in dates), max(d.max() for d in dates)


def _utc_day(day: dt.date) -> alt.DateTime:
    """Midnight UTC of `day`, the instant the charts' dates stand for."""
    return alt.DateTime(year=day.year, month=day.month, date=day.day, utc=True)


def coverage_strip(
    counts: pl.DataFrame, measure: str, span: tuple[dt.date, dt.date] | None = None
) -> alt.Chart:
    """A short bar strip: models with `measure` per release year (`per_year`), one bar per
    year on a time axis spanning `span` (the trend chart's dates, so the years line up with
    it); years with fewer than `MIN_MODELS_PER_YEAR` in light grey (sparse: a trend there rests
    on few models)."""
    rows = counts.with_columns(
        pl.when(pl.col("models") >= MIN_MODELS_PER_YEAR)
        .then(pl.lit("covered"))
        .otherwise(pl.lit("sparse"))
        .alias("coverage"),
        pl.date(pl.col("year"), 1, 15).alias("year_start"),
        pl.date(pl.col("year"), 12, 15).alias("year_end"),
    )
    # The span as the scale's ends, not its `domain`: with an `x2`, Vega-Lite unions an explicit
    # domain with itself unparsed, and Vega warned of an infinite extent on every strip.
    scale = (
        alt.Scale(domainMin=_utc_day(span[0]), domainMax=_utc_day(span[1])) if span else alt.Scale()
    )
    return (
        alt.Chart(rows)
        .mark_bar(clip=True)
        .encode(
            x=alt.X(
                "year_start:T",
                title=None,
                scale=scale,
                axis=alt.Axis(format="%Y", tickCount="year", grid=False, labelOverlap=True),
            ),
            x2="year_end:T",
            y=alt.Y("models:Q", title="Models", axis=alt.Axis(tickCount=2, grid=False)),
            y2=alt.datum(0),
            color=alt.Color(
                "coverage:N",
                scale=alt.Scale(
                    domain=["covered", "sparse"], range=[COVERED_COLOUR, SPARSE_COLOUR]
                ),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("models:Q", title=f"Models with {measure}"),
                alt.Tooltip("coverage:N", title="Coverage"),
            ],
        )
        .properties(
            height=70,
            title=alt.TitleParams(
                wrapped_title(f"Models with {measure}, per release year", 12),
                subtitle=wrapped_notes(
                    [
                        f"Grey: fewer than {MIN_MODELS_PER_YEAR} (sparse years: a trend there "
                        "rests on few models)."
                    ],
                    11,
                ),
                anchor="start",
                fontSize=12,
                subtitleFontSize=11,
            ),
            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        )
    )


def describe(chart) -> dict:
    """What a text summary needs: the title and its notes (what is not plotted, and why), how
    many models are drawn, the newest of them (name and release date, when the points are
    dated), and the drawn points themselves (`frame`: the largest layer of model points, or
    None)."""
    title = getattr(chart, "title", alt.Undefined)
    text = title_text(getattr(title, "text", title))
    notes = title_text(getattr(title, "subtitle", ""))
    points = _model_points(chart)
    largest = max((data for _, data in points), key=lambda d: d.height, default=None)
    newest = None
    if largest is not None and "release_date" in largest.columns:
        dated = largest.filter(pl.col("release_date").is_not_null())
        if dated.height:
            row = dated.sort("release_date", descending=True).row(0, named=True)
            when = row["release_date"]
            label = f"{when:%b %Y}" if isinstance(when, dt.date) else str(when)
            newest = (str(row["name"]), f"released {label}")
    count, unit = (0 if largest is None else largest.height), "point"
    if largest is None:  # no model points (a heatmap, bars): its largest drawn layer's marks
        drawn = [
            (data.height, _mark_type(leaf))
            for leaf, data in _leaves(chart)
            if isinstance(data, pl.DataFrame) and _mark_type(leaf) in DRAWN_UNITS
        ]
        if drawn:
            count, mark = max(drawn, key=lambda d: d[0])
            unit = DRAWN_UNITS[mark]
    return {
        "title": str(text),
        "notes": notes,
        "points": count,
        "unit": unit,
        "newest": newest,
        "frame": largest,
    }


# What a chart without model points is a count of, by mark ("Coverage by release year; 0
# points" was said of a heatmap of 180 cells).
DRAWN_UNITS = {"rect": "cell", "bar": "bar", "point": "point", "circle": "point"}
