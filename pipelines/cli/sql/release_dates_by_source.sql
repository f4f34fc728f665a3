SELECT source, method, count(*)
FROM sources
WHERE field = 'release_date' AND source <> 'curated'
GROUP BY 1, 2
ORDER BY 1, 2
