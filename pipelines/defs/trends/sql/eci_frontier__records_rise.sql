-- Each ECI record (open or closed) is higher than the one before it.
SELECT count(*) FROM (
  SELECT eci, lag(eci) OVER (PARTITION BY weights ORDER BY release_date, eci) AS before
  FROM eci_frontier)
WHERE before IS NOT NULL AND eci <= before
