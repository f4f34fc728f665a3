"""One identity per model: the reviewed alias map and the exact rules that join source names.

`data/raw/aliases.yaml` maps a `model_id` to the names each source uses for it:

    llama-65b:
      epoch: [LLaMA-65B]                 # Epoch AI database `Model` / `System`
      epoch_mmlu: [LLaMA 65B, LLAMA 1 65B]   # Epoch MMLU file `Name` or `Model version`
      hf: [huggyllama/llama-65b]         # Hugging Face repo ids (leaderboard, ObsScaling)
      litellm: [together_ai/...]         # LiteLLM keys
      epoch_prices: [LLaMA-65B]          # Epoch API price file `Model`
      # also llm_stats, token_tariff, openrouter, models_dev, genai_prices (their own ids)

Names are compared after `key()` (trimmed, case-folded, inner whitespace collapsed), never fuzzily:
a name that neither the map nor an exact rule places is reported as unmatched, not guessed.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from pipelines.lib.ingest.safe_yaml import collector_paused

NAMESPACES = (
    "epoch",
    "epoch_mmlu",
    "hf",
    "litellm",
    "epoch_prices",
    "llm_stats",
    "token_tariff",  # Token Tariff timeline.csv `model`
    "openrouter",  # OpenRouter model ids (`openai/gpt-5`)
    "models_dev",  # models.dev model ids (the TOML's file name)
    "genai_prices",  # genai-prices model ids
)


def key_expr(col: str | pl.Expr) -> pl.Expr:
    expr = pl.col(col) if isinstance(col, str) else col
    return expr.str.strip_chars().str.to_lowercase().str.replace_all(r"\s+", " ")


def key(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip().lower())


def slug_expr(col: str | pl.Expr) -> pl.Expr:
    """Epoch names -> model_id slugs: `Llama 2-70B` -> `llama-2-70b`."""
    expr = pl.col(col) if isinstance(col, str) else col
    return (
        expr.str.strip_chars()
        .str.to_lowercase()
        .str.replace_all(r"[^a-z0-9.]+", "-")
        .str.replace_all(r"-{2,}", "-")
        .str.strip_chars("-.")
    )


class AliasError(ValueError):
    """A malformed reference file (alias map, organisation map, errata): the message is
    `file:line: field: reason`, like a record problem."""


def _where(path: Path, lines: dict[str, int], field: str) -> str:
    line = lines.get(field)
    return f"{path}:{line}: {field}" if line else f"{path}: {field}"


def read_reference_yaml(path: Path, top: type = dict) -> tuple[object, dict[str, int]]:
    """A reference file parsed like a record (safe loader, no anchors, duplicate keys are an
    error with their line); an empty or comments-only file is an empty map/list."""
    from pipelines.lib.ingest.rawtree import REFERENCE_MAX_BYTES, RawFileError, read_bounded
    from pipelines.lib.ingest.records import RecordFileError, load_yaml

    try:
        data = read_bounded(path, REFERENCE_MAX_BYTES)
    except RawFileError as exc:
        raise AliasError(f"{path}: (file): {exc.reason}") from None
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    if all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return top(), {}
    try:
        return load_yaml(data, top, REFERENCE_MAX_BYTES)
    except RecordFileError as exc:
        where = f"{path}:{exc.line}" if exc.line else f"{path}"
        raise AliasError(f"{where}: {exc.field}: {exc.reason}") from None


@collector_paused()  # a large map: docs/benchmarks.md, issue 15's seventh pass
def load_aliases(path: Path) -> pl.DataFrame:
    """The alias map as rows (namespace, name_key, name, model_id). Raises AliasError with a
    located reason on a malformed map or a name claimed by two model_ids."""
    if not path.exists():
        return pl.DataFrame(
            schema={
                "namespace": pl.String,
                "name_key": pl.String,
                "name": pl.String,
                "model_id": pl.String,
            }
        )
    data, lines = read_reference_yaml(path)
    rows = []
    for model_id, spaces in data.items():
        if not isinstance(spaces, dict):
            raise AliasError(
                f"{_where(path, lines, str(model_id))}: expected a mapping of source -> "
                "list of names"
            )
        for namespace, names in spaces.items():
            field = f"{model_id}.{namespace}"
            if namespace not in NAMESPACES:
                raise AliasError(
                    f"{_where(path, lines, field)}: unknown source {namespace!r} "
                    f"(one of {', '.join(NAMESPACES)})"
                )
            if isinstance(names, str):
                names = [names]
            if not isinstance(names, list) or not all(
                isinstance(n, (str, int, float)) for n in names
            ):
                raise AliasError(f"{_where(path, lines, field)}: expected a list of names")
            for name in names:
                rows.append((namespace, key(str(name)), str(name), str(model_id)))
    frame = pl.DataFrame(
        rows,
        schema={
            "namespace": pl.String,
            "name_key": pl.String,
            "name": pl.String,
            "model_id": pl.String,
        },
        orient="row",
    )
    clash = frame.group_by("namespace", "name_key").agg(
        pl.col("model_id").n_unique().alias("n"), pl.col("model_id").unique()
    )
    clash = clash.filter(pl.col("n") > 1)
    if clash.height:
        first = clash.row(0, named=True)
        raise AliasError(
            f"{path}: {first['namespace']}: name {first['name_key']!r} is mapped to "
            f"several models: {', '.join(sorted(first['model_id']))}"
        )
    return frame.unique(["namespace", "name_key"])


def attach_ids(
    frame: pl.DataFrame,
    name_col: str,
    namespace: str,
    aliases: pl.DataFrame,
    fallback: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Add `model_id` (and `matched_by`) to `frame` from the alias map, then from `fallback`
    (name_key -> model_id exact rules, e.g. Epoch names or Hugging Face ids)."""
    mapped = aliases.filter(pl.col("namespace") == namespace).select(
        "name_key", pl.col("model_id").alias("_alias_id")
    )
    out = frame.with_columns(key_expr(name_col).alias("name_key")).join(
        mapped, on="name_key", how="left"
    )
    if fallback is not None:
        out = out.join(
            fallback.select("name_key", pl.col("model_id").alias("_rule_id")).unique("name_key"),
            on="name_key",
            how="left",
        )
    else:
        out = out.with_columns(pl.lit(None, dtype=pl.String).alias("_rule_id"))
    return out.with_columns(
        pl.coalesce("_alias_id", "_rule_id").alias("model_id"),
        pl.when(pl.col("_alias_id").is_not_null())
        .then(pl.lit("alias map"))
        .when(pl.col("_rule_id").is_not_null())
        .then(pl.lit("exact name"))
        .otherwise(None)
        .alias("matched_by"),
    ).drop("_alias_id", "_rule_id")


ORGANIZATION_NAMESPACES = ("hf", "llm_stats")


def load_organizations(path: Path) -> pl.DataFrame:
    """The organisation map `data/raw/organizations.yaml` as rows (namespace, org_id,
    organization). Raises AliasError with a located reason on a malformed map."""
    schema = {"namespace": pl.String, "org_id": pl.String, "organization": pl.String}
    if not path.exists():
        return pl.DataFrame(schema=schema)
    data, lines = read_reference_yaml(path)
    rows = []
    for namespace, names in data.items():
        if namespace not in ORGANIZATION_NAMESPACES:
            known = ", ".join(ORGANIZATION_NAMESPACES)
            raise AliasError(
                f"{_where(path, lines, str(namespace))}: unknown source {namespace!r} "
                f"(one of {known})"
            )
        if not isinstance(names, dict):
            raise AliasError(
                f"{_where(path, lines, str(namespace))}: expected a mapping of id -> organisation"
            )
        for org_id, organization in names.items():
            if not isinstance(organization, str) or not organization.strip():
                raise AliasError(
                    f"{_where(path, lines, f'{namespace}.{org_id}')}: expected an organisation name"
                )
            rows.append((namespace, str(org_id).lower(), organization.strip()))
    return pl.DataFrame(rows, schema=schema, orient="row")


def with_organization(
    frame: pl.DataFrame, org_col: str, namespace: str, organizations: pl.DataFrame
) -> pl.DataFrame:
    """Add `organization`: the mapped name of `org_col`, else the id as the source gives it."""
    names = organizations.filter(pl.col("namespace") == namespace).select(
        pl.col("org_id").alias("_org_key"), pl.col("organization").alias("_org_name")
    )
    return (
        frame.with_columns(pl.col(org_col).str.to_lowercase().alias("_org_key"))
        .join(names, on="_org_key", how="left")
        .with_columns(pl.coalesce("_org_name", org_col).alias("organization"))
        .drop("_org_key", "_org_name")
    )
