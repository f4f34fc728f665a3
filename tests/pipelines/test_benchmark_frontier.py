"""The benchmark view tables (pipelines/lib/benchmark_frontier.py): the maths on small frames
whose answers are worked by hand, then the built warehouse against numbers checked by hand in
the pinned upstream rows (tolerances stated per test)."""

import datetime as dt

import duckdb
import polars as pl
import pytest

from pipelines.lib.tables.benchmark_views import VIEW_SCHEMAS
from pipelines.lib.trends import benchmark_frontier as bf

D = dt.date


def _models(rows):
    return pl.DataFrame(
        rows,
        schema={
            "model_id": pl.String,
            "name": pl.String,
            "organization": pl.String,
            "release_date": pl.Date,
            "open_weights": pl.Boolean,
            "params_total": pl.Float64,
            "params_active": pl.Float64,
        },
        orient="row",
    )


def _scores(rows):
    return pl.DataFrame(
        rows,
        schema={
            "model_id": pl.String,
            "benchmark": pl.String,
            "score": pl.Float64,
            "shots": pl.Int64,
            "source": pl.String,
            "protocol": pl.String,
            "measured_by": pl.String,
            "unit": pl.String,
        },
        orient="row",
    )


EPOCH_GPQA = "GPQA Diamond, 0-shot, accuracy (Epoch AI run)"


def _run(model, score, effort="high"):
    return (
        model, "gpqa_diamond", score, 0, "https://epoch.ai/benchmarks",
        f"{EPOCH_GPQA}; version {model}_{effort}, reasoning effort {effort}", "epoch", "percent",
    )  # fmt: skip


# ------------------------------------------------------------------------------ maths, by hand


def test_fold_decrease_is_exact_on_a_price_halving_each_year():
    dates = [D(2023, 1, 1), D(2024, 1, 1), D(2025, 1, 1), D(2026, 1, 1)]
    prices = [8.0 / 2 ** ((d - dates[0]).days / bf.DAYS_PER_YEAR) for d in dates]
    fold, low, high = bf.fold_decrease_per_year(dates, prices)
    # every resample of exact points has the same slope: the interval is the point
    assert fold == pytest.approx(2.0, rel=1e-9)
    assert low == pytest.approx(2.0, rel=1e-9) and high == pytest.approx(2.0, rel=1e-9)
    # three points within half a year extrapolate wildly: no fit
    assert (
        bf.fold_decrease_per_year([D(2025, 1, 1), D(2025, 3, 1), D(2025, 6, 1)], [4, 2, 1]) is None
    )


def test_frontier_takes_open_weights_any_effort_and_counts_what_it_leaves_out():
    models = _models(
        [
            ("big", "Big", "A", D(2024, 1, 1), True, 70e9, 70e9),
            ("small", "Small", "B", D(2024, 6, 1), True, 8e9, 8e9),
            ("closed", "Closed", "C", D(2023, 1, 1), False, None, None),
            ("tie", "Tie", "D", D(2024, 9, 1), True, 8e9, 8e9),
            ("unsized", "Unsized", "E", D(2024, 2, 1), True, None, None),
        ]
    )
    scores = _scores(
        [
            _run("big", 55.0),
            _run("small", 45.0, "low"),
            _run("small", 52.0, "high"),  # the release reaches 50 % through its high effort
            _run("closed", 90.0),
            _run("tie", 60.0),
            _run("unsized", 70.0),
        ]
    )
    table = bf.benchmark_frontier(scores, models, ("gpqa_diamond",), (50.0,))
    total = table.filter(pl.col("basis") == "total")
    # Big (70B, Jan) then Small (8B, Jun); Tie (8B, Sep) equals the record: not a new one
    assert total["model_id"].to_list() == ["big", "small"]
    assert total["score"].to_list() == [55.0, 52.0]
    row = total.row(0, named=True)
    assert row["protocol_family"] == f"{EPOCH_GPQA} [0-shot]"
    assert (row["n_scores"], row["n_left_out_not_open"], row["n_left_out_no_params"]) == (6, 1, 1)
    VIEW_SCHEMAS["benchmark_frontier"].validate(table)


def test_price_at_release_is_the_one_in_force_then_not_todays():
    models = _models(
        [
            ("m", "M", "A", D(2024, 5, 1), False, None, None),
            ("late", "Late", "A", D(2024, 5, 1), False, None, None),
            ("never", "Never", "A", D(2024, 5, 1), False, None, None),
        ]
    )
    rows = []
    for model, day, inp, out in [
        ("m", D(2024, 4, 1), 10.0, 30.0),  # in force at release (newest on or before)
        ("m", D(2024, 1, 1), 20.0, 60.0),  # older
        ("m", D(2026, 7, 1), 1.0, 2.0),  # today's price, not used
        ("late", D(2024, 6, 15), 4.0, 8.0),  # 45 days after release: the launch price
        ("never", D(2024, 9, 1), 4.0, 8.0),  # 123 days after: too late
    ]:
        for field, value in (("input", inp), ("output", out)):
            rows.append((model, f"price_usd_per_1m_{field}_tokens", value, "src", "x", day, 3))
    claims = pl.DataFrame(
        rows,
        schema=["model_id", "field", "value", "source", "citation", "as_of_date", "precedence"],
        orient="row",
    )
    prices = bf.price_at_release(claims, models).sort("model_id")
    assert prices["model_id"].to_list() == ["late", "m"]
    # (3 x 10 + 30) / 4 = 15; (3 x 4 + 8) / 4 = 5
    assert prices["price_usd_per_1m_blended"].to_list() == [5.0, 15.0]
    assert prices["price_lag_days"].to_list() == [45, -30]


def test_gap_is_months_from_the_first_closed_release_at_that_level():
    frontier = pl.DataFrame(
        {
            "weights": ["closed", "closed", "open", "open"],
            "model_id": ["c1", "c2", "o1", "o2"],
            "release_date": [D(2024, 1, 1), D(2025, 1, 1), D(2024, 7, 1), D(2025, 3, 1)],
            "eci": [130.0, 140.0, 125.0, 145.0],
        }
    )
    gap = bf.open_closed_gap(frontier)
    # o1 (125) trails c1 (130, 2024-01-01) by 182 days; nothing closed has reached o2's 145
    assert gap["closed_model_id"].to_list() == ["c1", None]
    assert gap["gap_months"][0] == pytest.approx(182 / 30.4375, abs=1e-9)
    assert gap["gap_months"][1] is None


def test_maker_against_independent_is_maker_minus_the_partys_best_variant():
    scores = _scores(
        [
            ("m", "gpqa_diamond", 80.0, 0, "https://maker", "p", "maker", "percent"),
            _run("m", 70.0, "low"),
            _run("m", 75.0, "high"),
            ("m", "gpqa_diamond", 60.0, 0, "https://x", "p", "aggregator:epoch", "percent"),
        ]
    )
    table = bf.maker_vs_independent(scores)
    assert table["measured_by"].to_list() == ["epoch"]  # an aggregator is not independent
    assert table["difference_pts"].to_list() == [5.0]
    assert table["independent_rows"].to_list() == [2]
    VIEW_SCHEMAS["maker_vs_independent"].validate(table)


# ------------------------------------------------------------------ the built warehouse, by hand


@pytest.fixture(scope="module")
def con(warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as c:
        yield c


def test_open_closed_eci_gap_of_kimi_k3(con):
    """epoch_benchmarked_models.csv: Kimi K3 (open weights, 2026-07-16) 157.49; the first closed
    release at 157.49 or more is GPT-5.4 Pro (2026-03-05) 158.57: 133 days = 4.37 months."""
    row = (
        con.sql("SELECT * FROM eci_open_closed_gap WHERE open_model_id = 'kimi-k3'")
        .pl()
        .row(0, named=True)
    )
    assert row["open_eci"] == pytest.approx(157.49, abs=1e-6)
    assert row["closed_model_id"] == "gpt-5.4-pro"
    assert row["closed_eci"] == pytest.approx(158.57, abs=1e-6)
    assert row["gap_months"] == pytest.approx(133 / 30.4375, abs=0.01)


def test_gpqa_diamond_cost_record_at_claude_3_opus_launch_price(con):
    """Claude 3 Opus at launch (Anthropic, 2024-03-04): $15 in, $75 out per 1M tokens ->
    (3 x 15 + 75) / 4 = $30 blended; it is the first Epoch-run GPQA Diamond record at 40 %."""
    first = (
        con.sql(
            """SELECT * FROM benchmark_cost_frontier WHERE benchmark = 'gpqa_diamond'
           AND measured_by = 'epoch' AND threshold = 40 ORDER BY release_date LIMIT 1"""
        )
        .pl()
        .row(0, named=True)
    )
    assert first["model_id"] == "claude-3-opus"
    assert first["price_usd_per_1m_blended"] == pytest.approx(30.0, abs=1e-9)
    assert first["price_lag_days"] <= 0
    trend = (
        con.sql(
            """SELECT * FROM benchmark_cost_trend WHERE benchmark = 'gpqa_diamond'
           AND measured_by = 'epoch' AND threshold = 40"""
        )
        .pl()
        .row(0, named=True)
    )
    assert trend["first_price_usd_per_1m_blended"] == pytest.approx(30.0, abs=1e-9)
    fold = trend["fold_decrease_per_year"]
    assert (
        fold is None
        or trend["fold_decrease_per_year_low"] <= fold <= trend["fold_decrease_per_year_high"]
    )


def test_maker_vs_epoch_gpqa_diamond_for_deepseek_r1(con):
    """DeepSeek-R1's record files GPQA Diamond under `gpqa` (protocol "GPQA Diamond pass@1 ...")
    at 71.5; Epoch's run (gpqa_diamond.csv, `DeepSeek-R1`, mean_score 0.6922348484848484) is
    69.223: the maker reports 2.277 points more (0.001)."""
    row = (
        con.sql(
            """SELECT * FROM maker_vs_independent WHERE model_id = 'deepseek-r1'
           AND benchmark = 'gpqa_diamond' AND measured_by = 'epoch'"""
        )
        .pl()
        .row(0, named=True)
    )
    assert row["maker_score"] == pytest.approx(71.5)
    assert row["independent_score"] == pytest.approx(69.2235, abs=0.001)
    assert row["difference_pts"] == pytest.approx(2.2765, abs=0.001)
    # the leaderboard's `gpqa` (another subset) is never paired with a Diamond score
    assert (
        con.sql(
            """SELECT count(*) FROM maker_vs_independent WHERE benchmark = 'gpqa_diamond'
           AND measured_by LIKE 'leaderboard:open_llm%'"""
        ).fetchall()[0][0]
        == 0
    )


def test_every_view_table_is_published_and_valid(con):
    for name, schema in VIEW_SCHEMAS.items():
        frame = con.sql(f"SELECT * FROM {name}").pl()
        assert frame.height > 0, name
        schema.validate(frame)
