WITH {{ filtered_models }}
SELECT count(*) FROM compute_optimal_by_fit AS f JOIN filtered AS m USING (model_id)
WHERE f.fit = ? AND m.base_model_id IS NULL
