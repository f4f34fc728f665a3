SELECT source, method, count(*)
FROM sources
WHERE field = 'release_date' AND source NOT IN ('curated', 'curated_copy')
GROUP BY 1, 2
ORDER BY 1, 2
