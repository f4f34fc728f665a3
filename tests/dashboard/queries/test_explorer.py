"""dashboard/queries/explorer.py against copies of the real warehouse
(expected values come from SQL written in the tests)."""

from __future__ import annotations

import datetime as dt
import io

import duckdb
import polars as pl
import pytest

from dashboard import queries
from dashboard.queries import ModelFilters
from tests.dashboard.queries.dbread import ids


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
    expected = ids(published, where, params)
    assert expected, "the case should select some real models"
    got = queries.load_models(filters)
    assert sorted(got["model_id"]) == expected
    assert queries.count_models(filters) == len(expected)
    assert queries.load_model_counts(filters)["models"] == len(expected)


def test_search_text_is_data_not_a_pattern(published):
    for text in ("%", "_"):  # LIKE wildcards match themselves only
        assert sorted(queries.load_models(ModelFilters(search=text))["model_id"]) == ids(
            published, "contains(name, ?) OR contains(organization, ?)", [text, text]
        )
    # The search forgives punctuation, so this finds names with the words "or" and "1" (data),
    # never every model (SQL).
    injected = queries.load_models(ModelFilters(search="' OR '1'='1"))
    assert injected.height < queries.count_models()
    assert queries.load_models(ModelFilters(organizations=("x' OR 1=1 --",))).is_empty()


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
