"""dashboard/queries/compute_optimal.py against copies of the real warehouse
(expected values come from SQL written in the tests)."""

from __future__ import annotations

import polars as pl
import pytest

from dashboard import queries
from tests.dashboard.queries.dbread import sql


def test_the_calculator_uses_the_published_constants(published):
    table = sql(published, "SELECT * FROM compute_optimal_allocation")
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
        sql(
            published,
            "SELECT estimate FROM scaling_law_fits WHERE parameter = 'params_exponent'",
        ).item(),
        rel=1e-6,
    )
