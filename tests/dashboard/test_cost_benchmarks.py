"""The Cost page's GPQA Diamond, MMLU-Pro and SWE-bench Verified section (issue 16): cheapest
price at release from `benchmark_cost_frontier`, fold decrease per year from
`benchmark_cost_trend`, the scored releases per year, and the choices kept in the URL as ids."""

from __future__ import annotations

import pytest

from tests.dashboard.apptest import (
    COST,
    all_specs,
    chart_index,
    chart_rows,
    datasets,
    rerun,
    run_app,
    sql,
    title_of,
)

TITLE = "Cheapest API price scoring at least a"
LABELS = {
    "gpqa_diamond": "GPQA Diamond",
    "mmlu_pro": "MMLU-Pro",
    "swe_bench_verified": "SWE-bench Verified",
}


# The releases a cost group scores, written here in SQL: percent scores of the benchmark by the
# measurer (a `gpqa` row whose protocol names the Diamond subset counts as GPQA Diamond), less
# the scores `suspicious_values` keeps out of every ranking.
SCORED = """
SELECT DISTINCT b.model_id, m.release_date FROM benchmark_scores b JOIN models m USING (model_id)
WHERE b.measured_by = ? AND b.unit = 'percent'
  AND (b.benchmark = ? OR (? = 'gpqa_diamond' AND b.benchmark = 'gpqa'
       AND regexp_matches(b.protocol, '(?i)\\bdiamond\\b')
       AND NOT regexp_matches(b.protocol, '(?i)not say diamond')))
  AND NOT EXISTS (SELECT 1 FROM suspicious_values v WHERE v.model_id = b.model_id
                  AND v.field = b.benchmark AND v.status IN ('unresolved', 'erratum'))
"""
SCORED_PER_YEAR_SQL = f"SELECT year(release_date) AS y, count(*) AS n FROM ({SCORED}) "
SCORED_PER_YEAR_SQL += "WHERE release_date IS NOT NULL GROUP BY 1"
SCORED_UNDATED_SQL = f"SELECT count(*) AS n FROM ({SCORED}) WHERE release_date IS NULL"
OTHER = {"section": "Other benchmarks"}  # the Cost page's section of these views


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

    at = run_app(monkeypatch, warehouse, COST, OTHER)
    if benchmark != "gpqa_diamond":
        at.segmented_control(key="cost_view_benchmark").set_value(benchmark)
        at = rerun(at)
    if at.selectbox(key="cost_view_measured_by").value != top.measured_by:
        # the measurer chosen for the previous benchmark is kept while it measures this one
        at.selectbox(key="cost_view_measured_by").select(top.measured_by)
        at = rerun(at)
    index = chart_index(at, TITLE)
    title = title_of(all_specs(at)[index])
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
    # the strip under the chart: every release the group scores (its n_models), per year
    strip = chart_index(at, f"Models with a {LABELS[benchmark]} score measured by")
    (counts,) = datasets(at, strip).values()
    expected = sql(warehouse, SCORED_PER_YEAR_SQL, [top.measured_by, benchmark, benchmark])
    assert dict(zip(counts["year"], counts["models"], strict=True)) == dict(
        zip(expected["y"], expected["n"], strict=True)
    )
    undated = sql(warehouse, SCORED_UNDATED_SQL, [top.measured_by, benchmark, benchmark])
    assert int(counts["models"].sum()) + int(undated["n"][0]) == int(top.n)


def test_swe_bench_verified_has_a_cost_frontier_from_real_rows(warehouse):
    rows = sql(
        warehouse,
        "SELECT measured_by, count(*) AS n FROM benchmark_cost_frontier "
        "WHERE benchmark = 'swe_bench_verified' GROUP BY 1",
    )
    assert {"epoch", "maker"} <= set(rows["measured_by"])
    # each record is the cheapest so far at its threshold: it beats every earlier priced one
    bad = sql(
        warehouse,
        """SELECT count(*) AS n FROM benchmark_cost_frontier a JOIN benchmark_cost_frontier b
           ON a.benchmark = b.benchmark AND a.measured_by = b.measured_by
          AND a.threshold = b.threshold AND b.release_date < a.release_date
           WHERE a.benchmark = 'swe_bench_verified'
             AND b.price_usd_per_1m_blended <= a.price_usd_per_1m_blended""",
    )
    assert bad["n"][0] == 0


def test_cost_view_choices_round_trip_through_the_url_as_ids(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, COST, OTHER)
    assert "cost_view_benchmark" not in at.query_params  # the default leaves the URL clean
    at.segmented_control(key="cost_view_benchmark").set_value("swe_bench_verified")
    at = rerun(at)
    measurers = at.selectbox(key="cost_view_measured_by").options
    assert "The maker" in measurers and "Epoch AI" in measurers  # labels on screen
    at.selectbox(key="cost_view_measured_by").select("maker")  # the most releases: default
    at = rerun(at)
    assert "cost_view_measured_by" not in at.query_params
    at.selectbox(key="cost_view_measured_by").select("epoch")
    at = rerun(at)
    assert at.query_params.get("cost_view_benchmark") == "swe_bench_verified"
    assert at.query_params.get("cost_view_measured_by") == "epoch"  # the id, not "Epoch AI"

    shared = run_app(monkeypatch, warehouse, COST, dict(at.query_params))
    assert shared.segmented_control(key="cost_view_benchmark").value == "swe_bench_verified"
    assert shared.selectbox(key="cost_view_measured_by").value == "epoch"
    title = title_of(all_specs(shared)[chart_index(shared, TITLE)])
    assert "SWE-bench Verified" in title and "measured by Epoch AI" in title
    assert not shared.warning


def test_cost_view_with_an_invalid_value_in_the_link_says_so(monkeypatch, warehouse):
    at = run_app(
        monkeypatch,
        warehouse,
        COST,
        {"cost_view_benchmark": "hellaswag", "cost_view_measured_by": "nobody"},
    )
    notes = [w.value for w in at.warning]
    assert any(
        "`cost_view_benchmark=hellaswag` in the link is not one of" in n
        and "showing GPQA Diamond" in n
        for n in notes
    ), notes
    assert any("`cost_view_measured_by=nobody` in the link" in n for n in notes), notes
    assert at.segmented_control(key="cost_view_benchmark").value == "gpqa_diamond"
    assert "cost_view_benchmark" not in at.query_params
