SELECT count(*), count(*) FILTER (citation IS NOT NULL AND method IS NOT NULL)
FROM sources
WHERE field IN (SELECT DISTINCT field FROM claims)
