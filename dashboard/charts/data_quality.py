"""Charts of the Data quality page: coverage by year and unmatched names by source."""

from __future__ import annotations

import altair as alt
import polars as pl

from dashboard.charts.base import _FIT_WIDTH, title, two_line_labels
from dashboard.formats import (
    field_label,
    field_shares,
    fields_by_year,
    unmatched_by_most,
)

COVERAGE_SINCE = 2012  # the heatmap's first year; earlier ones are counted in its subtitle


def coverage_by_year_chart(
    coverage: pl.DataFrame, *, since: int = COVERAGE_SINCE, height: int | None = None
) -> alt.Chart:
    """Share of models with each field, per release year: a heatmap (field x year).

    `coverage` is the `coverage` table; the all-years rows (year null) and the trivially full
    `models` row are left out; years before `since` are summarised in the subtitle.
    """
    rows = fields_by_year(coverage)
    early = rows.filter(pl.col("year") < since)
    early_models = (
        early.group_by("year").agg(pl.col("models").max())["models"].sum() if early.height else 0
    )
    rows = rows.filter(pl.col("year") >= since)
    rows = rows.with_columns(
        pl.Series("field_label", [field_label(f) for f in rows["field"]], dtype=pl.String)
    )
    order = [field_label(f) for f in field_shares(rows)["field"]]
    notes = ["Share of each year's language models that have a value."]
    if early_models:
        notes.append(f"Years before {since} ({early_models:,} models) are not shown.")
    base = alt.Chart(rows).encode(
        x=alt.X("year:O", title="Release year", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("field_label:N", title=None, sort=order, axis=alt.Axis(**two_line_labels(220))),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color(
            "share:Q",
            title="Share with a value",
            scale=alt.Scale(domain=[0, 1], scheme="blues"),
            # within the plot, room left for the end label: 220 px ran past a phone's right edge
            legend=alt.Legend(
                format="%", orient="top", gradientLength=alt.expr("min(220, width - 30)")
            ),
        ),
        tooltip=[
            alt.Tooltip("field_label:N", title="Field"),
            alt.Tooltip("year:O", title="Year"),
            alt.Tooltip("with_value:Q", title="Models with a value", format=","),
            alt.Tooltip("models:Q", title="Models released", format=","),
            alt.Tooltip("share:Q", title="Share", format=".0%"),
        ],
    )
    # The share in each cell where a cell is wide enough for "100%"; on a phone's narrow cells
    # the numbers overprinted each other, and the colour (and the tooltip) carry the value.
    text = base.mark_text(fontSize=10, opacity=alt.expr("bandwidth('x') >= 26 ? 1 : 0")).encode(
        text=alt.Text("share:Q", format=".0%"),
        color=alt.condition(alt.datum.share > 0.55, alt.value("white"), alt.value("#1c1917")),
    )
    return alt.layer(cells, text).properties(
        height=height or 30 * max(len(order), 1),
        title=title("Coverage by release year", *notes),
        autosize=_FIT_WIDTH,
    )


# A bar per source, each this tall: at a fixed 160 px the ~50 sources' bars were 3 px each and
# their counts overprinted each other; 28 px holds a source's name on two lines, where one
# line cut "Epoch AI Hub: ARC-AGI-1 semi-private set" short in the page's narrow column.
BAR_STEP_PX = 28


def unmatched_by_source_chart(counts: pl.DataFrame) -> alt.Chart:
    """Names each secondary source uses that could not be matched to a model: a bar per source,
    `BAR_STEP_PX` each. `counts` is `queries.load_unmatched_counts()` (source, names)."""
    # The most first, as a list: `sort="-x"` was an aggregate sort in one layer and not the
    # other, which Vega-Lite warned of and replaced with its own.
    rows = unmatched_by_most(counts)
    order = rows["source_label"]
    base = alt.Chart(rows).encode(
        y=alt.Y(
            "source_label:N",
            title=None,
            sort=order.to_list(),
            axis=alt.Axis(**two_line_labels(240)),
        ),
        x=alt.X("names:Q", title="Unmatched names"),
    )
    bars = base.mark_bar(color="#0284c7", size=BAR_STEP_PX - 10).encode(
        tooltip=[
            alt.Tooltip("source_label:N", title="Source"),
            alt.Tooltip("names:Q", title="Unmatched names", format=","),
        ]
    )
    labels = base.mark_text(align="left", dx=4, fontSize=12).encode(text="names:Q")
    return alt.layer(bars, labels).properties(
        # a height in pixels, not `alt.Step`: Vega-Lite warned that it dropped fitting a height
        # of steps (the theme's autosize) on every draw
        height=BAR_STEP_PX * max(rows.height, 1),
        title=title("Unmatched names by source"),
        autosize=_FIT_WIDTH,
    )
