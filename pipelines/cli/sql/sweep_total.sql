SELECT count(DISTINCT model_id) FROM sources WHERE source = 'curated'
  AND regexp_matches(citation, '{repo}')
