"""Text of the benchmark view sections: benchmark and measurer labels, the compute fits in words
and the per-year coverage line."""

from __future__ import annotations

import polars as pl

from dashboard.formats.base import benchmark_label

VIEW_BENCHMARK_LABELS = {
    b: benchmark_label(b) for b in ("gpqa_diamond", "mmlu_pro", "swe_bench_verified")
}


MEASURER_KINDS = {"leaderboard": "Leaderboard", "aggregator": "Aggregator"}
MEASURER_LABELS = {
    "maker": "The maker",
    "epoch": "Epoch AI",
    "aggregator:epoch": "Aggregator: Epoch AI",
    "aggregator:llm_stats": "Aggregator: LLM-Stats",
    "aggregator:obsscaling": "Aggregator: ObsScaling",
}
"""`measured_by` ids -> what the pages show (the URL and the tables keep the ids); a
`leaderboard:<name>` or `aggregator:<name>` not listed reads "Leaderboard: <Name>" from
`LEADERBOARD_NAMES` or its id."""
LEADERBOARD_NAMES = {
    "aider": "Aider",
    "arc_prize": "ARC Prize",
    "gdpval": "GDPval",
    "helm": "HELM",
    "hle": "Humanity's Last Exam",
    "livebench": "LiveBench",
    "metr": "METR",
    "open_llm_leaderboard_v1": "Open LLM Leaderboard v1",
    "open_llm_leaderboard_v2": "Open LLM Leaderboard v2",
    "osworld": "OSWorld",
    "simplebench": "SimpleBench",
    "swe_bench": "SWE-bench",
    "terminal_bench": "Terminal-Bench",
    "webdev_arena": "WebDev Arena",
    "weirdml": "WeirdML",
}


def measurer_label(measured_by: str) -> str:
    """`maker` -> "The maker", `epoch` -> "Epoch AI", `leaderboard:helm` -> "Leaderboard: HELM",
    `aggregator:llm_stats` -> "Aggregator: LLM-Stats"; other names spelled from their id."""
    if measured_by in MEASURER_LABELS:
        return MEASURER_LABELS[measured_by]
    kind, _, name = measured_by.partition(":")
    if kind not in MEASURER_KINDS or not name:
        return measured_by
    spelled = LEADERBOARD_NAMES.get(name) or name.replace("_", " ").capitalize()
    return f"{MEASURER_KINDS[kind]}: {spelled}"


def measurer_labels(ids: pl.Expr) -> pl.Expr:
    """`measured_by_label`: `measurer_label` of each id in a column (the ids stay beside it)."""
    return ids.map_elements(measurer_label, return_dtype=pl.String).alias("measured_by_label")


def measurer_phrase(measured_by: str) -> str:
    """The label inside a sentence: "measured by the maker", "by Leaderboard: HELM"."""
    label = measurer_label(measured_by)
    return "the maker" if measured_by == "maker" else label


def compute_fit_text(fit: dict | None, unit: str) -> str:
    """The compute fit in words: method, parameters with their 95 % intervals, n and R²."""
    if fit is None:
        return "No fit in `benchmark_compute_fits`."
    if fit["status"] != "fitted":
        return f"Not fitted ({fit['status']}; n = {fit['n_points']})."
    tail = (
        f" Fitted on n = {fit['n_points']} releases measured by "
        f"{measurer_phrase(fit['measured_by'])}, R² = {fit['r_squared']:.2f}; band: 95 % "
        f"bootstrap ({fit['n_bootstrap']} resamples)."
    )
    if fit["k"] is not None:
        return (
            f"Sigmoid: {unit} = {fit['floor_pct']:g} + {fit['ceiling_pct'] - fit['floor_pct']:g}"
            f" / (1 + exp(−k (log10 FLOP − x0))), floor {fit['floor_pct']:g} % (chance), ceiling "
            f"{fit['ceiling_pct']:g} %; k = {fit['k']:.2f} per tenfold compute (95 % "
            f"{fit['k_ci_low']:.2f}–{fit['k_ci_high']:.2f}), midpoint x0 = 10^{fit['x0']:.1f} "
            f"FLOP (95 % 10^{fit['x0_ci_low']:.1f}–10^{fit['x0_ci_high']:.1f})." + tail
        )
    return (
        f"Line: {unit} = a + b · log10 FLOP (no bound imposed: the index has no floor or "
        f"ceiling); b = {fit['slope']:+.1f} points per tenfold compute (95 % "
        f"{fit['slope_ci_low']:.1f}–{fit['slope_ci_high']:.1f}), a = {fit['intercept']:.0f}." + tail
    )


def cost_trend_summary(fitted: pl.DataFrame) -> str:
    """The fitted `benchmark_cost_trend` rows in words, for the chart's text summary."""
    if fitted.is_empty():
        return "no fold per year fitted (3 records spanning a year needed)"
    return "; ".join(
        f"at ≥ {t['threshold']:g}% the cheapest price fell {t['fold_decrease_per_year']:,.3g}× "
        "per year"
        for t in fitted.iter_rows(named=True)
    )


def per_year(dates: pl.Series) -> dict[int, int]:
    """How many rows fall in each release year (null dates left out), by year."""
    years = dates.drop_nulls().dt.year()
    counts = years.value_counts().sort(years.name)
    return dict(zip(counts[years.name].to_list(), counts["count"].to_list(), strict=True))


def per_year_text(dates: pl.Series, what: str = "models") -> str:
    """ "Models per year: 2024: 3 · 2025: 7" — so that a thin year never reads as a trend."""
    counts = per_year(dates)
    if not counts:
        return f"{what[:1].upper()}{what[1:]} per year: none."
    return f"{what[:1].upper()}{what[1:]} per year: " + " · ".join(
        f"{y}: {n}" for y, n in counts.items()
    )


def eci_gap_trend(gap: pl.DataFrame) -> str:
    """`eci_open_closed_gap` as the ECI chart summary's trend: how long open weights took to
    reach the closed releases' ECI, over the open records a closed release had reached first."""
    matched = gap.filter(pl.col("gap_months").is_not_null())
    if matched.is_empty():
        return "none: no open-weights record has a closed release to compare with"
    latest = matched.sort("open_release_date").row(-1, named=True)
    return (
        f"open weights reached the best closed ECI a median of "
        f"{matched['gap_months'].median():.1f} months later, over {matched.height} of "
        f"{gap.height} open records; the newest, {latest['open_model_id']} "
        f"({latest['open_release_date']}), {latest['gap_months']:.1f} months after "
        f"{latest['closed_model_id']}"
    )
