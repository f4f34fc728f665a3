-- Fitted rows whose curve falls with compute, whose interval misses its estimate, or that
-- explain less of the variance than the flat mean (R² <= 0).
SELECT count(*) FROM benchmark_compute_fits WHERE status = 'fitted' AND NOT (
  coalesce(k, slope) > 0 AND r_squared > 0
  AND (measure <> 'gpqa_diamond' OR (k_ci_low <= k AND k <= k_ci_high
                                     AND x0_ci_low <= x0 AND x0 <= x0_ci_high)))
