WITH bad AS (SELECT DISTINCT model_id, field FROM suspicious_values
               WHERE status IN (?, ?))
SELECT 'compute_optimal: ' || b.model_id || '.' || b.field FROM bad b
JOIN compute_optimal c USING (model_id)
WHERE (b.field IN ('params_total', 'params_active') AND c.params_active IS NOT NULL)
     OR (b.field = 'training_tokens' AND c.training_tokens IS NOT NULL)
     OR (b.field = 'training_compute_flop' AND c.training_compute_flop IS NOT NULL)
UNION ALL
SELECT 'frontier_smallest_model: ' || b.model_id || '.' || b.field FROM bad b
JOIN frontier_smallest_model f USING (model_id)
WHERE b.field IN ('params_total', 'params_active', 'mmlu', 'release_date')
ORDER BY 1
