SELECT DISTINCT threshold FROM frontier_smallest_model WHERE benchmark = ? ORDER BY threshold
