-- Models (narrowed by the filters) with an MMLU score and both list prices, at the 3:1 blended
-- price, rounded to a millionth of a dollar so equal prices compare equal (0.42 + 0.28 vs
-- 0.3 + 0.4). `on_frontier`: no model scoring at least as much is as cheap (the cheapest at or
-- above its score). Ties in score: the cheaper one wins.
WITH {{ filtered_models }},
priced AS (
    SELECT m.model_id, m.name, m.organization_label AS organization,
           m.release_date, m.mmlu, m.price_usd_per_1m_input_tokens AS price_input,
           m.price_usd_per_1m_output_tokens AS price_output,
           round((3 * m.price_usd_per_1m_input_tokens + m.price_usd_per_1m_output_tokens) / 4, 6)
               AS price_blended,
           m.price_as_of_date, m.weights_label,
           sp.citation AS price_source, sm.citation AS mmlu_source,
           './model?model=' || url_encode(m.model_id) AS model_page
    FROM filtered AS m
    LEFT JOIN sources AS sp
        ON sp.model_id = m.model_id AND sp.field = 'price_usd_per_1m_input_tokens'
    LEFT JOIN sources AS sm ON sm.model_id = m.model_id AND sm.field = 'mmlu'
    WHERE m.mmlu IS NOT NULL AND m.price_usd_per_1m_input_tokens IS NOT NULL
      AND m.price_usd_per_1m_output_tokens IS NOT NULL AND price_blended > 0  -- the alias above
),
ranked AS (
    SELECT *, min(price_blended) OVER (
               ORDER BY mmlu DESC, price_blended, model_id
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS cheapest_above
    FROM priced
)
SELECT * EXCLUDE (cheapest_above),
       cheapest_above IS NULL OR price_blended < cheapest_above AS on_frontier
FROM ranked
ORDER BY mmlu, price_blended
