SELECT b.benchmark, b.shots, count(*), count(r.model_id)
FROM benchmark_scores AS b
LEFT JOIN raw_benchmark_scores AS r USING (model_id, benchmark, shots)
GROUP BY 1, 2
ORDER BY 3 DESC, 1, 2
