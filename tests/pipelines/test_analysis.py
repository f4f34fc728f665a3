"""Analysis tables of the real build, against the published numbers of the papers they follow."""

import duckdb
import pytest


@pytest.fixture(scope="module")
def con(warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        yield connection


def _one(con, sql, params=()):
    rows = con.execute(sql, list(params)).fetchall()
    assert len(rows) == 1, rows
    return rows[0]


def test_allocation_besiroglu_at_chinchilla_budget_is_chinchilla_sized(con):
    # Chinchilla: 70B parameters, 1.4T tokens at 5.76e23 FLOP (Hoffmann et al. 2022).
    n, d, ratio = _one(
        con,
        "SELECT params_opt, tokens_opt, tokens_per_param FROM "
        "compute_optimal_allocation WHERE fit = 'besiroglu_2024' "
        "AND budget_flop = 5.76e23",
    )
    assert n == pytest.approx(70e9, rel=0.10)
    assert d == pytest.approx(1.4e12, rel=0.10)
    budgets = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT budget_flop FROM compute_optimal_allocation ORDER BY 1"
        ).fetchall()
    ]
    assert budgets[0] == 1e18 and budgets[-1] == 1e27
    fits = {
        r[0] for r in con.execute("SELECT DISTINCT fit FROM compute_optimal_allocation").fetchall()
    }
    assert {"hoffmann_2022", "besiroglu_2024", "chinchilla_20x", "atlas_refit_2026"} <= fits
    assert ratio == pytest.approx(18.3, abs=1.0)


def test_refit_lies_inside_the_published_intervals(con):
    rows = dict(con.execute("SELECT parameter, estimate FROM scaling_law_fits").fetchall())
    assert 0.317 <= rows["alpha"] <= 0.373  # Besiroglu et al. 2024, 95 % interval
    assert 0.331 <= rows["beta"] <= 0.415
    assert rows["E"] == pytest.approx(1.817, abs=0.01)
    n_points, low, high = _one(
        con, "SELECT n_points, ci_low, ci_high FROM scaling_law_fits WHERE parameter = 'alpha'"
    )
    assert n_points == 240 and low < rows["alpha"] < high


def test_compute_optimal_by_fit_matches_the_per_model_numbers(con):
    # Chinchilla is compute-optimal under the 20:1 rule by construction (1.4T / 70B = 20).
    factor = _one(
        con,
        "SELECT over_training_factor FROM compute_optimal_by_fit "
        "WHERE model_id = 'chinchilla' AND fit = 'chinchilla_20x'",
    )[0]
    assert factor == pytest.approx(1.0, abs=0.01)
    # Llama 3 8B: 15T tokens on 8B parameters, ~94x the 20:1 rule.
    llama3 = _one(
        con,
        "SELECT over_training_factor FROM compute_optimal_by_fit "
        "WHERE model_id = 'llama-3-8b' AND fit = 'chinchilla_20x'",
    )[0]
    assert llama3 > 50


def test_growth_rates_carry_intervals_and_point_counts(con):
    fold, low, high, n = _one(
        con,
        "SELECT fold_change_per_year, fold_ci_low, fold_ci_high, "
        "n_points FROM growth_rates WHERE metric = 'training_compute_flop'",
    )
    assert low < fold < high and n > 100
    assert 2 < fold < 10  # brackets Epoch AI's ~4-5x/year for notable models


def test_frontier_density_gives_a_halving_time_and_a_1b_forecast(con):
    row = _one(
        con,
        "SELECT status, halving_time_months, time_ci_low_months, "
        "time_ci_high_months, forecast_date, n_points FROM frontier_trend "
        "WHERE benchmark = 'mmlu' AND threshold = 60 AND basis = 'total'",
    )
    status, halving, low, high, forecast, n = row
    assert status == "fitted" and n >= 8
    assert low <= halving <= high and 1 < halving < 24
    assert forecast is not None and forecast.year >= 2024
    # Too few records at 80 % to fit: reported, not silently dropped.
    assert _one(con, "SELECT status FROM frontier_trend WHERE threshold = 80 AND basis = 'total'")[
        0
    ].startswith("not fitted")


def test_primer_numbers(con):
    assert _one(
        con,
        "SELECT memory_gb_fp16, memory_gb_int4 FROM serving_memory WHERE model_id = 'llama-2-7b'",
    ) == (14.0, 3.5)
    total = _one(con, "SELECT sum(models) FROM size_classes")[0]
    # size classes are per release year: models with parameters and a known date.
    with_params = _one(
        con,
        "SELECT count(*) FROM models WHERE params_total IS NOT NULL AND release_date IS NOT NULL",
    )[0]
    assert total == with_params
    chance = _one(con, "SELECT DISTINCT chance_pct FROM emergence_points WHERE benchmark = 'mmlu'")[
        0
    ]
    assert chance == 25.0


def test_capability_fit_is_a_sensible_sigmoid(con):
    k, x0, n = _one(
        con,
        "SELECT k, x0, n_points FROM capability_fits WHERE x_variable = "
        "'log10_compute' AND \"group\" = 'all' AND confidence_filter = 'all'",
    )
    assert k > 0 and 21 < x0 < 27 and n > 50
    low, high = _one(
        con,
        "SELECT min(score_pct_lower), max(score_pct_upper) FROM "
        "capability_curves WHERE x_variable = 'log10_compute' AND \"group\" = 'all'",
    )
    assert low >= 25 and high <= 100


def test_cost_frontier_gets_cheaper(con):
    rows = con.execute(
        "SELECT price_usd_per_1m_blended FROM cost_frontier WHERE threshold = 70 "
        "ORDER BY release_date"
    ).fetchall()
    prices = [r[0] for r in rows]
    assert len(prices) >= 2 and prices == sorted(prices, reverse=True)


# The rule of `pipelines.lib.trends.prices`, restated in SQL: the newest date with both prices
# on or before the release, else the earliest after it.
_PRICE_IN_FORCE_SQL = """
WITH dated AS (
    SELECT model_id, as_of_date FROM claims
    WHERE field IN ('price_usd_per_1m_input_tokens', 'price_usd_per_1m_output_tokens')
      AND as_of_date IS NOT NULL
    GROUP BY ALL HAVING count(DISTINCT field) = 2
)
SELECT d.model_id,
       coalesce(max(d.as_of_date) FILTER (WHERE d.as_of_date <= m.release_date),
                min(d.as_of_date) FILTER (WHERE d.as_of_date > m.release_date)) AS expected
FROM dated AS d JOIN models AS m USING (model_id)
GROUP BY d.model_id
"""


def test_cost_frontier_prices_each_record_at_the_price_in_force_at_its_release(con):
    rows = con.execute(
        f"""
        WITH rule AS ({_PRICE_IN_FORCE_SQL})
        SELECT f.model_id, f.price_as_of_date, r.expected, f.price_usd_per_1m_blended,
               (SELECT list(DISTINCT (3 * i.value + o.value) / 4) FROM claims AS i, claims AS o
                WHERE i.model_id = f.model_id AND o.model_id = f.model_id
                  AND i.field = 'price_usd_per_1m_input_tokens'
                  AND o.field = 'price_usd_per_1m_output_tokens'
                  AND i.as_of_date = f.price_as_of_date AND o.as_of_date = f.price_as_of_date)
        FROM cost_frontier AS f LEFT JOIN rule AS r USING (model_id)
        """
    ).fetchall()
    assert rows
    for model_id, as_of, expected, blended, possible in rows:
        assert expected is not None, model_id
        assert as_of == expected, model_id
        assert any(abs(blended - p) <= 1e-9 * p for p in possible), (model_id, blended, possible)


def test_cost_frontier_compares_launch_prices_not_newest_list_prices(con):
    """GPT-4o mini enters the >= 80 % frontier at its launch price, observed on its release day
    (2024-07-18), not at the 2026 observation `models` keeps; Gemini 1.5 Pro, whose newest list
    price is half its earliest cited one, enters at the earliest (2025-07-19) price."""
    rows = dict(
        con.execute(
            """
            SELECT f.model_id,
                   [f.price_as_of_date = m.release_date, f.price_as_of_date < m.price_as_of_date,
                    f.price_usd_per_1m_blended > 1.5 * (3 * m.price_usd_per_1m_input_tokens
                        + m.price_usd_per_1m_output_tokens) / 4]
            FROM cost_frontier AS f JOIN models AS m USING (model_id)
            WHERE f.threshold = 80 AND f.model_id IN ('gpt-4o-mini', 'gemini-1.5-pro')
            """
        ).fetchall()
    )
    assert rows["gpt-4o-mini"][:2] == [True, True]
    assert rows["gemini-1.5-pro"][1:] == [True, True]
