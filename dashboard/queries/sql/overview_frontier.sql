SELECT benchmark, threshold, basis, model_id, name, organization, release_date, params, score,
       source, params_source, {{ model_page }} AS model_page
FROM frontier_smallest_model
WHERE benchmark = ?
  AND (CAST(? AS DOUBLE) IS NULL OR threshold = CAST(? AS DOUBLE))
  AND (CAST(? AS VARCHAR) IS NULL OR basis = CAST(? AS VARCHAR))
ORDER BY basis, threshold, release_date, params
