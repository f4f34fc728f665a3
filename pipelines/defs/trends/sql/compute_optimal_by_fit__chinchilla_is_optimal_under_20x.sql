SELECT over_training_factor
FROM compute_optimal_by_fit
WHERE model_id = 'chinchilla' AND fit = 'chinchilla_20x'
