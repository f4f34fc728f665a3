"""Charts of the Cost page: price against score and over time, training cost over time."""

from __future__ import annotations

import datetime as dt
import math

import altair as alt
import polars as pl

from dashboard.charts.base import (
    _DATE_X,
    _FIT_WIDTH,
    MAX_POINTS,
    SHOWN_FROM_MIN_WIDTH,
    _decade_axis,
    _model_tooltip_head,
    _name_labels,
    _since,
    _trend_layers,
    _weights_color,
    beside,
    cap_points,
    haloed_text,
    title,
    with_label_min_widths,
)
from dashboard.charts.compute_optimal import _USD_LABEL_EXPR
from dashboard.formats import (
    format_flop,
    format_usd,
    source_label,
)
from pipelines.lib.trends.defaults import (
    GROWTH_SINCE,
)


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
            (pl.int_range(pl.len()) % 2 == 1).alias("label_above")
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
    # Frontier models crowd together: on a narrow chart a label that would overprint one of a
    # more capable model's is left out (its point, step and tooltip stay).
    domain = scale.to_dict().get("domain")
    frontier = with_label_min_widths(
        frontier,
        x="mmlu",
        x_domain=(low, 100),
        y="price_blended",
        y_domain=tuple(domain) if isinstance(domain, list) else (0.01, 100.0),
        height=height,
        above="label_above",
        sides=("left", "right"),
        priority="mmlu",
        gap=8,
        dy=6,
        font_px=11,
        bold=True,
    )
    label = alt.Chart(frontier).encode(x=x, y=y, text="name:N")
    above = haloed_text(
        label.transform_filter(alt.datum.label_above),
        **beside("mmlu", "name", gap=8, side="left", font_px=11, bold=True),
        opacity=SHOWN_FROM_MIN_WIDTH,
        baseline="bottom",
        dy=-6,
        fontSize=11,
        fontWeight="bold",
    )
    below = haloed_text(
        label.transform_filter(~alt.datum.label_above),
        **beside("mmlu", "name", gap=8, font_px=11, bold=True),
        opacity=SHOWN_FROM_MIN_WIDTH,
        baseline="top",
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
    dates = [points["release_date"], line["release_date"]]
    if trend is not None and trend.height:
        dates.append(trend["release_date"])
    domain = scale.to_dict().get("domain")
    thinned = points.height > 0 and isinstance(domain, list)
    if thinned:  # crowded records: see `label_min_widths`
        every = pl.concat([d.cast(pl.Date) for d in dates])
        labelled = with_label_min_widths(
            points,
            x="release_date",
            x_domain=(every.min(), every.max()),
            y="price_usd_per_1m_blended",
            y_domain=tuple(domain),
            height=height,
            above="label_above",
            priority="release_date",
            gap=6,
            dy=6,
        )
        base = alt.Chart(labelled).encode(x=x, y=y)
    names = _name_labels(base, thinned=thinned)
    under = []
    if trend is not None and trend.height:
        under = _trend_layers(trend, x, y_title, scale, axis, format_usd)
    heading = "Cheapest model over time"
    if threshold is not None:
        heading = f"Cheapest model scoring ≥ {threshold:g}% on MMLU, over time"
    return alt.layer(*under, steps, dots, *names).properties(
        height=height,
        autosize=_FIT_WIDTH,
        title=title(
            heading,
            "Each point became the cheapest at its release, at the price in force then (the "
            "price date is in the tooltip); the price holds until the next record.",
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
        notes.append(f"Dashed line: exponential trend since {GROWTH_SINCE} with its 95 % band.")
    return alt.layer(*layers).properties(
        height=height, autosize=_FIT_WIDTH, title=title("Training cost over time", *notes)
    )
