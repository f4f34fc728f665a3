SELECT source, count(*) AS names FROM unmatched_names GROUP BY source ORDER BY names DESC, source
