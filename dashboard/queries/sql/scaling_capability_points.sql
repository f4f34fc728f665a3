-- Every model (narrowed by the filters) with an MMLU score, with its size and compute and the
-- citation of each (and the compute's confidence label).
WITH {{ filtered_models }}
SELECT m.model_id, m.name, m.organization_label AS organization, m.release_date,
       m.params_total, m.training_compute_flop, m.mmlu, m.weights_label,
       sm.citation AS mmlu_source, sp.citation AS params_source, sc.citation AS compute_source,
       sc.confidence AS compute_confidence, './model?model=' || url_encode(m.model_id) AS model_page
FROM filtered AS m
LEFT JOIN sources AS sm ON sm.model_id = m.model_id AND sm.field = 'mmlu'
LEFT JOIN sources AS sp ON sp.model_id = m.model_id AND sp.field = 'params_total'
LEFT JOIN sources AS sc ON sc.model_id = m.model_id AND sc.field = 'training_compute_flop'
WHERE m.mmlu IS NOT NULL
ORDER BY m.release_date, m.model_id
