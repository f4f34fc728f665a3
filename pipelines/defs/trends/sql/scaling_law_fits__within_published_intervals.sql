SELECT parameter, estimate, published_ci_low, published_ci_high, n_points
FROM scaling_law_fits
WHERE published_ci_low IS NOT NULL
