"""Plausibility rules on real rows: each rule flags a real offending row of the committed Epoch
snapshot (run through the same readers and claims code as the pipeline, errata NOT applied, so
the values are the ones the warehouse carried) and passes the clean Chinchilla row."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import polars as pl
import pytest

from pipelines.lib.ingest.aliases import AliasError
from pipelines.lib.settings import REPO_ROOT
from pipelines.lib.staging import claims as cl
from pipelines.lib.staging import plausibility as pz
from pipelines.lib.upstream import epoch as ep

EPOCH = REPO_ROOT / "data" / "raw" / "upstream" / "epoch"
SNAPSHOTS = {
    "epoch_models_2025_08": "epoch_all_ml_systems_2025-08.csv",
    "epoch_models_2024_10": "epoch_all_ml_systems_2024-10.csv",
}
NO_ALIASES = pl.DataFrame(
    schema={"namespace": pl.String, "name_key": pl.String, "name": pl.String, "model_id": pl.String}
)


@cache
def _raw() -> dict[str, pl.DataFrame]:
    return {src: ep.read_epoch_models(EPOCH / f) for src, f in SNAPSHOTS.items()}


def real(*names: str) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(models, claims, epoch rows) for Epoch models `names` as the snapshots publish them:
    claims from both snapshots (no errata), resolved by the pipeline's own precedence."""
    parts, rows = [], []
    for src, frame in _raw().items():
        frame = frame.filter(pl.col("Model").is_in(names))
        ident = ep.epoch_identity(frame, NO_ALIASES, src)
        parts.append(ep.epoch_claims(ident, src, dt.date(2026, 11, 25)))
        rows.append((src, frame))
    claims = pl.concat(parts)
    resolved, _ = cl.resolve(claims)
    values = resolved.pivot(on="field", index="model_id", values="value")
    for column in cl.FIELDS:
        if column not in values.columns:
            values = values.with_columns(pl.lit(None, dtype=pl.Float64).alias(column))
    method = resolved.filter(pl.col("field") == "training_compute_flop").select(
        "model_id", pl.col("method").alias("compute_method")
    )
    models = values.join(method, on="model_id", how="left").with_columns(
        pl.lit("dense").alias("architecture"),
        pl.col("params_total").alias("params_active"),
        pl.lit(None, dtype=pl.String).alias("base_model_id"),
        pl.lit(None, dtype=pl.Date).alias("release_date"),
    )
    return models, claims, pz.epoch_rows(*rows)


def flagged(rule, models, claims, epoch) -> pl.DataFrame:
    runs = {
        "6nd_mismatch": lambda: pz.six_nd_mismatch(models),
        "compute_vs_6nd": lambda: pz.compute_vs_6nd(models),
        "implausible_epochs": lambda: pz.implausible_epochs(models, claims, epoch),
        "implausible_tokens_per_param": lambda: pz.implausible_tokens_per_param(models),
        "notes_contradict_column": lambda: pz.notes_contradict_column(models, claims, epoch),
    }
    return runs[rule]()


@pytest.mark.parametrize(
    ("rule", "name", "model_id", "field", "why"),
    [
        (
            "6nd_mismatch",
            "HGRN2 1B",
            "hgrn2-1b",
            "training_compute_flop",
            "6e21 labelled 6ND, but 6 x 1e9 x 100e9 = 6e20 (arithmetic slip in the notes)",
        ),
        (
            "6nd_mismatch",
            "MADLAD-400 10B",
            "madlad-400-10b",
            "training_compute_flop",
            "6ND with the 250B tokens trained, while the tokens column is the 3T dataset",
        ),
        (
            "6nd_mismatch",
            "Hybrid H3-2.7B",
            "hybrid-h3-2.7b",
            "training_compute_flop",
            "6ND of 400B tokens, while the tokens are 400B x 509 epochs",
        ),
        (
            "compute_vs_6nd",
            "M6-10T",
            "m6-10t",
            "training_compute_flop",
            "5.53e21 against 6 x 1e13 x 1.07e10 = 6.4e23 (116x)",
        ),
        (
            "implausible_epochs",
            "Hybrid H3-2.7B",
            "hybrid-h3-2.7b",
            "training_tokens",
            "400B tokens x Epochs 509.02 = 204T tokens",
        ),
        (
            "implausible_tokens_per_param",
            "BaGuaLu",
            "bagualu",
            "training_tokens",
            "17.5B tokens for 173.9T parameters = 0.0001 tokens per parameter",
        ),
        (
            "implausible_tokens_per_param",
            "M6-10T",
            "m6-10t",
            "training_tokens",
            "10.7B tokens for 10T parameters = 0.001 tokens per parameter",
        ),
        (
            "notes_contradict_column",
            "xLSTM 1.4B",
            "xlstm-1.4b",
            "training_tokens",
            "notes quote '300B tokens', the column is 3e8",
        ),
        (
            "notes_contradict_column",
            "xLSTM 1.4B",
            "xlstm-1.4b",
            "training_compute_flop",
            "2.56e18 = 6 x 1.42e9 x the contradicted 3e8 tokens",
        ),
    ],
)
def test_rule_flags_the_real_offending_row(rule, name, model_id, field, why):
    models, claims, epoch = real(name, "Chinchilla")
    rows = flagged(rule, models, claims, epoch)
    hit = rows.filter(pl.col("model_id") == model_id, pl.col("field") == field)
    assert hit.height == 1, why
    assert hit["rule"].item() == rule
    assert any(ch.isdigit() for ch in hit["evidence"].item()), "evidence carries the numbers"


@pytest.mark.parametrize(
    "rule",
    [
        "6nd_mismatch",
        "compute_vs_6nd",
        "implausible_epochs",
        "implausible_tokens_per_param",
        "notes_contradict_column",
    ],
)
def test_rule_passes_chinchilla(rule):
    """Chinchilla: 70B parameters, 1.4T tokens, 5.76e23 FLOP (reported) — all consistent."""
    models, claims, epoch = real("Chinchilla")
    row = models.row(0, named=True)
    assert (row["params_total"], row["training_tokens"], row["training_compute_flop"]) == (
        7e10,
        pytest.approx(1.4e12),
        5.76e23,
    )
    assert flagged(rule, models, claims, epoch).height == 0


def _pair(base_date, tune_date, base_score, tune_score):
    """The real Llama 3 8B / Meta-Llama-3-8B-Instruct pair of the warehouse (dates and the
    base's leaderboard MMLU 66.49), with the fine-tune's date or score as given."""
    models = pl.DataFrame(
        {
            "model_id": ["llama-3-8b", "meta-llama-3-8b-instruct"],
            "base_model_id": [None, "llama-3-8b"],
            "release_date": [base_date, tune_date],
        },
        schema={"model_id": pl.String, "base_model_id": pl.String, "release_date": pl.Date},
    )
    scores = pl.DataFrame(
        {
            "model_id": ["llama-3-8b", "meta-llama-3-8b-instruct"],
            "benchmark": ["mmlu", "mmlu"],
            "shots": [5, 5],
            "score": [base_score, tune_score],
        }
    )
    return models, scores


@pytest.mark.parametrize(
    ("tune_date", "flags", "why"),
    [
        (dt.date(2024, 4, 18), 0, "released the same day as its base (real)"),
        (dt.date(2024, 4, 10), 1, "a week before its base: the date belongs to another release"),
    ],
)
def test_finetune_before_base(tune_date, flags, why):
    models, _ = _pair(dt.date(2024, 4, 18), tune_date, 66.49, 66.5)
    rows = pz.finetune_before_base(models)
    assert rows.height == flags, why
    if flags:
        assert rows["field"].item() == "release_date"
        assert "llama-3-8b" in rows["evidence"].item()


@pytest.mark.parametrize(
    ("tune_score", "flags", "why"),
    [
        (66.5, 0, "the real pair: 66.49 (leaderboard) against 66.5 (Phi-3 paper)"),
        (66.49, 2, "the base's leaderboard score copied onto the instruct model: both flagged"),
    ],
)
def test_identical_base_instruct_scores(tune_score, flags, why):
    models, scores = _pair(dt.date(2024, 4, 18), dt.date(2024, 4, 18), 66.49, tune_score)
    rows = pz.identical_base_instruct_scores(models, scores)
    assert rows.height == flags, why
    if flags:
        assert set(rows["model_id"]) == {"llama-3-8b", "meta-llama-3-8b-instruct"}
        assert set(rows["field"]) == {"mmlu"}


@pytest.mark.parametrize(
    ("notes", "field", "expected", "why"),
    [
        ("train on 300B tokens\nfrom SlimPajama", "training_tokens", [3e11], "scale letter"),
        ("trained on 250 billion tokens", "training_tokens", [2.5e11], "scale word"),
        ("1 token ~ 0.75 words", "training_tokens", [], "Epoch's boilerplate is no quote"),
        ("6 FLOP/token/parameter * 4e11 tokens", "training_compute_flop", [], "a rate"),
        ("= 6.48e+21 FLOP", "training_compute_flop", [6.48e21], "e-notation with unit"),
        ("8.49 × 10^20 FLOP", "training_compute_flop", [8.49e20], "x 10^n"),
        ("125 TFLOPS per GPU", "training_compute_flop", [], "throughput, not compute"),
        ("70 billion parameters", "params_total", [7e10], "parameters"),
        ("100B Table 6", "training_tokens", [], "no unit: not an explicit quote"),
    ],
)
def test_quoted_figures(notes, field, expected, why):
    assert pz.quoted_figures(notes, field) == pytest.approx(expected), why


def test_without_suspicious_nulls_only_excluded_values():
    models = pl.DataFrame(
        {
            "model_id": ["a", "b", "c"],
            "params_total": [1e9, 2e9, 3e9],
            "params_active": [1e9, 2e9, 3e9],
            "training_tokens": [1e15, 2e15, 3e15],
            "training_compute_flop": [1.0, 2.0, 3.0],
            "compute_method": ["6ND", "6ND", "6ND"],
        }
    )
    flags = pl.DataFrame(
        {
            "model_id": ["a", "b", "c"],
            "field": ["training_tokens", "training_tokens", "training_compute_flop"],
            "status": ["unresolved", "acknowledged", "erratum"],
        }
    )
    out = pz.without_suspicious(models, flags)
    assert out["training_tokens"].to_list() == [None, 2e15, 3e15]
    assert out["training_compute_flop"].to_list() == [1.0, 2.0, None]
    assert out["compute_method"].to_list() == ["6ND", "6ND", None]
    assert out["params_total"].to_list() == [1e9, 2e9, 3e9]


ENTRY = """- model_id: bagualu
  field: training_tokens
  rule: implausible_tokens_per_param
  resolution: erratum
  reason: MoE total, not active.
"""


@pytest.mark.parametrize(
    ("text", "message", "why"),
    [
        (ENTRY.replace("erratum", "wrong"), ":4: resolution:", "unknown resolution, its line"),
        (ENTRY.replace("implausible_tokens_per_param", "typo"), ":3: rule:", "unknown rule"),
        (ENTRY.replace("MoE total, not active.", "''"), ":5: reason:", "empty reason"),
        (ENTRY + "  extra: 1\n", ":6: extra:", "unknown key"),
        (ENTRY + ENTRY, ":6: model_id: duplicate of the entry on line 1", "duplicate entry"),
        (
            ENTRY.replace("  rule: implausible_tokens_per_param\n", ""),
            ":1: (entry): missing rule",
            "missing key",
        ),
    ],
)
def test_resolutions_file_errors_carry_file_and_line(tmp_path: Path, text, message, why):
    path = tmp_path / "suspicious_resolutions.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AliasError, match=message.replace("(", r"\(").replace(")", r"\)")):
        pz.load_resolutions(path)


def test_committed_resolutions_are_valid():
    frame = pz.load_resolutions(REPO_ROOT / "data" / "raw" / pz.RESOLUTIONS_FILE)
    assert frame.height > 0
    assert set(frame["resolution"]) <= set(pz.RESOLUTIONS)
