SELECT * FROM benchmark_cost_trend WHERE benchmark = ? AND measured_by = ? ORDER BY threshold
