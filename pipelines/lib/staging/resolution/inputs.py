"""The staging inputs: every upstream table (file, reader) with its refresh sentinels,
the curated record fields whose citations become claims, and the snapshot dates."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

import polars as pl

from pipelines.lib.upstream import aggregators as ag
from pipelines.lib.upstream import benchmark_hub as hub
from pipelines.lib.upstream import epoch as ep
from pipelines.lib.upstream import epoch_runs as er
from pipelines.lib.upstream import hub_external as hx
from pipelines.lib.upstream import llm_stats as ls
from pipelines.lib.upstream import prices as pr
from pipelines.lib.upstream.refresh import Sentinel

RETRIEVED = dt.date(2026, 11, 25)  # date the snapshots were committed (see each MANIFEST.yaml)


LITELLM_AS_OF = dt.date(2026, 7, 24)  # the mirror's last_updated


RETRIEVED_2026_12 = dt.date(2026, 12, 6)  # the 2026-12 refresh (token_tariff, models.dev, genai)


# Record fields whose citations become per-value citations through claims.
CURATED_FIELDS = (
    "parameters",
    "active_parameters",
    "training_tokens",
    "training_compute_flop",
    "context_window",
    "training_cost_usd",
)


UPSTREAM_FILES = {
    "raw_epoch_notable_2026_08": (
        "epoch_2026/epoch_notable_ai_models.csv",
        ep.read_epoch_notable_2026,
    ),
    "raw_epoch_large_scale_2026_08": (
        "epoch_2026/epoch_large_scale_ai_models.csv",
        ep.read_epoch_large_scale_2026,
    ),
    "raw_epoch_frontier_2026_03": (
        "epoch_2026/frontier_ai_models.csv",
        ep.read_epoch_frontier_2026,
    ),
    "raw_epoch_models_2025_08": ("epoch/epoch_all_ml_systems_2025-08.csv", ep.read_epoch_models),
    "raw_epoch_models_2024_10": ("epoch/epoch_all_ml_systems_2024-10.csv", ep.read_epoch_models),
    "raw_epoch_mmlu": ("epoch/epoch_external_benchmark_mmlu.csv", ep.read_epoch_mmlu),
    "raw_epoch_model_versions": ("epoch/epoch_model_versions.csv", ep.read_model_versions),
    "raw_epoch_benchmarks": (
        "epoch/epoch_benchmarks_with_model_accessibility_2024-10.csv",
        ep.read_epoch_benchmarks,
    ),
    "raw_epoch_api_prices": ("epoch/epoch_api_prices_2025-02.csv", ag.read_epoch_prices),
    "raw_obsscaling": ("obsscaling/base_llm_benchmark_eval.csv", ag.read_obsscaling),
    "raw_open_llm_leaderboard": (
        "open_llm_leaderboard/open_llm_leaderboard_v1_final.csv",
        ag.read_leaderboard,
    ),
    "raw_open_llm_leaderboard_v2": (
        "open_llm_leaderboard/open_llm_leaderboard_v2_final.csv",
        ag.read_leaderboard_v2,
    ),
    "raw_litellm": ("litellm/model_prices_and_context_window.json", ag.read_litellm),
    "raw_litellm_2026_08": (
        "token_tariff_2026-08/litellm_model_prices_and_context_window_2026-08-01.json",
        ag.read_litellm,
    ),
    "raw_token_tariff_timeline": ("token_tariff_2026-08/timeline.csv", pr.read_timeline),
    "raw_openrouter_models_2026_08": (
        "token_tariff_2026-08/openrouter_models_2026-08-01.json",
        pr.read_openrouter,
    ),
    "raw_models_dev_models": (
        "models_dev_2026-07/DERIVED_models_flat.csv",
        pr.read_models_dev_models,
    ),
    "raw_models_dev_prices": (
        "models_dev_2026-07/DERIVED_first_party_provider_prices_flat.csv",
        pr.read_models_dev_prices,
    ),
    "raw_genai_prices": ("genai_prices_2026-08/v2_data.json", pr.read_genai_prices),
    "raw_llm_stats_models": ("llm_stats/flat_models.csv", ls.read_models),
    "raw_llm_stats_final_models": (
        "llm_stats_final_2025-10-24/data/organizations/nvidia/models/nemotron-nano-9b-v2/model.json",
        ls.read_final_model,
    ),
    "raw_llm_stats_scores": ("llm_stats/flat_model_benchmarks.csv", ls.read_scores),
    "raw_llm_stats_providers": ("llm_stats/flat_provider_models.csv", ls.read_providers),
    # Epoch AI's Benchmarking Hub (its own runs, HLE, MMLU) and the ECI file.
    **{
        name: (f"epoch_benchmarking_hub/{rel}", hub.read_epoch_run)
        for name, (rel, _) in hub.EPOCH_RUNS.items()
    },
    "raw_epoch_hub_hle": ("epoch_benchmarking_hub/benchmark_data/hle_external.csv", hub.read_hle),
    # Epoch's public runs table (2026-05): every run, the hub files' selection and newer ones
    "raw_epoch_runs_2026_05": (f"epoch_benchmarking_hub/{er.RUNS_FILE}", er.read_runs_table),
    # the external leaderboards and paper collections the hub gathers (MMLU among them)
    **{
        hx.asset_of(stem): (f"epoch_benchmarking_hub/{hx.file_of(stem)}", hx.reader(stem))
        for stem in hx.EXTERNALS
    },
    "raw_epoch_benchmarked_models": (
        "epoch_2026/epoch_benchmarked_models.csv",
        hub.read_benchmarked_models,
    ),
}


# Well-known rows whose values a refresh must not change silently (drift detection).
UPSTREAM_SENTINELS: dict[str, tuple[Sentinel, ...]] = {
    "raw_epoch_notable_2026_08": (
        Sentinel("Model", "Chinchilla", ("Parameters", "Training compute (FLOP)")),
    ),
    "raw_epoch_large_scale_2026_08": (
        Sentinel("Model", "Chinchilla", ("Parameters", "Training compute (FLOP)")),
    ),
    "raw_epoch_frontier_2026_03": (
        Sentinel("Model", "Llama 3.1-405B", ("Parameters", "Training compute (FLOP)")),
    ),
    "raw_epoch_models_2025_08": (
        Sentinel("Model", "GPT-3 175B (davinci)", ("Parameters", "Training compute (FLOP)")),
        Sentinel("Model", "Chinchilla", ("Parameters", "Training compute (FLOP)")),
    ),
    "raw_epoch_models_2024_10": (
        Sentinel("System", "Llama 2-70B", ("Parameters", "Training compute (FLOP)")),
    ),
    "raw_epoch_mmlu": (Sentinel("Name", "LLaMA 65B", ("EM",)),),
    "raw_obsscaling": (Sentinel("Model", "meta-llama/Llama-2-70b-hf", ("Model Size (B)", "MMLU")),),
    "raw_open_llm_leaderboard": (Sentinel("model", "meta-llama/Llama-2-70b-hf", ("mmlu",)),),
    "raw_open_llm_leaderboard_v2": (
        Sentinel("model_name", "01-ai/Yi-1.5-6B", ("metadata_upload_date",)),
    ),
    "raw_llm_stats_models": (Sentinel("model_id", "deepseek-v3", ("param_count",)),),
    # JSON files: the sentinel reads the reader's rows (refresh.detect_drift).
    "raw_litellm": (Sentinel("key", "gpt-4o", ("input_cost_per_token", "output_cost_per_token")),),
    "raw_litellm_2026_08": (
        Sentinel(
            "key", "gpt-5", ("input_cost_per_token", "output_cost_per_token", "max_input_tokens")
        ),
    ),
    "raw_token_tariff_timeline": (
        Sentinel("model", "gpt-5", ("launch_price_in", "launch_price_out", "release_date")),
    ),
    "raw_openrouter_models_2026_08": (Sentinel("id", "openai/gpt-5", ("context_length",)),),
    "raw_models_dev_models": (
        Sentinel("_path", "models/openai/gpt-5.toml", ("limit_context", "limit_input")),
    ),
    "raw_models_dev_prices": (
        Sentinel(
            "_path",
            "providers/openai/models/gpt-5.toml",
            ("cost_input_usd_per_mtok", "cost_output_usd_per_mtok"),
        ),
    ),
    "raw_genai_prices": (Sentinel("key", "openai/gpt-5", ("input_mtok", "output_mtok")),),
    # kimi-k2.6 GPQA diamond "0,908" (SOURCE.md)
    "raw_epoch_runs_2026_05": (
        Sentinel("id", "LjgJoDosTLkiGVT59smA7q", ("Best score (across scorers)",)),
    ),
}


def read_upstream(name: str, raw_dir: Path) -> pl.DataFrame:
    rel, reader = UPSTREAM_FILES[name]
    return reader(raw_dir / "upstream" / rel)


class TablesOnDemand(Mapping[str, pl.DataFrame]):
    """The upstream tables of a DuckDB connection by name, each read when asked for and
    never kept, without its word-for-word repeated rows (`prepare`).

    `build` takes what it needs from each table (claims, identities) as it goes, so with this
    mapping it holds one raw table at a time instead of all of them: at 100x data the raw
    tables, read up front, were most of the `models` step's peak memory. A table is read in
    batches of `batch_rows`, each copied into memory of its own (`owned`), so neither the whole
    Arrow result nor a second full copy is ever held beside the frame. A table asked for twice
    is read twice."""

    def __init__(
        self,
        con,
        names: Iterable[str],
        prepare: Callable[[pl.DataFrame], pl.DataFrame] = lambda frame: frame,
        batch_rows: int = 50_000,
    ):
        self._con = con
        self._names = tuple(names)
        self._prepare = prepare
        self._batch_rows = batch_rows

    def __getitem__(self, name: str) -> pl.DataFrame:
        if name not in self._names:
            raise KeyError(name)
        reader = self._con.sql(f'SELECT * FROM "{name}"').to_arrow_reader(self._batch_rows)
        parts = [owned(pl.from_arrow(batch)) for batch in reader]
        if not parts:
            return pl.from_arrow(reader.schema.empty_table())
        frame = pl.concat(parts, rechunk=False) if len(parts) > 1 else parts[0]
        return self._prepare(frame)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def owned(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` copied into memory of its own (through Arrow IPC, which keeps every dtype).

    A frame made from DuckDB's Arrow output shares its batch: any column or row slice of it
    kept later (a claim's `source_record`, an identity column) keeps the whole batch, every
    column, alive, so reading the tables one at a time would free nothing (docs/benchmarks.md)."""
    buffer = io.BytesIO()
    frame.write_ipc(buffer, compression="uncompressed")
    buffer.seek(0)
    return pl.read_ipc(buffer)
