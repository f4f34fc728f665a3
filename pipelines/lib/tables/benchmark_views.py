"""Pandera schemas of the benchmark view tables (pipelines/lib/trends/benchmark_frontier.py): the
public contract of `benchmark_frontier`, `benchmark_cost_frontier`, `benchmark_cost_trend`,
`eci_frontier`, `eci_open_closed_gap`, `maker_vs_independent` and the compute fits
`benchmark_compute_fits` / `benchmark_compute_curves` (pipelines/lib/trends/compute_fits.py)
(registered in
`tables/registry_trends.py`, documented in warehouse/README.md)."""

from __future__ import annotations

import datetime as dt

import pandera.polars as pa
import polars as pl

from pipelines.lib.tables.base import Base

MEASURED_BY = r"^(maker|epoch|leaderboard:[a-z0-9_]+|aggregator:[a-z0-9_]+)$"


class BenchmarkFrontierSchema(Base):
    """`benchmark_frontier`: smallest open-weights release at or above a score, over time."""

    benchmark: str = pa.Field(
        isin=["gpqa_diamond", "mmlu_pro", "swe_bench_verified"],
        description="`gpqa_diamond`, `mmlu_pro` or `swe_bench_verified` (`benchmark_scores`).",
    )
    measured_by: str = pa.Field(
        str_matches=MEASURED_BY, description="Who measured the scores (one measurer per chart)."
    )
    protocol_family: str = pa.Field(
        description="The scores' protocol without the per-row version, effort and source, with "
        "the shot count (`GPQA Diamond, 0-shot, accuracy (Epoch AI run) [0-shot]`): one "
        "protocol per chart."
    )
    threshold: float = pa.Field(ge=0, le=100, description="Score threshold, percent.")
    basis: str = pa.Field(
        isin=["total", "active"], description="Parameters compared: `total` or `active`."
    )
    model_id: str = pa.Field(description="Open-weights release that set the record.")
    name: str = pa.Field(description="Display name.")
    organization: str = pa.Field(description="Developer organisation.")
    release_date: dt.date = pa.Field(description="Release date: when the record was set.")
    params: float = pa.Field(gt=0, description="Parameters on the basis (count).")
    score: float = pa.Field(
        ge=0, le=100, description="The release's best score in the group (any effort), percent."
    )
    source: str = pa.Field(description="Citation URL of that score.")
    n_scores: int = pa.Field(ge=1, description="Scores in the group (rows of benchmark_scores).")
    n_left_out_not_open: int = pa.Field(
        ge=0, description="Scores of the group left out: closed or unknown weights."
    )
    n_left_out_no_params: int = pa.Field(
        ge=0,
        description="Open-weights releases of the group left out for want of a parameter count "
        "on this basis.",
    )
    n_left_out_no_date: int = pa.Field(
        ge=0, description="Open-weights scores of the group left out: no release date."
    )

    @pa.dataframe_check(error="a record is smaller than the group's previous record")
    @classmethod
    def records_shrink(cls, data) -> pl.LazyFrame:
        keys = ["benchmark", "measured_by", "protocol_family", "basis", "threshold"]
        previous = pl.col("params").shift(1).over(keys, order_by="release_date")
        return data.lazyframe.select(
            (previous.is_null() | (pl.col("params") < previous)).alias("ok")
        )


class BenchmarkCostFrontierSchema(Base):
    """`benchmark_cost_frontier`: cheapest API price at or above a score, over time."""

    benchmark: str = pa.Field(
        isin=["gpqa_diamond", "mmlu_pro", "swe_bench_verified"],
        description="`gpqa_diamond`, `mmlu_pro` or `swe_bench_verified`.",
    )
    measured_by: str = pa.Field(str_matches=MEASURED_BY, description="Who measured the scores.")
    threshold: float = pa.Field(ge=0, le=100, description="Score threshold, percent.")
    model_id: str = pa.Field(description="Release that set the record (cheapest so far).")
    name: str = pa.Field(description="Display name.")
    organization: str = pa.Field(description="Developer organisation.")
    release_date: dt.date = pa.Field(description="Release date: when the record was set.")
    score: float = pa.Field(ge=0, le=100, description="Best score of the release, percent.")
    price_usd_per_1m_blended: float = pa.Field(
        gt=0,
        description="(3 x input + output) / 4, USD per 1M tokens, at the price in force at "
        "release (see `price_lag_days`), not today's.",
    )
    price_as_of_date: dt.date = pa.Field(description="Date of the price claim used.")
    price_lag_days: int = pa.Field(
        le=90,
        description="price_as_of_date - release_date, days: <= 0 the newest price on or before "
        "release; 1-90 the earliest price a source recorded after it (launch price).",
    )
    price_source: str = pa.Field(description="Claim source of the price (`claims.source`).")
    price_citation: str = pa.Field(description="Citation URL of the price.")
    n_models: int = pa.Field(ge=1, description="Releases the group scores.")
    n_left_out_no_price: int = pa.Field(
        ge=0, description="Of those, releases without a price dated by release + 90 days."
    )


class BenchmarkCostTrendSchema(Base):
    """`benchmark_cost_trend`: fold decrease per year of the cost frontier's record prices."""

    benchmark: str = pa.Field(description="`gpqa_diamond`, `mmlu_pro` or `swe_bench_verified`.")
    measured_by: str = pa.Field(str_matches=MEASURED_BY, description="Who measured the scores.")
    threshold: float = pa.Field(ge=0, le=100, description="Score threshold, percent.")
    n_records: int = pa.Field(ge=1, description="Record prices the fit uses.")
    first_date: dt.date = pa.Field(description="First record's release date.")
    last_date: dt.date = pa.Field(description="Last record's release date.")
    first_price_usd_per_1m_blended: float = pa.Field(gt=0, description="First record's price.")
    last_price_usd_per_1m_blended: float = pa.Field(gt=0, description="Last record's price.")
    fold_decrease_per_year: float = pa.Field(
        nullable=True,
        gt=0,
        description="10^-(slope of log10 price on years), least squares over the records; null "
        "below 3 records or a span under a year.",
    )
    fold_decrease_per_year_low: float = pa.Field(
        nullable=True, gt=0, description="2.5th percentile of 1,000 bootstrap resamples."
    )
    fold_decrease_per_year_high: float = pa.Field(
        nullable=True, gt=0, description="97.5th percentile of 1,000 bootstrap resamples."
    )


class EciFrontierSchema(Base):
    """`eci_frontier`: releases that set a new best ECI among open or among closed releases."""

    weights: str = pa.Field(
        isin=["open", "closed"], description="`open` (open weights) or `closed` (`models`)."
    )
    model_id: str = pa.Field(description="Release that set the record.")
    name: str = pa.Field(description="Display name.")
    organization: str = pa.Field(description="Developer organisation.")
    release_date: dt.date = pa.Field(description="Release date.")
    eci: float = pa.Field(description="Epoch Capabilities Index (`capability_index`).")
    eci_ci_low: float = pa.Field(nullable=True, description="Epoch's interval, low end.")
    eci_ci_high: float = pa.Field(nullable=True, description="Epoch's interval, high end.")
    n_rated: int = pa.Field(ge=1, description="Releases of this kind with an ECI and a date.")


class EciOpenClosedGapSchema(Base):
    """`eci_open_closed_gap`: how long after a closed release an open one matched its ECI."""

    open_model_id: str = pa.Field(unique=True, description="Open-weights ECI record-holder.")
    open_release_date: dt.date = pa.Field(description="Its release date.")
    open_eci: float = pa.Field(description="Its ECI.")
    closed_model_id: str = pa.Field(
        nullable=True,
        description="First closed release with an ECI at least the open one's (null: none yet).",
    )
    closed_release_date: dt.date = pa.Field(nullable=True, description="Its release date.")
    closed_eci: float = pa.Field(nullable=True, description="Its ECI.")
    gap_months: float = pa.Field(
        nullable=True,
        description="(open_release_date - closed_release_date) in days / 30.44: how many months "
        "open weights trailed the closed frontier at that level (negative: open came first).",
    )


class MakerVsIndependentSchema(Base):
    """`maker_vs_independent`: a maker's score against an independent measurement."""

    model_id: str = pa.Field(description="Release (`models.model_id`).")
    benchmark: str = pa.Field(description="Benchmark (`benchmark_scores.benchmark`).")
    measured_by: str = pa.Field(
        str_matches=r"^(epoch|leaderboard:[a-z0-9_]+)$",
        description="The independent party: `epoch` or `leaderboard:<name>`.",
    )
    maker_score: float = pa.Field(ge=0, le=100, description="The maker's score, percent.")
    independent_score: float = pa.Field(
        ge=0,
        le=100,
        description="The party's best score of the release (over its effort variants), percent.",
    )
    difference_pts: float = pa.Field(
        description="maker_score - independent_score, percentage points (positive: the maker "
        "reports more)."
    )
    maker_shots: int = pa.Field(nullable=True, description="Shots of the maker's score.")
    independent_shots: int = pa.Field(nullable=True, description="Shots of the party's score.")
    same_shots: bool = pa.Field(
        nullable=True, description="Both state the same shot count (null: one does not say)."
    )
    maker_protocol: str = pa.Field(nullable=True, description="The maker's protocol.")
    independent_protocol: str = pa.Field(nullable=True, description="The party's protocol.")
    maker_source: str = pa.Field(description="Citation URL of the maker's score.")
    independent_source: str = pa.Field(description="Citation URL of the party's score.")
    independent_rows: int = pa.Field(
        ge=1, description="The party's rows for the release (effort variants, entries)."
    )


class BenchmarkComputeFitsSchema(Base):
    """`benchmark_compute_fits`: GPQA Diamond and ECI against log10 training compute."""

    measure: str = pa.Field(
        isin=["gpqa_diamond", "eci"],
        unique=True,
        description="`gpqa_diamond` (percent, `benchmark_scores`) or `eci` (`capability_index`).",
    )
    measured_by: str = pa.Field(
        str_matches=MEASURED_BY, description="Who measured the values: `epoch` (one protocol)."
    )
    method: str = pa.Field(description="The fitted form and how it was fitted, in words.")
    n_points: int = pa.Field(ge=0, description="Releases in the fit (one value each).")
    status: str = pa.Field(description="`fitted` or why not.")
    log10_compute_min: float = pa.Field(nullable=True, description="Smallest log10 FLOP fitted.")
    log10_compute_max: float = pa.Field(nullable=True, description="Largest log10 FLOP fitted.")
    k: float = pa.Field(
        nullable=True, description="Sigmoid steepness per decade of FLOP (GPQA Diamond only)."
    )
    k_ci_low: float = pa.Field(nullable=True, description="95 % bootstrap interval of k, low.")
    k_ci_high: float = pa.Field(nullable=True, description="95 % bootstrap interval of k, high.")
    x0: float = pa.Field(
        nullable=True, description="Sigmoid midpoint, log10 FLOP (halfway from floor to ceiling)."
    )
    x0_ci_low: float = pa.Field(nullable=True, description="95 % bootstrap interval of x0, low.")
    x0_ci_high: float = pa.Field(nullable=True, description="95 % bootstrap interval of x0, high.")
    floor_pct: float = pa.Field(nullable=True, description="Sigmoid floor: chance, percent.")
    ceiling_pct: float = pa.Field(nullable=True, description="Sigmoid ceiling, percent.")
    slope: float = pa.Field(
        nullable=True, description="Line: ECI points per decade of FLOP (ECI only)."
    )
    slope_ci_low: float = pa.Field(nullable=True, description="95 % interval of the slope, low.")
    slope_ci_high: float = pa.Field(nullable=True, description="95 % interval of the slope, high.")
    intercept: float = pa.Field(nullable=True, description="Line: ECI at log10 FLOP = 0.")
    intercept_ci_low: float = pa.Field(nullable=True, description="95 % interval, low.")
    intercept_ci_high: float = pa.Field(nullable=True, description="95 % interval, high.")
    r_squared: float = pa.Field(
        nullable=True,
        description="1 - SSE / SST over the fitted releases: the share of variance explained.",
    )
    n_bootstrap: int = pa.Field(
        nullable=True, ge=0, description="Bootstrap resamples whose refit succeeded."
    )


class BenchmarkComputeCurvesSchema(Base):
    """`benchmark_compute_curves`: the compute fits on a grid with their 95 % bands."""

    measure: str = pa.Field(
        isin=["gpqa_diamond", "eci"], description="Fit (see `benchmark_compute_fits`)."
    )
    log10_compute: float = pa.Field(description="log10 training FLOP (grid point).")
    value: float = pa.Field(description="Fitted GPQA Diamond (percent) or ECI.")
    value_lower: float = pa.Field(description="95 % bootstrap band, lower.")
    value_upper: float = pa.Field(description="95 % bootstrap band, upper.")


COMPUTE_FIT_SCHEMAS = {
    "benchmark_compute_fits": BenchmarkComputeFitsSchema,
    "benchmark_compute_curves": BenchmarkComputeCurvesSchema,
}

VIEW_SCHEMAS = {
    "benchmark_frontier": BenchmarkFrontierSchema,
    "benchmark_cost_frontier": BenchmarkCostFrontierSchema,
    "benchmark_cost_trend": BenchmarkCostTrendSchema,
    "eci_frontier": EciFrontierSchema,
    "eci_open_closed_gap": EciOpenClosedGapSchema,
    "maker_vs_independent": MakerVsIndependentSchema,
}
