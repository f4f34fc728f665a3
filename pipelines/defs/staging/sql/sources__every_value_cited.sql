-- Values of `models`.{column} without a citation and a method in `sources` ({only_moe}: MoE only
-- for params_active). {column} is a claim field name from code, never input.
SELECT m.model_id FROM models m
LEFT JOIN sources s ON s.model_id = m.model_id AND s.field = ?
WHERE m."{column}" IS NOT NULL AND (s.citation IS NULL OR s.method IS NULL)
  {only_moe}
