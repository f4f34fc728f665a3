"""Pure chart builders: a frame in, an Altair chart out (no Streamlit, no I/O).

`base` holds what several pages draw (limits, colours, titles, axes, trend and forecast layers);
each page's charts live in the module named for the page. Everything is re-exported here.
"""

from __future__ import annotations

from dashboard.charts.base import (
    FIT_COLOURS,
    FORECAST_COLOUR,
    LEGEND_SYMBOL_GAP,
    LEGEND_SYMBOL_PX,
    MAX_POINTS,
    NARROWEST_CHART_PX,
    NEVER_PX,
    SIZE_DOMAIN,
    SIZE_RANGE,
    TOKENS_PER_PARAM_TITLE,
    TREND_COLOUR,
    TRENDS_SINCE,
    WEIGHTS_DOMAIN,
    WEIGHTS_RANGE,
    Forecast,
    bottom_legend,
    cap_points,
    haloed_text,
    label_min_widths,
    title,
    title_text,
    with_label_min_widths,
)
from dashboard.charts.compute_optimal import BUDGET_TITLE, PARAMS_N_TITLE, params_vs_budget_chart
from dashboard.charts.cost import (
    price_vs_date_chart,
    price_vs_score_chart,
    training_cost_vs_date_chart,
)
from dashboard.charts.data_quality import (
    COVERAGE_SINCE,
    coverage_by_year_chart,
    unmatched_by_source_chart,
)
from dashboard.charts.decorate import (
    MIN_MODELS_PER_YEAR,
    contrast_ratio,
    coverage_strip,
    date_range,
    describe,
    highlight,
    highlighted_names,
    link_points,
    model_href,
    per_year,
)
from dashboard.charts.frontier import BASIS_TITLES, params_vs_date_chart
from dashboard.charts.model import STATUS_DOMAIN, STATUS_RANGE, claims_vs_used_chart
from dashboard.charts.overview import compute_vs_date_chart, tokens_per_param_vs_date_chart
from dashboard.charts.payload import slimmed
from dashboard.charts.scaling import (
    MMLU_REFERENCES,
    MMLU_TITLE,
    OTHER,
    SCALE_AXES,
    mmlu_reference_labels,
    mmlu_vs_scale_chart,
    score_vs_compute_chart,
    size_classes_by_year_chart,
    top_groups,
)
from dashboard.formats import format_count

__all__ = [
    "date_range",
    "contrast_ratio",
    "coverage_strip",
    "describe",
    "COVERAGE_SINCE",
    "MIN_MODELS_PER_YEAR",
    "highlight",
    "highlighted_names",
    "link_points",
    "model_href",
    "per_year",
    "TRENDS_SINCE",
    "format_count",
    "BASIS_TITLES",
    "BUDGET_TITLE",
    "FIT_COLOURS",
    "FORECAST_COLOUR",
    "Forecast",
    "LEGEND_SYMBOL_GAP",
    "LEGEND_SYMBOL_PX",
    "MAX_POINTS",
    "NARROWEST_CHART_PX",
    "NEVER_PX",
    "bottom_legend",
    "MMLU_REFERENCES",
    "MMLU_TITLE",
    "OTHER",
    "PARAMS_N_TITLE",
    "SCALE_AXES",
    "SIZE_DOMAIN",
    "SIZE_RANGE",
    "STATUS_DOMAIN",
    "STATUS_RANGE",
    "TOKENS_PER_PARAM_TITLE",
    "TREND_COLOUR",
    "WEIGHTS_DOMAIN",
    "WEIGHTS_RANGE",
    "cap_points",
    "claims_vs_used_chart",
    "compute_vs_date_chart",
    "coverage_by_year_chart",
    "haloed_text",
    "label_min_widths",
    "with_label_min_widths",
    "mmlu_reference_labels",
    "mmlu_vs_scale_chart",
    "params_vs_budget_chart",
    "params_vs_date_chart",
    "price_vs_date_chart",
    "price_vs_score_chart",
    "score_vs_compute_chart",
    "size_classes_by_year_chart",
    "title",
    "title_text",
    "tokens_per_param_vs_date_chart",
    "top_groups",
    "training_cost_vs_date_chart",
    "unmatched_by_source_chart",
]

# What the pages draw carries only the columns each chart names (`payload.slimmed`): the rest
# of a page's frame (citations of other fields, table links) never travels to the browser.
for _name in [n for n in __all__ if n.endswith("_chart")]:
    globals()[_name] = slimmed(globals()[_name])
