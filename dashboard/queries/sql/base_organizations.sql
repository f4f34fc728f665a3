SELECT trim(o) AS organization, count(*) AS models
FROM models, unnest(string_split(organization, ',')) AS t(o)
GROUP BY 1
ORDER BY models DESC, organization
