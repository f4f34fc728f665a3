WITH {{ filtered_models }}
SELECT c.model_id, c.name, replace(m.organization, ',', ', ') AS organization, c.release_date,
       c.params_active, c.training_tokens, c.tokens_per_param, c.compute_6nd_flop,
       s.citation AS tokens_source
FROM compute_optimal AS c
JOIN filtered AS m USING (model_id)
LEFT JOIN sources AS s ON s.model_id = c.model_id AND s.field = 'training_tokens'
WHERE m.base_model_id IS NULL AND c.compute_6nd_flop > 0
ORDER BY c.compute_6nd_flop
