SELECT count(*) FILTER (WHERE difference <= 0
         OR model_id NOT IN (SELECT model_id FROM models)), count(*)
FROM conflicts
