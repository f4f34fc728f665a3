-- Grid points outside their band, not above the previous point, or (for the sigmoid) outside
-- [floor, ceiling].
SELECT count(*) FROM (
  SELECT c.*, f.floor_pct, f.ceiling_pct,
         lag(c.value) OVER (PARTITION BY c.measure ORDER BY c.log10_compute) AS before
  FROM benchmark_compute_curves c JOIN benchmark_compute_fits f USING (measure))
WHERE NOT (value_lower <= value + 1e-9 AND value <= value_upper + 1e-9)
   OR (before IS NOT NULL AND value <= before)
   OR (floor_pct IS NOT NULL AND NOT (value_lower >= floor_pct - 1e-9
                                      AND value_upper <= ceiling_pct + 1e-9))
