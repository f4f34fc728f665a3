SELECT count(*) FILTER (WHERE model_id NOT IN (SELECT model_id FROM models)),
         count(*) FILTER (WHERE measured_by IS NULL)
FROM benchmark_scores
