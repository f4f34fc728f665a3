"""dashboard/charts/model.py: checked on the Vega-Lite spec it produces."""

from __future__ import annotations

import polars as pl

from dashboard import charts, formats


def test_claims_chart_places_each_claim_relative_to_the_value_used():
    claims = pl.DataFrame(
        {
            "field": ["mmlu", "mmlu", "params_total"],
            "value": [60.0, 66.0, 7.3e9],
            "status": ["used", "disagrees", "agrees"],
            "source": ["curated", "epoch_mmlu", "obsscaling"],
            "citation": ["https://a", "https://b", "https://c"],
            "method": ["reported"] * 3,
            "confidence": [None] * 3,
            "difference": [None, 6.0, None],
            "difference_kind": [None, "absolute", None],
        },
        schema_overrides={"confidence": pl.String},
    )
    values = pl.DataFrame(
        {"field": ["mmlu", "params_total", "release_date"], "value": [60.0, 7e9, None]}
    )
    chart = charts.claims_vs_used_chart(formats.claims_table(claims), values)
    one, dots = chart.to_dict()["layer"]
    spec = chart.to_dict()
    assert dots["encoding"]["x"]["scale"]["type"] == "log"
    rows = spec["datasets"][dots["data"]["name"]]
    # Only drawn columns travel: the labels, not the field and status ids.
    ratios = {(r["field_label"], r["status_label"]): round(r["ratio"], 3) for r in rows}
    mmlu, params = formats.field_label("mmlu"), formats.field_label("params_total")
    assert ratios == {
        (mmlu, "✓ used"): 1.0,
        (mmlu, "⚠ disagrees"): 1.1,
        (params, "≈ agrees"): round(7.3 / 7, 3),
    }
    assert {r["status_label"] for r in rows} == {"✓ used", "⚠ disagrees", "≈ agrees"}
    assert "÷" in dots["encoding"]["x"]["axis"]["labelExpr"]  # values below 1× read as ÷
