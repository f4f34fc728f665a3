WITH {{ filtered_models }}
SELECT f.model_id, f.name, f.organization_label AS organization, f.release_date,
       f.training_compute_flop,
       f.compute_method, f.weights_label, f.params_total, s.citation AS source,
       s.source AS source_dataset, s.confidence
FROM filtered AS f
LEFT JOIN sources AS s ON s.model_id = f.model_id AND s.field = 'training_compute_flop'
WHERE f.training_compute_flop IS NOT NULL
ORDER BY f.release_date, f.name
