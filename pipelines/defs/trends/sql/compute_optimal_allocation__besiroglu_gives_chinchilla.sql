SELECT params_opt, tokens_opt
FROM compute_optimal_allocation
WHERE fit = 'besiroglu_2024' AND budget_flop = 5.76e23
