SELECT year, max(models) FILTER (field = 'models'),
       max(with_value) FILTER (field = 'params+tokens+compute'),
       max(with_value) FILTER (field = 'mmlu'),
       max(with_value) FILTER (field = 'price+context')
FROM coverage
WHERE year >= ?  -- defaults.GROWTH_SINCE
GROUP BY year
ORDER BY year
