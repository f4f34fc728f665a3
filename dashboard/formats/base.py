"""How numbers and field names read on screen: 7.3B parameters, 8.1e23 FLOP, $0.65 per 1M tokens.

Pure functions (no Streamlit, no I/O), shared by the chart builders and the pages' tables: the
labels and number formats every page uses. Each page's table shaping lives in the module named
for the page.
"""

from __future__ import annotations

import math
import re

import polars as pl
import streamlit as st

from pipelines.lib.upstream.hub_external import EXTERNALS
from pipelines.lib.upstream.hub_external import SOURCE_PREFIX as HUB_SOURCE_PREFIX

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
    "llm_stats_self_reported": "LLM-Stats (self-reported scores)",
    "epoch_benchmarked_models": "Epoch AI benchmarked models",
    "epoch_benchmarks_runs_2026_05": "Epoch AI benchmark runs (2026-05)",
    "epoch_benchmarking_hub": "Epoch AI Benchmarking Hub",
}


def field_label(field: str) -> str:
    """`params_total` -> "Parameters (total)"; unknown names come back unchanged."""
    if field in FIELDS:
        return FIELDS[field][0]
    return COVERAGE_FIELDS.get(field) or BENCHMARK_LABELS.get(field, field)


def source_label(source: str | None) -> str:
    """A source id in words (`SOURCE_LABELS`; a Benchmarking Hub file's source,
    `<HUB_SOURCE_PREFIX><file stem>`, by its benchmark: "Epoch AI Hub: ScienceQA" where the
    hub's reader knows the file); an unknown id comes back unchanged."""
    if source is None:
        return ""
    if source in SOURCE_LABELS:
        return SOURCE_LABELS[source]
    if source.startswith(HUB_SOURCE_PREFIX):
        stem = source.removeprefix(HUB_SOURCE_PREFIX)
        external = EXTERNALS.get(stem)
        name = external.name if external else stem.replace("_", " ")
        return f"Epoch AI Hub: {name}"
    return source


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


def _texts(values, fields) -> list[str]:
    return [format_value(f, v) for f, v in zip(fields, values, strict=True)]


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


def _other_benchmark_names() -> dict[str, str]:
    """Names for benchmark ids not in `BENCHMARK_LABELS`: the benchmark views' and the
    Benchmarking Hub's, as its reader names them (`External.name`: "Aider Polyglot"; the
    protocol's first two parts where that would name two benchmarks alike: "SWE-bench
    Verified, bash-only mini-SWE-agent")."""
    names = {
        "gpqa_diamond": "GPQA Diamond",
        "swe_bench_verified": "SWE-bench Verified",
        "hle": "Humanity's Last Exam",
    }
    taken = set(BENCHMARK_LABELS.values()) | set(names.values())
    for external in EXTERNALS.values():
        if external.benchmark in BENCHMARK_LABELS or external.benchmark in names:
            continue
        name = external.name
        if name in taken:  # the protocol's next part tells the two apart
            name = ", ".join(p.strip() for p in external.what.split(",")[:2])
        names[external.benchmark] = name
        taken.add(name)
    return names


OTHER_BENCHMARK_NAMES = _other_benchmark_names()


def benchmark_label(benchmark: str | None) -> str:
    """A benchmark id in words (`BENCHMARK_LABELS`, then `OTHER_BENCHMARK_NAMES`); an id with
    neither comes back unchanged."""
    if benchmark is None:
        return ""
    return BENCHMARK_LABELS.get(benchmark) or OTHER_BENCHMARK_NAMES.get(benchmark, benchmark)


def benchmark_labels(ids: pl.Expr) -> pl.Expr:
    """`benchmark_label`: `benchmark_label` of each id in a column (the ids stay beside it)."""
    return ids.map_elements(benchmark_label, return_dtype=pl.String).alias("benchmark_label")


def protocol_label(benchmark: str | None, shots: int | None) -> str:
    """A benchmark with its shot count, as one chart shows it: `GSM8K (5-shot)`; MMLU's
    label already says 5-shot."""
    label = benchmark_label(benchmark)
    if shots is None or (benchmark == "mmlu" and shots == 5):
        return label
    return f"{label} ({int(shots)}-shot)"


def protocol_label_forms(benchmark: str, shots: int | None) -> dict[str, str]:
    """{form: benchmark} for each form a link may hold for `benchmark` where a picker wrote its
    label into the address: `protocol_label` as it reads now ("PIQA (0-shot)") and, for a
    benchmark `OTHER_BENCHMARK_NAMES` names, as it read before (its id: "piqa (0-shot)")."""
    label = protocol_label(benchmark, shots)
    before = label
    if benchmark not in BENCHMARK_LABELS:
        before = label.replace(benchmark_label(benchmark), benchmark, 1)
    return {label: benchmark, before: benchmark}


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


_URL = re.compile(r"https?://\S+")


def citation_url(citation: str | None) -> str | None:
    """The last URL in a citation ("Hoffmann et al. 2022, ..., https://arxiv.org/abs/2203.15556"),
    for a link column; None when there is none."""
    if not citation:
        return None
    found = _URL.findall(citation)
    return found[-1].rstrip(".,;)") if found else None


def fit_short_label(fit: str | None) -> str:
    return "" if fit is None else FIT_SHORT_LABELS.get(fit, fit)


# A citation URL in a table reads as the address without its scheme ("arxiv.org/abs/...").
SOURCE_LINK_TEXT = r"https?://(?:www\.)?(.*)"


def source_column(title: str) -> st.column_config.LinkColumn:
    """A table column of citation URLs, shown by address without the scheme, opening the source."""
    return st.column_config.LinkColumn(title, display_text=SOURCE_LINK_TEXT)


# The leading columns of every per-model table: name (pinned), link to the Model page, who, when.
MODEL_COLUMN_CONFIG = {
    "name": st.column_config.TextColumn("Model", pinned=True),
    "model_page": st.column_config.LinkColumn("Evidence", display_text="sources ›"),
    "organization": st.column_config.TextColumn("Organization"),
    "release_date": st.column_config.DateColumn("Released", format="YYYY-MM-DD"),
}


def months_before(earlier, later) -> int:
    """Whole calendar months from date `earlier` to date `later` (0 within the same month)."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def coverage_text(coverage: dict, today) -> str:
    """The coverage banner's text: how recent the releases, the upstream snapshot and the build
    are (`queries.load_coverage` in, markdown out)."""
    parts = []
    newest = coverage.get("releases_to")
    if newest is not None:
        months = months_before(newest, today)
        ago = "this month" if months <= 0 else f"{months} month{'s' * (months != 1)} before today"
        parts.append(f"Releases covered up to **{newest:%Y-%m-%d}** ({ago})")
    else:
        parts.append("No dated release yet")
    if coverage.get("snapshot_date") is not None:
        source = source_label(coverage.get("snapshot_source"))
        parts.append(f"newest upstream data {coverage['snapshot_date']:%Y-%m-%d} ({source})")
    if coverage.get("built_at") is not None:
        parts.append(f"last build {coverage['built_at']:%Y-%m-%d %H:%M} UTC")
    return " · ".join(parts) + "."


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """`n` and its noun, singular for one: "1 pair", "2 pairs", "1,981 models"."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def chart_summary(
    what: str,
    points: int,
    newest: tuple[str, str] | None = None,
    trend: str | None = None,
    unit: str = "point",
) -> str:
    """A chart in one or two sentences, for readers who can't see it (screen readers, a text
    browser): what it shows and how many points (or cells, bars: `unit`), the newest point
    (`(name, value text)`), and the trend in words (or why there is none)."""
    text = f"Chart: {what}; {counted(points, unit)}."
    if newest is not None:
        text += f" Newest: {newest[0]}, {newest[1]}."
    if trend:
        text += f" Trend: {trend.rstrip('.')}."
    return text


def median_trend(frame: pl.DataFrame | None, column: str, noun: str, min_models: int) -> str:
    """A measure's change over time in words, for a chart that draws no trend line: its median
    in the first and in the newest release year with at least `min_models` values (sparser
    years, grey in the coverage strip, are left out): `the median went from 1.7 tokens per
    parameter in 2018 (12 models) to 1.2K in 2026 (31 models)`; or why there is none."""
    if frame is None or column not in frame.columns or "release_date" not in frame.columns:
        return "none: the chart's points have no release dates"
    years = medians_per(
        frame.select(
            pl.col("release_date").cast(pl.Date).dt.year().alias("year"), column
        ).drop_nulls(),
        "year",
        column,
        min_models,
    )
    if years.height < 2:
        return f"none: fewer than two release years with {min_models} or more models"
    first, last = years.row(0, named=True), years.row(-1, named=True)
    return (
        f"the median went from {format_count(first['median'])} {noun} in {first['year']} "
        f"({counted(first['n'], 'model')}) to {format_count(last['median'])} in {last['year']} "
        f"({counted(last['n'], 'model')})"
    )


def medians_per(frame: pl.DataFrame, group: str, column: str, min_models: int) -> pl.DataFrame:
    """`group`, median (of `column`), n: one row per value of `group` with at least
    `min_models` rows, in `group`'s order; the first and the last row are a trend's two ends."""
    return (
        frame.group_by(group)
        .agg(pl.col(column).median().alias("median"), pl.len().alias("n"))
        .filter(pl.col("n") >= min_models)
        .sort(group)
    )
