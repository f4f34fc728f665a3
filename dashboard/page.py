"""The opening every data page shares: title, coverage banner, introduction, the empty state, the
sidebar filters; and the notes a page writes when its link asked for something it can't show.

A page calls `open_page` first; with nothing to show it says what to do and stops there, so the
rest of the page can assume data.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

import polars as pl
import streamlit as st

from dashboard import charts, filters, formats, queries

EMPTY_ICON = ":material/info:"
url_note = filters.url_note  # pages write `page.url_note(...)` after a bound widget
HIGHLIGHT = "highlight"  # URL parameter: ?highlight=gpt-4,llama-3-70b (model ids)
_HIGHLIGHT_PICKER = "_highlight_picker"
_HIGHLIGHT_BOX = "_highlight_box"  # the sidebar expander that holds the picker
_HIGHLIGHT_IN_URL = "_highlight_in_url"  # what the URL said after the last run
_HIGHLIGHTED = "_highlighted"  # this run's chosen ids, for `show_chart`
HIGHLIGHT_PAGES = {"overview", "frontier", "compute_optimal", "scaling", "cost"}


def coverage_banner() -> None:
    """One line above every page: how recent the releases, the upstream data and the build are."""
    span = queries.load_data_span()
    st.caption(
        ":material/calendar_month: " + formats.coverage_text(span, dt.date.today()),
        help="Releases: the newest `release_date` in `models`. Upstream snapshot: the newest "
        "`retrieved_date` of an upstream source in `claims`. Build: `build_manifest.built_at`. "
        "Models released after the first date are not in the data yet.",
    )


def open_page(
    title: str,
    intro: str | None = None,
    *,
    empty: Callable[[], bool] | None = None,
    empty_message: str = "",
    filters_for: str | None = None,
) -> tuple[queries.ModelFilters, bool]:
    """Draw the title, the coverage banner and the introduction; if `empty()` is true, show
    `empty_message` and stop the page; then draw the sidebar filters of page `filters_for` (a
    key of `filters.PAGES`) and return them with whether they narrow anything. Without
    `filters_for`: no filters, and the return value is `(queries.NO_FILTERS, False)`."""
    filters.record_url()
    st.title(title)
    coverage_banner()
    if intro:
        st.markdown(intro)
    if empty is not None and empty():
        st.info(empty_message, icon=EMPTY_ICON)
        st.stop()
    st.session_state[_HIGHLIGHTED] = []
    if filters_for is None:
        return queries.NO_FILTERS, False
    chosen = filters.sidebar_filters(filters_for)
    if filters_for in HIGHLIGHT_PAGES:
        highlight_control()
    return chosen


def section(body: Callable) -> Callable:
    """`body` as a fragment (`st.fragment`): a change of a control drawn inside it reruns and
    redraws only `body`, not the page's title, banner, sidebar and other charts. For a block of
    controls with the charts and tables that follow them and nothing else. Its URL notes compare
    with the address at the start of its own run (`filters.record_url`), as the page's do."""

    @st.fragment
    @functools.wraps(body)
    def run(*args, **kwargs):
        filters.record_url()
        return body(*args, **kwargs)

    return run


SECTION = "section"  # URL parameter: ?section=<tab label>, the page section shown


def sections(spec: dict[str, tuple[Callable[[], None], tuple[str, ...]]]) -> None:
    """Draw the page's sections as tabs, one per key of `spec` (its label), and run only the
    open one's `draw` (`spec[label] = (draw, params)`): the browser then lays out and draws one
    section's charts and tables on a full load, not the whole page's (docs/benchmarks.md: up to
    0.8 s less to the first chart).

    The open tab is in the URL (`?section=<label>`; absent for the first). `params` names the
    URL parameters of that section's own controls: a link that sets one of them and no
    `section` opens that section, so links made before the tabs keep showing what they set. A
    `section` that names no tab is said in a note, and the first tab opens."""
    labels = list(spec)
    given = filters.arrived(SECTION)
    default = labels[0]
    if given is None:
        default = next(
            (
                label
                for label, (_, params) in spec.items()
                if any(p in st.query_params for p in params)
            ),
            labels[0],
        )
    tabs = st.tabs(labels, default=default, key=SECTION, bind="query-params")
    if given is not None and given not in labels:
        st.warning(
            f"`{SECTION}={filters.url_text(given)}` in the link is not a section of this page "
            f"({', '.join(labels)}); showing {labels[0]}.",
            icon=filters.URL_NOTE_ICON,
        )
    for tab, (draw, _) in zip(tabs, spec.values(), strict=True):
        if tab.open:
            with tab:
                draw()


def highlight_control() -> list[str]:
    """A sidebar picker of models to ring in every chart of the page, kept in the URL as model
    ids (`?highlight=id1,id2`); ids the warehouse does not know are named in a note.

    The picker (every model's name) sits in a collapsed sidebar expander and is drawn only when
    the reader opens it, or when the link already highlights models: a page's first chart is
    then not held up by the browser laying out a widget nobody asked for. Closed, the models
    the URL names stay highlighted."""
    choices = queries.load_model_choices()
    labels = dict(zip(choices["model_id"], choices["name"], strict=True))
    in_url = [i for v in st.query_params.get_all(HIGHLIGHT) for i in v.split(",") if i]
    with st.sidebar:
        box = st.expander(
            "Highlight models in the charts",
            expanded=bool(in_url),
            key=_HIGHLIGHT_BOX,
            on_change="rerun",
            icon=":material/ads_click:",
        )
    if box.open:
        if _HIGHLIGHT_PICKER not in st.session_state or in_url != st.session_state.get(
            _HIGHLIGHT_IN_URL
        ):
            st.session_state[_HIGHLIGHT_PICKER] = [i for i in in_url if i in labels]
        with box:
            chosen = st.multiselect(
                "Highlight models",
                list(labels),
                format_func=labels.get,
                key=_HIGHLIGHT_PICKER,
                placeholder="Models to mark in every chart",
                help="Ringed and named in every chart of this page; the address keeps them "
                "(`?highlight=<model id>,<model id>`).",
            )
    else:  # not drawn: the link's models stay highlighted
        chosen = [i for i in in_url if i in labels]
    unknown = [i for i in in_url if i not in labels]
    if unknown:
        st.warning(
            f"`{HIGHLIGHT}={filters.url_text(','.join(in_url))}` in the link names no model "
            f"for {', '.join(f'`{filters.url_text(i)}`' for i in unknown)}; highlighting the "
            "others.",
            icon=filters.URL_NOTE_ICON,
        )
    if box.open:
        if chosen and in_url != chosen:
            st.query_params[HIGHLIGHT] = ",".join(chosen)
        elif not chosen and in_url and not unknown:
            del st.query_params[HIGHLIGHT]
    st.session_state[_HIGHLIGHT_IN_URL] = chosen if chosen else in_url
    st.session_state[_HIGHLIGHTED] = list(chosen)
    return chosen


def show_chart(
    chart,
    *,
    trend: str | None = None,
    coverage: pl.Series | None = None,
    measure: str = "the measure",
    median_of: tuple[str, str] | None = None,
) -> None:
    """Draw `chart` the way every page does: its model points open their Model page, the
    highlighted models ringed, then (with `coverage`, the release dates of every model having
    `measure`) the per-year coverage strip, and a text summary for screen readers: what the
    chart shows, how many points, the newest one and the `trend` in words. A chart over time
    that draws no trend line names its points' column and unit in `median_of` ("tokens_per_param",
    "tokens per parameter"): its trend is then told by the median of the first and the newest
    well-covered release year (`formats.median_trend`). A chart of models with none left to
    plot is a note saying so and why (its subtitle's notes) instead."""
    facts = charts.describe(chart)
    if facts["frame"] is not None and facts["points"] == 0:
        # No model left to plot (the filters kept none with the measure): say so, and why, in
        # place of empty axes over a strip of zeros.
        st.info(
            f"**{facts['title']}**: {facts['notes'] or 'no model to plot.'}",
            icon=":material/filter_alt_off:",
        )
        return
    if trend is None and median_of is not None:
        trend = formats.median_trend(facts["frame"], *median_of, charts.MIN_MODELS_PER_YEAR)
    charts.link_points(chart)
    chosen = st.session_state.get(_HIGHLIGHTED, [])
    st.altair_chart(charts.highlight(chart, chosen), width="stretch")
    if coverage is not None:
        strip = charts.coverage_strip(charts.per_year(coverage), measure, charts.date_range(chart))
        st.altair_chart(strip, width="stretch")
    shown = charts.highlighted_names(chart, chosen)
    summary = formats.chart_summary(
        facts["title"], facts["points"], facts["newest"], trend, unit=facts["unit"]
    )
    if shown:
        summary += " Highlighted: " + ", ".join(shown) + "."
    st.caption(summary)


class MetricRow:
    """A row for a block of headline metrics: bordered cards, each as wide as its text,
    wrapping to the next line when the window is narrow. On a 400 px phone two or three share
    a line, where columns stacked one full-width card per line (the Overview's five filled a
    screen before its first chart). The cards' style lives here, not at each call."""

    def __init__(self) -> None:
        self._row = st.container(horizontal=True, gap="small")

    def metric(self, label: str, value: str, help: str | None = None) -> None:
        self._row.metric(label, value, help=help, border=True, width="content")


def metric_row() -> MetricRow:
    """A new `MetricRow` where the page is."""
    return MetricRow()


# ----------------------------------------------------------------------------- tables
COLUMNS = "columns"  # URL parameter: ?columns=key (each table's key columns) or ?columns=all
COLUMN_SETS = ("key", "all")
TABLE_ICON = ":material/table_rows:"
# Key columns' widths in px on a narrow screen: together within the ~366 px a grid gets on a
# 400 px phone, so they sit side by side (the first, a name, gets the most).
NARROW_WIDTHS = {1: (340,), 2: (170, 170), 3: (160, 90, 90)}
# A grid row, its header and a text cell's room: the tables' heights are counted in these rows
# (`38 + 35 * rows`). Streamlit's grid wraps a cell's text only in rows taller than 4rem (64 px):
# a narrow table whose key text would not fit its column gets rows of WRAP_ROW_PX (three lines).
HEADER_PX, ROW_PX, WRAP_ROW_PX = 38, 35, 66
CHAR_PX, CELL_PADDING_PX = 7, 17  # the grid's 14 px font, on average; a cell's side padding


def narrow_tables() -> bool:
    """Whether tables show only their key columns: `?columns=key` or `?columns=all` in the
    address decides; otherwise a phone's browser does (its User-Agent names it "Mobi", the
    marker every mobile browser sends). Streamlit tells the script nothing of the window's
    width, and a data grid is drawn on a canvas, which CSS cannot thin out column by column."""
    asked = st.query_params.get(COLUMNS)
    if asked in COLUMN_SETS:
        return asked == "key"
    try:
        agent = st.context.headers.get("User-Agent") or ""
    except (AttributeError, RuntimeError):  # no browser (AppTest): a wide screen
        agent = ""
    return "Mobi" in agent


def _frame(data):
    return data.data if hasattr(data, "data") else data  # a pandas Styler keeps its frame


def _row_count(data) -> int:
    return len(_frame(data))


def _cut_short(data, shown: list[str], column_config: dict) -> bool:
    """Whether some text of the `shown` columns (plain text columns: links, numbers and dates
    show their own short forms) is longer than its column's `width` holds on one line."""
    frame = _frame(data)
    for name in shown:
        config = column_config.get(name) or {}
        kind = (config.get("type_config") or {}).get("type") if isinstance(config, dict) else None
        if kind not in (None, "text") or name not in frame.columns:
            continue
        longest = max((len(v) for v in frame[name] if isinstance(v, str)), default=0)
        if longest * CHAR_PX + CELL_PADDING_PX > config["width"]:
            return True
    return False


def _wrapped_height(height, rows: int):
    """A table's height with WRAP_ROW_PX rows: a height that showed every row still does; one
    that scrolled stays as it was."""
    if not isinstance(height, int) or HEADER_PX + ROW_PX * rows > height:
        return height
    return HEADER_PX + WRAP_ROW_PX * max(rows, 1)


def show_table(
    data,
    label: str,
    *,
    columns: list[str],
    key_columns: list[str] | None = None,
    column_config: dict | None = None,
    **options,
) -> None:
    """Draw `data` as a table named by `label`: a visible caption above it and the grid's
    accessible name. It shows `columns`; on a narrow screen (`narrow_tables`) only
    `key_columns` (two or three that fit 400 px: what a row is and its main value), their text
    wrapped onto up to three lines where one would cut it, and the caption says how many of the
    columns are shown and how to see the rest (the grid's own *Show/hide columns* toolbar
    button, or `?columns=all`)."""
    shown = list(columns)
    if key_columns is not None and len(key_columns) < len(columns) and narrow_tables():
        shown = list(key_columns)
        column_config = dict(column_config or {})
        for name, width in zip(shown, NARROW_WIDTHS[len(shown)], strict=True):
            config = column_config.get(name) or {}
            config = {"label": config} if isinstance(config, str) else dict(config)
            column_config[name] = {**config, "width": width}
        if _cut_short(data, shown, column_config):  # wrap it rather than cut it
            options["row_height"] = WRAP_ROW_PX
            if "height" in options:  # else Streamlit's automatic height, in the new rows
                options["height"] = _wrapped_height(options["height"], _row_count(data))
    caption = f"{TABLE_ICON} **{label}**"
    if len(shown) < len(columns):
        caption += (
            f" · {len(shown)} of {len(columns)} columns on this narrow screen: the table's "
            f"*Show/hide columns* button or `?{COLUMNS}=all` in the address shows the rest"
        )
    st.caption(caption)
    options.setdefault("hide_index", True)
    options.setdefault("placeholder", "–")
    st.dataframe(data, column_order=shown, column_config=column_config, alt=label, **options)
