-- `maker_vs_independent` with the release's name, date and page, for one release (the `?`
-- twice) or all (NULL).
SELECT v.*, m.name, m.release_date, {{ model_page }} AS model_page
FROM maker_vs_independent AS v JOIN models AS m USING (model_id)
WHERE (CAST(? AS VARCHAR) IS NULL OR v.model_id = ?)
ORDER BY v.benchmark, v.measured_by, v.difference_pts DESC, v.model_id
