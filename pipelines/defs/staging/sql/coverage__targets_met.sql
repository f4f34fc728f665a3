SELECT field, with_value, target
FROM coverage
WHERE year IS NULL AND target IS NOT NULL
ORDER BY field
