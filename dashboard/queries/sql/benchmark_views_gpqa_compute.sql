-- Releases with an Epoch AI run of GPQA Diamond and a training compute: each release's best
-- effort variant, as `benchmark_compute_fits` fits them (pipelines/lib/trends/compute_fits.py).
SELECT b.model_id, m.name, replace(m.organization, ',', ', ') AS organization, m.release_date,
       CASE WHEN m.open_weights THEN 'open' WHEN NOT m.open_weights THEN 'closed'
            ELSE 'unstated' END AS weights,
       max(b.score) AS score, count(*) AS n_rows, m.training_compute_flop,
       arg_max(b.source, b.score) AS source,
       './model?model=' || url_encode(b.model_id) AS model_page
FROM benchmark_scores AS b JOIN models AS m USING (model_id)
WHERE b.benchmark = 'gpqa_diamond' AND b.measured_by = 'epoch' AND m.training_compute_flop > 0
GROUP BY ALL
ORDER BY m.training_compute_flop, b.model_id
