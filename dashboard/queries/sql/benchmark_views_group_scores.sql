-- The scores of one measurer for a benchmark (and `gpqa`, which a maker may name for the
-- Diamond subset), with each release's date.
SELECT b.model_id, b.benchmark, b.protocol, b.unit, b.score, m.release_date
FROM benchmark_scores AS b JOIN models AS m USING (model_id)
WHERE b.measured_by = ? AND (b.benchmark = ? OR b.benchmark = 'gpqa')
