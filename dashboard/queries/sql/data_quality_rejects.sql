SELECT source_file, source_line, model_id, field, reason, "check"
FROM rejects ORDER BY source_file, source_line, field
