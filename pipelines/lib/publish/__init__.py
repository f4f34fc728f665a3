"""publish layer: plain Python, no Dagster."""
