"""dashboard/queries/data_quality.py against copies of the real warehouse
(expected values come from SQL written in the tests)."""

from __future__ import annotations

import polars as pl

from dashboard import queries


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
