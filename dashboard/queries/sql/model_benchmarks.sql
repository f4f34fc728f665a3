SELECT benchmark, score, shots, source, measured_by, protocol FROM benchmark_scores
WHERE model_id = ? ORDER BY benchmark, shots, measured_by, protocol
