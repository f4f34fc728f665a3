SELECT m.model_id, m.name, replace(m.organization, ',', ', ') AS organization, m.release_date,
       (SELECT count(*) FROM claims AS c WHERE c.model_id = m.model_id) AS claims
FROM models AS m
ORDER BY m.name, m.model_id
