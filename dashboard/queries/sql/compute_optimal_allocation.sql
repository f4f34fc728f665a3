SELECT fit, budget_flop, params_opt, tokens_opt, tokens_per_param, loss_opt, citation
FROM compute_optimal_allocation ORDER BY fit, budget_flop
