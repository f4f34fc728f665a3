-- Each pre-trained model (no `base_model_id`: a fine-tune's tokens are fine-tuning data) against
-- one fit, most over-trained (`over` true) or most under-trained first.
WITH {{ filtered_models }},
p AS (SELECT CAST(? AS VARCHAR) AS fit, CAST(? AS BOOLEAN) AS over, CAST(? AS INTEGER) AS n)
SELECT f.model_id, f.name, replace(m.organization, ',', ', ') AS organization, f.release_date,
       c.params_active, c.training_tokens, c.tokens_per_param, f.budget_flop, f.params_opt,
       f.tokens_opt, f.tokens_opt / f.params_opt AS tokens_per_param_opt,
       f.over_training_factor, s.citation AS tokens_source,
       './model?model=' || url_encode(f.model_id) AS model_page
FROM compute_optimal_by_fit AS f
CROSS JOIN p
JOIN filtered AS m USING (model_id)
JOIN compute_optimal AS c USING (model_id)
LEFT JOIN sources AS s ON s.model_id = f.model_id AND s.field = 'training_tokens'
WHERE f.fit = p.fit AND m.base_model_id IS NULL
ORDER BY CASE WHEN p.over THEN -f.over_training_factor ELSE f.over_training_factor END,
         f.model_id
LIMIT (SELECT n FROM p)
