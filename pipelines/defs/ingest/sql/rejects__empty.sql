SELECT source_file || ':' || coalesce(CAST(source_line AS VARCHAR), '?') || ': '
       || field || ': ' || reason
FROM rejects
ORDER BY source_file, source_line
LIMIT 20
