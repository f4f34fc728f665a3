"""How numbers and field names read on screen: 7.3B parameters, 8.1e23 FLOP, $0.65 per 1M tokens.

Pure functions (no Streamlit, no I/O), shared by the chart builders and the pages' tables.
"""

from __future__ import annotations

import math
import re

import polars as pl
import streamlit as st

# Every `models` column an analyst sees, in reading order: (label, unit shown after the value).
FIELDS: dict[str, tuple[str, str]] = {
    "organization": ("Organization", ""),
    "release_date": ("Released", ""),
    "architecture": ("Architecture", ""),
    "open_weights": ("Open weights", ""),
    "params_total": ("Parameters (total)", "parameters"),
    "params_active": ("Parameters active per token", "parameters"),
    "params_active_method": ("Active count method", ""),
    "training_tokens": ("Training tokens", "tokens"),
    "training_compute_flop": ("Training compute", "FLOP"),
    "compute_method": ("Compute method", ""),
    "context_window": ("Context window", "tokens"),
    "mmlu": ("MMLU 5-shot", "%"),
    "price_usd_per_1m_input_tokens": ("Price, input", "USD per 1M tokens"),
    "price_usd_per_1m_output_tokens": ("Price, output", "USD per 1M tokens"),
    "price_as_of_date": ("Price as of", ""),
    "training_cost_usd": ("Training cost", "USD"),
    "base_model_id": ("Fine-tuned from", ""),
    "source_file": ("Record file", ""),
}

# Coverage rows that are combinations of columns rather than one column.
COVERAGE_FIELDS: dict[str, str] = {
    "models": "Models (all language models)",
    "params+tokens+compute": "Parameters + tokens + compute",
    "price+context": "Price + context window",
    "moe": "Mixture of experts (MoE)",
    "moe_with_active": "MoE with active parameters",
    "suspicious_values": "Models with a suspicious value",
    "suspicious_unresolved_in_rankings": "Rankable models with an unresolved suspicious value",
    "primary_source_records": "Records citing the maker's own source at a commit",
    "mmlu_or_mmlu_pro_2025": "Releases since 2025 with 5-shot MMLU or MMLU-Pro",
    "small_models_mmlu_50": "Under 8B, 2024-06 or later, 5-shot MMLU at least 50 %",
}
# Coverage rows whose target is a ceiling (at most), not a floor: pipelines/lib/coverage.py.
COVERAGE_CEILINGS = ("suspicious_unresolved_in_rankings",)

SOURCE_LABELS: dict[str, str] = {
    "curated": "Curated record",
    "curated_copy": "Curated record (copy of the maker's source)",
    "epoch_notable_2026_08": "Epoch AI notable models (2026-08)",
    "epoch_large_scale_2026_08": "Epoch AI large-scale models (2026-08)",
    "epoch_frontier_2026_03": "Epoch AI frontier models (2026-03)",
    "epoch_models_2025_08": "Epoch AI models (2025-08)",
    "epoch_models_2024_10": "Epoch AI models (2024-10)",
    "epoch": "Epoch AI models (every snapshot)",  # ERRATA.yaml beside the Epoch snapshots
    "epoch_mmlu": "Epoch AI MMLU",
    "epoch_benchmarks_2024_10": "Epoch AI benchmarks (2024-10)",
    "epoch_api_prices": "Epoch AI API prices",
    "open_llm_leaderboard_v1": "Open LLM Leaderboard v1",
    "open_llm_leaderboard_v2": "Open LLM Leaderboard v2",
    "epoch_model_versions": "Epoch AI model versions",
    "obsscaling": "ObsScaling (Ruan et al. 2024)",
    "litellm": "LiteLLM prices",
    "litellm_2026_08": "LiteLLM prices (2026-08-01)",
    "llm_stats": "LLM-Stats",
    "token_tariff_timeline": "Token Tariff launch prices",
    "openrouter_2026_08": "OpenRouter model list (2026-08-01)",
    "models_dev_2026_07": "models.dev",
    "genai_prices_2026_08": "genai-prices (Pydantic)",
}


def field_label(field: str) -> str:
    """`params_total` -> "Parameters (total)"; unknown names come back unchanged."""
    if field in FIELDS:
        return FIELDS[field][0]
    return COVERAGE_FIELDS.get(field) or BENCHMARK_LABELS.get(field, field)


def source_label(source: str | None) -> str:
    return "" if source is None else SOURCE_LABELS.get(source, source)


def format_count(value: float | None) -> str:
    """A count in words people use for model sizes: 7.3B, 280B, 1.8T, 125M."""
    if value is None or not math.isfinite(value):
        return ""
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(value) >= scale:
            return f"{value / scale:.3g}{suffix}"
    return f"{value:.3g}"


def format_flop(value: float | None, *, unit: bool = True) -> str:
    """Compute in scientific notation, the way papers write it: 8.1e23 FLOP (or 8.1e23)."""
    if value is None or not math.isfinite(value):
        return ""
    mantissa, exponent = f"{value:.2e}".split("e")
    return f"{float(mantissa):g}e{int(exponent)}" + (" FLOP" if unit else "")


def format_value(field: str, value: float | None) -> str:
    """One number of a `models` column (or a claim about it) as text with its unit."""
    if value is None or not math.isfinite(value):
        return ""
    if field in ("params_total", "params_active"):
        return format_count(value)
    if field == "training_tokens":
        return f"{format_count(value)} tokens"
    if field == "training_compute_flop":
        return format_flop(value)
    if field == "context_window":
        return f"{value:,.0f} tokens"
    if field == "mmlu" or field in BENCHMARK_LABELS:  # benchmark scores are percent
        return f"{value:.1f}%"
    if field.startswith("price_usd"):
        return f"${value:,.2f} / 1M tokens" if value >= 0.01 else f"${value:.4g} / 1M tokens"
    if field == "training_cost_usd":
        return f"${format_count(value)}"
    return f"{value:,.6g}"


def format_difference(value: float | None, kind: str | None) -> str:
    """`conflicts.difference`: relative ones as a percentage, absolute ones in points."""
    if value is None or not math.isfinite(value):
        return ""
    if kind == "relative":
        return f"{value:.0%}"
    return f"{value:.1f} pts"


# ----------------------------------------------------------------------------- table shaping

STATUS_LABELS = {"used": "✓ used", "agrees": "≈ agrees", "disagrees": "⚠ disagrees"}


def _texts(values, fields) -> list[str]:
    return [format_value(f, v) for f, v in zip(fields, values, strict=True)]


def values_table(values: pl.DataFrame) -> pl.DataFrame:
    """`queries.load_model_values` for display: a label and a unit-bearing text per value."""
    text = [
        t if t is not None else format_value(f, v)
        for f, v, t in zip(values["field"], values["value"], values["text"], strict=True)
    ]
    return values.with_columns(
        pl.Series("field_label", [field_label(f) for f in values["field"]], dtype=pl.String),
        pl.Series("value_text", text, dtype=pl.String),
        pl.Series("source_label", [source_label(s) for s in values["source"]], dtype=pl.String),
    )


def claims_table(claims: pl.DataFrame) -> pl.DataFrame:
    """`queries.load_model_claims` for display: labels, value text and a status word."""
    return claims.with_columns(
        pl.Series("field_label", [field_label(f) for f in claims["field"]], dtype=pl.String),
        pl.Series("value_text", _texts(claims["value"], claims["field"]), dtype=pl.String),
        pl.Series("source_label", [source_label(s) for s in claims["source"]], dtype=pl.String),
        pl.Series(
            "status_label", [STATUS_LABELS.get(s, s) for s in claims["status"]], dtype=pl.String
        ),
        pl.Series(
            "difference_text",
            [
                format_difference(d, k)
                for d, k in zip(claims["difference"], claims["difference_kind"], strict=True)
            ],
            dtype=pl.String,
        ),
    )


def revisions_table(revisions: pl.DataFrame) -> pl.DataFrame:
    """`queries.load_upstream_revisions` for display: both values as text with units, the
    change in percent, and the two snapshots by name and date."""
    snapshots = [
        f"{source_label(a)} ({da:%Y-%m-%d}) → {source_label(b)} ({db:%Y-%m-%d})"
        for a, da, b, db in zip(
            revisions["source_before"],
            revisions["as_of_before"],
            revisions["source_after"],
            revisions["as_of_after"],
            strict=True,
        )
    ]
    return revisions.with_columns(
        pl.Series("field_label", [field_label(f) for f in revisions["field"]], dtype=pl.String),
        pl.Series("before", _texts(revisions["value_before"], revisions["field"]), dtype=pl.String),
        pl.Series("after", _texts(revisions["value_after"], revisions["field"]), dtype=pl.String),
        (pl.col("relative_change") * 100).alias("change_pct"),
        pl.Series("snapshots", snapshots, dtype=pl.String),
    )


def conflicts_table(conflicts: pl.DataFrame) -> pl.DataFrame:
    """`queries.load_conflicts` for display: both values as text with units, the difference in
    % or points, sources by name."""
    return conflicts.with_columns(
        pl.Series("field_label", [field_label(f) for f in conflicts["field"]], dtype=pl.String),
        pl.Series(
            "chosen_text", _texts(conflicts["value_chosen"], conflicts["field"]), dtype=pl.String
        ),
        pl.Series(
            "other_text", _texts(conflicts["value_other"], conflicts["field"]), dtype=pl.String
        ),
        pl.Series(
            "difference_text",
            [
                format_difference(d, k)
                for d, k in zip(conflicts["difference"], conflicts["difference_kind"], strict=True)
            ],
            dtype=pl.String,
        ),
        pl.Series(
            "source_chosen_label",
            [source_label(s) for s in conflicts["source_chosen"]],
            dtype=pl.String,
        ),
        pl.Series(
            "source_other_label",
            [source_label(s) for s in conflicts["source_other"]],
            dtype=pl.String,
        ),
    )


def coverage_table(coverage: pl.DataFrame) -> pl.DataFrame:
    """The all-years rows of `coverage`, labelled, most complete first, with `target_met`."""
    overall = coverage.filter(pl.col("year").is_null())
    return overall.with_columns(
        pl.Series("field_label", [field_label(f) for f in overall["field"]], dtype=pl.String),
        (pl.col("share") * 100).alias("share_pct"),
        pl.when(pl.col("target").is_null())
        .then(None)
        .when(pl.col("field").is_in(COVERAGE_CEILINGS))
        .then(pl.col("with_value") <= pl.col("target"))
        .otherwise(pl.col("with_value") >= pl.col("target"))
        .alias("target_met"),
    ).sort("share", "field", descending=[True, False])


SUSPICIOUS_STATUS_LABELS = {
    "unresolved": "Unresolved (left out)",
    "erratum": "Erratum (left out)",
    "acknowledged": "Acknowledged (used)",
}


def suspicious_table(frame: pl.DataFrame) -> pl.DataFrame:
    """`queries.load_suspicious_values` with field and status labels and the model page link."""
    return frame.with_columns(
        pl.Series("field_label", [field_label(f) for f in frame["field"]], dtype=pl.String),
        pl.col("status")
        .replace_strict(SUSPICIOUS_STATUS_LABELS, default=pl.col("status"))
        .alias("status_label"),
        pl.concat_str([pl.lit("/model?model="), pl.col("model_id")]).alias("model_page"),
    ).rename({"reason": "review"})


def snapshots_table(snapshots: pl.DataFrame) -> pl.DataFrame:
    """`queries.load_upstream_snapshots` with the source's display name."""
    return snapshots.with_columns(
        pl.Series(
            "source_label",
            [UPSTREAM_LABELS.get(s, s) for s in snapshots["source"]],
            dtype=pl.String,
        )
    )


def unmatched_table(names: pl.DataFrame) -> pl.DataFrame:
    """`queries.load_unmatched_names` with the source's display name."""
    return names.with_columns(
        pl.Series("source_label", [source_label(s) for s in names["source"]], dtype=pl.String)
    )


LLM_STATS_CREDIT = "[LLM-Stats](https://github.com/JonathanChavezTamales/llm-leaderboard)"

UPSTREAM_LABELS = {
    "epoch": "Epoch AI",
    "epoch_2026": "Epoch AI 2026-08 exports",
    "epoch_benchmarking_hub": "Epoch AI Benchmarking Hub",
    "llm_stats_final_2025-10-24": "LLM-Stats final commit",
    "litellm": "LiteLLM",
    "llm_stats": "LLM-Stats",
    "obsscaling": "ObsScaling",
    "open_llm_leaderboard": "Open LLM Leaderboard",
    "scaling_laws": "Scaling-law papers",
    "token_tariff_2026-08": "Token Tariff feed snapshots",
    "models_dev_2026-07": "models.dev",
    "genai_prices_2026-08": "genai-prices",
}


HIGHLIGHT = "background-color: #ffedd5"  # orange-100: rows that need a second look


def highlight_rows(frame: pl.DataFrame, column: str, value: str):
    """`frame` as a pandas Styler whose rows with `column == value` are shaded, for
    `st.dataframe` (which keeps the styling and still applies its column config)."""
    table = frame.to_pandas()

    def shade(row):
        return [HIGHLIGHT if row[column] == value else ""] * len(row)

    return table.style.apply(shade, axis=1)


# ----------------------------------------------------------------------------- analysis pages

# Benchmarks by their `benchmark_scores.benchmark` id; other ids are shown as they are.
BENCHMARK_LABELS: dict[str, str] = {
    "mmlu": "MMLU 5-shot",
    "gsm8k": "GSM8K",
    "arc_c": "ARC-Challenge",
    "hellaswag": "HellaSwag",
    "winogrande": "WinoGrande",
    "truthfulqa": "TruthfulQA MC2",
    "humaneval": "HumanEval pass@1",
    "math": "MATH",
    "mmlu_pro": "MMLU-Pro",
    "bbh": "BIG-Bench Hard",
    "math_lvl5": "MATH level 5",
    "gpqa": "GPQA",
    "musr": "MuSR",
    "ifeval": "IFEval",
}

# Compute-optimal fits and rules by their `fit` id, in display order.
FIT_LABELS: dict[str, str] = {
    "hoffmann_2022": "Hoffmann et al. 2022 (Approach 3)",
    "besiroglu_2024": "Besiroglu et al. 2024 (replication)",
    "chinchilla_20x": "20 tokens per parameter (rule of thumb)",
    "atlas_refit_2026": "Scaling Atlas refit (2026)",
}
FIT_SHORT_LABELS: dict[str, str] = {
    "hoffmann_2022": "Hoffmann 2022",
    "besiroglu_2024": "Besiroglu 2024",
    "chinchilla_20x": "20:1 rule",
    "atlas_refit_2026": "Atlas refit",
}

# `growth_rates.metric` -> what grows, in words.
METRIC_LABELS: dict[str, str] = {
    "training_compute_flop": "Training compute",
    "params_total": "Parameters (total)",
    "training_tokens": "Training tokens",
    "context_window": "Context window",
    "training_cost_usd": "Training cost",
    "price_usd_per_1m_blended": "API price (3:1 blended)",
}

# `scaling_law_fits.parameter` -> what it is.
LOSS_PARAMETER_LABELS: dict[str, str] = {
    "E": "E (irreducible loss, nats/token)",
    "A": "A (parameter term)",
    "B": "B (data term)",
    "alpha": "α (parameter exponent)",
    "beta": "β (data exponent)",
    "params_exponent": "a = β/(α+β) in N_opt ∝ C^a",
}


def benchmark_label(benchmark: str | None) -> str:
    return "" if benchmark is None else BENCHMARK_LABELS.get(benchmark, benchmark)


def protocol_label(benchmark: str | None, shots: int | None) -> str:
    """A benchmark with its shot count, as one chart shows it: `GSM8K (5-shot)`; MMLU's
    label already says 5-shot."""
    label = benchmark_label(benchmark)
    if shots is None or (benchmark == "mmlu" and shots == 5):
        return label
    return f"{label} ({int(shots)}-shot)"


def fit_label(fit: str | None) -> str:
    return "" if fit is None else FIT_LABELS.get(fit, fit)


def format_usd(value: float | None) -> str:
    """Money: $4.6M, $78K, $0.50 (no cents above $100)."""
    if value is None or not math.isfinite(value):
        return ""
    if abs(value) >= 1e3:
        return f"${format_count(value)}"
    if abs(value) >= 100:
        return f"${value:,.0f}"
    return f"${value:,.2f}" if abs(value) >= 0.01 else f"${value:.2g}"


def format_months(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "–"
    return f"{value:.1f}"


def format_interval(low: float | None, high: float | None, fmt: str = ".2g", unit: str = "") -> str:
    """A 95 % interval as text: `2.9–7.2 months`; an open end reads `∞`."""

    def one(v: float | None) -> str:
        if v is None:
            return "?"
        if not math.isfinite(v):
            return "∞"
        return format(v, fmt)

    if low is None and high is None:
        return "–"
    return f"{one(low)}–{one(high)}{unit}"


def fold_text(fold: float | None) -> str:
    """A fold change per year in words: `×6.7 per year` or `÷28 per year` (falling)."""
    if fold is None or not math.isfinite(fold) or fold <= 0:
        return "–"
    if fold >= 1:
        return f"×{fold:.3g} per year"
    return f"÷{1 / fold:.3g} per year"


def growth_table(rates: pl.DataFrame) -> pl.DataFrame:
    """`growth_rates` (or `cost_trend`) for display: the metric in words, the fold change per
    year with its interval as text, and the doubling or halving time with its interval."""
    fitted = rates["status"] == "fitted"
    rising = rates["fold_change_per_year"].fill_null(1.0) >= 1
    time = rates["doubling_time_months"].fill_null(rates["halving_time_months"])
    return rates.with_columns(
        pl.Series(
            "metric_label", [METRIC_LABELS.get(m, m) for m in rates["metric"]], dtype=pl.String
        ),
        pl.Series(
            "fold_text",
            [
                fold_text(f) if ok else "not fitted"
                for f, ok in zip(rates["fold_change_per_year"], fitted, strict=True)
            ],
            dtype=pl.String,
        ),
        pl.Series(
            "fold_interval",
            [
                format_interval(lo, hi, ".3g", "×") if ok else "–"
                for lo, hi, ok in zip(
                    rates["fold_ci_low"], rates["fold_ci_high"], fitted, strict=True
                )
            ],
            dtype=pl.String,
        ),
        pl.Series(
            "time_text",
            [
                f"{'doubles' if r else 'halves'} every {t:.1f} months" if ok and t else "–"
                for r, t, ok in zip(rising, time, fitted, strict=True)
            ],
            dtype=pl.String,
        ),
        time.alias("time_months"),
        pl.Series(
            "time_interval",
            [
                format_interval(lo, hi, ".1f", " months") if ok else "–"
                for lo, hi, ok in zip(
                    rates["time_ci_low_months"], rates["time_ci_high_months"], fitted, strict=True
                )
            ],
            dtype=pl.String,
        ),
    )


def changes_table(changes: pl.DataFrame) -> pl.DataFrame:
    """`changelog` rows for display: the field in words, old and new values with units where
    they are numbers (values are stored as text)."""

    def value_text(field: str | None, text: str | None) -> str | None:
        if text is None or field is None:
            return text
        try:
            number = float(text)
        except ValueError:
            return text
        return format_value(field, number) or text

    return changes.with_columns(
        pl.Series(
            "field_label", [field_label(f) if f else "" for f in changes["field"]], dtype=pl.String
        ),
        pl.Series(
            "old_text",
            [value_text(f, v) for f, v in zip(changes["field"], changes["old_value"], strict=True)],
            dtype=pl.String,
        ),
        pl.Series(
            "new_text",
            [value_text(f, v) for f, v in zip(changes["field"], changes["new_value"], strict=True)],
            dtype=pl.String,
        ),
    )


_URL = re.compile(r"https?://\S+")


def citation_url(citation: str | None) -> str | None:
    """The last URL in a citation ("Hoffmann et al. 2022, ..., https://arxiv.org/abs/2203.15556"),
    for a link column; None when there is none."""
    if not citation:
        return None
    found = _URL.findall(citation)
    return found[-1].rstrip(".,;)") if found else None


def allocation_table(allocation: pl.DataFrame) -> pl.DataFrame:
    """`queries.allocation_for_budget` for display: the fit in words, sizes as text, the
    citation's URL."""
    return allocation.with_columns(
        pl.Series("fit_label", [fit_label(f) for f in allocation["fit"]], dtype=pl.String),
        pl.Series(
            "fit_short",
            [FIT_SHORT_LABELS.get(f, f) for f in allocation["fit"]],
            dtype=pl.String,
        ),
        pl.Series(
            "params_text", [format_count(v) for v in allocation["params_opt"]], dtype=pl.String
        ),
        pl.Series(
            "tokens_text", [format_count(v) for v in allocation["tokens_opt"]], dtype=pl.String
        ),
        pl.Series(
            "citation_url", [citation_url(c) for c in allocation["citation"]], dtype=pl.String
        ),
    )


def scaling_fits_table(table: pl.DataFrame) -> pl.DataFrame:
    """`scaling_law_fits` for display: the parameter in words and both intervals as text."""

    def fmt(value: float | None) -> str:
        if value is None or not math.isfinite(value):
            return "–"
        return f"{value:.4g}" if abs(value) < 10 else f"{value:,.0f}"

    def interval(low: float | None, high: float | None) -> str:
        if low is None or high is None:
            return "–"
        return f"{fmt(low)} – {fmt(high)}"

    return table.with_columns(
        pl.Series(
            "parameter_label",
            [LOSS_PARAMETER_LABELS.get(p, p) for p in table["parameter"]],
            dtype=pl.String,
        ),
        pl.Series("estimate_text", [fmt(v) for v in table["estimate"]], dtype=pl.String),
        pl.Series(
            "interval_text",
            [interval(lo, hi) for lo, hi in zip(table["ci_low"], table["ci_high"], strict=True)],
            dtype=pl.String,
        ),
        pl.Series("published_text", [fmt(v) for v in table["published_estimate"]], dtype=pl.String),
        pl.Series(
            "published_interval_text",
            [
                interval(lo, hi)
                for lo, hi in zip(
                    table["published_ci_low"], table["published_ci_high"], strict=True
                )
            ],
            dtype=pl.String,
        ),
    )


def budget_label(budget: float) -> str:
    """A budget in FLOP as the calculator's slider shows it (also its URL form): 5.76e23."""
    return format_flop(budget, unit=False)


SIGMOID_MIDPOINT_PCT = 62.5  # halfway between the capability fits' floor (25 %) and ceiling (100 %)


def capability_fit_text(fit: dict | None, unit: str) -> str:
    """A `capability_fits` row in words: the midpoint and the steepness, with their intervals.
    `unit` is `parameters` (x is log10 parameters) or `FLOP` (log10 training compute)."""
    if not fit or fit.get("status") != "fitted":
        return "Too few models to fit a sigmoid."
    if unit == "parameters":

        def fmt(x: float) -> str:
            return format_count(10**x)
    else:

        def fmt(x: float) -> str:
            return format_flop(10**x, unit=False)

    midpoint = f"{fmt(fit['x0'])} {unit}"
    midpoint_ci = f"{fmt(fit['x0_ci_low'])}–{fmt(fit['x0_ci_high'])}"
    k_ci = f"{fit['k_ci_low']:.2f}–{fit['k_ci_high']:.2f}"
    return (
        f"Fitted sigmoid over {fit['n_points']} models: midpoint ({SIGMOID_MIDPOINT_PCT:g} %) at "
        f"{midpoint} (95 % interval {midpoint_ci}); steepness {fit['k']:.2f} per decade of "
        f"{unit} ({k_ci})."
    )


_COMMIT = re.compile(r"([0-9a-f]{7,40})(-dirty)?")
_RUN_ID = re.compile(r"([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def short_commit(commit: str | None) -> str:
    """A `build_manifest.git_commit` (or a Dagster run id) for display: 12 hex digits (8 for a
    run id), `+ local changes` when the tree was dirty; anything else reads `unknown`, so the
    result is safe to show as markdown."""
    if commit and (run := _RUN_ID.fullmatch(commit)):
        return run.group(1)
    found = _COMMIT.fullmatch(commit or "")
    if not found:
        return "unknown"
    short = found.group(1)[:12]
    return f"{short} + local changes" if found.group(2) else short


def fold_sentence(fold: float | None, low: float | None, high: float | None) -> str:
    """A fold change per year with its interval, in one direction: `shrinks 5.3× per year
    (95 % interval 3.2–18×)` or `grows 6.7× per year (95 % interval 5.7–8×)`."""
    if fold is None or not math.isfinite(fold) or fold <= 0:
        return "no trend"
    if fold < 1:
        lo = 1 / high if high else None
        hi = 1 / low if low else None
        return f"shrinks {1 / fold:.3g}× per year (95 % interval {format_interval(lo, hi, '.3g')}×)"
    return f"grows {fold:.3g}× per year (95 % interval {format_interval(low, high, '.3g')}×)"


def with_flop_text(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """`frame` with `<column>_text`: compute as `5.83e23` text (Streamlit's number columns
    refuse integer-valued floats above 2^53, which every FLOP count is)."""
    return frame.with_columns(
        pl.Series(
            f"{column}_text", [format_flop(v, unit=False) for v in frame[column]], dtype=pl.String
        )
    )


def commit_markdown(commit: str | None) -> str:
    """`short_commit` as markdown: the hash in a code span, local changes said outside it."""
    text = short_commit(commit)
    if text.endswith(" + local changes"):
        return f"`{text.removesuffix(' + local changes')}` (with uncommitted local changes)"
    return f"`{text}`"


def fold_metric(fold: float, low: float | None, high: float | None) -> tuple[str, str, str]:
    """A fold change per year as a metric card: (label, value, 95 % interval), said in the
    direction of the trend: `Cheaper each year by` 27.7× (12.3–85.8×) for a falling price."""
    if fold < 1:
        lo = 1 / high if high else None
        hi = 1 / low if low else None
        return "Cheaper each year by", f"{1 / fold:.3g}×", format_interval(lo, hi, ".3g", "×")
    return "Dearer each year by", f"{fold:.3g}×", format_interval(low, high, ".3g", "×")


def fit_short_label(fit: str | None) -> str:
    return "" if fit is None else FIT_SHORT_LABELS.get(fit, fit)


# The leading columns of every per-model table: name (pinned), link to the Model page, who, when.
MODEL_COLUMN_CONFIG = {
    "name": st.column_config.TextColumn("Model", pinned=True),
    "model_page": st.column_config.LinkColumn("Evidence", display_text="sources ›"),
    "organization": st.column_config.TextColumn("Organization"),
    "release_date": st.column_config.DateColumn("Released", format="YYYY-MM-DD"),
}
