SELECT median(compute_6nd_to_reported_ratio), count(compute_6nd_to_reported_ratio)
FROM compute_optimal WHERE compute_method IN ('reported', 'hardware')
