SELECT DISTINCT threshold FROM benchmark_frontier
WHERE benchmark = ? AND measured_by = ? AND protocol_family = ? ORDER BY threshold
