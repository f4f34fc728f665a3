SELECT max(params), min(params), count(*) FROM frontier_smallest_model
WHERE benchmark = 'mmlu' AND threshold = 60 AND basis = 'total'
