"""Repeated rows in an upstream file: drift for the refresh, reported (never counted twice) by
the build.

A row repeated word for word adds no information but, left in, becomes as many identical
claims and conflicts. A second row under a key that is one row per model in the pinned file (an
Epoch export's `Model`, LiteLLM's `key`, ...) is the same kind of break. The refresh refuses a
download with either; the build, which only ever reads pinned files, keeps each raw table as
published, resolves claims from each distinct row once, and fails a visible check while any
repeat exists.
"""

from __future__ import annotations

import polars as pl

# Columns that identify one row in each upstream table (checked unique in every pinned file).
# Files without an entry have no such key (a price file has several rows per model): only
# word-for-word repeats count there.
UPSTREAM_KEYS: dict[str, tuple[str, ...]] = {
    "raw_epoch_notable_2026_08": ("Model",),
    "raw_epoch_large_scale_2026_08": ("Model",),
    "raw_epoch_frontier_2026_03": ("Model",),
    "raw_epoch_models_2024_10": ("Model",),
    "raw_epoch_mmlu": ("id",),
    "raw_epoch_model_versions": ("id",),
    "raw_epoch_benchmarks": ("System",),
    "raw_obsscaling": ("Model",),
    "raw_open_llm_leaderboard_v2": ("id",),
    "raw_litellm": ("key",),
    "raw_litellm_2026_08": ("key",),
    "raw_token_tariff_timeline": ("model",),
    "raw_openrouter_models_2026_08": ("id",),
    "raw_models_dev_models": ("_path",),
    "raw_models_dev_prices": ("_path",),
    "raw_llm_stats_models": ("model_id",),
    "raw_llm_stats_final_models": ("model_id",),
    "raw_epoch_hub_gpqa_diamond": ("Model version",),
    "raw_epoch_hub_math_level_5": ("Model version",),
    "raw_epoch_hub_otis_mock_aime": ("Model version",),
    "raw_epoch_hub_frontiermath": ("Model version",),
    "raw_epoch_benchmarked_models": ("id_model_version",),
}


def repeated_rows(frame: pl.DataFrame) -> int:
    """Rows that repeat an earlier row in every column."""
    return frame.height - frame.unique().height


def repeated_keys(frame: pl.DataFrame, key: tuple[str, ...]) -> list[str]:
    """Key values held by more than one row (as `a / b` text), first seen first."""
    if not key or any(c not in frame.columns for c in key):
        return []
    keys = frame.select(pl.concat_str([pl.col(c).cast(pl.String) for c in key], separator=" / "))
    counted = keys.to_series().value_counts(sort=False)
    many = counted.filter(pl.col("count") > 1).to_series().to_list()
    order = {k: i for i, k in enumerate(keys.to_series().to_list()) if k in set(many)}
    return sorted(many, key=lambda k: order.get(k, 0))


def duplicate_problems(frame: pl.DataFrame, key: tuple[str, ...] = ()) -> list[str]:
    """One reason per kind of repeat (empty when there is none)."""
    problems = []
    repeats = repeated_rows(frame)
    if repeats:
        problems.append(f"{repeats} of {frame.height} rows repeat an earlier row word for word")
    keys = repeated_keys(frame, key)
    if keys:
        shown = ", ".join(repr(k) for k in keys[:5]) + (" ..." if len(keys) > 5 else "")
        problems.append(f"{len(keys)} {' / '.join(key)} values on more than one row: {shown}")
    return problems


def without_repeats(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with each word-for-word repeat dropped (first occurrence kept, order kept)."""
    return frame.unique(maintain_order=True) if repeated_rows(frame) else frame
