"""Charts of the Scaling page: capability against scale and compute, size classes by year."""

from __future__ import annotations

import altair as alt
import polars as pl

from dashboard.charts.base import (
    _COUNT_LABEL_EXPR,
    _FIT_WIDTH,
    _FLOP_LABEL_EXPR,
    MAX_POINTS,
    SIZE_DOMAIN,
    SIZE_RANGE,
    WEIGHTS_DOMAIN,
    WEIGHTS_RANGE,
    _decade_axis,
    _model_tooltip_head,
    bottom_legend,
    cap_points,
    haloed_text,
    title,
)
from dashboard.formats import (
    format_count,
    format_flop,
)
from pipelines.lib.trends.capability import MMLU_REFERENCE_LINES
from pipelines.lib.trends.defaults import (
    size_classes_note,
)

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
    """`capability.MMLU_REFERENCE_LINES` as chart labels: `random guessing (25%)`, ..."""
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
                legend=bottom_legend(legend_title, columns=5, label_limit=120),
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


UNDATED = "Undated"


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
        # A model without a release date is "Undated" in the legend (it said "null").
        pl.col("release_date").dt.year().cast(pl.String).fill_null(UNDATED).alias("year"),
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
                legend=bottom_legend("Release year", label_limit=56),
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
                legend=bottom_legend("Size"),
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
    notes = [size_classes_note()]
    if early:
        notes.append(f"{early:,} models released before {since} are not shown.")
    return alt.layer(bars).properties(
        height=height,
        autosize=_FIT_WIDTH,
        title=title("Models per year by size class (total parameters)", *notes),
    )
