-- Every record-holder of a benchmark frontier has open weights.
SELECT count(*) FROM benchmark_frontier f JOIN models m USING (model_id)
WHERE NOT coalesce(m.open_weights, false)
