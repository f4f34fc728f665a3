-- `models` with display helpers, narrowed by the filters bound in `params` (`ModelFilters.params`:
-- the user's filters, then the size classes of `defaults.SIZE_CLASSES` as names and exclusive upper
-- bounds). Size classes by total parameters; organisations are comma-separated lists
-- ("Google,Stanford"), matched one by one. A name's search key is lower case, letters and digits
-- only ("DeepSeek-V3", "deepseek v3" -> "deepseekv3"), as `base.search_key` makes it in Python.
params AS (
    SELECT CAST(? AS VARCHAR) AS search, CAST(? AS VARCHAR[]) AS orgs,
           CAST(? AS DATE) AS released_from, CAST(? AS DATE) AS released_to,
           CAST(? AS VARCHAR) AS weights, CAST(? AS VARCHAR[]) AS archs,
           CAST(? AS VARCHAR[]) AS sizes,
           CAST(? AS VARCHAR[]) AS size_names, CAST(? AS DOUBLE[]) AS size_uppers
),
labelled AS (
    SELECT m.*,
           -- the first class whose upper bound lies above params_total (else the last)
           CASE WHEN m.params_total IS NULL THEN 'Unknown'
                ELSE p.size_names[coalesce(
                    list_position(list_transform(p.size_uppers, lambda u: m.params_total < u),
                                  true),
                    len(p.size_names))] END AS size_class,
           CASE m.open_weights WHEN true THEN 'Open weights' WHEN false THEN 'Closed weights'
                ELSE 'Not stated' END AS weights_label,
           replace(m.organization, ',', ', ') AS organization_label,
           list_transform(string_split(m.organization, ','), lambda o: trim(o)) AS organizations
    FROM models AS m CROSS JOIN params AS p
),
search_query AS (  -- the search as a key and as key tokens
    SELECT regexp_replace(lower(search), '[^a-z0-9]+', '', 'g') AS key,
           list_filter(regexp_split_to_array(lower(search), '[^a-z0-9]+'), lambda t: t <> '')
               AS tokens
    FROM params WHERE search IS NOT NULL
),
search_names AS (  -- every name a model goes by: its name, its id, each source's name for it
    SELECT model_id, regexp_replace(lower(name), '[^a-z0-9]+', '', 'g') AS key FROM models
    UNION SELECT model_id, regexp_replace(lower(model_id), '[^a-z0-9]+', '', 'g') FROM models
    UNION SELECT model_id, regexp_replace(lower(source_record), '[^a-z0-9]+', '', 'g') FROM claims
        WHERE source_record IS NOT NULL AND EXISTS (FROM search_query)
),
search_ranked AS (
    SELECT n.model_id, len(n.key) - len(q.key) AS gap,
           CASE WHEN n.key = q.key THEN 0
                    WHEN starts_with(n.key, q.key) THEN 1
                    WHEN contains(n.key, q.key) THEN 2
                    WHEN len(q.tokens) > 0
                         AND list_bool_and(list_transform(q.tokens, lambda t: contains(n.key, t)))
                        THEN 3 END AS search_rank
    FROM search_names AS n, search_query AS q
    WHERE q.key <> ''
),
search_matches AS (  -- each model's best match: its rank (`SEARCH_RANKS`), then the closest name
    SELECT model_id, min(search_rank) AS search_rank,
           arg_min(gap, [search_rank, gap]) AS search_gap
    FROM search_ranked WHERE search_rank IS NOT NULL
    GROUP BY model_id
),
filtered AS (
    SELECT l.* EXCLUDE (organizations),
           coalesce(s.search_rank,
                    CASE WHEN contains(lower(l.name), lower(p.search)) THEN 2  -- "_", "+"
                         WHEN contains(lower(l.organization), lower(p.search)) THEN 4 END)
               AS search_rank,
           s.search_gap
    FROM labelled AS l CROSS JOIN params AS p LEFT JOIN search_matches AS s USING (model_id)
    WHERE (p.search IS NULL
           OR s.search_rank IS NOT NULL
           OR contains(lower(l.name), lower(p.search))
           OR contains(lower(l.organization), lower(p.search)))
      AND (len(p.orgs) = 0 OR list_has_any(l.organizations, p.orgs))
      AND (p.released_from IS NULL OR l.release_date >= p.released_from)
      AND (p.released_to IS NULL OR l.release_date <= p.released_to)
      AND (p.weights IS NULL
           OR (p.weights = 'open' AND l.open_weights IS TRUE)
           OR (p.weights = 'closed' AND l.open_weights IS FALSE)
           OR (p.weights = 'unstated' AND l.open_weights IS NULL))
      AND (len(p.archs) = 0 OR list_contains(p.archs, l.architecture))
      AND (len(p.sizes) = 0 OR list_contains(p.sizes, l.size_class))
)
