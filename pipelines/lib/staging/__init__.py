"""staging layer: plain Python, no Dagster."""
