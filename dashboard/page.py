"""The opening every data page shares: title, introduction, the empty state, the sidebar filters.

A page calls `open_page` first; with nothing to show it says what to do and stops there, so the
rest of the page can assume data.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dashboard import filters, queries

EMPTY_ICON = ":material/info:"


def open_page(
    title: str,
    intro: str | None = None,
    *,
    empty: Callable[[], bool] | None = None,
    empty_message: str = "",
    filters_for: str | None = None,
) -> tuple[queries.ModelFilters, bool]:
    """Draw the title and introduction; if `empty()` is true, show `empty_message` and stop the
    page; then draw the sidebar filters of page `filters_for` (a key of `filters.PAGES`) and
    return them with whether they narrow anything. Without `filters_for`: no filters, and the
    return value is `(queries.NO_FILTERS, False)`."""
    st.title(title)
    if intro:
        st.markdown(intro)
    if empty is not None and empty():
        st.info(empty_message, icon=EMPTY_ICON)
        st.stop()
    if filters_for is None:
        return queries.NO_FILTERS, False
    return filters.sidebar_filters(filters_for)
