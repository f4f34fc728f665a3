-- Releases with both an ECI and a training compute.
SELECT c.model_id, m.name, replace(m.organization, ',', ', ') AS organization, m.release_date,
       CASE WHEN m.open_weights THEN 'open' WHEN NOT m.open_weights THEN 'closed'
            ELSE 'unstated' END AS weights,
       c.eci, c.eci_ci_low, c.eci_ci_high, m.training_compute_flop,
       {{ model_page }} AS model_page
FROM capability_index AS c JOIN models AS m USING (model_id)
WHERE c.eci IS NOT NULL AND m.training_compute_flop > 0
ORDER BY m.training_compute_flop
