-- Where each `models` row's identity came from.
SELECT
    CASE
        WHEN source_file LIKE 'data/raw/models/%' THEN 'curated record'
        WHEN source_file LIKE '%epoch_all_ml_systems%' THEN 'Epoch AI database'
        WHEN source_file LIKE '%epoch_model_versions%' THEN 'Epoch model version'
        WHEN source_file LIKE '%obsscaling%' THEN 'ObsScaling'
        WHEN source_file LIKE '%llm_stats%' THEN 'LLM-Stats'
        ELSE source_file
    END AS origin,
    count(*),
    count(release_date)
FROM models GROUP BY 1 ORDER BY 2 DESC
