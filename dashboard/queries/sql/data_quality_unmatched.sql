SELECT source, name, detail FROM unmatched_names
WHERE len(CAST(? AS VARCHAR[])) = 0 OR list_contains(CAST(? AS VARCHAR[]), source)
ORDER BY source, name
