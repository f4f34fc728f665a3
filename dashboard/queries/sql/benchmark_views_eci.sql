-- Every release with an ECI and a release date, its weights and whether it is an `eci_frontier`
-- record.
SELECT c.model_id, m.name, replace(m.organization, ',', ', ') AS organization, m.release_date,
       CASE WHEN m.open_weights THEN 'open' WHEN NOT m.open_weights THEN 'closed'
            ELSE 'unstated' END AS weights,
       c.eci, c.eci_ci_low, c.eci_ci_high, c.source,
       c.model_id IN (SELECT model_id FROM eci_frontier) AS is_record,
       {{ model_page }} AS model_page
FROM capability_index AS c JOIN models AS m USING (model_id)
WHERE m.release_date IS NOT NULL AND c.eci IS NOT NULL
ORDER BY m.release_date, c.model_id
