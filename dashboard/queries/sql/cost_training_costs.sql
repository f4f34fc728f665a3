-- Models (narrowed by the filters) with a training cost (USD), each with the citation of the cost.
WITH {{ filtered_models }}
SELECT m.model_id, m.name, m.organization_label AS organization, m.release_date,
       m.training_cost_usd, m.training_compute_flop, m.weights_label,
       s.citation AS source, s.source AS source_dataset,
       './model?model=' || url_encode(m.model_id) AS model_page
FROM filtered AS m
LEFT JOIN sources AS s ON s.model_id = m.model_id AND s.field = 'training_cost_usd'
WHERE m.training_cost_usd IS NOT NULL AND m.training_cost_usd > 0
  -- as the growth fit sees it: a cost or date `suspicious_values` keeps out is left out here
  AND NOT EXISTS (
      SELECT 1 FROM suspicious_values AS v
      WHERE v.model_id = m.model_id AND v.field IN ('training_cost_usd', 'release_date')
        AND v.status IN ('unresolved', 'erratum'))
ORDER BY m.release_date, m.model_id
