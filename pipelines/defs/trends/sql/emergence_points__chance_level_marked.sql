SELECT count(*) FILTER (WHERE chance_pct IS DISTINCT FROM 25 OR training_compute_flop IS NULL),
       count(*)
FROM emergence_points
WHERE benchmark = 'mmlu'
