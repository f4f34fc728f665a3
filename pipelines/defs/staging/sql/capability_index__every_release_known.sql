SELECT count(*) FILTER (WHERE model_id NOT IN (SELECT model_id FROM models)),
         count(*) - count(DISTINCT model_id),
         count(*) FILTER (WHERE eci < eci_ci_low OR eci > eci_ci_high)
FROM capability_index
