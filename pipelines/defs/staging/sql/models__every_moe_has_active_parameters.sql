SELECT model_id
FROM models
WHERE architecture = 'moe' AND (params_active IS NULL OR params_total IS NULL)
ORDER BY model_id
