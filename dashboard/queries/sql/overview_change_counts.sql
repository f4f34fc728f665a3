SELECT count(*) FILTER (WHERE change = 'added') AS added,
       count(*) FILTER (WHERE change = 'removed') AS removed,
       count(*) FILTER (WHERE change = 'changed') AS changed,
       count(DISTINCT model_id) FILTER (WHERE change = 'changed') AS changed_models
FROM changelog
