"""Shared by the upstream parser tests (test_upstream*.py): the excerpt folder, cut at test time
from the pinned snapshots (tests/fixtures/upstream/cuts.yaml), our alias fixtures, and helpers."""

import datetime as dt
from pathlib import Path

import polars as pl

from pipelines.lib.ingest.aliases import load_aliases
from pipelines.lib.upstream import aggregators as ag
from pipelines.lib.upstream import epoch as ep

from ..conftest import FIXTURES, RAW_DIR  # noqa: F401

OURS = FIXTURES / "upstream"  # our own files (aliases); cuts.yaml names the upstream rows
X = Path("/excerpts-not-cut-yet")  # the excerpt folder: set by each test module's fixture
DAY = dt.date(2026, 11, 25)
NO_ALIASES = load_aliases(OURS / "none.yaml")
ALIASES = load_aliases(OURS / "aliases.yaml")


def _epoch_ids(path="epoch_models_2025-08.csv"):
    return ep.epoch_identity(ep.read_epoch_models(X / path), NO_ALIASES, "test")


def unmatched_names_of(mmlu, versions, ids):
    return ep.mmlu_claims(mmlu, versions, ids, NO_ALIASES, DAY)[1]


def _obsscaling_claims_for(model_id, errata=None):
    """ObsScaling fixture claims with only `model_id` known (no aliases, no versions)."""
    obs = ag.read_obsscaling(X / "obsscaling.csv")
    rule = ag.hf_rule(
        pl.DataFrame({"model_id": [model_id]}),
        pl.DataFrame(schema={"id": pl.String, "Model": pl.String}),
        pl.DataFrame(schema={"Model": pl.String, "model_id": pl.String}),
    )
    none = pl.Series([], dtype=pl.String)
    return ag.obsscaling_claims(obs, NO_ALIASES, rule, none, DAY, errata)[0]


def _claims(frame, model_id, field):
    return frame.filter((pl.col("model_id") == model_id) & (pl.col("field") == field))
