SELECT pow(10, x) AS x_value, x, score_pct, score_pct_lower, score_pct_upper
FROM capability_curves
WHERE x_variable = ? AND "group" = ? AND confidence_filter = ?
ORDER BY x
