-- Scores a frontier is computed from: for MMLU the resolved 5-shot score of `models` (what
-- `frontier_smallest_model` uses), for any other benchmark `benchmark_scores` at its protocol (its
-- most common shot count; the pages say how many scores at other counts are left out). Parameter
-- counts whose confidence is in the excluded list (`frontier.EXCLUDED_PARAM_CONFIDENCE`) cannot
-- set a record.
WITH {{ filtered_models }},
{{ protocol }},
p AS (SELECT CAST(? AS VARCHAR) AS benchmark, CAST(? AS VARCHAR[]) AS excluded),
scores AS (
    SELECT m.model_id, m.mmlu AS score, s.citation AS source
    FROM models AS m
    CROSS JOIN p
    LEFT JOIN sources AS s ON s.model_id = m.model_id AND s.field = 'mmlu'
    WHERE p.benchmark = 'mmlu' AND m.mmlu IS NOT NULL
    UNION ALL
    -- several parties or effort variants may score one release (`measured_by`, `protocol`):
    -- a release reaches a threshold when any of its scores does, so its best score is used
    SELECT b.model_id, max(b.score) AS score, arg_max(b.source, b.score) AS source
    FROM benchmark_scores AS b
    CROSS JOIN p
    JOIN protocol AS pr ON pr.benchmark = b.benchmark AND pr.shots = b.shots
    WHERE b.benchmark = p.benchmark AND p.benchmark <> 'mmlu'
    GROUP BY b.model_id
)
SELECT m.model_id, m.name, m.organization, m.release_date,
       m.params_total, m.params_active, sc.score, sc.source, ps.citation AS params_source
FROM scores AS sc
JOIN filtered AS m USING (model_id)
CROSS JOIN p
LEFT JOIN sources AS ps ON ps.model_id = m.model_id AND ps.field = 'params_total'
WHERE NOT list_contains(p.excluded, coalesce(ps.confidence, ''))
ORDER BY m.release_date, m.model_id
