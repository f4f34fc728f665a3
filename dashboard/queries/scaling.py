"""Reads for the Scaling page: capability against scale, emergence, size classes and serving
memory."""

from __future__ import annotations

import polars as pl

from dashboard.queries.base import (
    _FILTERED_MODELS_CTE,
    NO_FILTERS,
    ModelFilters,
    _protocol_cte,
    _query,
)
from pipelines.lib.sql import load_sql

_WEIGHTS_LABEL = """CASE m.open_weights WHEN true THEN 'Open weights'
       WHEN false THEN 'Closed weights' ELSE 'Not stated' END"""


# Every model with an MMLU score, with its size and compute and the citation of each.
_CAPABILITY_POINTS_SQL = f"""
WITH {_FILTERED_MODELS_CTE}
SELECT m.model_id, m.name, replace(m.organization, ',', ', ') AS organization, m.release_date,
       m.params_total, m.training_compute_flop, m.mmlu, {_WEIGHTS_LABEL} AS weights_label,
       sm.citation AS mmlu_source, sp.citation AS params_source, sc.citation AS compute_source,
       sc.confidence AS compute_confidence, './model?model=' || url_encode(m.model_id) AS model_page
FROM filtered AS m
LEFT JOIN sources AS sm ON sm.model_id = m.model_id AND sm.field = 'mmlu'
LEFT JOIN sources AS sp ON sp.model_id = m.model_id AND sp.field = 'params_total'
LEFT JOIN sources AS sc ON sc.model_id = m.model_id AND sc.field = 'training_compute_flop'
WHERE m.mmlu IS NOT NULL
ORDER BY m.release_date, m.model_id
"""


_CAPABILITY_CURVE_SQL = load_sql(__file__, "scaling_capability_curve")


_CAPABILITY_FIT_SQL = load_sql(__file__, "scaling_capability_fit")


_EMERGENCE_PROTOCOL_CTE = _protocol_cte("emergence_points")


_EMERGENCE_BENCHMARKS_SQL = f"""
WITH {_EMERGENCE_PROTOCOL_CTE}
SELECT e.benchmark, pr.shots, count(*) AS models, any_value(e.chance_pct) AS chance_pct,
       any_value(pr.other_shots_scores) AS other_shots_scores
FROM emergence_points AS e JOIN protocol AS pr USING (benchmark, shots)
GROUP BY e.benchmark, pr.shots ORDER BY models DESC, e.benchmark
"""


_EMERGENCE_POINTS_SQL = f"""
WITH {_FILTERED_MODELS_CTE},
{_EMERGENCE_PROTOCOL_CTE}
SELECT e.benchmark, e.model_id, e.name, replace(e.organization, ',', ', ') AS organization,
       e.release_date, e.training_compute_flop, e.params_total, e.score, e.shots, e.chance_pct,
       e.source, sc.citation AS compute_source,
       './model?model=' || url_encode(e.model_id) AS model_page
FROM emergence_points AS e
JOIN filtered AS m USING (model_id)
JOIN protocol AS pr ON pr.benchmark = e.benchmark AND pr.shots = e.shots
LEFT JOIN sources AS sc ON sc.model_id = e.model_id AND sc.field = 'training_compute_flop'
WHERE e.benchmark = ?
ORDER BY e.training_compute_flop
"""


_SIZE_CLASSES_SQL = "SELECT year, size_class, models, class_order FROM size_classes ORDER BY year"


_SERVING_MEMORY_SQL = load_sql(__file__, "scaling_serving_memory")


def load_capability_points(filters: ModelFilters = NO_FILTERS) -> pl.DataFrame:
    """Models (narrowed by `filters`) with an MMLU score: size, compute, weights, organisation
    and the citations of the score, the parameter count and the compute (with the compute's
    confidence label)."""
    return _query(_CAPABILITY_POINTS_SQL, filters.params())


def load_capability_curve(
    x_variable: str, group: str = "all", confidence_filter: str = "all"
) -> pl.DataFrame:
    """One `capability_curves` fit on its grid: x (log10), x_value (10^x, the axis unit),
    score_pct and its 95 % band."""
    return _query(_CAPABILITY_CURVE_SQL, (x_variable, group, confidence_filter))


def load_capability_fit(
    x_variable: str, group: str = "all", confidence_filter: str = "all"
) -> dict | None:
    """The `capability_fits` row (status, n_points, k, x0 and their intervals), or None."""
    frame = _query(_CAPABILITY_FIT_SQL, (x_variable, group, confidence_filter))
    return frame.row(0, named=True) if frame.height else None


def load_emergence_benchmarks() -> pl.DataFrame:
    """benchmark, shots, models, chance_pct, other_shots_scores: the benchmarks of
    `emergence_points` at the one protocol the chart shows (the most common shot count)."""
    return _query(_EMERGENCE_BENCHMARKS_SQL)


def load_emergence_points(benchmark: str, filters: ModelFilters = NO_FILTERS) -> pl.DataFrame:
    """`emergence_points` of one benchmark at its chart's protocol (models `filters` keep), with
    the compute's citation and a model link."""
    return _query(_EMERGENCE_POINTS_SQL, (*filters.params(), benchmark))


def load_size_classes() -> pl.DataFrame:
    return _query(_SIZE_CLASSES_SQL)


def load_serving_memory(search: str | None = None) -> pl.DataFrame:
    """`serving_memory`, largest first, narrowed to names or organisations containing `search`."""
    text = (search or "").strip() or None
    return _query(_SERVING_MEMORY_SQL, (text, text, text))
