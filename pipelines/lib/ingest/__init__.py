"""ingest layer: plain Python, no Dagster."""
