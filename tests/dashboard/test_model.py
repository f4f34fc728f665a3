"""The Model page, run headless with AppTest over the real warehouse."""

from __future__ import annotations

import json
import re

from dashboard import formats
from tests.dashboard.apptest import MODEL, metric_values, rerun, run_app, specs, sql, table


def test_model_page_opens_the_model_named_in_the_url(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, MODEL, {"model": "gpt-4"})
    assert at.selectbox(key="model_picker").value == "gpt-4"
    assert not any("not in the warehouse" in w.value for w in at.warning)

    values = table(at, 0)
    sources = sql(warehouse, "SELECT field, citation, method FROM sources WHERE model_id = 'gpt-4'")
    by_field = dict(zip(values["field"], values["citation"], strict=True))
    for field, citation in zip(sources["field"], sources["citation"], strict=True):
        assert by_field[field] == citation, field
    assert "training_compute_flop" in by_field and "mmlu" in by_field

    claims = table(at, 1)
    expected = sql(warehouse, "SELECT * FROM claims WHERE model_id = 'gpt-4'")
    assert len(claims) == len(expected) > 5
    assert set(claims["source"]) == set(expected["source"])
    assert {"used"} <= set(claims["status"])
    assert len(specs(at)) == 1 and "relative to the value used" in json.dumps(specs(at)[0])


def test_model_page_marks_a_hub_upload_release_date_as_an_estimate(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, MODEL, {"model": "yi-1.5-6b"})
    assert metric_values(at)["Released"] == "May 2024 (est.)"
    row = table(at, 0).set_index("field").loc["release_date"]
    assert row["value_text"] == "2024-05-11"
    assert row["source_label"] == "Open LLM Leaderboard v2"
    assert row["method"] == "estimate"
    assert row["citation"] == "https://huggingface.co/01-ai/Yi-1.5-6B"
    # A date from the model's own Epoch row carries no mark.
    at = run_app(monkeypatch, warehouse, MODEL, {"model": "llama-2-70b"})
    assert metric_values(at)["Released"] == "Jul 2023"


def test_model_page_lists_every_benchmark_score_with_its_protocol(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, MODEL, {"model": "llama-2-70b"})
    shown = table(at, len(at.dataframe) - 1)
    expected = sql(
        warehouse,
        "SELECT benchmark, score, shots FROM benchmark_scores WHERE model_id = 'llama-2-70b'",
    )
    assert len(shown) == len(expected) >= 10  # MMLU, the v1 five, HumanEval, the v2 six
    labels = dict(zip(shown["benchmark"], shown["benchmark_label"], strict=True))
    assert labels["arc_c"] == "ARC-Challenge" and labels["mmlu_pro"] == "MMLU-Pro"

    # several parties may score one (benchmark, shots): compare the rows as multisets, an
    # unstated shot count (null, NaN on the page) as -1
    def rows(frame):
        import pandas as pd

        return sorted(
            (b, -1 if pd.isna(s) else int(s), round(float(v), 9))
            for b, s, v in zip(frame["benchmark"], frame["shots"], frame["score"], strict=True)
        )

    assert rows(shown) == rows(expected)


def test_model_page_flags_the_models_conflicts(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, MODEL, {"model": "mistral-7b"})
    conflicts = sql(warehouse, "SELECT * FROM conflicts WHERE model_id = 'mistral-7b'")
    assert len(conflicts) > 0
    claims = table(at, 1)
    flagged = claims[claims["status"] == "disagrees"]
    assert len(flagged) == len(conflicts)
    assert sorted(flagged["value"]) == sorted(conflicts["value_other"])
    verb = "disagrees" if len(conflicts) == 1 else "disagree"
    assert any(
        f"{formats.counted(len(conflicts), 'claim')} {verb} with" in w.value for w in at.warning
    )
    # Highlighted: conflict rows of the claims table are shaded.
    styles = at.dataframe[1].proto.arrow_data.styler.styles
    shaded = {int(r) for r in re.findall(r"_row(\d+)_col0", styles)}
    assert shaded == set(claims.index[claims["status"] == "disagrees"])


def test_model_selection_round_trips_through_the_url(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, MODEL)
    default = at.selectbox(key="model_picker").value
    assert at.query_params.get("model") == default  # the address names the model shown

    at.selectbox(key="model_picker").set_value("llama-2-70b")
    rerun(at)
    assert at.query_params.get("model") == "llama-2-70b"
    assert set(table(at, 1)["source"]) == set(
        sql(warehouse, "SELECT source FROM claims WHERE model_id = 'llama-2-70b'")["source"]
    )

    shared = run_app(monkeypatch, warehouse, MODEL, dict(at.query_params))
    assert shared.selectbox(key="model_picker").value == "llama-2-70b"


def test_model_page_with_an_unknown_id_says_not_found_and_keeps_the_url(monkeypatch, warehouse):
    """Was: a warning, then another model shown and the URL rewritten to it (issue 17)."""
    at = run_app(monkeypatch, warehouse, MODEL, {"model": "no-such-model"})
    assert any("No model `no-such-model`" in w.value for w in at.warning)
    assert at.query_params["model"] in ("no-such-model", ["no-such-model"])
    assert at.selectbox(key="model_picker").value is None
    assert not at.get("vega_lite_chart")


def test_model_page_and_conflicts_apply_one_tolerance_rule(monkeypatch, warehouse):
    """GPT-4o's launch price ($5 per 1M input tokens, 2024-05-13) was cut to $2.50 on
    2024-08-06: the later price is its history ("other date"), not a claim that "agrees" with a
    2x lower value; and what the page flags as disagreeing is exactly what `conflicts` lists."""
    used = sql(
        warehouse,
        "SELECT price_usd_per_1m_input_tokens AS p, price_as_of_date AS d FROM models "
        "WHERE model_id = 'gpt-4o'",
    )
    later = sql(
        warehouse,
        "SELECT value, source, as_of_date FROM claims WHERE model_id = 'gpt-4o' "
        "AND field = 'price_usd_per_1m_input_tokens' AND as_of_date <> ? "
        "AND abs(value - ?) / greatest(value, ?) > 0.4",
        [used["d"][0], float(used["p"][0]), float(used["p"][0])],
    )
    assert len(later) > 0  # a real price change in the claims
    at = run_app(monkeypatch, warehouse, MODEL, {"model": "gpt-4o"})
    claims = table(at, 1)
    prices = claims[claims["field"] == "price_usd_per_1m_input_tokens"]
    for value, source in zip(later["value"], later["source"], strict=True):
        row = prices[(prices["value"] == value) & (prices["source"] == source)]
        assert set(row["status"]) == {"other date"}, (value, source, set(row["status"]))
        assert set(row["status_label"]) == {"◷ other date"}
    assert "agrees" not in set(prices[prices["value"] != used["p"][0]]["status"])

    for model_id in ("gpt-4o", "mistral-7b", "llama-2-70b"):
        at = run_app(monkeypatch, warehouse, MODEL, {"model": model_id})
        claims = table(at, 1)
        flagged = claims[claims["status"] == "disagrees"]
        listed = sql(warehouse, "SELECT * FROM conflicts WHERE model_id = ?", [model_id])
        assert sorted(zip(flagged["field"], flagged["source"], flagged["value"], strict=True)) == (
            sorted(zip(listed["field"], listed["source_other"], listed["value_other"], strict=True))
        ), model_id


def test_url_text_echoed_in_a_note_cannot_inject_markdown(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, MODEL, {"model": "x`[click](https://evil.example)`"})
    (note,) = [w.value for w in at.warning if "No model" in w.value]
    assert "](" not in note and note.count("`") == 2
