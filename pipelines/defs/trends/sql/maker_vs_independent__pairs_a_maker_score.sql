-- Every pair's difference is maker minus independent, and its maker score is a maker's row.
SELECT count(*) FROM maker_vs_independent v
WHERE abs(v.difference_pts - (v.maker_score - v.independent_score)) > 1e-9
   OR NOT EXISTS (
     SELECT 1 FROM benchmark_scores b
     WHERE b.model_id = v.model_id
       AND (b.benchmark = v.benchmark OR (v.benchmark = 'gpqa_diamond' AND b.benchmark = 'gpqa'))
       AND b.measured_by = 'maker'
       AND b.score = v.maker_score)
