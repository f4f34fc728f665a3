SELECT params_active_method, count(*)
FROM models
WHERE architecture = 'moe' AND params_active_method IS NOT NULL
GROUP BY 1
ORDER BY 2 DESC, 1
