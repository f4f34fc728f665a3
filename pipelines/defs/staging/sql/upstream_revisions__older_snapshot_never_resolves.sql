SELECT r.model_id || ' / ' || r.field
FROM upstream_revisions AS r
JOIN sources AS s ON s.model_id = r.model_id AND s.field = r.field
JOIN claims AS a ON a.model_id = r.model_id AND a.field = r.field
                  AND a.source = r.source_after
JOIN claims AS b ON b.model_id = r.model_id AND b.field = r.field
                  AND b.source = r.source_before
WHERE s.source = r.source_before  -- resolved to the replaced figure
    AND a.precedence <= b.precedence  -- though the newer ranks as high
    AND r.as_of_after = (SELECT max(x.as_of_after) FROM upstream_revisions AS x
                         WHERE x.model_id = r.model_id AND x.field = r.field)
ORDER BY 1
