SELECT *, {{ model_page }} AS model_page FROM benchmark_cost_frontier
WHERE benchmark = ? AND measured_by = ?
ORDER BY threshold, release_date, price_usd_per_1m_blended, model_id
