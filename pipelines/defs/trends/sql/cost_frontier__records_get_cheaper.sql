SELECT count(*) FILTER (WHERE score < threshold
    OR price_usd_per_1m_blended >= prev), count(*) FROM (
SELECT *, lag(price_usd_per_1m_blended) OVER (PARTITION BY threshold
         ORDER BY release_date, price_usd_per_1m_blended) AS prev FROM cost_frontier)
