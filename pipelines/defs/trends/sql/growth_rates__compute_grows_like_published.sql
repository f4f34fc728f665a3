SELECT fold_change_per_year, fold_ci_low, fold_ci_high, n_points
FROM growth_rates
WHERE metric = 'training_compute_flop'
