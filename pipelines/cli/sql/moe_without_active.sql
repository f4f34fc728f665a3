SELECT name FROM models WHERE architecture = 'moe' AND params_active IS NULL ORDER BY name
