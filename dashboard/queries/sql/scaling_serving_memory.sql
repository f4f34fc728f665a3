SELECT s.model_id, s.name, replace(m.organization, ',', ', ') AS organization, m.release_date,
       m.architecture, s.params_total, s.memory_gb_fp16, s.memory_gb_int8, s.memory_gb_int4,
       './model?model=' || url_encode(s.model_id) AS model_page
FROM serving_memory AS s
JOIN models AS m USING (model_id)
WHERE CAST(? AS VARCHAR) IS NULL
   OR contains(lower(s.name), lower(CAST(? AS VARCHAR)))
   OR contains(lower(m.organization), lower(CAST(? AS VARCHAR)))
ORDER BY s.params_total DESC, s.name
