-- A fitted fold decrease lies inside its own interval.
SELECT count(*) FROM benchmark_cost_trend
WHERE fold_decrease_per_year IS NOT NULL
  AND NOT (fold_decrease_per_year_low <= fold_decrease_per_year
           AND fold_decrease_per_year <= fold_decrease_per_year_high)
