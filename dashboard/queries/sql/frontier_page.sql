-- One threshold and basis of `frontier_smallest_model`, as the Frontier page shows it (joint
-- releases' organisations spaced as everywhere else on the page).
SELECT benchmark, threshold, basis, model_id, name,
       replace(organization, ',', ', ') AS organization, release_date, params, score, source,
       params_source, {{ model_page }} AS model_page
FROM frontier_smallest_model
WHERE benchmark = ? AND threshold = CAST(? AS DOUBLE) AND basis = ?
ORDER BY release_date, params, model_id
