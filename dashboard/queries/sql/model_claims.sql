WITH params AS (SELECT CAST(? AS VARCHAR) AS id, CAST(? AS VARCHAR[]) AS fields),
-- The values the warehouse used: a claim is `used` only when its source, citation AND value
-- are the resolved ones (one source can make several claims with one citation: two runs of a
-- repo on a leaderboard).
used_values AS (
    UNPIVOT (
        SELECT model_id, params_total, params_active, training_tokens, training_compute_flop,
               CAST(context_window AS DOUBLE) AS context_window, mmlu,
               price_usd_per_1m_input_tokens, price_usd_per_1m_output_tokens, training_cost_usd
        FROM models, params WHERE model_id = params.id)
    ON COLUMNS(* EXCLUDE (model_id)) INTO NAME field VALUE value
    UNION ALL
    SELECT b.model_id, b.benchmark, b.score FROM benchmark_scores AS b, params
    WHERE b.model_id = params.id
),
SELECT c.field, c.value, c.unit, c.source, c.citation, c.method, c.confidence, c.as_of_date,
       c.retrieved_date, c.precedence, c.source_record,
       CASE WHEN s.source = c.source AND s.citation = c.citation AND EXISTS (
                SELECT 1 FROM used_values AS u WHERE u.field = c.field AND u.value = c.value
            ) THEN true
            -- scores kept side by side (Epoch's Benchmarking Hub): no `sources` row; used when
            -- `benchmark_scores` shows this very score and citation
            WHEN s.model_id IS NULL AND EXISTS (
                SELECT 1 FROM benchmark_scores AS b WHERE b.model_id = c.model_id
                AND b.benchmark = c.field AND b.source = c.citation AND b.score = c.value
            ) THEN true
            ELSE false END AS used
FROM claims AS c
JOIN params AS p ON c.model_id = p.id
LEFT JOIN sources AS s ON s.model_id = c.model_id AND s.field = c.field
ORDER BY coalesce(list_position(p.fields, c.field), 1000), c.field, c.precedence, c.source,
         c.citation, c.value
