-- `emergence_points` of one benchmark (the last `?`) at its chart's protocol, for the models the
-- filters keep (the code passes `scores_table` = emergence_points).
WITH {{ filtered_models }},
{{ protocol }}
SELECT e.benchmark, e.model_id, e.name, replace(e.organization, ',', ', ') AS organization,
       e.release_date, e.training_compute_flop, e.params_total, e.score, e.shots, e.chance_pct,
       e.source, sc.citation AS compute_source,
       './model?model=' || url_encode(e.model_id) AS model_page
FROM emergence_points AS e
JOIN filtered AS m USING (model_id)
JOIN protocol AS pr ON pr.benchmark = e.benchmark AND pr.shots = e.shots
LEFT JOIN sources AS sc ON sc.model_id = e.model_id AND sc.field = 'training_compute_flop'
WHERE e.benchmark = ?
ORDER BY e.training_compute_flop
