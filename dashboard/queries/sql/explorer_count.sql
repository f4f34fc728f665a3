WITH {{ filtered_models }}
SELECT count(*) AS n FROM filtered
