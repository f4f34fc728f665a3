"""The shared base of the chart builders: a frame in, an Altair chart out (no Streamlit, no I/O).

Gallery style: one set of encodings, layers derived from it, typed shorthand, a log scale for
parameters, tokens, compute and price, and tooltips that always carry the source of the number.
No chart sends more than `MAX_POINTS` marks to the browser; when a builder drops points (a value
is missing, or there are too many) its subtitle says how many and why. Here: the limits, colours,
titles, axes and the trend and forecast layers several pages draw.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import textwrap

import altair as alt
import polars as pl

from pipelines.lib.trends.defaults import (
    SIZE_CLASSES,
)

TRENDS_SINCE = dt.date(2017, 1, 1)  # trend charts start at the transformer era by default
MAX_POINTS = 2500  # marks per chart: Altair refuses 5000 rows, browsers slow down well before


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
        **beside("release_date", "label", gap=8, bold=True),
        baseline="top",
        dy=6,
        fontSize=12,
        fontWeight="bold",
        color=FORECAST_COLOUR,
    )
    return [guide, bar, diamond, *text]


# Axis labels for a log FLOP axis: 1e21, 1e24 (Vega's `log` is the natural logarithm).
_FLOP_LABEL_EXPR = "'1e' + round(log(datum.value) / LN10)"


_RATIO_LABEL_EXPR = "format(datum.value, '~g')"


WEIGHTS_DOMAIN = ["Open weights", "Closed weights", "Not stated"]


WEIGHTS_RANGE = ["#0f766e", "#ea580c", "#a8a29e"]


SIZE_DOMAIN = [name for name, _, _ in SIZE_CLASSES] + ["Unknown"]


SIZE_RANGE = ["#bae6fd", "#38bdf8", "#0284c7", "#1e3a8a", "#7c3aed", "#a8a29e"]

# A legend under a chart wraps into rows of `columns` entries: in one row the six size classes
# ran past a phone-width chart and "Unknown" was cut off. The narrowest chart is about 320 px
# wide (a 400 px screen less the page's padding); each entry takes its symbol, its label (at
# most LEGEND_LABEL_LIMIT px) and the gap between columns.
NARROWEST_CHART_PX = 320
LEGEND_LABEL_LIMIT = 80
LEGEND_LABEL_FONT_PX = 10  # Vega-Lite's default legend label size, which the charts keep
LEGEND_SYMBOL_PX = 16
LEGEND_COLUMN_GAP = 10
LEGEND_SYMBOL_GAP = 8  # between a symbol and its label, Vega's default offset and padding


def legend_columns(most: int | None, label_limit: int = LEGEND_LABEL_LIMIT) -> alt.ExprRef:
    """As many legend columns as fit the chart's drawn width, at most `most` (None: no limit),
    at least one: a row of entries wider than a phone ran past the chart's edge, cut off."""
    entry = LEGEND_SYMBOL_PX + LEGEND_SYMBOL_GAP + label_limit + LEGEND_COLUMN_GAP
    fit = f"max(1, floor((width + {LEGEND_COLUMN_GAP}) / {entry}))"
    return alt.expr(fit if most is None else f"min({most}, {fit})")


def bottom_legend(
    title: str | None,
    columns: int | None = None,
    label_limit: int = LEGEND_LABEL_LIMIT,
    orient: str = "bottom",
) -> alt.Legend:
    """A legend under the chart (or above: `orient="top"`), its title above its entries,
    entries in at most `columns` columns, as many as fit the chart's width; a label longer
    than `label_limit` px breaks onto a second line (`_two_lines`), cut at the limit where it
    has no space to break at."""
    # 0.5 em a character, not `_char_px`'s generous 0.6: a label that fits its limit stays on
    # one line ("Closed weights" at 80 px broke in two at 0.6); one that does not is cut as before
    _, two_lines = _two_lines(str(math.floor(label_limit / (0.5 * LEGEND_LABEL_FONT_PX))))
    return alt.Legend(
        title=title,
        orient=orient,
        direction="horizontal",
        titleOrient="top",
        columns=legend_columns(columns, label_limit),
        labelLimit=label_limit,
        labelExpr=two_lines,
        columnPadding=LEGEND_COLUMN_GAP,
        symbolSize=LEGEND_SYMBOL_PX * 6,
    )


def _name_labels(base: alt.Chart, thinned: bool = False) -> list[alt.Chart]:
    """Model names beside their points, alternately above and below (`label_above`) so that
    neighbouring records don't overprint each other, haloed so that the step line under a name
    does not strike it through; `thinned`: each drawn from its `label_min_width` on."""
    label = base.encode(text="name:N")
    side = beside("release_date", "name", gap=6)
    if thinned:  # the data has `label_min_width` (`label_min_widths`)
        side["opacity"] = SHOWN_FROM_MIN_WIDTH
    # The side per name, not a filtered layer per side: a side with no name was an empty layer,
    # and Vega warned of its infinite extent (the Frontier under filters that keep one record).
    return haloed_text(
        label,
        **side,
        baseline=alt.expr("datum.label_above ? 'bottom' : 'top'"),
        dy=alt.expr("datum.label_above ? -6 : 6"),
        fontSize=12,
    )


def _model_tooltip_head() -> list[alt.Tooltip]:
    """The first lines of every per-model tooltip: which model, whose, when."""
    return [
        alt.Tooltip("name:N", title="Model"),
        alt.Tooltip("organization:N", title="Organization"),
        alt.Tooltip("release_date:T", title="Released", format="%d %b %Y"),
    ]


def steps_until(
    line: pl.DataFrame, until: dt.date | None, by: list[str], value: str, best: str
) -> pl.DataFrame:
    """A record-holder step line (`release_date`, `value`, grouped by `by`) carried on to
    `until`: each group's record stands until the next one, so its last step runs to the newest
    release in the data. `best` is `min` (a shrinking frontier, a falling price) or `max` (a
    rising index): the value of each group's last step."""
    if until is None or not line.height:
        return line
    last = pl.col(value).min() if best == "min" else pl.col(value).max()
    tail = (
        line.group_by(by)
        .agg(pl.col("release_date").max(), last)
        .filter(pl.col("release_date") < until)
        .with_columns(pl.lit(until, dtype=pl.Date).alias("release_date"))
    )
    return pl.concat([line, tail.select(line.columns)]).sort(by[0], "release_date")


def record_holder_layers(
    line: pl.DataFrame,
    points: pl.DataFrame,
    *,
    until: dt.date | None,
    by: list[str],
    value: str,
    best: str,
    encodings: dict,
    dot_size: int,
    dot_opacity: float,
    tooltip: list,
) -> tuple[alt.Chart, alt.Chart, alt.Chart]:
    """The record-holder step line and its dots, as the frontier, cost and ECI charts draw them.

    `line` (release_date, `value`, the `by` columns) is carried on to `until` (`steps_until`)
    and drawn as one step line per `by[0]` group; `points` are the dots, with `tooltip`. Both
    take `encodings` (x, y and, when there is one, color). Returns (steps, dots, the points
    chart with its encodings, for labels drawn over the dots)."""
    steps = (
        alt.Chart(steps_until(line, until, by, value, best))
        .mark_line(interpolate="step-after", strokeWidth=2.5)
        .encode(**encodings, detail=f"{by[0]}:N")
    )
    base = alt.Chart(points).encode(**encodings)
    dots = base.mark_point(filled=True, size=dot_size, opacity=dot_opacity).encode(tooltip=tooltip)
    return steps, dots, base


def _weights_color() -> alt.Color:
    """Points coloured by open / closed / not-stated weights, legend below the chart."""
    return alt.Color(
        "weights_label:N",
        title=None,
        scale=alt.Scale(domain=WEIGHTS_DOMAIN, range=WEIGHTS_RANGE),
        legend=bottom_legend(None),
    )


def _threshold_color(benchmark_label: str) -> alt.Color:
    """Record-holder steps coloured by score threshold, in threshold order, legend top right."""
    return alt.Color(
        "threshold_label:N",
        title=f"{benchmark_label} threshold",
        sort=alt.SortField("threshold"),
        legend=alt.Legend(orient="top-right"),
    )


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


# Vega cuts a chart's title and notes at the chart's width with an ellipsis: on a 400 px phone
# "API price against MMLU, with the price-perfor…", "337 of 377 models with an MMLU score
# plotted; 40 have no para…" (cut at the plotted width, ~315 px there: 0.44 em a character
# for the bold title, 0.40 em for the notes). A title wraps by the chart's drawn width
# (`width`): an expression picks lines wrapped here for the widest of `_TITLE_WIDTHS` the
# chart reaches. Notes wrap at `_NOTE_PX`, what a phone's chart holds, since Vega-Lite takes
# no expression for a subtitle.
_TITLE_WIDTHS = (520, 440, 360, 280)  # px of drawn chart width, widest first
_NOTE_PX = 330
_WRAP_EM = {True: 0.49, False: 0.45}  # a character's width in em, bold or not, with slack


def _fill(text: str, px: float, font_px: int, bold: bool) -> list[str]:
    """`text` in lines of at most `px` at `font_px` (words kept whole)."""
    chars = max(12, int(px // (font_px * _WRAP_EM[bold])))
    return textwrap.wrap(text, chars, break_long_words=False, break_on_hyphens=False) or [text]


def wrapped_title(text: str, font_px: int, bold: bool = True) -> str | alt.ExprRef:
    """`text` as a title: as it is where the chart is wide enough for it, else in the lines
    the chart's width holds (an expression of `width`; `title_text` reads it back)."""
    needed = len(text) * font_px * _WRAP_EM[bold]
    narrower = [w for w in _TITLE_WIDTHS if w < needed]
    if not narrower:
        return text
    expr = f"width >= {math.ceil(needed)} ? {json.dumps(text, ensure_ascii=False)}"
    for i, w in enumerate(narrower):
        lines = json.dumps(_fill(text, w, font_px, bold), ensure_ascii=False)
        expr += f" : {lines}" if i == len(narrower) - 1 else f" : width >= {w} ? {lines}"
    return alt.expr(expr)


def wrapped_notes(notes, font_px: int) -> list[str]:
    """Notes as subtitle lines a phone's chart holds (each note starts a line)."""
    return [line for note in notes if note for line in _fill(note, _NOTE_PX, font_px, False)]


def title_text(text) -> str:
    """The text of a title as `wrapped_title` made it, however it is held (a string, a list of
    lines, an expression, or its dictionary in a spec)."""
    if isinstance(text, alt.ExprRef):
        text = text.to_dict()
    if isinstance(text, dict) and "expr" in text:
        expr = text["expr"]  # "width >= N ? <the whole text as JSON> : ..."
        return json.JSONDecoder().raw_decode(expr, expr.index("?") + 2)[0]
    if isinstance(text, list):
        return " ".join(text)
    return "" if text is None or text is alt.Undefined else str(text)


def title(text: str, *notes: str) -> alt.TitleParams:
    """A chart title with its notes (what is plotted, what is hidden) as subtitle lines, both
    wrapped to the chart's width rather than cut (`wrapped_title`, `wrapped_notes`)."""
    return alt.TitleParams(
        text=wrapped_title(text, 16),
        subtitle=wrapped_notes(notes, 12) or "",
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


def axis_label_limit(most: int, share: float = 0.4) -> alt.ExprRef:
    """An axis's label limit: `most` px, or `share` of the chart's container where that is less.
    Long category labels (a model and its benchmark, a source's name) at 220-260 px left a 400 px
    phone's chart a sliver of plot and ran past its left edge."""
    return alt.expr(_label_limit(most, share))


def _label_limit(most: int, share: float) -> str:
    width = "containerSize()[0]"
    return f"({width} > 0 ? min({most}, round({width} * {share})) : {most})"


def two_line_labels(most: int, share: float = 0.4, font_px: int = 10) -> dict:
    """Axis settings for long category labels on rows tall enough for two lines (a heatmap's
    30 px): the `axis_label_limit`, and a label that would pass it (measured generously, as
    `beside` does) broken at its last space within the limit, so a phone shows "Parameters +
    tokens +" over "compute" where one line was cut to "Parameters + tokens + com…". A label
    with no such space, or a second line still too long, is cut at the limit as before."""
    limit = _label_limit(most, share)
    wraps, two_lines = _two_lines(f"floor({limit} / {_char_px(font_px, False)})")
    return {
        "labelLimit": alt.expr(limit),
        "labelExpr": two_lines,
        # Vega centres a label's first line on its row: two lines move up by half a line
        "labelLineHeight": font_px + 2,
        "labelOffset": {"condition": {"test": wraps, "value": -(font_px + 2) / 2}, "value": 0},
    }


def _two_lines(fits: str) -> tuple[str, str]:
    """Vega expressions for a label longer than `fits` characters (an expression): whether it
    breaks, and the label as two lines (an array) broken at its last space within `fits`, or
    whole where it is short enough or has no such space."""
    cut = f"lastindexof(substring(datum.label, 0, {fits} + 1), ' ')"
    breaks = f"length(datum.label) > {fits} && {cut} > 0"
    parts = f"[substring(datum.label, 0, {cut}), substring(datum.label, {cut} + 1)]"
    return breaks, f"{breaks} ? {parts} : datum.label"


def _char_px(font_px: int, bold: bool) -> float:
    """A generous width of one character: 0.6 em, 0.65 bold (`beside` and `label_min_widths`
    must measure labels alike)."""
    return font_px * (0.65 if bold else 0.6)


def beside(
    x_field: str,
    text_field: str,
    *,
    gap: int,
    side: str = "right",
    font_px: int = 12,
    bold: bool = False,
) -> dict:
    """`align` and `dx` for a label beside its point: on `side` where it fits, on the other
    side where it would run past the chart's edge. Decided per label when the chart is drawn,
    from the point's pixel position, the chart's width and the label's length (a generous
    0.6 em a character, 0.65 bold): on a 400 px phone labels near the right edge ran off it
    ("trend reaches 1B: Apr 202", "Llama 3.1 405B Instr")."""
    px = round(_char_px(font_px, bold), 2)
    at = f"scale('x', datum['{x_field}'])"
    length = f"length(datum['{text_field}'] + '') * {px}"
    if side == "right":
        flip = f"({at} + {gap} + {length} > width)"
        near, far = ("'left'", "'right'"), (gap, -gap)
    else:
        flip = f"({at} - {gap} - {length} < 0)"
        near, far = ("'right'", "'left'"), (-gap, gap)
    return {
        "align": alt.expr(f"{flip} ? {near[1]} : {near[0]}"),
        "dx": alt.expr(f"{flip} ? {far[1]} : {far[0]}"),
    }


LABEL_WIDTHS_PX = range(240, 1601, 20)  # the plot widths `label_min_widths` tries


def label_min_widths(
    x_frac: list[float],
    y_px: list[float],
    texts: list[str],
    sides: list[str],
    above: list[bool],
    *,
    gap: int,
    dy: int,
    font_px: int = 12,
    bold: bool = False,
) -> list[float]:
    """For labels beside points (listed most important first), the narrowest plot width from
    which each is drawn: at each width of `LABEL_WIDTHS_PX` the labels are placed in order, as
    `beside` places them (to the point's `sides`, flipped at the edges; `above` it or below), and
    one that would overprint a label already placed, or run past the plot on both sides, is
    left out; a label is drawn from the width on which it is never left out at any wider one
    (`NEVER_PX`: at none). `x_frac` is each point's position across the x axis (0-1), `y_px`
    down the plot from its top."""
    px = _char_px(font_px, bold)
    tall = font_px * 1.2
    shown_at: list[set[int]] = []
    for width in LABEL_WIDTHS_PX:
        placed: list[tuple[float, float, float, float]] = []
        shown = set()
        rows = zip(x_frac, y_px, texts, sides, above, strict=True)
        for i, (f, y, text, side, up) in enumerate(rows):
            at, length = f * width, len(text) * px
            right = (at + gap + length <= width) if side == "right" else (at - gap - length < 0)
            left_edge = at + gap if right else at - gap - length
            top = y - dy - tall if up else y + dy
            box = (left_edge, left_edge + length, top, top + tall)
            inside = box[0] >= 0 and box[1] <= width  # too long for either side: left out
            if inside and all(
                box[1] <= o[0] or o[1] <= box[0] or box[3] <= o[2] or o[3] <= box[2] for o in placed
            ):
                placed.append(box)
                shown.add(i)
        shown_at.append(shown)
    widths = list(LABEL_WIDTHS_PX)
    result = []
    for i in range(len(texts)):
        start = math.inf
        for k in range(len(widths) - 1, -1, -1):
            if i not in shown_at[k]:
                break
            start = widths[k]
        if start == math.inf:
            start = NEVER_PX
        result.append(0.0 if start == widths[0] else float(start))  # the narrowest tried: any
    return result


# A label's opacity where its data has `label_min_width`: drawn from that plot width on.
SHOWN_FROM_MIN_WIDTH = alt.expr("width >= datum.label_min_width ? 1 : 0")


def with_label_min_widths(
    frame: pl.DataFrame,
    *,
    x: str,
    x_domain: tuple,
    y: str,
    y_domain: tuple[float, float],
    height: int,
    above: str,
    sides: tuple[str, str] = ("right", "right"),
    priority: str | None = None,
    gap: int,
    dy: int,
    font_px: int = 12,
    bold: bool = False,
) -> pl.DataFrame:
    """`frame` with `label_min_width` (`label_min_widths`) for its `name` labels, on a linear x
    axis over `x_domain` (numbers or dates) and a log y axis over `y_domain`, `height` px tall.
    The boolean column `above` says where each label sits; `sides` is the side of the point a
    label takes when above it and when below it; `priority` orders them (descending, most
    important first; default: the frame's order). A missing or non-positive value sits at its
    axis's start."""
    if frame.is_empty():
        return frame.with_columns(label_min_width=pl.lit(0.0))
    order = frame.with_row_index("_row")
    if priority is not None:
        order = order.sort(priority, descending=True)

    def number(v, start: float) -> float:
        if v is None:
            return start
        return float(v.toordinal()) if hasattr(v, "toordinal") else float(v)

    x0 = number(x_domain[0], 0.0)
    x1 = number(x_domain[1], x0)
    lo, hi = math.log10(y_domain[0]), math.log10(y_domain[1])

    def log(v) -> float:
        return math.log10(v) if v is not None and v > 0 else lo

    ups = order[above].to_list()
    widths = label_min_widths(
        [(number(v, x0) - x0) / ((x1 - x0) or 1) for v in order[x]],
        [height * (hi - log(v)) / ((hi - lo) or 1) for v in order[y]],
        order["name"].to_list(),
        [sides[0] if up else sides[1] for up in ups],
        ups,
        gap=gap,
        dy=dy,
        font_px=font_px,
        bold=bold,
    )
    by_row = dict(zip(order["_row"], widths, strict=True))
    return frame.with_columns(
        pl.Series("label_min_width", [by_row[i] for i in range(frame.height)], pl.Float64)
    )


NEVER_PX = 100_000.0  # `label_min_widths` of a label drawn at no width (JSON has no infinity)


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
