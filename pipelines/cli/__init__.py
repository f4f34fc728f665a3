"""Command-line tools: `python -m pipelines.cli.<tool>` (the Makefile runs them)."""
