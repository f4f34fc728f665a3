SELECT fit, parameter, estimate, ci_low, ci_high, n_points, n_excluded, n_bootstrap,
       published_estimate, published_ci_low, published_ci_high, citation
FROM scaling_law_fits
ORDER BY fit, list_position(['E', 'A', 'B', 'alpha', 'beta', 'params_exponent'], parameter)
