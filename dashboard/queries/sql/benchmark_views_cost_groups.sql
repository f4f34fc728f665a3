SELECT measured_by, any_value(n_models) AS n_models,
       any_value(n_left_out_no_price) AS n_left_out_no_price
FROM benchmark_cost_frontier WHERE benchmark = ? GROUP BY measured_by ORDER BY n_models DESC
