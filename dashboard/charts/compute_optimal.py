"""Charts of the Compute-optimal page: parameters against the compute budget."""

from __future__ import annotations

import altair as alt
import polars as pl

from dashboard.charts.base import (
    _COUNT_LABEL_EXPR,
    _FIT_WIDTH,
    _FLOP_LABEL_EXPR,
    FIT_COLOURS,
    MAX_POINTS,
    _decade_axis,
    beside,
    cap_points,
    title,
)
from dashboard.formats import (
    FIT_SHORT_LABELS,
    format_count,
    format_flop,
)

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
                **beside("budget_flop", "label", gap=4, bold=True),
                baseline="bottom",
                fontSize=12,
                fontWeight="bold",
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
