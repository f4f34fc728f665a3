"""Today's benchmarks as trend tables: who reaches a score with how little, at what price, how far
open models trail closed ones, and how makers' claims compare with independent measurements.
Plain polars and numpy; the Dagster layer (pipelines/defs/trends/benchmark_views.py) only calls
these.

- `benchmark_frontier`: per (benchmark, measured_by, protocol family), the smallest open-weights
  release reaching a score threshold over time, on total and on active parameters. A release
  reaches it when any of its rows in the group does (effort variants of one release). Each row
  counts the group's scores and those left out (closed or unknown weights, no parameter count,
  no release date).
- `benchmark_cost_frontier` / `benchmark_cost_trend`: per (benchmark, measured_by), the cheapest
  3:1-blended API price (USD per 1M tokens) at or above a threshold over time, at the price in
  force when the release came out (see `price_at_release`), and the fold decrease per year of the
  record prices (log-linear least squares, 95 % bootstrap interval over the records).
- `eci_frontier` / `eci_open_closed_gap`: the best Epoch Capabilities Index so far among open-
  and closed-weights releases, and for each new open record how many months earlier a closed
  release had first reached that index (see `open_closed_gap`).
- `maker_vs_independent`: for every release and benchmark with a maker's score and an independent
  one (Epoch's run or a leaderboard's), the difference maker - independent in points.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from pipelines.lib.tables import dtypes_of
from pipelines.lib.tables.benchmark_views import BenchmarkCostTrendSchema, EciOpenClosedGapSchema
from pipelines.lib.trends.defaults import SEED, TREND_BOOTSTRAP

FRONTIER_BENCHMARKS = ("gpqa_diamond", "mmlu_pro", "swe_bench_verified")
FRONTIER_THRESHOLDS = (30.0, 40.0, 50.0, 60.0, 70.0, 80.0)
COST_BENCHMARKS = ("gpqa_diamond", "mmlu_pro", "swe_bench_verified")
COST_THRESHOLDS = (40.0, 50.0, 60.0, 70.0, 80.0)
MIN_SPAN_DAYS = 365  # a fold-per-year fit needs records spanning at least a year
PRICE_LAG_DAYS = 90  # a price dated at most this long after release stands for the launch price
INDEPENDENT = r"^(epoch|leaderboard:.+)$"
DAYS_PER_MONTH = 365.25 / 12
DAYS_PER_YEAR = 365.25


# --------------------------------------------------------------------------- (a) frontier


def comparable(scores: pl.DataFrame) -> pl.DataFrame:
    """Percent scores, with a curated `gpqa` score whose protocol names the Diamond subset
    counted as `gpqa_diamond` (records file GPQA Diamond under `gpqa`, while the Open LLM
    Leaderboard's `gpqa` is another subset and stays apart)."""
    diamond = (
        (pl.col("benchmark") == "gpqa")
        & pl.col("protocol").str.contains(r"(?i)\bdiamond\b").fill_null(False)
        & ~pl.col("protocol").str.contains(r"(?i)not say diamond").fill_null(False)
    )
    return scores.filter(pl.col("unit") == "percent").with_columns(
        pl.when(diamond)
        .then(pl.lit("gpqa_diamond"))
        .otherwise(pl.col("benchmark"))
        .alias("benchmark")
    )


def protocol_family(protocol: pl.Expr, shots: pl.Expr) -> pl.Expr:
    """The protocol without the per-row version and source (`...; version x, reasoning effort
    y; source 'z'`), with the shot count: rows of one protocol across releases and efforts."""
    text = pl.coalesce(protocol.str.replace(r";\s*version .*$", ""), pl.lit("not stated"))
    return pl.concat_str(
        [text, pl.lit(" ["), pl.coalesce(shots.cast(pl.String), pl.lit("?")), pl.lit("-shot]")]
    )


def _records(frame: pl.DataFrame, value: str, keys: list[str]) -> pl.DataFrame:
    """Rows that set a new minimum of `value` over release dates within each key group (same-day
    releases smallest first; a tie with the standing record is not a new record)."""
    ordered = frame.sort([*keys, "release_date", value, "model_id"])
    previous = pl.col(value).cum_min().shift(1).over(keys)
    return ordered.with_columns(previous.alias("_previous")).filter(
        pl.col("_previous").is_null() | (pl.col(value) < pl.col("_previous"))
    )


def benchmark_frontier(
    scores: pl.DataFrame,
    models: pl.DataFrame,
    benchmarks: tuple[str, ...] = FRONTIER_BENCHMARKS,
    thresholds: tuple[float, ...] = FRONTIER_THRESHOLDS,
) -> pl.DataFrame:
    keys = ["benchmark", "measured_by", "protocol_family"]
    rows = (
        comparable(scores)
        .filter(pl.col("benchmark").is_in(list(benchmarks)))
        .with_columns(protocol_family(pl.col("protocol"), pl.col("shots")).alias("protocol_family"))
    )
    joined = rows.join(
        models.select(
            "model_id",
            "name",
            "organization",
            "release_date",
            "open_weights",
            "params_total",
            "params_active",
        ),
        on="model_id",
        how="left",
    )
    counts = joined.group_by(keys).agg(
        pl.len().alias("n_scores"),
        (pl.col("open_weights") != True).fill_null(True).sum().alias("n_left_out_not_open"),  # noqa: E712
        (pl.col("open_weights").fill_null(False) & pl.col("release_date").is_null())
        .sum()
        .alias("n_left_out_no_date"),
    )
    best = (
        joined.filter(
            pl.col("open_weights").fill_null(False) & pl.col("release_date").is_not_null()
        )
        .sort("score", descending=True)
        .group_by([*keys, "model_id"], maintain_order=True)
        .first()
    )
    parts = []
    for basis, column in (("total", "params_total"), ("active", "params_active")):
        no_params = (
            best.group_by(keys)
            .agg(pl.col(column).is_null().sum().alias("n_left_out_no_params"))
            .with_columns(pl.lit(basis).alias("basis"))
        )
        for threshold in thresholds:
            reach = best.filter(
                (pl.col("score") >= threshold) & pl.col(column).is_not_null()
            ).with_columns(pl.col(column).alias("params"))
            recs = _records(reach, "params", keys).with_columns(
                pl.lit(float(threshold)).alias("threshold"), pl.lit(basis).alias("basis")
            )
            parts.append(recs.join(no_params, on=[*keys, "basis"], how="left"))
    out = pl.concat(parts) if parts else pl.DataFrame()
    return (
        out.join(counts, on=keys, how="left")
        .select(
            *keys,
            "threshold",
            "basis",
            "model_id",
            "name",
            "organization",
            "release_date",
            "params",
            "score",
            "source",
            "n_scores",
            "n_left_out_not_open",
            "n_left_out_no_params",
            "n_left_out_no_date",
        )
        .with_columns(
            pl.col(c).cast(pl.Int64)
            for c in (
                "n_scores",
                "n_left_out_not_open",
                "n_left_out_no_params",
                "n_left_out_no_date",
            )
        )
        .sort(*keys, "basis", "threshold", "release_date")
    )


# --------------------------------------------------------------------------- (b) cost


def price_at_release(claims: pl.DataFrame, models: pl.DataFrame) -> pl.DataFrame:
    """Per release, the 3:1-blended price in force at its release date: the newest dated pair
    of input and output price claims (same source, same as-of date) on or before the release
    date, else the earliest pair dated at most PRICE_LAG_DAYS after it (a launch price a source
    recorded later); a release with neither has no price here. Ties: lower precedence number,
    then the lower price."""
    price = claims.filter(
        pl.col("field").is_in(["price_usd_per_1m_input_tokens", "price_usd_per_1m_output_tokens"])
        & pl.col("as_of_date").is_not_null()
    )
    pairs = (
        price.pivot(
            on="field",
            index=["model_id", "source", "as_of_date", "precedence", "citation"],
            values="value",
            aggregate_function="min",
        )
        .drop_nulls(["price_usd_per_1m_input_tokens", "price_usd_per_1m_output_tokens"])
        .with_columns(
            (
                (
                    3 * pl.col("price_usd_per_1m_input_tokens")
                    + pl.col("price_usd_per_1m_output_tokens")
                )
                / 4
            ).alias("price_usd_per_1m_blended")
        )
        .join(models.select("model_id", "release_date"), on="model_id")
        .filter(pl.col("release_date").is_not_null() & (pl.col("price_usd_per_1m_blended") > 0))
        .with_columns(
            (pl.col("as_of_date") - pl.col("release_date")).dt.total_days().alias("price_lag_days")
        )
        .filter(pl.col("price_lag_days") <= PRICE_LAG_DAYS)
    )
    # on or before release: newest first (lag <= 0, largest); after: earliest (smallest lag)
    rank = (
        pl.when(pl.col("price_lag_days") <= 0)
        .then(-pl.col("price_lag_days"))
        .otherwise(pl.col("price_lag_days") + 100_000)
    )
    return (
        pairs.with_columns(rank.alias("_rank"))
        .sort("model_id", "_rank", "precedence", "price_usd_per_1m_blended")
        .group_by("model_id", maintain_order=True)
        .first()
        .select(
            "model_id",
            "price_usd_per_1m_blended",
            pl.col("as_of_date").alias("price_as_of_date"),
            "price_lag_days",
            pl.col("source").alias("price_source"),
            pl.col("citation").alias("price_citation"),
        )
    )


def benchmark_cost_frontier(
    scores: pl.DataFrame,
    models: pl.DataFrame,
    prices: pl.DataFrame,
    benchmarks: tuple[str, ...] = COST_BENCHMARKS,
    thresholds: tuple[float, ...] = COST_THRESHOLDS,
) -> pl.DataFrame:
    keys = ["benchmark", "measured_by"]
    best = (
        comparable(scores)
        .filter(pl.col("benchmark").is_in(list(benchmarks)))
        .sort("score", descending=True)
        .group_by([*keys, "model_id"], maintain_order=True)
        .first()
        .join(models.select("model_id", "name", "organization", "release_date"), on="model_id")
        .join(prices, on="model_id", how="left")
    )
    counts = best.group_by(keys).agg(
        pl.len().alias("n_models"),
        pl.col("price_usd_per_1m_blended").is_null().sum().alias("n_left_out_no_price"),
    )
    priced = best.filter(
        pl.col("price_usd_per_1m_blended").is_not_null() & pl.col("release_date").is_not_null()
    )
    parts = [
        _records(
            priced.filter(pl.col("score") >= t), "price_usd_per_1m_blended", keys
        ).with_columns(pl.lit(float(t)).alias("threshold"))
        for t in thresholds
    ]
    return (
        pl.concat(parts)
        .join(counts, on=keys, how="left")
        .select(
            *keys,
            "threshold",
            "model_id",
            "name",
            "organization",
            "release_date",
            "score",
            "price_usd_per_1m_blended",
            "price_as_of_date",
            pl.col("price_lag_days").cast(pl.Int64),
            "price_source",
            "price_citation",
            pl.col("n_models").cast(pl.Int64),
            pl.col("n_left_out_no_price").cast(pl.Int64),
        )
        .sort(*keys, "threshold", "release_date")
    )


def fold_decrease_per_year(
    dates: list[dt.date], values: list[float], n_bootstrap: int = TREND_BOOTSTRAP, seed: int = SEED
) -> tuple[float, float, float] | None:
    """Fold decrease per year of `values` over `dates` (least squares of log10 value on years)
    with a 95 % percentile bootstrap interval over the points; None below 3 points or when the
    points span less than a year (a slope over a few months extrapolates wildly). A fold
    decrease of 10 means the value falls tenfold each year."""
    if len(values) < 3 or (max(dates) - min(dates)).days < MIN_SPAN_DAYS:
        return None
    years = np.array([d.toordinal() / DAYS_PER_YEAR for d in dates])
    logs = np.log10(np.array(values, dtype=float))

    def slope(x, y):
        return np.polyfit(x, y, 1)[0]

    point = slope(years, logs)
    rng = np.random.default_rng(seed)
    draws = []
    for _ in range(n_bootstrap):
        idx = rng.integers(0, len(years), len(years))
        if len(set(years[idx])) > 1:
            draws.append(slope(years[idx], logs[idx]))
    low, high = np.percentile(draws, [2.5, 97.5])
    # a steeper fall (more negative slope) is a larger fold decrease
    return float(10**-point), float(10**-high), float(10**-low)


def benchmark_cost_trend(
    frontier: pl.DataFrame, n_bootstrap: int = TREND_BOOTSTRAP
) -> pl.DataFrame:
    rows = []
    for (benchmark, measured_by, threshold), group in frontier.group_by(
        ["benchmark", "measured_by", "threshold"], maintain_order=True
    ):
        group = group.sort("release_date")
        fit = fold_decrease_per_year(
            group["release_date"].to_list(),
            group["price_usd_per_1m_blended"].to_list(),
            n_bootstrap,
        )
        rows.append(
            {
                "benchmark": benchmark,
                "measured_by": measured_by,
                "threshold": threshold,
                "n_records": group.height,
                "first_date": group["release_date"][0],
                "last_date": group["release_date"][-1],
                "first_price_usd_per_1m_blended": group["price_usd_per_1m_blended"][0],
                "last_price_usd_per_1m_blended": group["price_usd_per_1m_blended"][-1],
                "fold_decrease_per_year": fit[0] if fit else None,
                "fold_decrease_per_year_low": fit[1] if fit else None,
                "fold_decrease_per_year_high": fit[2] if fit else None,
            }
        )
    return pl.DataFrame(rows, schema=COST_TREND_SCHEMA).sort(
        "benchmark", "measured_by", "threshold"
    )


COST_TREND_SCHEMA = dtypes_of(BenchmarkCostTrendSchema)  # read off the published schema


# --------------------------------------------------------------------------- (c) ECI


def eci_frontier(capability_index: pl.DataFrame, models: pl.DataFrame) -> pl.DataFrame:
    """Releases that set a new best ECI among open-weights or among closed releases (weights
    unknown are left out), by release date."""
    rated = (
        capability_index.join(
            models.select("model_id", "name", "organization", "release_date", "open_weights"),
            on="model_id",
        )
        .filter(pl.col("release_date").is_not_null() & pl.col("open_weights").is_not_null())
        .with_columns(
            pl.when(pl.col("open_weights"))
            .then(pl.lit("open"))
            .otherwise(pl.lit("closed"))
            .alias("weights"),
            (-pl.col("eci")).alias("_neg"),
        )
    )
    counts = rated.group_by("weights").agg(pl.len().cast(pl.Int64).alias("n_rated"))
    return (
        _records(rated, "_neg", ["weights"])
        .join(counts, on="weights")
        .select(
            "weights",
            "model_id",
            "name",
            "organization",
            "release_date",
            "eci",
            "eci_ci_low",
            "eci_ci_high",
            "n_rated",
        )
        .sort("weights", "release_date")
    )


def open_closed_gap(frontier: pl.DataFrame) -> pl.DataFrame:
    """For each open record: the first closed release whose ECI reached at least the open
    record's index, and the gap in months (days / 30.44) from that closed release to the open
    one (negative if the open model got there first). Open records no closed release has
    reached have no closed model and no gap."""
    closed = frontier.filter(pl.col("weights") == "closed").sort("release_date")
    rows = []
    for rec in (
        frontier.filter(pl.col("weights") == "open").sort("release_date").iter_rows(named=True)
    ):
        first = closed.filter(pl.col("eci") >= rec["eci"]).head(1)
        row = {
            "open_model_id": rec["model_id"],
            "open_release_date": rec["release_date"],
            "open_eci": rec["eci"],
            "closed_model_id": None,
            "closed_release_date": None,
            "closed_eci": None,
            "gap_months": None,
        }
        if first.height:
            c = first.row(0, named=True)
            row |= {
                "closed_model_id": c["model_id"],
                "closed_release_date": c["release_date"],
                "closed_eci": c["eci"],
                "gap_months": (rec["release_date"] - c["release_date"]).days / DAYS_PER_MONTH,
            }
        rows.append(row)
    return pl.DataFrame(rows, schema=GAP_SCHEMA)


GAP_SCHEMA = dtypes_of(EciOpenClosedGapSchema)  # read off the published schema


# ----------------------------------------------------------------- (d) maker vs third party


def maker_vs_independent(scores: pl.DataFrame) -> pl.DataFrame:
    """Each maker score paired with each independent party's best score of the same release and
    benchmark (its best effort variant: makers report their best setting), difference in points.
    Percent scores only; a record's GPQA Diamond filed as `gpqa` counts as `gpqa_diamond`."""
    pct = comparable(scores)
    maker = pct.filter(pl.col("measured_by") == "maker").select(
        "model_id",
        "benchmark",
        pl.col("score").alias("maker_score"),
        pl.col("shots").alias("maker_shots"),
        pl.col("protocol").alias("maker_protocol"),
        pl.col("source").alias("maker_source"),
    )
    independent = (
        pct.filter(pl.col("measured_by").str.contains(INDEPENDENT))
        .sort("score", descending=True)
        .group_by("model_id", "benchmark", "measured_by", maintain_order=True)
        .agg(
            pl.col("score").first().alias("independent_score"),
            pl.col("shots").first().alias("independent_shots"),
            pl.col("protocol").first().alias("independent_protocol"),
            pl.col("source").first().alias("independent_source"),
            pl.len().cast(pl.Int64).alias("independent_rows"),
        )
    )
    return (
        maker.join(independent, on=["model_id", "benchmark"])
        .with_columns(
            (pl.col("maker_score") - pl.col("independent_score")).alias("difference_pts"),
            (pl.col("maker_shots") == pl.col("independent_shots")).alias("same_shots"),
        )
        .select(
            "model_id",
            "benchmark",
            "measured_by",
            "maker_score",
            "independent_score",
            "difference_pts",
            "maker_shots",
            "independent_shots",
            "same_shots",
            "maker_protocol",
            "independent_protocol",
            "maker_source",
            "independent_source",
            "independent_rows",
        )
        .sort("benchmark", "model_id", "measured_by")
    )
