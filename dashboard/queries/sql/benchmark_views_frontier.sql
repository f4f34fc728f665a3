-- The record-holders of one group, threshold and basis of `benchmark_frontier` (the table does
-- not carry the parameter count's citation: `params_source` is empty).
SELECT *, NULL::VARCHAR AS params_source, {{ model_page }} AS model_page
FROM benchmark_frontier
WHERE benchmark = ? AND measured_by = ? AND protocol_family = ?
  AND threshold = CAST(? AS DOUBLE) AND basis = ?
ORDER BY release_date, params, model_id
