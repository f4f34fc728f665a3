SELECT source, count(*)
FROM sources
WHERE field IN (SELECT DISTINCT field FROM claims)
GROUP BY 1
ORDER BY 1
