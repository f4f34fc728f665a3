SELECT coalesce(sum(n), 0) AS n FROM (
    SELECT any_value(n_scores) AS n FROM benchmark_frontier WHERE benchmark = ?
    GROUP BY measured_by, protocol_family
)
