WITH {{ filtered_models }}
SELECT s.model_id, s.field, s.citation FROM sources AS s
JOIN filtered AS f USING (model_id)
ORDER BY s.model_id, s.field
