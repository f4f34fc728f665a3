SELECT field, with_value, models, target FROM coverage WHERE year IS NULL ORDER BY field
