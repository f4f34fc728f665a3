"""Pure chart builders: a frame in, an Altair chart out (no Streamlit, no I/O).

Gallery style: one set of encodings, layers derived from it, typed shorthand, a log scale for
parameters, tokens, compute and price, and tooltips that always carry the source of the number.
No chart sends more than `MAX_POINTS` marks to the browser; when a builder drops points (a value
is missing, or there are too many) its subtitle says how many and why.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import altair as alt
import polars as pl

from dashboard.formats import (
    FIT_SHORT_LABELS,
    field_label,
    format_count,
    format_flop,
    format_usd,
    source_label,
)
from pipelines.lib.trends.analysis import MMLU_REFERENCE_LINES

__all__ = [
    "BASIS_TITLES",
    "MAX_POINTS",
    "cap_points",
    "compute_vs_date_chart",
    "coverage_by_year_chart",
    "format_count",
    "params_vs_date_chart",
    "tokens_per_param_vs_date_chart",
    "unmatched_by_source_chart",
]

MAX_POINTS = 2500  # marks per chart: Altair refuses 5000 rows, browsers slow down well before

BASIS_TITLES = {
    "total": "Total parameters",
    "active": "Active parameters per token",
}

# Axis labels for a log parameter axis: 1B, 10B, 100B, 1T rather than 1e+9 or 1G.
_COUNT_LABEL_EXPR = (
    "datum.value >= 1e12 ? format(datum.value / 1e12, '~g') + 'T'"
    " : datum.value >= 1e9 ? format(datum.value / 1e9, '~g') + 'B'"
    " : datum.value >= 1e6 ? format(datum.value / 1e6, '~g') + 'M'"
    " : format(datum.value, '~s')"
)


def _log_ticks(low: float, high: float) -> list[float]:
    """Powers of ten covering [low, high] (one decade of margin each side)."""
    first = math.floor(math.log10(low))
    last = math.ceil(math.log10(high))
    return [10.0**k for k in range(first, last + 1)]


def params_vs_date_chart(
    frame: pl.DataFrame,
    *,
    basis: str = "total",
    benchmark_label: str = "MMLU 5-shot",
    until: dt.date | None = None,
    height: int = 460,
    title: alt.TitleParams | str | None = None,
    trend: pl.DataFrame | None = None,
    forecast: Forecast | None = None,
) -> alt.LayerChart:
    """The smallest-model frontier over time as a step chart on a log parameter axis.

    `frame` has the columns of `frontier_smallest_model` (threshold, name, organization,
    release_date, params, score, source, ...): one row per record-setting release. Each
    threshold is one step line (coloured, with a legend, when there are several); the record
    stands until the next one, so the step runs on to `until` (the newest release in the data)
    when given. Points carry tooltips with the model, date, size, score and the score's source.

    `trend` (release_date, value, value_low, value_high: `queries.Trend.line`) adds the fitted
    exponential trend as a dashed line in its 95 % band, under the steps; `forecast` marks where
    the trend crosses a size (a horizontal guide at that size, the crossing date as a diamond and
    its 95 % interval as a bar).
    """
    points = frame.sort("threshold", "release_date")
    points = points.with_columns(
        pl.Series("params_label", [format_count(v) for v in points["params"]], dtype=pl.String),
        pl.Series("threshold_label", [f"≥ {t:g}%" for t in points["threshold"]], dtype=pl.String),
        # Consecutive records are often weeks apart: alternate labels above and below the step.
        (pl.int_range(pl.len()).over("threshold") % 2 == 0).alias("label_above"),
    )
    several = points["threshold"].n_unique() > 1

    line = points.select("threshold", "threshold_label", "release_date", "params")
    if until is not None and points.height:
        last = line.group_by("threshold", "threshold_label").agg(
            pl.col("release_date").max(), pl.col("params").min()
        )
        tail = last.filter(pl.col("release_date") < until).with_columns(
            pl.lit(until, dtype=pl.Date).alias("release_date")
        )
        line = pl.concat([line, tail.select(line.columns)]).sort("threshold", "release_date")

    span = [points["params"]]
    if trend is not None and trend.height:
        span.append(trend["value"])
    if forecast is not None:
        span.append(pl.Series([forecast.target], dtype=pl.Float64))
    values = pl.concat(span).drop_nulls()
    y_scale = alt.Scale(type="log")
    y_axis = alt.Axis(labelExpr=_COUNT_LABEL_EXPR)
    if values.len():
        ticks = _log_ticks(values.min(), values.max())
        y_scale = alt.Scale(type="log", domain=[ticks[0], ticks[-1]])
        y_axis = alt.Axis(values=ticks, labelExpr=_COUNT_LABEL_EXPR)

    x = alt.X(
        "release_date:T",
        title="Release date",
        axis=alt.Axis(format="%Y", tickCount="year", grid=False),
    )
    y_title = f"{BASIS_TITLES.get(basis, 'Parameters')} (log scale)"
    y = alt.Y("params:Q", title=y_title, scale=y_scale, axis=y_axis)
    encodings: dict = {"x": x, "y": y}
    if several:
        encodings["color"] = alt.Color(
            "threshold_label:N",
            title=f"{benchmark_label} threshold",
            sort=alt.SortField("threshold"),
            legend=alt.Legend(orient="top-right"),
        )

    steps = (
        alt.Chart(line)
        .mark_line(interpolate="step-after", strokeWidth=2.5)
        .encode(**encodings, detail="threshold:N")
    )

    base = alt.Chart(points).encode(**encodings)
    dots = base.mark_point(filled=True, size=90, opacity=1).encode(
        tooltip=[
            *_model_tooltip_head(),
            alt.Tooltip("params_label:N", title=BASIS_TITLES.get(basis, "Parameters")),
            alt.Tooltip("score:Q", title=f"{benchmark_label} (%)", format=".1f"),
            alt.Tooltip("threshold_label:N", title="Threshold"),
            alt.Tooltip("source:N", title="Score source"),
            alt.Tooltip("params_source:N", title="Parameter source"),
        ],
    )
    above, below = _name_labels(base)

    under, over = [], []
    if trend is not None and trend.height:
        under = _trend_layers(trend, x, y_title, y_scale, y_axis, format_count)
    if forecast is not None:
        over = _forecast_layers(forecast, x, y_title, y_scale, y_axis)
    chart = alt.layer(*under, steps, dots, above, below, *over).properties(height=height)
    return chart if title is None else chart.properties(title=title, autosize=_FIT_WIDTH)


@dataclasses.dataclass(frozen=True)
class Forecast:
    """When a trend line reaches `target` (in the chart's y unit), with a 95 % interval."""

    target: float
    target_label: str
    date: dt.date
    low: dt.date | None = None
    high: dt.date | None = None

    @classmethod
    def of(cls, trend, target_label: str) -> Forecast | None:
        """The crossing of a `queries.Trend`, when it falls within the drawn trend line."""
        line = getattr(trend, "line", None)
        if not trend.fitted or trend.forecast_date is None or line is None or line.is_empty():
            return None
        if trend.forecast_date > line["release_date"].max():
            return None
        return cls(
            target=trend.target,
            target_label=target_label,
            date=trend.forecast_date,
            low=trend.forecast_low,
            high=trend.forecast_high,
        )


TREND_COLOUR = "#64748b"  # slate: fitted lines and their bands, behind the data
FORECAST_COLOUR = "#c2410c"


def _trend_layers(trend: pl.DataFrame, x, y_title: str, scale, axis, label) -> list:
    """A fitted exponential trend: its 95 % band (area) and the line (dashed), with tooltips."""
    rows = trend.with_columns(
        pl.Series("value_label", [label(v) for v in trend["value"]], dtype=pl.String),
        pl.Series(
            "band_label",
            [
                f"{label(lo)} – {label(hi)}"
                for lo, hi in zip(trend["value_low"], trend["value_high"], strict=True)
            ],
            dtype=pl.String,
        ),
    )
    base = alt.Chart(rows).encode(x=x)
    tooltip = [
        alt.Tooltip("release_date:T", title="Date", format="%b %Y"),
        alt.Tooltip("value_label:N", title="Trend"),
        alt.Tooltip("band_label:N", title="95 % band"),
    ]
    band = base.mark_area(color=TREND_COLOUR, opacity=0.16, clip=True).encode(
        y=alt.Y("value_low:Q", title=y_title, scale=scale, axis=axis),
        y2="value_high:Q",
        tooltip=tooltip,
    )
    fitted = base.mark_line(
        color=TREND_COLOUR, strokeDash=[6, 4], strokeWidth=1.5, clip=True
    ).encode(y=alt.Y("value:Q", title=y_title, scale=scale, axis=axis), tooltip=tooltip)
    return [band, fitted]


def _forecast_layers(forecast: Forecast, x, y_title: str, scale, axis) -> list:
    """The target as a dotted guide, the crossing date as a diamond, its interval as a bar."""
    interval = ""
    if forecast.low and forecast.high:
        interval = f"{forecast.low:%b %Y} – {forecast.high:%b %Y}"
    row = pl.DataFrame(
        {
            "release_date": [forecast.date],
            "target": [forecast.target],
            "low": [forecast.low or forecast.date],
            "high": [forecast.high or forecast.date],
            "label": [f"trend reaches {forecast.target_label}: {forecast.date:%b %Y}"],
            "interval": [interval or "unbounded"],
        },
        schema_overrides={"release_date": pl.Date, "low": pl.Date, "high": pl.Date},
    )
    y = alt.Y("target:Q", title=y_title, scale=scale, axis=axis)
    base = alt.Chart(row)
    guide = base.mark_rule(color=FORECAST_COLOUR, strokeDash=[2, 3], opacity=0.7).encode(y=y)
    bar = base.mark_rule(color=FORECAST_COLOUR, strokeWidth=3, opacity=0.6).encode(
        x=alt.X("low:T", title="Release date"), x2="high:T", y=y
    )
    tooltip = [
        alt.Tooltip("label:N", title="Forecast"),
        alt.Tooltip("interval:N", title="95 % interval"),
    ]
    diamond = base.mark_point(
        shape="diamond", filled=True, size=140, color=FORECAST_COLOUR, opacity=1
    ).encode(x=x, y=y, tooltip=tooltip)
    text = haloed_text(
        base.encode(x=x, y=y, text="label:N"),
        align="left",
        baseline="top",
        dx=8,
        dy=6,
        fontSize=12,
        fontWeight="bold",
        color=FORECAST_COLOUR,
    )
    return [guide, bar, diamond, *text]


# ----------------------------------------------------------------------------- shared pieces

# Axis labels for a log FLOP axis: 1e21, 1e24 (Vega's `log` is the natural logarithm).
_FLOP_LABEL_EXPR = "'1e' + round(log(datum.value) / LN10)"
_RATIO_LABEL_EXPR = "format(datum.value, '~g')"

WEIGHTS_DOMAIN = ["Open weights", "Closed weights", "Not stated"]
WEIGHTS_RANGE = ["#0f766e", "#ea580c", "#a8a29e"]
SIZE_DOMAIN = ["Tiny", "Small", "Medium", "Large", "Massive", "Unknown"]
SIZE_RANGE = ["#bae6fd", "#38bdf8", "#0284c7", "#1e3a8a", "#7c3aed", "#a8a29e"]


def _name_labels(base: alt.Chart) -> tuple[alt.Chart, alt.Chart]:
    """Model names beside their points, alternately above and below (`label_above`) so that
    neighbouring records don't overprint each other."""
    label = base.encode(text="name:N")
    above = label.transform_filter(alt.datum.label_above).mark_text(
        align="left", baseline="bottom", dx=6, dy=-6, fontSize=12
    )
    below = label.transform_filter(~alt.datum.label_above).mark_text(
        align="left", baseline="top", dx=6, dy=6, fontSize=12
    )
    return above, below


def _model_tooltip_head() -> list[alt.Tooltip]:
    """The first lines of every per-model tooltip: which model, whose, when."""
    return [
        alt.Tooltip("name:N", title="Model"),
        alt.Tooltip("organization:N", title="Organization"),
        alt.Tooltip("release_date:T", title="Released", format="%d %b %Y"),
    ]


def _weights_color() -> alt.Color:
    """Points coloured by open / closed / not-stated weights, legend below the chart."""
    return alt.Color(
        "weights_label:N",
        title=None,
        scale=alt.Scale(domain=WEIGHTS_DOMAIN, range=WEIGHTS_RANGE),
        legend=alt.Legend(orient="bottom", direction="horizontal"),
    )


CHINCHILLA_TOKENS_PER_PARAM = 20.0
TOKENS_PER_PARAM_TITLE = "Training tokens per parameter (log scale)"

# One colour per compute-optimal fit, everywhere (lines, bands, tables).
FIT_COLOURS = {
    "hoffmann_2022": "#9333ea",
    "besiroglu_2024": "#0284c7",
    "chinchilla_20x": "#b91c1c",
    "atlas_refit_2026": "#15803d",
}

# Streamlit fits a chart's *total* height (title, legend, axes included) into `height` unless
# told otherwise, which clips multi-line subtitles: fit the width only, let the height grow.
_FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")


def title(text: str, *notes: str) -> alt.TitleParams:
    """A chart title with its notes (what is plotted, what is hidden) as subtitle lines."""
    return alt.TitleParams(
        text=text,
        subtitle=[n for n in notes if n] or "",
        anchor="start",
        fontSize=16,
        subtitleFontSize=12,
        subtitleColor="#57534e",
        offset=10,
    )


def haloed_text(chart: alt.Chart, **text) -> list[alt.Chart]:
    """`chart.mark_text(**text)` drawn twice, white and thick first: labels stay legible over
    lines, bands and points."""
    colour = text.pop("color", "#1c1917")
    halo = chart.mark_text(**text, color="white", stroke="white", strokeWidth=4, strokeJoin="round")
    return [halo, chart.mark_text(**text, color=colour)]


def cap_points(frame: pl.DataFrame, max_points: int = MAX_POINTS) -> tuple[pl.DataFrame, int]:
    """At most `max_points` rows (a reproducible random sample, kept in the frame's order) and
    how many were dropped."""
    if frame.height <= max_points:
        return frame, 0
    kept = frame.with_row_index("_order").sample(max_points, seed=0).sort("_order")
    return kept.drop("_order"), frame.height - max_points


def _hidden_notes(
    plotted: int, total: int, capped: int, left_out: list[tuple[int, str]]
) -> list[str]:
    """Subtitle lines saying what the chart does not show: the models left out, by reason
    (`(count, reason)` pairs), and the points dropped by `cap_points`."""
    notes = []
    reasons = [f"{n:,} {why}" for n, why in left_out if n > 0]
    if reasons:
        notes.append(f"{plotted + capped:,} of {total:,} models plotted. Not plotted:")
        notes.append(" · ".join(reasons) + ".")
    if capped:
        notes.append(f"{capped:,} points hidden: a reproducible random {plotted:,} are drawn.")
    return notes


def _since(frame: pl.DataFrame, since: dt.date | None) -> tuple[pl.DataFrame, int]:
    """Rows released on or after `since` (all when None) and how many were earlier."""
    if since is None:
        return frame, 0
    kept = frame.filter(pl.col("release_date") >= since)
    return kept, frame.height - kept.height


def _decade_axis(values: pl.Series, label_expr: str, max_labels: int = 8):
    """A log scale spanning whole decades around `values`, labelled at most `max_labels` times."""
    if values.is_empty():
        return alt.Scale(type="log"), alt.Axis(labelExpr=label_expr)
    ticks = _log_ticks(values.min(), values.max())
    step = math.ceil(len(ticks) / max_labels)
    scale = alt.Scale(type="log", domain=[ticks[0], ticks[-1]])
    return scale, alt.Axis(values=ticks[::step], labelExpr=label_expr)


_DATE_X = alt.X(
    "release_date:T",
    title="Release date",
    axis=alt.Axis(format="%Y", tickCount="year", grid=False),
)


# ----------------------------------------------------------------------------- overview charts


def compute_vs_date_chart(
    frame: pl.DataFrame,
    *,
    total: int | None = None,
    since: dt.date | None = None,
    height: int = 320,
    max_points: int = MAX_POINTS,
) -> alt.Chart:
    """Training compute against release date, one point per model, log FLOP axis, coloured by
    whether the weights are open.

    `frame` is `queries.load_compute_points()` (name, organization, release_date,
    training_compute_flop, compute_method, weights_label, source, source_dataset, confidence);
    `total` is how many models are in scope, so the subtitle can say how many lack a value;
    models released before `since` are left out (and counted in the subtitle).
    """
    recent, earlier = _since(frame, since)
    points, capped = cap_points(recent, max_points)
    points = points.with_columns(
        pl.Series(
            "compute_label",
            [format_flop(v) for v in points["training_compute_flop"]],
            dtype=pl.String,
        ),
        pl.Series(
            "source_label", [source_label(v) for v in points["source_dataset"]], dtype=pl.String
        ),
    )
    scale, axis = _decade_axis(points["training_compute_flop"], _FLOP_LABEL_EXPR)
    total = frame.height if total is None else total
    notes = _hidden_notes(
        points.height,
        total,
        capped,
        [
            (total - frame.height, "without a compute value"),
            (earlier, f"released before {since:%Y}" if since else ""),
        ],
    )
    return (
        alt.Chart(points)
        .mark_circle(size=38, opacity=0.75)
        .encode(
            x=_DATE_X,
            y=alt.Y(
                "training_compute_flop:Q",
                title="Training compute (FLOP, log scale)",
                scale=scale,
                axis=axis,
            ),
            color=_weights_color(),
            tooltip=[
                *_model_tooltip_head(),
                alt.Tooltip("compute_label:N", title="Training compute"),
                alt.Tooltip("compute_method:N", title="Method"),
                alt.Tooltip("weights_label:N", title="Weights"),
                alt.Tooltip("source_label:N", title="Taken from"),
                alt.Tooltip("source:N", title="Source"),
            ],
        )
        .properties(
            height=height,
            title=title("Training compute of language models over time", *notes),
            autosize=_FIT_WIDTH,
        )
    )


def tokens_per_param_vs_date_chart(
    frame: pl.DataFrame,
    *,
    total: int | None = None,
    since: dt.date | None = None,
    height: int = 320,
    max_points: int = MAX_POINTS,
    optima: pl.DataFrame | None = None,
) -> alt.LayerChart:
    """Training tokens per (active) parameter against release date on a log axis, with the
    Chinchilla-optimal 20:1 (Hoffmann et al. 2022) as a labelled dashed line; points coloured by
    size class.

    `frame` is `queries.load_tokens_per_param()` (name, organization, release_date, size_class,
    params_active, training_tokens, tokens_per_param, chinchilla_ratio, source, base_model_id).
    Fine-tunes (a `base_model_id`) are left out: their tokens are fine-tuning data, not
    pre-training. Models released before `since` are left out too; the subtitle counts both.

    `optima` (fit, low, high: `queries.load_optimum_ranges()`) adds each fitted law's
    compute-optimal tokens per parameter over a range of budgets as a shaded band (a fixed rule
    such as 20:1, whose band is a line, is left to the labelled rule).
    """
    pretrained = frame.filter(pl.col("base_model_id").is_null())
    recent, earlier = _since(pretrained, since)
    points, capped = cap_points(recent, max_points)
    points = points.with_columns(
        pl.Series(
            "tokens_label", [format_count(v) for v in points["training_tokens"]], dtype=pl.String
        ),
        pl.Series(
            "params_label", [format_count(v) for v in points["params_active"]], dtype=pl.String
        ),
    )
    bands = None
    if optima is not None:  # a fixed rule (20:1) is a line, drawn as the labelled rule below
        bands = optima.filter(pl.col("high") > pl.col("low") * 1.001)
        bands = bands.with_columns(
            pl.Series("fit_label", [FIT_SHORT_LABELS.get(f, f) for f in bands["fit"]], pl.String)
        )
    ratios = pl.concat(
        [
            points["tokens_per_param"],
            pl.Series([CHINCHILLA_TOKENS_PER_PARAM], dtype=pl.Float64),
            *([bands["low"], bands["high"]] if bands is not None else []),
        ]
    )
    scale, axis = _decade_axis(ratios, _RATIO_LABEL_EXPR)
    total = frame.height if total is None else total
    notes = _hidden_notes(
        points.height,
        total,
        capped,
        [
            (total - frame.height, "without tokens or parameters"),
            (frame.height - pretrained.height, "fine-tunes"),
            (earlier, f"released before {since:%Y}" if since else ""),
        ],
    )
    y = alt.Y(
        "tokens_per_param:Q",
        title=TOKENS_PER_PARAM_TITLE,
        scale=scale,
        axis=axis,
    )
    dots = (
        alt.Chart(points)
        .mark_circle(size=38, opacity=0.8)
        .encode(
            x=_DATE_X,
            y=y,
            color=alt.Color(
                "size_class:N",
                title="Size",
                scale=alt.Scale(domain=SIZE_DOMAIN, range=SIZE_RANGE),
                legend=alt.Legend(orient="bottom", direction="horizontal", titleOrient="left"),
            ),
            tooltip=[
                *_model_tooltip_head(),
                alt.Tooltip("tokens_label:N", title="Training tokens"),
                alt.Tooltip("params_label:N", title="Parameters (active)"),
                alt.Tooltip("tokens_per_param:Q", title="Tokens per parameter", format=",.0f"),
                alt.Tooltip("chinchilla_ratio:Q", title="× Chinchilla-optimal", format=".1f"),
                alt.Tooltip("source:N", title="Tokens source"),
            ],
        )
    )
    reference = alt.Chart(
        pl.DataFrame(
            {
                "tokens_per_param": [CHINCHILLA_TOKENS_PER_PARAM],
                "label": ["Chinchilla-optimal ≈ 20 tokens per parameter"],
            }
        )
    ).encode(y=y)
    rule = reference.mark_rule(color="#b91c1c", strokeDash=[6, 4], strokeWidth=1.5)
    text = dict(align="left", baseline="bottom", dx=4, dy=-4, fontSize=12, fontWeight="bold")
    halo = reference.mark_text(
        **text, color="white", stroke="white", strokeWidth=4, strokeJoin="round"
    ).encode(x=alt.value(0), text="label:N")
    label = reference.mark_text(**text, color="#b91c1c").encode(x=alt.value(0), text="label:N")
    under = []
    if bands is not None and bands.height:
        fits_shown = bands["fit_label"].to_list()
        under.append(
            alt.Chart(bands)
            .mark_rect(opacity=0.3)
            .encode(
                y=alt.Y("low:Q", title=TOKENS_PER_PARAM_TITLE, scale=scale, axis=axis),
                y2="high:Q",
                fill=alt.Fill(
                    "fit_label:N",
                    title="Fitted optimum",
                    scale=alt.Scale(
                        domain=fits_shown,
                        range=[FIT_COLOURS.get(f, "#94a3b8") for f in bands["fit"]],
                    ),
                    legend=alt.Legend(orient="bottom", direction="horizontal", titleOrient="left"),
                ),
                tooltip=[
                    alt.Tooltip("fit_label:N", title="Fit"),
                    alt.Tooltip("low:Q", title="Optimum from", format=".3~g"),
                    alt.Tooltip("high:Q", title="to (tokens per parameter)", format=".3~g"),
                ],
            )
        )
    return alt.layer(*under, dots, rule, halo, label).properties(
        height=height,
        title=title("Training tokens per parameter over time", *notes),
        autosize=_FIT_WIDTH,
    )


# ----------------------------------------------------------------------------- data quality


def coverage_by_year_chart(
    coverage: pl.DataFrame, *, since: int = 2012, height: int | None = None
) -> alt.Chart:
    """Share of models with each field, per release year: a heatmap (field x year).

    `coverage` is the `coverage` table; the all-years rows (year null) and the trivially full
    `models` row are left out; years before `since` are summarised in the subtitle.
    """
    rows = coverage.filter(pl.col("year").is_not_null() & (pl.col("field") != "models"))
    early = rows.filter(pl.col("year") < since)
    early_models = (
        early.group_by("year").agg(pl.col("models").max())["models"].sum() if early.height else 0
    )
    rows = rows.filter(pl.col("year") >= since)
    rows = rows.with_columns(
        pl.Series("field_label", [field_label(f) for f in rows["field"]], dtype=pl.String)
    )
    order = (
        rows.group_by("field_label")
        .agg(pl.col("with_value").sum() / pl.col("models").sum())
        .sort("with_value", descending=True)["field_label"]
        .to_list()
    )
    notes = ["Share of each year's language models that have a value."]
    if early_models:
        notes.append(f"Years before {since} ({early_models:,} models) are not shown.")
    base = alt.Chart(rows).encode(
        x=alt.X("year:O", title="Release year", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("field_label:N", title=None, sort=order, axis=alt.Axis(labelLimit=220)),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color(
            "share:Q",
            title="Share with a value",
            scale=alt.Scale(domain=[0, 1], scheme="blues"),
            legend=alt.Legend(format="%", orient="top", gradientLength=220),
        ),
        tooltip=[
            alt.Tooltip("field_label:N", title="Field"),
            alt.Tooltip("year:O", title="Year"),
            alt.Tooltip("with_value:Q", title="Models with a value", format=","),
            alt.Tooltip("models:Q", title="Models released", format=","),
            alt.Tooltip("share:Q", title="Share", format=".0%"),
        ],
    )
    text = base.mark_text(fontSize=10).encode(
        text=alt.Text("share:Q", format=".0%"),
        color=alt.condition(alt.datum.share > 0.55, alt.value("white"), alt.value("#1c1917")),
    )
    return alt.layer(cells, text).properties(
        height=height or 30 * max(len(order), 1),
        title=title("Coverage by release year", *notes),
        autosize=_FIT_WIDTH,
    )


def unmatched_by_source_chart(counts: pl.DataFrame, *, height: int = 160) -> alt.Chart:
    """Names each secondary source uses that could not be matched to a model: a bar per source.
    `counts` is `queries.load_unmatched_counts()` (source, names)."""
    rows = counts.with_columns(
        pl.Series("source_label", [source_label(s) for s in counts["source"]], dtype=pl.String)
    )
    base = alt.Chart(rows).encode(
        y=alt.Y("source_label:N", title=None, sort="-x", axis=alt.Axis(labelLimit=240)),
        x=alt.X("names:Q", title="Unmatched names"),
    )
    bars = base.mark_bar(color="#0284c7").encode(
        tooltip=[
            alt.Tooltip("source_label:N", title="Source"),
            alt.Tooltip("names:Q", title="Unmatched names", format=","),
        ]
    )
    labels = base.mark_text(align="left", dx=4, fontSize=12).encode(text="names:Q")
    return alt.layer(bars, labels).properties(height=height)


# ----------------------------------------------------------------------------- one model

STATUS_DOMAIN = ["✓ used", "≈ agrees", "⚠ disagrees"]
# Tick ratios for a claims axis spanning up to `limit`× either side of the value used.
_RATIO_TICKS = [
    (1.3, (1.05, 1.1, 1.2)),
    (2.2, (1.1, 1.25, 1.5, 2.0)),
    (6.0, (1.5, 2.0, 3.0, 5.0)),
    (25.0, (2.0, 5.0, 10.0, 20.0)),
    (1e3, (10.0, 100.0, 1000.0)),
]
STATUS_RANGE = ["#15803d", "#64748b", "#ea580c"]


def claims_vs_used_chart(claims: pl.DataFrame, values: pl.DataFrame) -> alt.LayerChart:
    """Every claim about one model as a point at (claimed value ÷ value used), one row per field,
    on a log axis centred on 1×: the spread of what sources say, at a glance.

    `claims` is `formats.claims_table(...)` (field, field_label, value, value_text, status_label,
    source_label, citation, method, confidence); `values` is `queries.load_model_values(...)`
    (field, value). Claims about a field with no value used (or a zero one) are left out.
    """
    used = values.filter(pl.col("value").is_not_null() & (pl.col("value") != 0)).select(
        "field", pl.col("value").alias("used_value")
    )
    points = claims.join(used, on="field", how="inner").with_columns(
        (pl.col("value") / pl.col("used_value")).alias("ratio")
    )
    points = points.filter(pl.col("ratio") > 0)
    order = list(dict.fromkeys(points["field_label"].to_list()))
    low = min([*points["ratio"].to_list(), 1.0])
    high = max([*points["ratio"].to_list(), 1.0])
    span = max(high, 1 / low, 1.25) * 1.15
    steps = next(
        (s for limit, s in _RATIO_TICKS if span <= limit),
        (10.0, 100.0, 1000.0, 1e4, 1e5, 1e6),
    )
    ticks = sorted({1.0, *steps, *(1 / t for t in steps)})
    x = alt.X(
        "ratio:Q",
        title="Claimed value ÷ value used (log scale; ×1 = the value in the warehouse)",
        scale=alt.Scale(type="log", domain=[1 / span, span]),
        axis=alt.Axis(
            values=[t for t in ticks if 1 / span <= t <= span],
            labelExpr="datum.value < 1 ? '÷' + format(1 / datum.value, '.2~g')"
            " : '×' + format(datum.value, '.2~g')",
        ),
    )
    dots = (
        alt.Chart(points)
        .mark_point(filled=True, size=90, opacity=0.85)
        .encode(
            x=x,
            y=alt.Y("field_label:N", title=None, sort=order, axis=alt.Axis(labelLimit=220)),
            yOffset=alt.YOffset("status_label:N", sort=STATUS_DOMAIN),
            color=alt.Color(
                "status_label:N",
                title=None,
                scale=alt.Scale(domain=STATUS_DOMAIN, range=STATUS_RANGE),
                legend=alt.Legend(orient="top", direction="horizontal"),
            ),
            shape=alt.Shape(
                "status_label:N",
                scale=alt.Scale(domain=STATUS_DOMAIN, range=["circle", "circle", "triangle"]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("field_label:N", title="Field"),
                alt.Tooltip("value_text:N", title="Claimed"),
                alt.Tooltip("ratio:Q", title="× value used", format=".3~g"),
                alt.Tooltip("status_label:N", title="Status"),
                alt.Tooltip("source_label:N", title="Taken from"),
                alt.Tooltip("citation:N", title="Source"),
                alt.Tooltip("method:N", title="Method"),
                alt.Tooltip("confidence:N", title="Confidence"),
            ],
        )
    )
    one = alt.Chart(pl.DataFrame({"ratio": [1.0]})).mark_rule(color="#15803d", strokeDash=[4, 3])
    return alt.layer(one.encode(x=x), dots).properties(
        height=44 * max(len(order), 1),
        autosize=_FIT_WIDTH,
        title=title(
            "What each source claims, relative to the value used",
            "Points right of the line claim more, left of it less; orange triangles are "
            "conflicts beyond the field's tolerance.",
        ),
    )


# ----------------------------------------------------------------------------- compute-optimal

# Axis labels for a log dollar axis: $0.05, $1, $10K, $4M.
_USD_LABEL_EXPR = (
    "datum.value >= 1e9 ? '$' + format(datum.value / 1e9, '~g') + 'B'"
    " : datum.value >= 1e6 ? '$' + format(datum.value / 1e6, '~g') + 'M'"
    " : datum.value >= 1e3 ? '$' + format(datum.value / 1e3, '~g') + 'K'"
    " : '$' + format(datum.value, '~g')"
)


PARAMS_N_TITLE = "Parameters N (log scale)"
BUDGET_TITLE = "Training budget C (FLOP, log scale)"


def params_vs_budget_chart(
    allocation: pl.DataFrame,
    *,
    budget: float | None = None,
    models: pl.DataFrame | None = None,
    height: int = 420,
    max_points: int = MAX_POINTS,
) -> alt.LayerChart:
    """Compute-optimal parameters against the training budget, log-log, one line per fit.

    `allocation` is `queries.load_allocation()` (fit, budget_flop, params_opt, tokens_opt,
    tokens_per_param, loss_opt, citation). `budget` draws a vertical rule at the calculator's
    budget. `models` (`queries.load_budget_points()`: name, organization, compute_6nd_flop,
    params_active, training_tokens, tokens_per_param, tokens_source) adds real pre-trained models
    at (6·N·D, N) as grey dots: below a line means more tokens per parameter than that fit's
    optimum (over-trained), above it fewer.
    """
    rows = allocation.with_columns(
        pl.Series("fit_label", [FIT_SHORT_LABELS.get(f, f) for f in allocation["fit"]], pl.String),
        pl.Series("budget_label", [format_flop(v) for v in allocation["budget_flop"]], pl.String),
        pl.Series("params_label", [format_count(v) for v in allocation["params_opt"]], pl.String),
        pl.Series("tokens_label", [format_count(v) for v in allocation["tokens_opt"]], pl.String),
    )
    fits_shown = list(dict.fromkeys(rows["fit"].to_list()))
    labels = [FIT_SHORT_LABELS.get(f, f) for f in fits_shown]
    spans_x = [rows["budget_flop"]]
    spans_y = [rows["params_opt"]]
    notes = []
    dots = None
    if models is not None and models.height:
        shown = models.filter(
            pl.col("compute_6nd_flop").is_between(
                rows["budget_flop"].min(), rows["budget_flop"].max()
            )
        )
        shown, capped = cap_points(shown, max_points)
        outside = models.height - shown.height - capped
        shown = shown.with_columns(
            pl.Series(
                "budget_label", [format_flop(v) for v in shown["compute_6nd_flop"]], pl.String
            ),
            pl.Series("params_label", [format_count(v) for v in shown["params_active"]], pl.String),
            pl.Series(
                "tokens_label", [format_count(v) for v in shown["training_tokens"]], pl.String
            ),
        )
        notes.append(f"Grey dots: {shown.height:,} pre-trained models at (6·N·D, N).")
        if outside:
            noun = "model" if outside == 1 else "models"
            notes.append(f"{outside:,} {noun} outside the budget range not shown.")
        if capped:
            notes.append(f"{capped:,} points hidden: a reproducible random sample is drawn.")
        spans_y.append(shown["params_active"])
    x_scale, x_axis = _decade_axis(pl.concat(spans_x), _FLOP_LABEL_EXPR, max_labels=10)
    y_scale, y_axis = _decade_axis(pl.concat(spans_y), _COUNT_LABEL_EXPR)
    x = alt.X(
        "budget_flop:Q", title="Training budget C (FLOP, log scale)", scale=x_scale, axis=x_axis
    )
    y = alt.Y("params_opt:Q", title=PARAMS_N_TITLE, scale=y_scale, axis=y_axis)
    colour = alt.Color(
        "fit_label:N",
        title=None,
        scale=alt.Scale(domain=labels, range=[FIT_COLOURS.get(f, "#64748b") for f in fits_shown]),
        legend=alt.Legend(orient="top-left", direction="vertical", fillColor="white"),
    )
    layers = []
    if models is not None and models.height:
        dots = (
            alt.Chart(shown)
            .mark_circle(size=22, color="#a8a29e", opacity=0.55)
            .encode(
                x=alt.X("compute_6nd_flop:Q", title=BUDGET_TITLE, scale=x_scale, axis=x_axis),
                y=alt.Y("params_active:Q", title=PARAMS_N_TITLE, scale=y_scale, axis=y_axis),
                tooltip=[
                    alt.Tooltip("name:N", title="Model"),
                    alt.Tooltip("organization:N", title="Organization"),
                    alt.Tooltip("budget_label:N", title="6·N·D"),
                    alt.Tooltip("params_label:N", title="Parameters (active)"),
                    alt.Tooltip("tokens_label:N", title="Training tokens"),
                    alt.Tooltip("tokens_per_param:Q", title="Tokens per parameter", format=",.0f"),
                    alt.Tooltip("tokens_source:N", title="Tokens source"),
                ],
            )
        )
        layers.append(dots)
    base = alt.Chart(rows).encode(x=x, y=y, color=colour)
    tooltip = [
        alt.Tooltip("fit_label:N", title="Fit"),
        alt.Tooltip("budget_label:N", title="Budget"),
        alt.Tooltip("params_label:N", title="Optimal parameters"),
        alt.Tooltip("tokens_label:N", title="Optimal tokens"),
        alt.Tooltip("tokens_per_param:Q", title="Tokens per parameter", format=".1f"),
        alt.Tooltip("loss_opt:Q", title="Predicted loss (nats/token)", format=".3f"),
        alt.Tooltip("citation:N", title="Source"),
    ]
    layers.append(base.mark_line(strokeWidth=2).encode(tooltip=tooltip))
    layers.append(base.mark_point(filled=True, size=36).encode(tooltip=tooltip))
    if budget is not None:
        marker = alt.Chart(
            pl.DataFrame(
                {"budget_flop": [float(budget)], "label": [f"your budget: {format_flop(budget)}"]}
            )
        ).encode(x=x)
        layers.append(marker.mark_rule(color="#1c1917", strokeDash=[4, 3]))
        layers.append(
            marker.mark_text(
                align="left", baseline="bottom", dx=4, fontSize=12, fontWeight="bold"
            ).encode(y=alt.value(height - 8), text="label:N")
        )
    return alt.layer(*layers).properties(
        height=height,
        autosize=_FIT_WIDTH,
        title=title(
            "Compute-optimal model size for a training budget",
            "One line per fit: N_opt minimises the fitted loss on C = 6·N·D.",
            "Besiroglu 2024, our refit and the 20:1 rule nearly coincide.",
            *notes,
        ),
    )


# ----------------------------------------------------------------------------- scaling

OTHER = "Other"
_PALETTE = [
    "#0284c7",
    "#ea580c",
    "#15803d",
    "#9333ea",
    "#db2777",
    "#ca8a04",
    "#0f766e",
    "#4f46e5",
    "#b91c1c",
    "#65a30d",
]
SCALE_AXES = {  # x variable -> (column, axis title, label expr, formatter, source column)
    "params": (
        "params_total",
        "Parameters (total, log scale)",
        None,
        format_count,
        "params_source",
    ),
    "compute": (
        "training_compute_flop",
        "Training compute (FLOP, log scale)",
        None,
        format_flop,
        "compute_source",
    ),
}


def top_groups(values: pl.Series, n: int) -> list[str]:
    """The `n` most frequent values (ties by name), for a colour legend with `OTHER` after."""
    counts = values.drop_nulls().value_counts(sort=False, name="n")
    ranked = counts.sort(["n", values.name], descending=[True, False])
    return ranked[values.name].head(n).to_list()


def _reference_layers(lines: dict[str, float], y, x=None) -> tuple[list, list]:
    """Horizontal reference lines (MMLU: 25 / 35 / 90 %) and their haloed labels, as (rules,
    labels) so labels can be drawn over the data; at the right edge when `x` (an
    `alt.X(datum=...)` at the axis' far end) is given, else at the left."""
    rows = pl.DataFrame(
        {"mmlu": list(lines.values()), "label": list(lines)},
        schema={"mmlu": pl.Float64, "label": pl.String},
    )
    base = alt.Chart(rows).encode(y=y)
    rule = base.mark_rule(color="#78716c", strokeDash=[3, 3], strokeWidth=1)
    where = {"x": x} if x is not None else {"x": alt.value(0)}
    labels = haloed_text(
        base.encode(text="label:N", **where),
        align="right" if x is not None else "left",
        baseline="bottom",
        dx=-4 if x is not None else 4,
        dy=-2,
        fontSize=11,
        color="#44403c",
    )
    return [rule], labels


def mmlu_reference_labels(lines: dict[str, float]) -> dict[str, float]:
    """`analysis.MMLU_REFERENCE_LINES` as chart labels: `random guessing (25%)`, ..."""
    out = {}
    for name, value in lines.items():
        text = name if "%" in name else f"{name} ({value:g}%)"
        text = text.replace("random (", "random guessing (")
        out[text[0].upper() + text[1:]] = value
    return out


MMLU_REFERENCES = mmlu_reference_labels(MMLU_REFERENCE_LINES)
MMLU_TITLE = "MMLU 5-shot (%)"


def mmlu_vs_scale_chart(
    points: pl.DataFrame,
    curve: pl.DataFrame | None = None,
    *,
    x_variable: str = "params",
    colour_by: str = "organization",
    top_n: int = 8,
    references: dict[str, float] | None = None,
    height: int = 400,
    max_points: int = MAX_POINTS,
) -> alt.LayerChart:
    """MMLU 5-shot against parameters or training compute (log x), one point per model,
    coloured by organisation (the `top_n` most frequent, the rest `Other`) or by open weights;
    the fitted sigmoid and its 95 % band; labelled reference lines.

    `points` is `queries.load_capability_points()`; `curve` is `queries.load_capability_curve()`
    (x_value already in the axis unit). Models without a value on the chosen axis are counted
    in the subtitle.
    """
    column, x_title, _, fmt, source_column = SCALE_AXES[x_variable]
    have = points.filter(pl.col(column).is_not_null() & (pl.col(column) > 0))
    shown, capped = cap_points(have, max_points)
    if colour_by == "organization":  # the same leaders (and colours) on every axis
        leaders = top_groups(points["organization"], top_n)
        domain = [*leaders, OTHER]
        palette = [*_PALETTE[: len(leaders)], "#c7c2bd"]
        shown = shown.with_columns(
            pl.when(pl.col("organization").is_in(leaders))
            .then(pl.col("organization"))
            .otherwise(pl.lit(OTHER))
            .alias("colour_group")
        )
        legend_title = f"Organization (top {len(leaders)})"
    else:
        domain, palette = WEIGHTS_DOMAIN, WEIGHTS_RANGE
        shown = shown.with_columns(pl.col("weights_label").alias("colour_group"))
        legend_title = None
    shown = shown.with_columns(
        pl.Series("x_label", [fmt(v) for v in shown[column]], dtype=pl.String),
        pl.Series("params_label", [format_count(v) for v in shown["params_total"]], pl.String),
        pl.Series(
            "compute_label", [format_flop(v) for v in shown["training_compute_flop"]], pl.String
        ),
        pl.Series("axis_source", shown[source_column], dtype=pl.String),
        # Other on the bottom layer: the named groups stay readable.
        (pl.col("colour_group") == OTHER).cast(pl.Int8).alias("order"),
    )
    spread = [have[column]]
    if curve is not None and curve.height:
        spread.append(curve["x_value"])
    scale_x, axis_x = _decade_axis(
        pl.concat(spread), _COUNT_LABEL_EXPR if x_variable == "params" else _FLOP_LABEL_EXPR
    )
    x = alt.X(f"{column}:Q", title=x_title, scale=scale_x, axis=axis_x)
    # MMLU has four choices: nothing scores far below 25 %, so the axis starts at 20.
    y_scale = alt.Scale(domain=[20, 100], nice=False, clamp=True)
    y_axis = alt.Axis(values=[25, 50, 75, 100])
    y = alt.Y("mmlu:Q", title=MMLU_TITLE, scale=y_scale, axis=y_axis)
    layers, on_top = [], []
    if references:
        edge = alt.X(datum=scale_x.domain[-1] if scale_x.domain is not alt.Undefined else 1)
        layers, on_top = _reference_layers(references, y, edge)
    fit_note = ""
    if curve is not None and curve.height:
        curve_x = alt.X("x_value:Q", title=x_title, scale=scale_x, axis=axis_x)
        curve_rows = curve.with_columns(
            pl.Series("x_label", [fmt(v) for v in curve["x_value"]], dtype=pl.String)
        )
        fit_tooltip = [
            alt.Tooltip("x_label:N", title="At"),
            alt.Tooltip("score_pct:Q", title="Fitted MMLU (%)", format=".1f"),
            alt.Tooltip("score_pct_lower:Q", title="95 % band from", format=".1f"),
            alt.Tooltip("score_pct_upper:Q", title="to", format=".1f"),
        ]
        base = alt.Chart(curve_rows).encode(x=curve_x)
        layers.append(
            base.mark_area(color="#1c1917", opacity=0.12).encode(
                y=alt.Y("score_pct_lower:Q", title=MMLU_TITLE, scale=y_scale, axis=y_axis),
                y2="score_pct_upper:Q",
                tooltip=fit_tooltip,
            )
        )
        layers.append(
            base.mark_line(color="#1c1917", strokeWidth=2).encode(
                y=alt.Y("score_pct:Q", title=MMLU_TITLE, scale=y_scale, axis=y_axis),
                tooltip=fit_tooltip,
            )
        )
        fit_note = "Black line: fitted sigmoid (floor 25 %, ceiling 100 %) with its 95 % band."
    layers.append(
        alt.Chart(shown)
        .mark_circle(size=46, opacity=0.85, stroke="white", strokeWidth=0.5)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "colour_group:N",
                title=legend_title,
                scale=alt.Scale(domain=domain, range=palette),
                legend=alt.Legend(orient="bottom", direction="horizontal", columns=5),
            ),
            order=alt.Order("order:Q", sort="descending"),
            tooltip=[
                *_model_tooltip_head(),
                alt.Tooltip("mmlu:Q", title="MMLU 5-shot (%)", format=".1f"),
                alt.Tooltip("params_label:N", title="Parameters"),
                alt.Tooltip("compute_label:N", title="Training compute"),
                alt.Tooltip("weights_label:N", title="Weights"),
                alt.Tooltip("mmlu_source:N", title="MMLU source"),
                alt.Tooltip(
                    "axis_source:N",
                    title="Parameter source" if x_variable == "params" else "Compute source",
                ),
            ],
        )
    )
    missing = points.height - have.height
    what = "parameter count" if x_variable == "params" else "compute value"
    notes = [
        f"{shown.height:,} of {points.height:,} models with an MMLU score plotted"
        + (f"; {missing:,} have no {what}." if missing else "."),
        fit_note,
    ]
    if capped:
        notes.append(f"{capped:,} points hidden: a reproducible random {shown.height:,} are drawn.")
    noun = "parameters" if x_variable == "params" else "training compute"
    return alt.layer(*layers, *on_top).properties(
        height=height,
        autosize=_FIT_WIDTH,
        title=title(f"MMLU against {noun}", *notes),
    )


def score_vs_compute_chart(
    points: pl.DataFrame,
    *,
    benchmark_label: str = "MMLU 5-shot",
    chance: float | None = None,
    height: int = 360,
    max_points: int = MAX_POINTS,
) -> alt.LayerChart:
    """The emergence view: a benchmark's score against training compute (log x), one point per
    model, with the format's chance level as a labelled dashed line.

    `points` is `queries.load_emergence_points()` (name, organization, release_date,
    training_compute_flop, score, shots, source, compute_source)."""
    shown, capped = cap_points(points, max_points)
    shown = shown.with_columns(
        pl.Series(
            "compute_label", [format_flop(v) for v in shown["training_compute_flop"]], pl.String
        ),
        pl.col("release_date").dt.year().alias("year"),
    )
    scale, axis = _decade_axis(shown["training_compute_flop"], _FLOP_LABEL_EXPR)
    x = alt.X(
        "training_compute_flop:Q",
        title="Training compute (FLOP, log scale)",
        scale=scale,
        axis=axis,
    )
    y = alt.Y(
        "score:Q", title=f"{benchmark_label} (%)", scale=alt.Scale(domain=[0, 100], nice=False)
    )
    layers = []
    if chance is not None:
        rows = pl.DataFrame({"score": [float(chance)], "label": [f"chance ({chance:g}%)"]})
        base = alt.Chart(rows).encode(y=y)
        text = dict(align="right", baseline="bottom", dx=-4, dy=-3, fontSize=12, fontWeight="bold")
        edge = alt.X(datum=scale.domain[-1] if scale.domain is not alt.Undefined else 1)
        layers += [
            base.mark_rule(color="#b91c1c", strokeDash=[6, 4], strokeWidth=1.5),
            base.mark_text(
                **text, color="white", stroke="white", strokeWidth=4, strokeJoin="round"
            ).encode(x=edge, text="label:N"),
            base.mark_text(**text, color="#b91c1c").encode(x=edge, text="label:N"),
        ]
    layers.append(
        alt.Chart(shown)
        .mark_circle(size=46, opacity=0.85, stroke="white", strokeWidth=0.5)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "year:O",
                title="Release year",
                scale=alt.Scale(scheme="viridis"),
                legend=alt.Legend(orient="bottom", direction="horizontal"),
            ),
            tooltip=[
                *_model_tooltip_head(),
                alt.Tooltip("score:Q", title=f"{benchmark_label} (%)", format=".1f"),
                alt.Tooltip("shots:Q", title="Shots"),
                alt.Tooltip("compute_label:N", title="Training compute"),
                alt.Tooltip("source:N", title="Score source"),
                alt.Tooltip("compute_source:N", title="Compute source"),
            ],
        )
    )
    notes = [f"{shown.height:,} models with a score and a training compute value."]
    if capped:
        notes.append(f"{capped:,} points hidden: a reproducible random {shown.height:,} are drawn.")
    return alt.layer(*layers).properties(
        height=height,
        autosize=_FIT_WIDTH,
        title=title(f"{benchmark_label} against training compute", *notes),
    )


def size_classes_by_year_chart(
    frame: pl.DataFrame, *, share: bool = False, since: int = 2012, height: int = 320
) -> alt.LayerChart:
    """Models released per year, stacked by size class (total parameters), as counts or as
    each year's shares. `frame` is `size_classes` (year, size_class, models, class_order);
    years before `since` are summarised in the subtitle."""
    early = frame.filter(pl.col("year") < since)["models"].sum()
    rows = frame.filter(pl.col("year") >= since)
    totals = rows.group_by("year").agg(pl.col("models").sum().alias("year_models"))
    rows = rows.join(totals, on="year").with_columns(
        (pl.col("models") / pl.col("year_models")).alias("share")
    )
    classes = [c for c in SIZE_DOMAIN if c in set(rows["size_class"].to_list())] or SIZE_DOMAIN[:5]
    field = "share" if share else "models"
    y = alt.Y(
        f"{field}:Q",
        title="Share of the year's models" if share else "Models released",
        stack="normalize" if share else "zero",
        axis=alt.Axis(format="%" if share else "d"),
    )
    bars = (
        alt.Chart(rows)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title="Release year", axis=alt.Axis(labelAngle=0)),
            y=y,
            color=alt.Color(
                "size_class:N",
                title="Size",
                sort=classes,
                scale=alt.Scale(
                    domain=classes, range=[SIZE_RANGE[SIZE_DOMAIN.index(c)] for c in classes]
                ),
                legend=alt.Legend(orient="bottom", direction="horizontal", titleOrient="left"),
            ),
            order=alt.Order("class_order:Q"),
            tooltip=[
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("size_class:N", title="Size"),
                alt.Tooltip("models:Q", title="Models", format=","),
                alt.Tooltip("share:Q", title="Share of the year", format=".0%"),
                alt.Tooltip("year_models:Q", title="Models that year", format=","),
            ],
        )
    )
    notes = ["Tiny < 1B · Small 1–10B · Medium 10–70B · Large 70–200B · Massive ≥ 200B."]
    if early:
        notes.append(f"{early:,} models released before {since} are not shown.")
    return alt.layer(bars).properties(
        height=height,
        autosize=_FIT_WIDTH,
        title=title("Models per year by size class (total parameters)", *notes),
    )


# ----------------------------------------------------------------------------- cost


def _usd_axis(values: pl.Series):
    return _decade_axis(values, _USD_LABEL_EXPR)


def price_vs_score_chart(points: pl.DataFrame, *, height: int = 420) -> alt.LayerChart:
    """API price (3:1 blended, log y) against MMLU, one point per model, coloured by open
    weights, with the price-performance frontier: the cheapest model at or above each score
    (a step line through the models with `on_frontier`, labelled).

    `points` is `queries.load_price_points()` (name, organization, mmlu, price_input,
    price_output, price_blended, price_as_of_date, weights_label, price_source, mmlu_source,
    on_frontier)."""
    rows = points.with_columns(
        pl.Series("blended_label", [format_usd(v) for v in points["price_blended"]], pl.String),
        pl.Series("input_label", [format_usd(v) for v in points["price_input"]], pl.String),
        pl.Series("output_label", [format_usd(v) for v in points["price_output"]], pl.String),
    )
    frontier = (
        rows.filter(pl.col("on_frontier"))
        .sort("mmlu")
        .with_columns(
            # Alternate labels below-right and above-left: frontier models crowd together.
            (pl.int_range(pl.len()) % 2 == 0).alias("label_below")
        )
    )
    scale, axis = _usd_axis(rows["price_blended"])
    low = max(math.floor(min(rows["mmlu"].min() or 25.0, 90.0) / 10) * 10, 0)
    x = alt.X(
        "mmlu:Q",
        title="MMLU 5-shot (%)",
        scale=alt.Scale(domain=[low, 100], nice=False),
        axis=alt.Axis(values=list(range(int(low), 101, 10))),
    )
    # The step starts at the left edge: below the first frontier model's score, it is still the
    # cheapest model scoring at least that much.
    step_rows = frontier.select("mmlu", "price_blended")
    if step_rows.height:
        step_rows = pl.concat(
            [
                pl.DataFrame(
                    {"mmlu": [float(low)], "price_blended": [step_rows["price_blended"][0]]},
                    schema=step_rows.schema,
                ),
                step_rows,
            ]
        )
    y = alt.Y(
        "price_blended:Q",
        title="API price, USD per 1M tokens (3:1 input:output, log scale)",
        scale=scale,
        axis=axis,
    )
    tooltip = [
        alt.Tooltip("name:N", title="Model"),
        alt.Tooltip("organization:N", title="Organization"),
        alt.Tooltip("mmlu:Q", title="MMLU 5-shot (%)", format=".1f"),
        alt.Tooltip("blended_label:N", title="Blended price / 1M tokens"),
        alt.Tooltip("input_label:N", title="Input / 1M"),
        alt.Tooltip("output_label:N", title="Output / 1M"),
        alt.Tooltip("price_as_of_date:T", title="Price as of", format="%d %b %Y"),
        alt.Tooltip("weights_label:N", title="Weights"),
        alt.Tooltip("price_source:N", title="Price source"),
        alt.Tooltip("mmlu_source:N", title="MMLU source"),
    ]
    step = (
        alt.Chart(step_rows)
        .mark_line(interpolate="step-before", color="#1c1917", strokeWidth=2)
        .encode(x=x, y=y)
    )
    dots = (
        alt.Chart(rows)
        .mark_circle(size=70, opacity=0.85, stroke="white", strokeWidth=0.5)
        .encode(
            x=x,
            y=y,
            color=_weights_color(),
            tooltip=tooltip,
        )
    )
    ring = (
        alt.Chart(frontier)
        .mark_point(size=150, color="#1c1917", strokeWidth=1.5)
        .encode(x=x, y=y, tooltip=tooltip)
    )
    label = alt.Chart(frontier).encode(x=x, y=y, text="name:N")
    above = haloed_text(
        label.transform_filter(~alt.datum.label_below),
        align="right",
        baseline="bottom",
        dx=-8,
        dy=-6,
        fontSize=11,
        fontWeight="bold",
    )
    below = haloed_text(
        label.transform_filter(alt.datum.label_below),
        align="left",
        baseline="top",
        dx=8,
        dy=6,
        fontSize=11,
        fontWeight="bold",
    )
    return alt.layer(step, dots, ring, *above, *below).properties(
        height=height,
        autosize=_FIT_WIDTH,
        title=title(
            "API price against MMLU, with the price-performance frontier",
            f"{rows.height:,} models with an MMLU score and both list prices. The black step is "
            "the cheapest model at or above each score (circled).",
        ),
    )


def price_vs_date_chart(
    records: pl.DataFrame,
    *,
    trend: pl.DataFrame | None = None,
    until: dt.date | None = None,
    threshold: float | None = None,
    height: int = 380,
) -> alt.LayerChart:
    """The cheapest model at or above an MMLU threshold over time: a step line on a log price
    axis (the record stands until the next one), labelled points, and the fitted trend with its
    95 % band when given.

    `records` is `queries.load_cost_frontier()` (name, organization, release_date,
    price_usd_per_1m_blended, score, price_as_of_date, price_source, mmlu_source)."""
    points = records.sort("release_date").with_columns(
        pl.Series(
            "price_label",
            [format_usd(v) for v in records.sort("release_date")["price_usd_per_1m_blended"]],
            pl.String,
        ),
        (pl.int_range(pl.len()) % 2 == 0).alias("label_above"),
    )
    line = points.select("release_date", "price_usd_per_1m_blended")
    if until is not None and points.height and points["release_date"].max() < until:
        line = pl.concat(
            [
                line,
                pl.DataFrame(
                    {
                        "release_date": [until],
                        "price_usd_per_1m_blended": [line["price_usd_per_1m_blended"][-1]],
                    },
                    schema=line.schema,
                ),
            ]
        )
    spread = [points["price_usd_per_1m_blended"]]
    if trend is not None and trend.height:
        spread.append(trend["value"])
    scale, axis = _usd_axis(pl.concat(spread))
    x = alt.X(
        "release_date:T",
        title="Release date",
        axis=alt.Axis(format="%Y", tickCount="year", grid=False),
    )
    y_title = "Cheapest API price, USD per 1M tokens (3:1 blended, log scale)"
    y = alt.Y("price_usd_per_1m_blended:Q", title=y_title, scale=scale, axis=axis)
    steps = (
        alt.Chart(line)
        .mark_line(interpolate="step-after", strokeWidth=2.5, color="#0f766e")
        .encode(x=x, y=y)
    )
    base = alt.Chart(points).encode(x=x, y=y)
    dots = base.mark_point(filled=True, size=90, opacity=1, color="#0f766e").encode(
        tooltip=[
            *_model_tooltip_head(),
            alt.Tooltip("price_label:N", title="Blended price / 1M tokens"),
            alt.Tooltip("price_as_of_date:T", title="Price as of", format="%d %b %Y"),
            alt.Tooltip("score:Q", title="MMLU 5-shot (%)", format=".1f"),
            alt.Tooltip("price_source:N", title="Price source"),
            alt.Tooltip("mmlu_source:N", title="MMLU source"),
        ]
    )
    above, below = _name_labels(base)
    under = []
    if trend is not None and trend.height:
        under = _trend_layers(trend, x, y_title, scale, axis, format_usd)
    heading = "Cheapest model over time"
    if threshold is not None:
        heading = f"Cheapest model scoring ≥ {threshold:g}% on MMLU, over time"
    return alt.layer(*under, steps, dots, above, below).properties(
        height=height,
        autosize=_FIT_WIDTH,
        title=title(
            heading,
            "Each point became the cheapest at its release (at its latest cited list price); "
            "the price holds until the next record.",
        ),
    )


def training_cost_vs_date_chart(
    points: pl.DataFrame,
    *,
    trend: pl.DataFrame | None = None,
    since: dt.date | None = None,
    height: int = 360,
    max_points: int = MAX_POINTS,
) -> alt.LayerChart:
    """Estimated training cost (USD, log y) against release date, coloured by open weights,
    with the fitted growth trend and its 95 % band when given.

    `points` is `queries.load_training_costs()` (name, organization, release_date,
    training_cost_usd, training_compute_flop, weights_label, source, source_dataset)."""
    recent, earlier = _since(points, since)
    shown, capped = cap_points(recent, max_points)
    shown = shown.with_columns(
        pl.Series("cost_label", [format_usd(v) for v in shown["training_cost_usd"]], pl.String),
        pl.Series(
            "compute_label", [format_flop(v) for v in shown["training_compute_flop"]], pl.String
        ),
        pl.Series("source_label", [source_label(v) for v in shown["source_dataset"]], pl.String),
    )
    spread = [shown["training_cost_usd"]]
    if trend is not None and trend.height:
        spread.append(trend["value"])
    scale, axis = _usd_axis(pl.concat(spread))
    y_title = "Training cost (USD, log scale)"
    y = alt.Y("training_cost_usd:Q", title=y_title, scale=scale, axis=axis)
    layers = []
    if trend is not None and trend.height:
        layers += _trend_layers(trend, _DATE_X, y_title, scale, axis, format_usd)
    layers.append(
        alt.Chart(shown)
        .mark_circle(size=50, opacity=0.85, stroke="white", strokeWidth=0.5)
        .encode(
            x=_DATE_X,
            y=y,
            color=_weights_color(),
            tooltip=[
                *_model_tooltip_head(),
                alt.Tooltip("cost_label:N", title="Training cost"),
                alt.Tooltip("compute_label:N", title="Training compute"),
                alt.Tooltip("source_label:N", title="Taken from"),
                alt.Tooltip("source:N", title="Source"),
            ],
        )
    )
    notes = [f"{shown.height:,} models with a cited training cost estimate."]
    if earlier:
        notes.append(f"{earlier:,} released before {since:%Y} are not shown.")
    if capped:
        notes.append(f"{capped:,} points hidden: a reproducible random {shown.height:,} are drawn.")
    if trend is not None and trend.height:
        notes.append("Dashed line: exponential trend since 2018 with its 95 % band.")
    return alt.layer(*layers).properties(
        height=height, autosize=_FIT_WIDTH, title=title("Training cost over time", *notes)
    )
