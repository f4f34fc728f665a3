WITH {{ filtered_models }}
SELECT model_id, name, organization, release_date, architecture, params_total, params_active,
       params_active_method, training_tokens, training_compute_flop, compute_method,
       context_window, open_weights, mmlu,
       price_usd_per_1m_input_tokens, price_usd_per_1m_output_tokens, price_as_of_date,
       training_cost_usd, base_model_id, source_file,
       training_compute_flop / 1e21 AS training_compute_zflop,
       size_class, weights_label, organization_label, {{ model_page }} AS model_page
FROM filtered
ORDER BY search_rank, search_gap, release_date DESC NULLS LAST, name
