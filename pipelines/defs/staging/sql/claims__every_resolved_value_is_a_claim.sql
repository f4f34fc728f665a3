SELECT count(*) FROM sources s
WHERE s.field IN (SELECT DISTINCT field FROM claims)
    AND NOT EXISTS (SELECT 1 FROM claims c WHERE c.model_id = s.model_id
                    AND c.field = s.field AND c.citation = s.citation)
