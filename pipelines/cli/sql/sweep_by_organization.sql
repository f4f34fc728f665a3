-- Curated records citing a maker's repository at a commit, by organisation. {repo}: the
-- GitHub-URL pattern from datadocs.py and {source} (`curated` or `curated_copy`): constants.
WITH cited AS (
    SELECT DISTINCT s.model_id, regexp_extract(s.citation, '{repo}', 1) AS repo
    FROM sources s WHERE s.source = '{source}'
      AND regexp_matches(s.citation, '{repo}'))
SELECT m.organization, count(DISTINCT m.model_id),
       count(DISTINCT m.model_id) FILTER (m.mmlu IS NOT NULL),
       string_agg(DISTINCT c.repo, ', ' ORDER BY c.repo)
FROM cited c JOIN models m USING (model_id)
GROUP BY 1 ORDER BY 2 DESC, 1
