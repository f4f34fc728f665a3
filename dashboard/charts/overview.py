"""Charts of the Overview page: training compute and tokens per parameter over time."""

from __future__ import annotations

import datetime as dt

import altair as alt
import polars as pl

from dashboard.charts.base import (
    _DATE_X,
    _FIT_WIDTH,
    _FLOP_LABEL_EXPR,
    _RATIO_LABEL_EXPR,
    FIT_COLOURS,
    MAX_POINTS,
    SIZE_DOMAIN,
    SIZE_RANGE,
    TOKENS_PER_PARAM_TITLE,
    _decade_axis,
    _hidden_notes,
    _model_tooltip_head,
    _since,
    _weights_color,
    bottom_legend,
    cap_points,
    title,
)
from dashboard.formats import (
    FIT_SHORT_LABELS,
    format_count,
    format_flop,
    source_label,
)
from pipelines.lib.trends.defaults import (
    CHINCHILLA_TOKENS_PER_PARAM,
)


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
                legend=bottom_legend("Size", columns=3),
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
                    legend=bottom_legend(
                        "Fitted optimum", columns=2, label_limit=130, orient="top"
                    ),
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
