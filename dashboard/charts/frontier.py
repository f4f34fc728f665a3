"""Charts of the Frontier page (also on the Overview): the smallest model to reach a score."""

from __future__ import annotations

import datetime as dt

import altair as alt
import polars as pl

from dashboard.charts.base import (
    _COUNT_LABEL_EXPR,
    _FIT_WIDTH,
    Forecast,
    _forecast_layers,
    _log_ticks,
    _model_tooltip_head,
    _name_labels,
    _threshold_color,
    _trend_layers,
    record_holder_layers,
)
from dashboard.formats import (
    format_count,
)

BASIS_TITLES = {
    "total": "Total parameters",
    "active": "Active parameters per token",
}


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
        encodings["color"] = _threshold_color(benchmark_label)

    steps, dots, base = record_holder_layers(
        points.select("threshold", "threshold_label", "release_date", "params"),
        points,
        until=until,
        by=["threshold", "threshold_label"],
        value="params",
        best="min",
        encodings=encodings,
        dot_size=90,
        dot_opacity=1,
        tooltip=[
            *_model_tooltip_head(),
            alt.Tooltip("params_label:N", title=BASIS_TITLES.get(basis, "Parameters")),
            alt.Tooltip("score:Q", title=f"{benchmark_label} (%)", format=".1f"),
            alt.Tooltip("threshold_label:N", title="Threshold"),
            alt.Tooltip("source:N", title="Score source"),
            alt.Tooltip("params_source:N", title="Parameter source"),
        ],
    )
    names = _name_labels(base)

    under, over = [], []
    if trend is not None and trend.height:
        under = _trend_layers(trend, x, y_title, y_scale, y_axis, format_count)
    if forecast is not None:
        over = _forecast_layers(forecast, x, y_title, y_scale, y_axis)
    chart = alt.layer(*under, steps, dots, *names, *over).properties(height=height)
    return chart if title is None else chart.properties(title=title, autosize=_FIT_WIDTH)
