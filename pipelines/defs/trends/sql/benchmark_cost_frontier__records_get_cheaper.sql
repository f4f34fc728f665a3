-- Within a (benchmark, measurer, threshold) each record is cheaper than the one before.
SELECT count(*) FROM (
  SELECT price_usd_per_1m_blended AS p, lag(price_usd_per_1m_blended) OVER (
    PARTITION BY benchmark, measured_by, threshold
    ORDER BY release_date, price_usd_per_1m_blended) AS before
  FROM benchmark_cost_frontier)
WHERE before IS NOT NULL AND p >= before
