"""dashboard/queries/model.py against copies of the real warehouse
(expected values come from SQL written in the tests)."""

from __future__ import annotations

import duckdb
import polars as pl

from dashboard import queries


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
    # a measurer's own score (Epoch's hub, a self-reported one) is shown, never judged
    separate = claims.filter(pl.col("status") == "separate measurement")
    assert separate.height > 0
    hub = separate["source"].str.starts_with("epoch_benchmarking_hub")
    assert (hub | (separate["source"] == "llm_stats_self_reported")).all()
    judged = claims.filter(pl.col("status") != "separate measurement")
    assert (
        judged.filter(pl.col("status") == "used")["field"].n_unique() == judged["field"].n_unique()
    )
    assert queries.load_model("no-such-model") is None
    assert queries.load_model_values("no-such-model").is_empty()
