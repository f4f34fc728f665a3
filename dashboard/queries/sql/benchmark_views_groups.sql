SELECT measured_by, protocol_family, any_value(n_scores) AS n_scores,
       any_value(n_left_out_not_open) AS n_left_out_not_open,
       any_value(n_left_out_no_date) AS n_left_out_no_date
FROM benchmark_frontier WHERE benchmark = ?
GROUP BY measured_by, protocol_family
ORDER BY n_scores DESC, measured_by, protocol_family
