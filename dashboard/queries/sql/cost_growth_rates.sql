SELECT * FROM growth_rates
ORDER BY list_position(['training_compute_flop', 'params_total', 'training_tokens',
                        'context_window', 'training_cost_usd'], metric), series
