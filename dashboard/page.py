"""The opening every data page shares: title, coverage banner, introduction, the empty state, the
sidebar filters; and the notes a page writes when its link asked for something it can't show.

A page calls `open_page` first; with nothing to show it says what to do and stops there, so the
rest of the page can assume data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import streamlit as st

from dashboard import filters, formats, queries

EMPTY_ICON = ":material/info:"
url_note = filters.url_note  # pages write `page.url_note(...)` after a bound widget


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
    if filters_for is None:
        return queries.NO_FILTERS, False
    return filters.sidebar_filters(filters_for)
