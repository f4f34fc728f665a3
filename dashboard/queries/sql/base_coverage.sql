SELECT (SELECT max(release_date) FROM models) AS releases_to,
       (SELECT min(release_date) FROM models) AS releases_from,
       (SELECT max(as_of_date) FROM claims WHERE source <> 'curated') AS snapshot_date,
       (SELECT arg_max(source, as_of_date) FROM claims WHERE source <> 'curated')
           AS snapshot_source,
       (SELECT max(built_at) FROM build_manifest) AS built_at
