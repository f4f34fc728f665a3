SELECT field, year, models, with_value, share, target FROM coverage
ORDER BY field, year NULLS FIRST
