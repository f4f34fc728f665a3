SELECT c.change, c.model_id, c.name, c.field, c.old_value, c.new_value, c.source,
       CASE WHEN m.model_id IS NOT NULL THEN './model?model=' || url_encode(c.model_id) END
           AS model_page
FROM changelog AS c
LEFT JOIN models AS m USING (model_id)
WHERE c.change = ?
ORDER BY c.name, c.model_id, c.field
LIMIT ?
