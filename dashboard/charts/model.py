"""Charts of the Model page: every claim about a value against the value used."""

from __future__ import annotations

import altair as alt
import polars as pl

from dashboard.charts.base import _FIT_WIDTH, axis_label_limit, bottom_legend, title

STATUS_DOMAIN = ["✓ used", "≈ agrees", "⚠ disagrees", "◷ other date"]


# Tick ratios for a claims axis spanning up to `limit`× either side of the value used.
_RATIO_TICKS = [
    (1.3, (1.05, 1.1, 1.2)),
    (2.2, (1.1, 1.25, 1.5, 2.0)),
    (6.0, (1.5, 2.0, 3.0, 5.0)),
    (25.0, (2.0, 5.0, 10.0, 20.0)),
    (1e3, (10.0, 100.0, 1000.0)),
]


STATUS_RANGE = ["#15803d", "#64748b", "#ea580c", "#7c3aed"]


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
        # two lines: in one, the title ran past both edges of a phone's narrow plot
        title=["Claimed value ÷ value used (log scale)", "×1 = the value in the warehouse"],
        scale=alt.Scale(type="log", domain=[1 / span, span]),
        axis=alt.Axis(
            values=[t for t in ticks if 1 / span <= t <= span],
            labelExpr="datum.value < 1 ? '÷' + format(1 / datum.value, '.2~g')"
            " : '×' + format(datum.value, '.2~g')",
        ),
    )
    # one legend for colour and shape (the same field): each status with its mark, the
    # conflicts' triangles included; a hidden shape legend conflicted with it in Vega-Lite
    legend = bottom_legend(None, label_limit=100, orient="top")
    dots = (
        alt.Chart(points)
        .mark_point(filled=True, size=90, opacity=0.85)
        .encode(
            x=x,
            y=alt.Y(
                "field_label:N",
                title=None,
                sort=order,
                axis=alt.Axis(labelLimit=axis_label_limit(220)),
            ),
            yOffset=alt.YOffset("status_label:N", sort=STATUS_DOMAIN),
            color=alt.Color(
                "status_label:N",
                title=None,
                scale=alt.Scale(domain=STATUS_DOMAIN, range=STATUS_RANGE),
                legend=legend,
            ),
            shape=alt.Shape(
                "status_label:N",
                scale=alt.Scale(
                    domain=STATUS_DOMAIN, range=["circle", "circle", "triangle", "square"]
                ),
                legend=legend,
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
