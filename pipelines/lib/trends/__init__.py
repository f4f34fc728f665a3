"""The trends layer: the maths behind the trend, frontier, fit and allocation tables.

Plain Python (no Dagster), used both by the assets in `pipelines/defs/` and by the dashboard when a
reader asks for a view the published tables do not hold (another threshold, a filtered subset, a
calculator budget). The defaults both share live in `defaults.py`.
"""
