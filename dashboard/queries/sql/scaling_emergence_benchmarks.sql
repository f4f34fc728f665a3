-- The benchmarks of `emergence_points` at the one protocol the chart shows (the code passes
-- `scores_table` = emergence_points).
WITH {{ protocol }}
SELECT e.benchmark, pr.shots, count(*) AS models, any_value(e.chance_pct) AS chance_pct,
       any_value(pr.other_shots_scores) AS other_shots_scores
FROM emergence_points AS e JOIN protocol AS pr USING (benchmark, shots)
GROUP BY e.benchmark, pr.shots ORDER BY models DESC, e.benchmark
