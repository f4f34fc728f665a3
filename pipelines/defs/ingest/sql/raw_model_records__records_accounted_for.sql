SELECT count(*) FROM raw_model_records WHERE source_file IN (SELECT source_file FROM rejects)
