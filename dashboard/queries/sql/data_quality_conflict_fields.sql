SELECT field, count(*) AS conflicts, count(DISTINCT model_id) AS models
FROM conflicts GROUP BY field ORDER BY conflicts DESC, field
