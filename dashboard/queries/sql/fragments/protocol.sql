-- `protocol`: per benchmark of {{ scores_table }}, the stated shot count with the most scores
-- (ties: the fewest shots; an unstated count only when no score states one: it is no protocol to
-- compare like with like) and how many scores sit at other counts.
protocol AS (
    SELECT benchmark, shots, n, sum(n) OVER (PARTITION BY benchmark) - n AS other_shots_scores
    FROM (SELECT benchmark, shots, count(*) AS n FROM {{ scores_table }} GROUP BY ALL)
    QUALIFY row_number() OVER (PARTITION BY benchmark ORDER BY shots IS NULL, n DESC, shots) = 1
)
