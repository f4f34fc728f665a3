"""Charts of the benchmark view tables: cheapest price over time for a benchmark
level, ECI over time open vs closed, ECI and GPQA Diamond against training compute with their
fitted curves and bands, maker vs independent scores.
Pure builders: a frame in, an Altair chart out. (The open-weights frontier of GPQA Diamond,
MMLU-Pro and SWE-bench Verified reuses `frontier.params_vs_date_chart`.)"""

from __future__ import annotations

import datetime as dt

import altair as alt
import polars as pl

from dashboard.charts.base import (
    _FIT_WIDTH,
    WEIGHTS_DOMAIN,
    _model_tooltip_head,
    _threshold_color,
    _weights_color,
    bottom_legend,
    record_holder_layers,
    two_line_labels,
)
from dashboard.charts.payload import slimmed

WEIGHTS_LABELS = dict(zip(("open", "closed", "unstated"), WEIGHTS_DOMAIN, strict=True))
_WEIGHTS_LABEL = (
    pl.col("weights").replace_strict(WEIGHTS_LABELS, default="Not stated").alias("weights_label")
)
_DATE_AXIS = alt.Axis(format="%Y", tickCount="year", grid=False)


def _finish(chart, title, height: int):
    chart = chart.properties(height=height)
    return chart if title is None else chart.properties(title=title, autosize=_FIT_WIDTH)


def benchmark_price_vs_date_chart(
    frame: pl.DataFrame,
    *,
    benchmark_label: str,
    until: dt.date | None = None,
    title: alt.TitleParams | str | None = None,
    height: int = 420,
) -> alt.LayerChart:
    """`benchmark_cost_frontier` rows (one benchmark and measurer, any thresholds): a step line
    per threshold of the cheapest blended price reaching it, log price axis; points carry the
    model, score, price, the price's as-of date and citation."""
    points = frame.sort("threshold", "release_date").with_columns(
        pl.format("≥ {}%", pl.col("threshold").cast(pl.Int64)).alias("threshold_label")
    )
    x = alt.X("release_date:T", title="Release date", axis=_DATE_AXIS)
    y = alt.Y(
        "price_usd_per_1m_blended:Q",
        title="Blended price at release, USD per 1M tokens (log scale)",
        scale=alt.Scale(type="log"),
    )
    colour = _threshold_color(benchmark_label)
    steps, dots, _ = record_holder_layers(
        points.select("threshold", "threshold_label", "release_date", "price_usd_per_1m_blended"),
        points,
        until=until,
        by=["threshold", "threshold_label"],
        value="price_usd_per_1m_blended",
        best="min",
        encodings={"x": x, "y": y, "color": colour},
        dot_size=80,
        dot_opacity=1,
        tooltip=[
            *_model_tooltip_head(),
            alt.Tooltip("score:Q", title=f"{benchmark_label} (%)", format=".1f"),
            alt.Tooltip("threshold_label:N", title="Threshold"),
            alt.Tooltip("price_usd_per_1m_blended:Q", title="USD / 1M (3:1)", format=",.3g"),
            alt.Tooltip("price_as_of_date:T", title="Price as of", format="%d %b %Y"),
            alt.Tooltip("price_citation:N", title="Price source"),
            alt.Tooltip("source:N", title="Score source"),
        ],
    )
    return _finish(alt.layer(steps, dots), title, height)


def eci_vs_date_chart(
    eci: pl.DataFrame,
    records: pl.DataFrame,
    *,
    until: dt.date | None = None,
    title: alt.TitleParams | str | None = None,
    height: int = 460,
) -> alt.LayerChart:
    """Every release's ECI with Epoch's interval (a vertical rule) coloured by weights, and the
    best-so-far step line of open and of closed releases (`eci_frontier`)."""
    points = eci.with_columns(_WEIGHTS_LABEL)
    x = alt.X("release_date:T", title="Release date", axis=_DATE_AXIS)
    y = alt.Y("eci:Q", title="Epoch Capabilities Index (ECI)", scale=alt.Scale(zero=False))
    colour = _weights_color()
    bars = (
        alt.Chart(points.drop_nulls(["eci_ci_low", "eci_ci_high"]))
        .mark_rule(opacity=0.35)
        .encode(x=x, y="eci_ci_low:Q", y2="eci_ci_high:Q", color=colour)
    )
    steps, dots, _ = record_holder_layers(
        records.select("weights", "release_date", "eci").with_columns(_WEIGHTS_LABEL),
        points,
        until=until,
        by=["weights", "weights_label"],
        value="eci",
        best="max",
        encodings={"x": x, "y": y, "color": colour},
        dot_size=45,
        dot_opacity=0.85,
        tooltip=[
            *_model_tooltip_head(),
            alt.Tooltip("eci:Q", title="ECI", format=".1f"),
            alt.Tooltip("eci_ci_low:Q", title="Interval low", format=".1f"),
            alt.Tooltip("eci_ci_high:Q", title="Interval high", format=".1f"),
            alt.Tooltip("weights_label:N", title="Weights"),
        ],
    )
    return _finish(alt.layer(bars, steps, dots), title, height)


_COMPUTE_X = alt.X(
    "training_compute_flop:Q",
    title="Training compute, FLOP (log scale)",
    scale=alt.Scale(type="log"),
    # ticks at whole decades only (a tick at 3e26 would read "1e26" again)
    axis=alt.Axis(
        values=[10.0**k for k in range(15, 31)], labelExpr="'1e' + round(log(datum.value) / LN10)"
    ),
)


def _fit_layers(curve: pl.DataFrame | None, y_title: str) -> list[alt.Chart]:
    """A fitted curve (`benchmark_compute_curves` with `training_compute_flop`) as a dashed
    black line over its grey 95 % band; nothing without a curve."""
    if curve is None or curve.is_empty():
        return []
    base = alt.Chart(curve.select("training_compute_flop", "value", "value_lower", "value_upper"))
    band = base.mark_area(opacity=0.18, color="#57534e").encode(
        x=_COMPUTE_X, y=alt.Y("value_lower:Q", title=y_title), y2="value_upper:Q"
    )
    line = base.mark_line(color="#1c1917", strokeDash=[6, 3], strokeWidth=2).encode(
        x=_COMPUTE_X,
        y=alt.Y("value:Q", title=y_title),
        tooltip=[
            alt.Tooltip("training_compute_flop:Q", title="Training FLOP", format=".2e"),
            alt.Tooltip("value:Q", title="Fitted", format=".1f"),
            alt.Tooltip("value_lower:Q", title="95 % band, low", format=".1f"),
            alt.Tooltip("value_upper:Q", title="95 % band, high", format=".1f"),
        ],
    )
    return [band, line]


def eci_vs_compute_chart(
    frame: pl.DataFrame,
    curve: pl.DataFrame | None = None,
    *,
    title: alt.TitleParams | str | None = None,
    height: int = 420,
) -> alt.LayerChart:
    """ECI against training compute (log FLOP), with Epoch's interval, coloured by weights, and
    the fitted line with its 95 % band (`benchmark_compute_curves`) when given."""
    points = frame.with_columns(_WEIGHTS_LABEL)
    y_title = "Epoch Capabilities Index (ECI)"
    y = alt.Y("eci:Q", title=y_title, scale=alt.Scale(zero=False))
    colour = _weights_color()
    bars = (
        alt.Chart(points.drop_nulls(["eci_ci_low", "eci_ci_high"]))
        .mark_rule(opacity=0.35)
        .encode(x=_COMPUTE_X, y="eci_ci_low:Q", y2="eci_ci_high:Q", color=colour)
    )
    dots = (
        alt.Chart(points)
        .mark_point(filled=True, size=55, opacity=0.9)
        .encode(
            x=_COMPUTE_X,
            y=y,
            color=colour,
            tooltip=[
                *_model_tooltip_head(),
                alt.Tooltip("eci:Q", title="ECI", format=".1f"),
                alt.Tooltip("training_compute_flop:Q", title="Training FLOP", format=".2e"),
            ],
        )
    )
    return _finish(alt.layer(*_fit_layers(curve, y_title), bars, dots), title, height)


def gpqa_vs_compute_chart(
    frame: pl.DataFrame,
    curve: pl.DataFrame | None = None,
    *,
    chance: float | None = None,
    title: alt.TitleParams | str | None = None,
    height: int = 420,
) -> alt.LayerChart:
    """GPQA Diamond (Epoch AI's runs, each release's best effort variant) against training
    compute, coloured by weights, with the chance level (dashed red) and the fitted sigmoid with
    its 95 % band when given."""
    points = frame.with_columns(_WEIGHTS_LABEL)
    y_title = "GPQA Diamond, 0-shot (%)"
    y = alt.Y("score:Q", title=y_title, scale=alt.Scale(domain=[0, 100]))
    layers = _fit_layers(curve, y_title)
    if chance is not None:
        layers.append(
            alt.Chart(pl.DataFrame({"score": [chance]}))
            .mark_rule(color="#dc2626", strokeDash=[4, 4])
            .encode(y="score:Q")
        )
    dots = (
        alt.Chart(points)
        .mark_point(filled=True, size=55, opacity=0.9)
        .encode(
            x=_COMPUTE_X,
            y=y,
            color=_weights_color(),
            tooltip=[
                *_model_tooltip_head(),
                alt.Tooltip("score:Q", title="GPQA Diamond (%)", format=".1f"),
                alt.Tooltip("training_compute_flop:Q", title="Training FLOP", format=".2e"),
                alt.Tooltip("source:N", title="Score source"),
            ],
        )
    )
    return _finish(alt.layer(*layers, dots), title, height)


# A benchmark's row of the maker-vs-independent chart, and the lanes its dots are spread over
# (each dot one release and party): a row per release and benchmark was 166 rows in 1,400 px,
# so every other label was hidden and, on a phone, the rest were cut ("Claude Sonnet 4 · swe_ben…").
MAKER_ROW_PX = 36
MAKER_LANES = 5
# The lanes in the order a benchmark's dots take them: the middle first, so a benchmark with one
# pair has its dot on its mean's tick, then alternately above and below.
_CENTRE_OUT = (2, 1, 3, 0, 4)


def maker_vs_independent_chart(
    frame: pl.DataFrame, *, title: alt.TitleParams | str | None = None, height: int | None = None
) -> alt.LayerChart:
    """Maker's score minus the independent one (points): a row per benchmark (named by its
    `benchmark_label`, the largest mean difference first; the label counts the pairs), a dot
    per release and independent party, coloured by the party (`measured_by_label`, its
    readable name) and spread over `MAKER_LANES` lanes in order of difference (the middle one
    first), so that close values stay apart; a tick at each benchmark's mean and a rule at
    zero. The release is in each dot's tooltip."""
    stats = (
        frame.group_by("benchmark")
        .agg(
            pl.len().alias("pairs"),
            pl.col("difference_pts").mean().alias("mean_pts"),
            pl.col("benchmark_label").first(),
        )
        .with_columns(
            pl.format("{} ({})", pl.col("benchmark_label"), pl.col("pairs")).alias("benchmark_row")
        )
        .sort(["mean_pts", "benchmark"], descending=[True, False])
    )
    points = (
        frame.join(stats.select("benchmark", "benchmark_row"), on="benchmark")
        .sort(["benchmark", "difference_pts", "model_id"])
        .with_columns(
            (pl.int_range(pl.len()).over("benchmark") % MAKER_LANES)
            .replace_strict(dict(enumerate(_CENTRE_OUT)))
            .alias("lane")
        )
    )
    # the order as a list: an aggregate sort in one layer and not the others made Vega-Lite warn
    y = alt.Y(
        "benchmark_row:N",
        title=None,
        sort=stats["benchmark_row"].to_list(),
        axis=alt.Axis(grid=True, **two_line_labels(260)),  # a row holds two lines
    )
    # two lines: in one, the title ran past a phone's narrow plot; a tick per 80 px (Vega-Lite's
    # default, one per 40 px, labelled one release's +3.5 points in 41 steps of 0.1)
    x = alt.X(
        "difference_pts:Q",
        title=["Maker's score − independent score", "(points)"],
        axis=alt.Axis(tickCount=alt.expr("ceil(width / 80)")),
    )
    zero = (
        alt.Chart(pl.DataFrame({"difference_pts": [0.0]}))
        .mark_rule(color="#57534e")
        .encode(x="difference_pts:Q")
    )
    means = (
        alt.Chart(stats.rename({"mean_pts": "difference_pts"}))
        .mark_tick(color="#1c1917", thickness=2, size=MAKER_ROW_PX - 8)
        .encode(
            x=x,
            y=y,
            tooltip=[
                alt.Tooltip("benchmark_row:N", title="Benchmark (pairs)"),
                alt.Tooltip("difference_pts:Q", title="Mean difference (points)", format="+.1f"),
            ],
        )
    )
    dots = (
        alt.Chart(points)
        .mark_point(filled=True, size=60, opacity=0.85)
        .encode(
            x=x,
            y=y,
            yOffset=alt.YOffset("lane:O", scale=alt.Scale(paddingOuter=0.5)),
            color=alt.Color(
                "measured_by_label:N",
                title="Independent party",
                legend=bottom_legend("Independent party", label_limit=160),
            ),
            tooltip=[
                alt.Tooltip("name:N", title="Model"),
                alt.Tooltip("benchmark:N", title="Benchmark"),
                alt.Tooltip("maker_score:Q", title="Maker (%)", format=".1f"),
                alt.Tooltip("independent_score:Q", title="Independent (%)", format=".1f"),
                alt.Tooltip("difference_pts:Q", title="Difference (points)", format="+.1f"),
                alt.Tooltip("measured_by_label:N", title="Measured by"),
                alt.Tooltip("same_shots:N", title="Same shots"),
            ],
        )
    )
    rows = max(stats.height, 1)
    return _finish(alt.layer(zero, means, dots), title, height or 60 + MAKER_ROW_PX * rows)


# Like every chart the pages draw, these carry only the columns they name (`payload.slimmed`).
for _name in [n for n in list(globals()) if n.endswith("_chart")]:
    globals()[_name] = slimmed(globals()[_name])
