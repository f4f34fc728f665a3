WITH {{ filtered_models }}
SELECT count(*) AS models,
       count(mmlu) AS with_mmlu,
       count(*) FILTER (WHERE open_weights) AS open_weights,
       count(training_compute_flop) AS with_compute,
       (SELECT count(DISTINCT trim(o)) FROM filtered, unnest(string_split(organization, ','))
        AS t(o)) AS organizations,
       (SELECT count(*) FROM models) AS all_models
FROM filtered
