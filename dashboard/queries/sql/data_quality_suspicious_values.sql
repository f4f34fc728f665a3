SELECT s.model_id, m.name, s.field, s.value, s.rule, s.evidence, s.status, s.reason
FROM suspicious_values s LEFT JOIN models m USING (model_id)
WHERE len(CAST(? AS VARCHAR[])) = 0 OR list_contains(CAST(? AS VARCHAR[]), s.status)
ORDER BY s.status = 'acknowledged', s.status = 'erratum', s.rule, s.model_id,
         s.field
