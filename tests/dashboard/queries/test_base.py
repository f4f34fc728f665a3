"""dashboard/queries against copies of the real warehouse: values, filters, exports,
freshness, closed handles. Expected values come from SQL written here."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest

from dashboard import queries
from dashboard.queries import ModelFilters
from pipelines.lib.trends import trend_lines


@pytest.fixture
def published(warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the session warehouse, published at ATLAS_WAREHOUSE."""
    path = tmp_path / "atlas.duckdb"
    shutil.copyfile(warehouse, path)
    monkeypatch.setenv("ATLAS_WAREHOUSE", str(path))
    return path


def _count(path: Path, sql: str) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.sql(sql).fetchall()[0][0]
    finally:
        con.close()


def test_loads_match_the_tables(published):
    assert queries.warehouse_problem() is None
    assert queries.load_models().height == _count(published, "SELECT count(*) FROM models")
    frontier = queries.load_frontier_smallest_model(threshold=60, basis="active")
    assert frontier.height == _count(
        published,
        "SELECT count(*) FROM frontier_smallest_model "
        "WHERE benchmark = 'mmlu' AND threshold = 60 AND basis = 'active'",
    )
    assert set(frontier["basis"]) <= {"active"}
    assert queries.load_frontier_thresholds() == sorted(queries.load_frontier_thresholds())
    everything = queries.load_frontier_smallest_model()
    assert everything.height == _count(published, "SELECT count(*) FROM frontier_smallest_model")


def test_values_are_parameters_not_sql(published):
    """A quote in a value is data: it matches nothing and breaks nothing."""
    assert queries.load_frontier_smallest_model(benchmark="mmlu' OR '1'='1").is_empty()
    assert queries.load_frontier_smallest_model(basis="total' --").is_empty()


def test_connections_are_closed_after_each_read(published):
    queries.load_models()
    queries.load_frontier_smallest_model(threshold=60, basis="total")
    # A read-write open in the same process fails while any read-only handle is still open.
    con = duckdb.connect(str(published))
    con.close()


def test_a_newly_published_file_is_read_without_restarting(published, tmp_path):
    before = queries.load_models()
    assert before.height > 0
    # Publish the way the pipeline does: build elsewhere, then os.replace over the path.
    build = tmp_path / "atlas.duckdb.build"
    shutil.copyfile(published, build)
    con = duckdb.connect(str(build))
    try:
        con.sql("DELETE FROM models WHERE model_id = ?", params=[before["model_id"][0]])
        con.sql("CHECKPOINT")
    finally:
        con.close()
    os.replace(build, published)

    after = queries.load_models()
    assert after.height == before.height - 1
    assert before["model_id"][0] not in after["model_id"].to_list()


def test_problems_are_reported_not_raised(tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_WAREHOUSE", str(tmp_path / "absent.duckdb"))
    assert queries.warehouse_problem() == "missing"

    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"not a database")
    monkeypatch.setenv("ATLAS_WAREHOUSE", str(junk))
    assert "cannot be opened" in queries.warehouse_problem()

    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.sql("CREATE TABLE models (model_id VARCHAR)")
    con.close()
    monkeypatch.setenv("ATLAS_WAREHOUSE", str(other))
    problem = queries.warehouse_problem()
    assert problem.startswith("has no table frontier_smallest_model, sources, claims")
    assert "models," not in problem


def _ids(path: Path, where: str, params: list | None = None) -> list[str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute(f"SELECT model_id FROM models WHERE {where}", params or []).fetchall()
    finally:
        con.close()
    return sorted(r[0] for r in rows)


@pytest.mark.parametrize(
    ("filters", "where", "params"),
    [
        # Joint releases ("Google,Stanford") match each listed organisation.
        (
            ModelFilters(organizations=("Google",)),
            "list_contains(string_split(organization, ','), ?)",
            ["Google"],
        ),
        (
            ModelFilters(released_from=dt.date(2023, 1, 1), released_to=dt.date(2023, 6, 30)),
            "release_date BETWEEN DATE '2023-01-01' AND DATE '2023-06-30'",
            None,
        ),
        (ModelFilters(open_weights="open"), "open_weights", None),
        (ModelFilters(open_weights="closed"), "NOT open_weights", None),
        (ModelFilters(open_weights="unstated"), "open_weights IS NULL", None),
        (ModelFilters(architectures=("moe",)), "architecture = 'moe'", None),
        # Size classes by total parameters; unknown = undisclosed.
        (ModelFilters(size_classes=("Tiny",)), "params_total < 1e9", None),
        (
            ModelFilters(size_classes=("Medium", "Massive")),
            "(params_total >= 1e10 AND params_total < 7e10) OR params_total >= 2e11",
            None,
        ),
        (ModelFilters(size_classes=("Unknown",)), "params_total IS NULL", None),
        # Search: case-insensitive substring of the name or the organisation.
        (
            ModelFilters(search="  DeepMind "),
            "name ILIKE '%deepmind%' OR organization ILIKE '%deepmind%'",
            None,
        ),
        (
            ModelFilters(organizations=("Meta AI",), size_classes=("Small",)),
            "list_contains(string_split(organization, ','), 'Meta AI') "
            "AND params_total >= 1e9 AND params_total < 1e10",
            None,
        ),
    ],
)
def test_filters_narrow_models_in_sql(published, filters, where, params):
    expected = _ids(published, where, params)
    assert expected, "the case should select some real models"
    got = queries.load_models(filters)
    assert sorted(got["model_id"]) == expected
    assert queries.count_models(filters) == len(expected)
    assert queries.load_model_counts(filters)["models"] == len(expected)


def test_search_text_is_data_not_a_pattern(published):
    for text in ("%", "_"):  # LIKE wildcards match themselves only
        assert sorted(queries.load_models(ModelFilters(search=text))["model_id"]) == _ids(
            published, "contains(name, ?) OR contains(organization, ?)", [text, text]
        )
    assert queries.load_models(ModelFilters(search="' OR '1'='1")).is_empty()
    assert queries.load_models(ModelFilters(organizations=("x' OR 1=1 --",))).is_empty()


def test_models_come_newest_first_with_links(published):
    models = queries.load_models()
    dated = models["release_date"].drop_nulls()
    assert dated.is_sorted(descending=True)
    # Undated models (no source dates them) come last, after every dated one.
    assert models["release_date"].head(dated.len()).null_count() == 0
    assert models["release_date"].null_count() > 0
    assert (models["model_page"] == "./model?model=" + models["model_id"]).all()


def test_downloads_hold_the_public_columns_of_the_rows_shown(published):
    con = duckdb.connect(str(published), read_only=True)
    try:
        columns = [r[0] for r in con.sql("DESCRIBE models").fetchall()]
    finally:
        con.close()
    assert list(queries.MODEL_COLUMNS) == columns

    shown = queries.load_models(ModelFilters(organizations=("Mistral AI",)))
    from_csv = pl.read_csv(io.BytesIO(queries.models_csv(shown)), try_parse_dates=True)
    from_parquet = pl.read_parquet(io.BytesIO(queries.models_parquet(shown)))
    assert from_csv.columns == from_parquet.columns == columns
    assert from_parquet.equals(shown.select(columns))
    assert sorted(from_csv["model_id"]) == sorted(shown["model_id"])
    assert queries.warehouse_bytes() == published.read_bytes()


def test_one_models_values_claims_and_conflicts(published):
    values = queries.load_model_values("mistral-7b", ("release_date", "params_total", "mmlu"))
    assert values["field"].to_list()[:3] == ["release_date", "params_total", "mmlu"]
    con = duckdb.connect(str(published), read_only=True)
    try:
        sources = dict(
            con.execute(
                "SELECT field, citation FROM sources WHERE model_id = 'mistral-7b'"
            ).fetchall()
        )
        n_claims = con.execute(
            "SELECT count(*) FROM claims WHERE model_id = 'mistral-7b'"
        ).fetchall()[0][0]
        conflicts = con.execute(
            "SELECT field, source_other, value_other FROM conflicts WHERE model_id = 'mistral-7b'"
        ).fetchall()
        mmlu = con.execute("SELECT mmlu FROM models WHERE model_id = 'mistral-7b'").fetchall()
    finally:
        con.close()
    by_field = {r["field"]: r for r in values.iter_rows(named=True)}
    assert by_field["mmlu"]["value"] == mmlu[0][0]
    # Every citation of a `models` value is shown; benchmark scores have their own table.
    benchmarks = {f for f in sources if f not in by_field}
    assert benchmarks and benchmarks <= {
        "arc_c",
        "hellaswag",
        "winogrande",
        "truthfulqa",
        "gsm8k",
        "humaneval",
        "mmlu_pro",
        "bbh",
        "math_lvl5",
        "gpqa",
        "musr",
        "ifeval",
    }
    assert {f: by_field[f]["citation"] for f in sources if f in by_field} == {
        f: c for f, c in sources.items() if f not in benchmarks
    }
    assert by_field["mmlu"]["conflicts"] == sum(1 for c in conflicts if c[0] == "mmlu")

    claims = queries.load_model_claims("mistral-7b")
    assert claims.height == n_claims
    disagreeing = claims.filter(pl.col("status") == "disagrees")
    assert sorted(disagreeing.select("field", "source", "value").rows()) == sorted(conflicts)
    assert (
        claims.filter(pl.col("status") == "used")["field"].n_unique() == claims["field"].n_unique()
    )
    assert queries.load_model("no-such-model") is None
    assert queries.load_model_values("no-such-model").is_empty()


def test_data_quality_tables(published):
    everything = queries.load_conflicts()
    mmlu = queries.load_conflicts(("mmlu",))
    assert set(mmlu["field"]) == {"mmlu"} and 0 < mmlu.height < everything.height
    fields = queries.load_conflict_fields()
    assert fields["conflicts"].sum() == everything.height
    counts = queries.load_unmatched_counts()
    one = counts["source"][0]
    assert queries.load_unmatched_names((one,)).height == counts["names"][0]
    assert queries.load_unmatched_names().height == counts["names"].sum()
    coverage = queries.load_coverage()
    assert coverage.filter(pl.col("year").is_null())["field"].is_unique().all()


def test_upstream_snapshots_come_from_the_manifests(tmp_path, monkeypatch):
    upstream = tmp_path / "upstream"
    (upstream / "alpha").mkdir(parents=True)
    (upstream / "alpha" / "MANIFEST.yaml").write_text(
        "source: alpha\ntitle: Alpha data\nlicence: MIT\nfiles:\n"
        "- {path: a.csv, upstream_date: '2025-01-02', retrieved_date: '2025-02-03', rows: 7}\n"
        "- {path: b.csv, upstream_date: 'n/a (by hand)', rows: x}\n"
    )
    (upstream / "beta").mkdir()
    (upstream / "beta" / "MANIFEST.yaml").write_text("just a string\n")  # ignored, no crash
    (upstream / "gamma").mkdir()
    (upstream / "gamma" / "MANIFEST.yaml").write_text("a: [unclosed\n")  # ignored, no crash
    monkeypatch.setenv("ATLAS_RAW_DIR", str(tmp_path))

    snapshots = queries.load_upstream_snapshots()
    assert snapshots.select("source", "file", "upstream_date", "retrieved_date", "rows").rows() == [
        ("alpha", "a.csv", dt.date(2025, 1, 2), dt.date(2025, 2, 3), 7),
        ("alpha", "b.csv", None, None, None),
    ]

    # An edited MANIFEST is read again (the cache is keyed on the file's version).
    text = (upstream / "alpha" / "MANIFEST.yaml").read_text().replace("2025-01-02", "2025-03-04")
    (upstream / "alpha" / "MANIFEST.yaml").write_text(text + "\n")
    assert queries.load_upstream_snapshots()["upstream_date"][0] == dt.date(2025, 3, 4)


def test_the_real_manifests_name_every_upstream(published):
    snapshots = queries.load_upstream_snapshots()
    assert {"epoch", "litellm", "obsscaling", "open_llm_leaderboard"} <= set(snapshots["source"])
    assert snapshots["upstream_date"].drop_nulls().len() >= 10


def test_last_build_is_the_files_modification_time(published):
    built = queries.warehouse_built_at()
    assert built.tzinfo is not None
    assert abs(built.timestamp() - published.stat().st_mtime) < 1


# --------------------------------------------------------------------------- analysis pages


def _sql(path: Path, query: str, params: list | None = None) -> pl.DataFrame:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.sql(query, params=params).pl()
    finally:
        con.close()


def test_on_the_fly_frontier_equals_the_table_at_every_published_threshold(published):
    table = _sql(published, "SELECT * FROM frontier_smallest_model")
    for (threshold, basis), expected in table.group_by("threshold", "basis"):
        computed = queries.compute_frontier("mmlu", threshold, basis).drop("model_page")
        keys = ["release_date", "params", "model_id"]
        assert computed.sort(keys).select(expected.columns).equals(expected.sort(keys)), (
            threshold,
            basis,
        )


def test_the_default_frontier_view_is_the_published_table(published):
    """Without filters at a published threshold the page shows `frontier_smallest_model` itself,
    and the same rows the live path computes (so a changed setting changes only what changed)."""
    table = _sql(published, "SELECT * FROM frontier_smallest_model WHERE benchmark = 'mmlu'")
    assert table.height > 0
    for (threshold, basis), expected in table.group_by("threshold", "basis"):
        shown = queries.load_frontier("mmlu", threshold, basis)
        live = queries.compute_frontier("mmlu", threshold, basis)
        assert shown.equals(live), (threshold, basis)
        keys = ["release_date", "params", "model_id"]
        columns = [c for c in expected.columns if c != "organization"]
        assert shown.select(columns).equals(expected.sort(keys).select(columns)), (threshold, basis)
        spaced = expected.sort(keys)["organization"].str.replace_all(",", ", ")
        assert shown["organization"].equals(spaced)
        assert shown["model_page"].str.starts_with("./model?model=").all()


def test_the_trend_fitted_here_is_the_warehouses_trend(published):
    """For the warehouse's fitted rows, refitting the same records with the same function,
    bootstrap and seed gives the same numbers: the line drawn is the trend the table reports."""
    rows = _sql(published, "SELECT * FROM frontier_trend WHERE status = 'fitted'")
    assert rows.height >= 2
    for row in rows.iter_rows(named=True):
        records = queries.compute_frontier(row["benchmark"], row["threshold"], row["basis"])
        fit = trend_lines.fit_or_none(records["release_date"], records["params"])
        assert fit.n_points == row["n_points"]
        assert fit.halving_time_months == pytest.approx(row["halving_time_months"], rel=1e-9)
        assert fit.fold_change_ci[0] == pytest.approx(row["fold_ci_low"], rel=1e-9)
        trend = queries.load_frontier_trend(row["benchmark"], row["threshold"], row["basis"])
        assert trend.published and trend.fitted
        assert trend.forecast_date == row["forecast_date"]
        line = trend.line
        assert line["release_date"].min() == records["release_date"].min()
        assert (line["value_low"] <= line["value"]).all()
        assert (line["value"] <= line["value_high"]).all()


def test_an_unpublished_threshold_is_fitted_here_or_said_to_be_too_few(published):
    published_thresholds = set(queries.load_frontier_thresholds())
    outcomes = {}
    for threshold in range(30, 90):
        if float(threshold) in published_thresholds:
            continue
        trend = queries.load_frontier_trend("mmlu", threshold, "total")
        records = queries.load_frontier("mmlu", threshold, "total")
        assert not trend.published and trend.n_points == records.height
        assert trend.fitted == (records.height >= trend.min_points)
        outcomes[trend.fitted] = threshold
    assert set(outcomes) == {True, False}  # the real data has both kinds


def test_the_calculator_uses_the_published_constants(published):
    table = _sql(published, "SELECT * FROM compute_optimal_allocation")
    for budget in table["budget_flop"].unique().to_list():
        computed = queries.allocation_for_budget(budget)
        expected = table.filter(pl.col("budget_flop") == budget)
        joined = computed.join(expected, on="fit", suffix="_table")
        assert joined.height == expected.height == 4
        for column in ("params_opt", "tokens_opt", "tokens_per_param"):
            assert joined[column].to_list() == pytest.approx(joined[f"{column}_table"].to_list())
    # The refit is rebuilt from `scaling_law_fits`' point estimates.
    refit = queries.load_refit()
    assert refit is not None and refit.fit_id == "atlas_refit_2026"
    assert refit.params_exponent == pytest.approx(
        _sql(
            published,
            "SELECT estimate FROM scaling_law_fits WHERE parameter = 'params_exponent'",
        ).item(),
        rel=1e-6,
    )


def test_cost_and_training_cost_trends_are_the_warehouses_fits(published):
    for threshold in queries.load_cost_thresholds():
        row = queries.load_cost_trend(threshold)
        line = queries.load_cost_trend_line(threshold)
        assert row is not None and line is not None
        assert line.fitted == (row["status"] == "fitted")
        if line.fitted:
            assert line.fold_change_per_year == pytest.approx(row["fold_change_per_year"])
    growth = queries.load_growth_rate("training_cost_usd")
    trend = queries.load_training_cost_trend()
    assert growth["status"] == "fitted" and trend.fitted
    assert trend.n_points == growth["n_points"]
    assert trend.fold_change_per_year == pytest.approx(growth["fold_change_per_year"])


def test_price_points_mark_a_monotone_frontier(published):
    points = queries.load_price_points()
    frontier = points.filter(pl.col("on_frontier")).sort("mmlu")
    assert frontier.height >= 3
    assert frontier["price_blended"].is_sorted()  # better costs more along the frontier
    for row in points.filter(~pl.col("on_frontier")).iter_rows(named=True):
        dominating = points.filter(
            (pl.col("mmlu") >= row["mmlu"]) & (pl.col("price_blended") <= row["price_blended"])
        )
        assert dominating.height >= 2, row["model_id"]  # itself and one at least as good


def test_analysis_reads_close_their_connections(published):
    queries.load_frontier("mmlu", 63, "active")
    queries.load_frontier_trend("mmlu", 63, "active")
    queries.load_allocation()
    queries.load_training_factors("besiroglu_2024", over=True)
    queries.load_capability_points()
    queries.load_price_points()
    queries.load_changes("added", 5)
    queries.load_build()
    con = duckdb.connect(str(published))
    con.close()
