SELECT fit, min(tokens_per_param) AS low, max(tokens_per_param) AS high,
       min(budget_flop) AS budget_low, max(budget_flop) AS budget_high
FROM compute_optimal_allocation
WHERE budget_flop BETWEEN ? AND ?
GROUP BY fit
