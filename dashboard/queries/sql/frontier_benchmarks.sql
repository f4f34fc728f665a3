WITH {{ protocol }}
SELECT b.benchmark, pr.shots, count(DISTINCT b.model_id) AS models, min(b.score) AS min_score,
       max(b.score) AS max_score, any_value(pr.other_shots_scores) AS other_shots_scores
FROM benchmark_scores AS b JOIN protocol AS pr USING (benchmark, shots)
GROUP BY b.benchmark, pr.shots ORDER BY models DESC, b.benchmark
