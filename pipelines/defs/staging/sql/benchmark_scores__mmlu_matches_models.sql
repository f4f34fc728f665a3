SELECT count(*) FROM models m WHERE m.mmlu IS NOT NULL AND NOT EXISTS (
SELECT 1 FROM benchmark_scores b WHERE b.model_id = m.model_id
  AND b.benchmark = 'mmlu' AND b.shots = 5 AND abs(b.score - m.mmlu) < 1e-9
  AND b.source LIKE 'http%')
