"""The Cost page's GPQA Diamond and MMLU-Pro section (issue 16): cheapest price at release from
`benchmark_cost_frontier`, fold decrease per year from `benchmark_cost_trend`."""

from __future__ import annotations

import json

import pytest

from tests.dashboard.apptest import COST, chart_index, chart_rows, rerun, run_app, specs, sql

TITLE = "Cheapest API price scoring at least a"
LABELS = {"gpqa_diamond": "GPQA Diamond", "mmlu_pro": "MMLU-Pro"}


@pytest.mark.parametrize("benchmark", list(LABELS))
def test_cost_page_draws_the_cost_frontier_and_fold_per_year(monkeypatch, warehouse, benchmark):
    groups = sql(
        warehouse,
        "SELECT measured_by, any_value(n_models) AS n, any_value(n_left_out_no_price) AS np "
        "FROM benchmark_cost_frontier WHERE benchmark = ? GROUP BY 1 ORDER BY n DESC",
        [benchmark],
    )
    assert len(groups) > 0
    top = groups.iloc[0]
    expected = sql(
        warehouse,
        "SELECT model_id, threshold, price_usd_per_1m_blended FROM benchmark_cost_frontier "
        "WHERE benchmark = ? AND measured_by = ?",
        [benchmark, top.measured_by],
    )
    trend = sql(
        warehouse,
        "SELECT * FROM benchmark_cost_trend WHERE benchmark = ? AND measured_by = ? "
        "AND fold_decrease_per_year IS NOT NULL",
        [benchmark, top.measured_by],
    )

    at = run_app(monkeypatch, warehouse, COST)
    if benchmark != "gpqa_diamond":
        at.segmented_control(key="cost_view_benchmark").set_value(benchmark)
        at = rerun(at)
    index = chart_index(at, TITLE)
    title = json.dumps(specs(at)[index]["title"], ensure_ascii=False)
    assert LABELS[benchmark] in title and "as of the release date" in title
    assert f"{int(top.np)} of the {int(top.n)} scored releases" in title
    rows = chart_rows(at, index).dropna(subset=["model_id"])
    got = set(
        zip(rows["model_id"], rows["threshold"], rows["price_usd_per_1m_blended"], strict=True)
    )
    assert got == set(
        zip(
            expected["model_id"],
            expected["threshold"],
            expected["price_usd_per_1m_blended"],
            strict=True,
        )
    )
    text = " ".join(m.value for m in at.markdown)
    for t in trend.itertuples():
        assert (
            f"≥ {t.threshold:g}%: the cheapest price fell **{t.fold_decrease_per_year:,.3g}× "
            f"per year** (95 % interval {t.fold_decrease_per_year_low:,.3g}–"
            f"{t.fold_decrease_per_year_high:,.3g}×" in text
        )
    assert any("per year:" in c.value for c in at.caption)
