SELECT
    (SELECT sum(models) FROM size_classes),
    (SELECT count(*) FROM models WHERE params_total IS NOT NULL AND release_date IS NOT NULL)
