"""How numbers, field names and tables read on screen (pure functions, no I/O).

`base` holds the labels and number formats every page uses; each page's table shaping lives in
the module named for the page. Everything is re-exported here.
"""

from __future__ import annotations

from dashboard.formats.base import (
    BENCHMARK_LABELS,
    COVERAGE_FIELDS,
    FIELDS,
    FIT_LABELS,
    FIT_SHORT_LABELS,
    LLM_STATS_CREDIT,
    MODEL_COLUMN_CONFIG,
    SOURCE_LABELS,
    UPSTREAM_LABELS,
    benchmark_label,
    citation_url,
    field_label,
    fit_label,
    fit_short_label,
    fold_text,
    format_count,
    format_difference,
    format_flop,
    format_interval,
    format_months,
    format_usd,
    format_value,
    protocol_label,
    source_label,
)
from dashboard.formats.compute_optimal import (
    LOSS_PARAMETER_LABELS,
    allocation_table,
    budget_label,
    scaling_fits_table,
    with_flop_text,
)
from dashboard.formats.cost import METRIC_LABELS, fold_metric, growth_table
from dashboard.formats.data_quality import (
    COVERAGE_CEILINGS,
    SUSPICIOUS_STATUS_LABELS,
    conflicts_table,
    coverage_table,
    revisions_table,
    suspicious_table,
    unmatched_table,
)
from dashboard.formats.frontier import fold_sentence
from dashboard.formats.model import (
    HIGHLIGHT,
    STATUS_LABELS,
    claims_table,
    highlight_rows,
    values_table,
)
from dashboard.formats.overview import changes_table, commit_markdown, short_commit, snapshots_table
from dashboard.formats.scaling import SIGMOID_MIDPOINT_PCT, capability_fit_text

__all__ = [
    "BENCHMARK_LABELS",
    "COVERAGE_CEILINGS",
    "COVERAGE_FIELDS",
    "FIELDS",
    "FIT_LABELS",
    "FIT_SHORT_LABELS",
    "HIGHLIGHT",
    "LLM_STATS_CREDIT",
    "LOSS_PARAMETER_LABELS",
    "METRIC_LABELS",
    "MODEL_COLUMN_CONFIG",
    "SIGMOID_MIDPOINT_PCT",
    "SOURCE_LABELS",
    "STATUS_LABELS",
    "SUSPICIOUS_STATUS_LABELS",
    "UPSTREAM_LABELS",
    "allocation_table",
    "benchmark_label",
    "budget_label",
    "capability_fit_text",
    "changes_table",
    "citation_url",
    "claims_table",
    "commit_markdown",
    "conflicts_table",
    "coverage_table",
    "field_label",
    "fit_label",
    "fit_short_label",
    "fold_metric",
    "fold_sentence",
    "fold_text",
    "format_count",
    "format_difference",
    "format_flop",
    "format_interval",
    "format_months",
    "format_usd",
    "format_value",
    "growth_table",
    "highlight_rows",
    "protocol_label",
    "revisions_table",
    "scaling_fits_table",
    "short_commit",
    "snapshots_table",
    "source_label",
    "suspicious_table",
    "unmatched_table",
    "values_table",
    "with_flop_text",
]
