"""The baseline of `benchmarks/dashboard_browser_speed.py`: one Altair chart on a Streamlit page
and one control that changes its data, served the same way as the dashboard (`streamlit run`).

Its time to first chart is what Streamlit and the browser cost before any dashboard work: the
benchmark reports each dashboard page as a ratio of it. The data are a fixed line (no warehouse,
no randomness), about the size of a small dashboard chart.
"""

from __future__ import annotations

import altair as alt
import polars as pl
import streamlit as st

st.set_page_config(layout="wide", page_title="Baseline")
st.title("Baseline: one chart")
slope = st.segmented_control(
    "Slope", [1, 2, 3], default=1, required=True, key="slope", bind="query-params"
)
frame = pl.DataFrame({"x": list(range(100))}).with_columns((pl.col("x") * slope).alias("y"))
st.altair_chart(
    alt.Chart(frame).mark_line(point=True).encode(x="x:Q", y="y:Q"),
    width="stretch",
)
