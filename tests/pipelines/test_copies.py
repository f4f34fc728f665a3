"""A value a record cites from a copy of the maker's source (`source_kinds: {field: copy}`) ranks
below the maker's own figure and above the aggregators; real records, real upstream rows."""

import shutil
from pathlib import Path

import duckdb
import polars as pl

from pipelines.lib.ingest.dataset import load_dataset
from pipelines.lib.staging.claims import PRIMARY, resolve
from pipelines.lib.staging.resolution import (
    assemble_scores,
    curated_claims,
    without_outranked_copies,
)

from ..conftest import RAW_DIR

MODELS = RAW_DIR / "models"


def _curated(path: Path) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(claims, scores, citations) of one record file, as the build makes them."""
    ds = load_dataset([path])
    assert not ds.problems, [str(p) for p in ds.problems]
    tables = ds.tables()
    claims = curated_claims(tables["raw_model_records"], tables["raw_sources"])
    return claims, tables["raw_benchmark_scores"], tables["raw_sources"]


def test_source_kinds_name_cited_fields_only(tmp_path):
    path = tmp_path / "phi-4-mini.yaml"
    text = (MODELS / "microsoft" / "phi-4-mini.yaml").read_text()
    assert "\nsource_kinds:\n  parameters: copy\n" in text  # the committed record marks its copy
    line = text.splitlines().index("source_kinds:") + 2
    path.write_text(text.replace("  parameters: copy\n", "  parametres: copy\n"))
    problems = [str(p) for p in load_dataset([path]).problems]
    assert problems == [
        f"{path}:{line}: source_kinds.parametres: 'parametres' has no citation in sources "
        "(did you mean 'parameters'?)"
    ]
    path.write_text(text.replace("  parameters: copy\n", "  parameters: mirror\n"))
    problems = [str(p) for p in load_dataset([path]).problems]
    assert problems == [
        f"{path}:{line}: source_kinds.parameters: Input should be 'maker' or 'copy' (got 'mirror')"
    ]


def test_a_copy_loses_to_the_makers_figure_quoted_elsewhere(warehouse, tmp_path):
    """Phi-4: the record's 84.8 (Microsoft's report) and Epoch's MMLU file quoting the same
    report. Marked as cited from a copy, the record's MMLU ranks below Epoch's quote of the
    maker; unmarked, the record wins as before. `benchmark_scores` follows the winner."""
    con = duckdb.connect(str(warehouse), read_only=True)
    epoch = con.sql("SELECT * FROM claims WHERE model_id = 'phi-4' AND source = 'epoch_mmlu'").pl()
    con.close()
    assert epoch.height >= 1 and set(epoch["precedence"]) == {PRIMARY}
    maker = epoch["citation"][0]
    assert maker == "http://arxiv.org/abs/2412.08905"  # Microsoft's Phi-4 technical report

    record = MODELS / "microsoft" / "phi-4.yaml"
    own, own_scores, own_sources = _curated(record)
    chosen, _ = resolve(pl.concat([own, epoch.select(own.columns)]))
    mmlu = chosen.filter(pl.col("field") == "mmlu").row(0, named=True)
    assert mmlu["source"] == "curated"
    kept = without_outranked_copies(own_scores, own_sources, chosen)
    assert kept.equals(own_scores)  # a maker-cited score is never dropped

    copied = tmp_path / "phi-4.yaml"
    shutil.copy(record, copied)
    with copied.open("a") as out:
        out.write("source_kinds:\n  benchmarks.mmlu: copy\n")
    claims, scores, cited = _curated(copied)
    assert claims.filter(pl.col("field") == "mmlu").select("source", "precedence").row(0) == (
        "curated_copy",
        PRIMARY,
    )
    # Other fields keep the record's full precedence.
    assert set(claims.filter(pl.col("field") != "mmlu")["source"]) == {"curated"}
    chosen, _ = resolve(pl.concat([claims, epoch.select(claims.columns)]))
    mmlu = chosen.filter(pl.col("field") == "mmlu").row(0, named=True)
    assert (mmlu["source"], mmlu["citation"]) == ("epoch_mmlu", maker)
    kept = without_outranked_copies(scores, cited, chosen)
    assert kept.filter(pl.col("benchmark") == "mmlu").is_empty()
    row = assemble_scores(kept, chosen).filter(pl.col("benchmark") == "mmlu").row(0, named=True)
    assert (row["source"], row["measured_by"]) == (maker, "aggregator:epoch")


def test_a_copy_still_outranks_an_aggregators_own_run(warehouse):
    """Gemma 2 2B: the record's 51.3 comes from a copy of Google's card; ObsScaling's harness
    run says 52.2. The copy is the maker's number and wins (0.9 points apart: within MMLU's
    1-point tolerance, so not a conflict)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    claims = con.sql(
        "SELECT source, precedence, value FROM claims WHERE model_id = 'gemma-2-2b' "
        "AND field = 'mmlu' ORDER BY precedence"
    ).fetchall()
    mmlu = con.execute("SELECT mmlu FROM models WHERE model_id = 'gemma-2-2b'").fetchall()
    cited = con.execute(
        "SELECT source, citation FROM sources WHERE model_id = 'gemma-2-2b' AND field = 'mmlu'"
    ).fetchall()
    measured = con.execute(
        "SELECT measured_by FROM benchmark_scores WHERE model_id = 'gemma-2-2b' "
        "AND benchmark = 'mmlu' AND shots = 5"
    ).fetchall()
    con.close()
    assert claims[0] == ("curated_copy", PRIMARY, 51.3)
    obs = [v for s, p, v in claims if (s, p) == ("obsscaling", 3)]
    assert len(obs) == 1 and abs(obs[0] - 52.2) < 0.05
    assert mmlu == [(51.3,)]
    assert cited[0][0] == "curated_copy" and "pypi-mirror" in cited[0][1]
    assert measured == [("maker",)]


def test_a_record_without_architecture_leaves_it_to_the_upstreams(warehouse):
    """Kimi K3's record cites its size and context from Moonshot's help center, which does not
    say MoE or dense: the record leaves `architecture` out, so Epoch's MoE signal and active count
    decide, while the record's cited total is used."""
    record = (MODELS / "moonshot" / "kimi-k3.yaml").read_text()
    assert "\narchitecture:" not in record
    con = duckdb.connect(str(warehouse), read_only=True)
    arch, total, active, file = con.execute(
        "SELECT architecture, params_total, params_active, source_file FROM models "
        "WHERE model_id = 'kimi-k3'"
    ).fetchall()[0]
    con.close()
    assert arch == "moe" and active is not None and active < total
    assert total == 2.8e12 and file.endswith("moonshot/kimi-k3.yaml")
