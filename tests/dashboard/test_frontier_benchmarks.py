"""The Frontier page on today's benchmarks (issue 16): GPQA Diamond, MMLU-Pro and SWE-bench
Verified read from `benchmark_frontier`, one measurer and one protocol family per chart. Expected
rows and counts are SQL against the test warehouse."""

from __future__ import annotations

import pytest

from tests.dashboard.apptest import FRONTIER, chart_rows, chart_spec, rerun, run_app, sql, title_of

LABELS = {
    "gpqa_diamond": "GPQA Diamond",
    "mmlu_pro": "MMLU-Pro",
    "swe_bench_verified": "SWE-bench Verified",
}

GROUPS_SQL = """
SELECT measured_by, protocol_family, any_value(n_scores) AS n_scores,
       any_value(n_left_out_not_open) AS not_open
FROM benchmark_frontier WHERE benchmark = ? GROUP BY ALL
ORDER BY n_scores DESC, measured_by, protocol_family
"""


def _open_on(monkeypatch, warehouse, benchmark):
    at = run_app(monkeypatch, warehouse, FRONTIER)
    at.selectbox(key="benchmark").select(benchmark)
    return rerun(at)


@pytest.mark.parametrize("benchmark", list(LABELS))
def test_frontier_page_draws_the_published_group_of_each_new_benchmark(
    monkeypatch, warehouse, benchmark
):
    groups = sql(warehouse, GROUPS_SQL, [benchmark])
    assert len(groups) > 0, f"the real data set has no {benchmark} frontier"
    top = groups.iloc[0]
    thresholds = sql(
        warehouse,
        "SELECT DISTINCT threshold FROM benchmark_frontier WHERE benchmark = ? AND "
        "measured_by = ? AND protocol_family = ? ORDER BY 1",
        [benchmark, top.measured_by, top.protocol_family],
    )["threshold"].tolist()
    threshold = 60.0 if 60.0 in thresholds else thresholds[0]
    expected = sql(
        warehouse,
        "SELECT model_id, release_date FROM benchmark_frontier WHERE benchmark = ? AND "
        "measured_by = ? AND protocol_family = ? AND threshold = ? AND basis = 'total' "
        "ORDER BY release_date",
        [benchmark, top.measured_by, top.protocol_family, threshold],
    )

    at = _open_on(monkeypatch, warehouse, benchmark)
    spec = chart_spec(at)
    title = title_of(spec)
    assert f"≥ {threshold:g}% on {LABELS[benchmark]}" in title
    assert top.protocol_family in title  # which protocol
    other = int(groups["n_scores"].sum()) - int(top.n_scores)
    assert f"Left out: {other} of the {int(groups['n_scores'].sum())}" in title
    assert f"{int(top.not_open)} of this group's {int(top.n_scores)}" in title

    rows = chart_rows(at)
    assert set(rows["model_id"].dropna()) == set(expected["model_id"])
    per_year = expected["release_date"].dt.year.value_counts().sort_index()
    line = "Record-holders per year: " + " · ".join(f"{y}: {n}" for y, n in per_year.items())
    assert any(c.value.startswith(line) for c in at.caption), [c.value for c in at.caption]


def test_frontier_measurer_choice_switches_the_group(monkeypatch, warehouse):
    groups = sql(warehouse, GROUPS_SQL, ["gpqa_diamond"])
    assert {"epoch", "maker"} <= set(groups["measured_by"])
    at = _open_on(monkeypatch, warehouse, "gpqa_diamond")
    at.selectbox(key="view_measured_by").select("maker")
    at = rerun(at)
    family = at.selectbox(key="view_protocol").value
    top = groups[groups["measured_by"] == "maker"].iloc[0]
    assert family == top.protocol_family
    threshold = at.select_slider(key="view_threshold").value
    expected = sql(
        warehouse,
        "SELECT model_id FROM benchmark_frontier WHERE benchmark = 'gpqa_diamond' AND "
        "measured_by = 'maker' AND protocol_family = ? AND threshold = ? AND basis = 'total'",
        [family, threshold],
    )
    title = title_of(chart_spec(at))
    assert "Measured by the maker" in title  # the label; the URL keeps the id
    assert at.query_params.get("view_measured_by") == "maker"
    assert set(chart_rows(at)["model_id"].dropna()) == set(expected["model_id"])


def test_frontier_active_basis_reads_the_active_rows(monkeypatch, warehouse):
    at = _open_on(monkeypatch, warehouse, "gpqa_diamond")
    at.segmented_control(key="view_basis").set_value("active")
    at = rerun(at)
    family = at.selectbox(key="view_protocol").value
    measured_by = at.selectbox(key="view_measured_by").value
    threshold = at.select_slider(key="view_threshold").value
    expected = sql(
        warehouse,
        "SELECT model_id, params FROM benchmark_frontier WHERE benchmark = 'gpqa_diamond' AND "
        "measured_by = ? AND protocol_family = ? AND threshold = ? AND basis = 'active'",
        [measured_by, family, threshold],
    )
    rows = chart_rows(at).dropna(subset=["model_id"]).drop_duplicates("model_id")
    assert dict(zip(rows["model_id"], rows["params"], strict=True)) == dict(
        zip(expected["model_id"], expected["params"], strict=True)
    )


def test_frontier_view_choices_round_trip_through_the_url_as_ids(monkeypatch, warehouse):
    """Measurer, protocol family, threshold and basis go into the address as ids and a shared
    link opens the same chart."""
    groups = sql(warehouse, GROUPS_SQL, ["gpqa_diamond"])
    maker = groups[groups["measured_by"] == "maker"].iloc[0]
    thresholds = sql(
        warehouse,
        "SELECT DISTINCT threshold FROM benchmark_frontier WHERE benchmark = 'gpqa_diamond' AND "
        "measured_by = 'maker' AND protocol_family = ? ORDER BY 1",
        [maker.protocol_family],
    )["threshold"].tolist()
    at = _open_on(monkeypatch, warehouse, "gpqa_diamond")
    at.selectbox(key="view_measured_by").select("maker")
    at = rerun(at)
    at.select_slider(key="view_threshold").set_value(thresholds[0])
    at.segmented_control(key="view_basis").set_value("active")
    at = rerun(at)
    params = dict(at.query_params)
    picker = at.selectbox(key="benchmark")  # bound by the page: the URL holds its label
    params["benchmark"] = picker.options[picker.index]
    assert params["view_measured_by"] == "maker"
    assert params["view_threshold"] == f"{thresholds[0]:g}"
    assert params["view_basis"] == "active"
    family = at.selectbox(key="view_protocol").value
    assert family == maker.protocol_family
    if family != groups[groups["measured_by"] == "maker"].iloc[0].protocol_family:
        assert params["view_protocol"] == family

    shared = run_app(monkeypatch, warehouse, FRONTIER, params)
    assert shared.selectbox(key="view_measured_by").value == "maker"
    assert shared.select_slider(key="view_threshold").value == thresholds[0]
    assert shared.segmented_control(key="view_basis").value == "active"
    assert not shared.warning
    title = title_of(chart_spec(shared))
    assert f"≥ {thresholds[0]:g}% on GPQA Diamond" in title and "Measured by the maker" in title


def test_frontier_view_with_an_invalid_value_in_the_link_says_so(monkeypatch, warehouse):
    # the page's benchmark choice as its own bound URL parameter writes it: its label
    picker = _open_on(monkeypatch, warehouse, "gpqa_diamond").selectbox(key="benchmark")
    benchmark = picker.options[picker.index]
    at = run_app(
        monkeypatch,
        warehouse,
        FRONTIER,
        {"benchmark": benchmark, "view_measured_by": "nobody", "view_threshold": "33"},
    )
    notes = [w.value for w in at.warning]
    assert any(
        "`view_measured_by=nobody` in the link is not a measurer of GPQA Diamond" in n
        for n in notes
    ), notes
    assert any("`view_threshold=33` in the link is not one of" in n for n in notes), notes
    groups = sql(warehouse, GROUPS_SQL, ["gpqa_diamond"])
    assert at.selectbox(key="view_measured_by").value == groups.iloc[0].measured_by
    assert "view_measured_by" not in at.query_params and "view_threshold" not in at.query_params
