SELECT max(built_at) AS built_at, any_value(git_commit) AS git_commit, any_value(run_id) AS run_id,
       count(*) FILTER (WHERE kind = 'input') AS inputs,
       count(*) FILTER (WHERE kind = 'table') AS tables
FROM build_manifest
