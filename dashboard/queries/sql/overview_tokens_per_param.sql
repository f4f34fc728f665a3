WITH {{ filtered_models }}
SELECT f.model_id, f.name, f.organization_label AS organization, f.release_date, f.size_class,
       c.params_active, c.training_tokens, c.tokens_per_param, c.chinchilla_ratio,
       s.citation AS source, f.base_model_id
FROM filtered AS f
JOIN compute_optimal AS c USING (model_id)
LEFT JOIN sources AS s ON s.model_id = f.model_id AND s.field = 'training_tokens'
WHERE c.tokens_per_param IS NOT NULL
ORDER BY f.release_date, f.name
