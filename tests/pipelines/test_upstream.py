"""Every upstream schema failing at its own door, and the committed snapshots against their
MANIFESTs (the parsers: test_upstream_epoch.py, test_upstream_aggregators.py)."""

import shutil
from pathlib import Path

import pandera.polars as pa
import pytest

from pipelines.lib.upstream import aggregators as ag
from pipelines.lib.upstream import epoch as ep
from pipelines.lib.upstream import llm_stats as ls
from pipelines.lib.upstream.manifest import verify

from ..conftest import RAW_DIR
from . import upstream_excerpts as ux

X: Path  # the upstream excerpts, cut at test time: set by _excerpts below


@pytest.fixture(autouse=True, scope="module")
def _excerpts(upstream_excerpts):
    """Point X at the excerpts cut from the pinned files (tests/fixtures/upstream/cuts.yaml)."""
    global X
    X = ux.X = upstream_excerpts


@pytest.mark.parametrize(
    ("reader", "fixture", "breakage", "column"),
    [
        (ep.read_epoch_models, "epoch_models_2025-08.csv", ("Parameters", "Params"), "Parameters"),
        (ep.read_epoch_mmlu, "epoch_mmlu.csv", ("EM", "Score"), "EM"),
        (ag.read_leaderboard, "open_llm_leaderboard_v1.csv", ("mmlu", "MMLU"), "mmlu"),
        (
            ag.read_leaderboard_v2,
            "open_llm_leaderboard_v2.csv",
            ("metadata_upload_date", "upload_date"),
            "metadata_upload_date",
        ),
        (ag.read_obsscaling, "obsscaling.csv", ("FLOPs (1E21)", "FLOPs"), "FLOPs (1E21)"),
        (ag.read_epoch_prices, "epoch_api_prices.csv", ("Price date", "Date"), "Price date"),
        (ls.read_models, "llm_stats_models.csv", ("param_count", "parameters"), "param_count"),
        (
            ls.read_scores,
            "llm_stats_scores.csv",
            ("analysis_method", "method"),
            "analysis_method",
        ),
        (
            ls.read_providers,
            "llm_stats_providers.csv",
            ("input_cents_per_million_tokens", "input_price"),
            "input_cents_per_million_tokens",
        ),
    ],
)
def test_a_renamed_upstream_column_fails_at_its_own_door(
    tmp_path, reader, fixture, breakage, column
):
    text = (X / fixture).read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    old, new = breakage
    broken = ",".join(new if c.strip('"') == old else c for c in header.split(",")) + "\n" + rest
    path = tmp_path / fixture
    path.write_text(broken, encoding="utf-8")
    with pytest.raises((pa.errors.SchemaError, pa.errors.SchemaErrors)) as excinfo:
        reader(path)
    assert column in str(excinfo.value)


def test_a_malformed_value_fails_at_its_own_door(tmp_path):
    text = (X / "epoch_mmlu.csv").read_text(encoding="utf-8")
    path = tmp_path / "mmlu.csv"
    path.write_text(text.replace("43.9%", "forty-four"), encoding="utf-8")
    with pytest.raises(pa.errors.SchemaErrors):
        ep.read_epoch_mmlu(path)


def test_committed_snapshots_match_their_manifests():
    for folder in sorted((RAW_DIR / "upstream").iterdir()):
        assert (folder / "MANIFEST.yaml").exists(), folder
        assert verify(folder) == [], folder


def test_manifest_detects_a_changed_snapshot(tmp_path):
    folder = tmp_path / "obsscaling"
    shutil.copytree(RAW_DIR / "upstream" / "obsscaling", folder)
    target = folder / "base_llm_benchmark_eval.csv"
    lines = target.read_text().splitlines()
    target.write_text("\n".join(lines[:-1]) + "\n")  # one row fewer
    problems = verify(folder)
    assert any("sha256" in p for p in problems)
    assert any("rows, MANIFEST says" in p for p in problems)
