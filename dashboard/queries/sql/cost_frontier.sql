SELECT f.threshold, f.model_id, f.name, replace(f.organization, ',', ', ') AS organization,
       f.release_date, f.price_usd_per_1m_blended, f.score, f.price_as_of_date,
       date_diff('day', f.release_date, f.price_as_of_date) AS price_days_after_release,
       coalesce((SELECT first(c.citation ORDER BY c.precedence, c.source, c.citation)
                 FROM claims AS c
                 WHERE c.model_id = f.model_id AND c.field = 'price_usd_per_1m_input_tokens'
                   AND c.as_of_date = f.price_as_of_date), sp.citation) AS price_source,
       sm.citation AS mmlu_source,
       './model?model=' || url_encode(f.model_id) AS model_page
FROM cost_frontier AS f
LEFT JOIN sources AS sp
    ON sp.model_id = f.model_id AND sp.field = 'price_usd_per_1m_input_tokens'
LEFT JOIN sources AS sm ON sm.model_id = f.model_id AND sm.field = 'mmlu'
WHERE f.threshold = CAST(? AS DOUBLE)
ORDER BY f.release_date, f.price_usd_per_1m_blended
