SELECT e.source || ': ' || e.name FROM upstream_errata e
WHERE NOT (
      (e.source = 'llm_stats'
       AND e.name IN (SELECT model_id FROM raw_llm_stats_models))
      OR (e.source = 'obsscaling' AND e.name IN (SELECT "Model" FROM raw_obsscaling))
      OR (e.source = 'epoch'
          AND (e.name IN (SELECT "Model" FROM raw_epoch_notable_2026_08)
               OR e.name IN (SELECT "Model" FROM raw_epoch_large_scale_2026_08)
               OR e.name IN (SELECT "Model" FROM raw_epoch_frontier_2026_03)
               OR e.name IN (SELECT "Model" FROM raw_epoch_models_2025_08)
               OR e.name IN (SELECT "Model" FROM raw_epoch_models_2024_10)))
  )
ORDER BY 1
