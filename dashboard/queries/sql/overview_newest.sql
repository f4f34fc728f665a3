WITH {{ filtered_models }}
SELECT model_id, name, organization_label AS organization, release_date, params_total,
       training_compute_flop / 1e21
       AS training_compute_zflop, mmlu, open_weights, {{ model_page }} AS model_page
FROM filtered
ORDER BY release_date DESC NULLS LAST, name
LIMIT ?
