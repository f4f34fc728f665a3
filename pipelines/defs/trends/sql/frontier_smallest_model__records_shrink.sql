SELECT count(*) FROM (
    SELECT *, lag(params) OVER w AS prev_params, lag(release_date) OVER w AS prev_date
    FROM frontier_smallest_model
    WINDOW w AS (PARTITION BY benchmark, threshold, basis
                 ORDER BY release_date, params))
WHERE score < threshold OR params >= prev_params OR release_date < prev_date
