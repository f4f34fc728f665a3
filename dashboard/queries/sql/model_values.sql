WITH params AS (SELECT CAST(? AS VARCHAR) AS id, CAST(? AS VARCHAR[]) AS fields),
m AS (SELECT models.* FROM models, params WHERE model_id = params.id),
numbers AS (
    UNPIVOT (
        SELECT model_id, params_total, params_active, training_tokens, training_compute_flop,
               CAST(context_window AS DOUBLE) AS context_window, mmlu,
               price_usd_per_1m_input_tokens, price_usd_per_1m_output_tokens, training_cost_usd
        FROM m)
    ON COLUMNS(* EXCLUDE (model_id)) INTO NAME field VALUE value
),
texts AS (
    UNPIVOT (
        SELECT model_id, replace(organization, ',', ', ') AS organization,
               CAST(release_date AS VARCHAR) AS release_date,
               architecture,
               CASE open_weights WHEN true THEN 'yes' WHEN false THEN 'no' END AS open_weights,
               params_active_method, compute_method,
               CAST(price_as_of_date AS VARCHAR) AS price_as_of_date, base_model_id, source_file
        FROM m)
    ON COLUMNS(* EXCLUDE (model_id)) INTO NAME field VALUE text
),
vals AS (
    SELECT model_id, field, value, CAST(NULL AS VARCHAR) AS text FROM numbers
    UNION ALL
    SELECT model_id, field, CAST(NULL AS DOUBLE), text FROM texts
)
SELECT v.field, v.value, v.text, s.citation, s.source, s.method, s.confidence,
       (SELECT count(*) FROM claims AS c WHERE c.model_id = v.model_id AND c.field = v.field)
           AS claims,
       (SELECT count(*) FROM conflicts AS k WHERE k.model_id = v.model_id AND k.field = v.field)
           AS conflicts
FROM vals AS v, params AS p
LEFT JOIN sources AS s ON s.model_id = v.model_id AND s.field = v.field
ORDER BY coalesce(list_position(p.fields, v.field), 1000), v.field
