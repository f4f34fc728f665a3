"""Epoch AI's model-database exports (2024-10, 2025-08, the 2026 notable, frontier and
large-scale files): their pandera schemas, readers and the dataset-unit hints between them."""

from __future__ import annotations

from pathlib import Path

import pandera.polars as pa
import polars as pl

from pipelines.lib.upstream.manifest import read_published_csv
from pipelines.lib.upstream.published import DATE, PublishedCsvSchema, number

EPOCH_DB_URL = "https://epoch.ai/data/ai-models"


WORDS_PER_TOKEN = 0.75  # Epoch's own convention ("1 token ~ 0.75 words")


INSTRUCT_PATTERN = r"(?i)instruct|chat|-it\b|\bit\b|rlhf|sft|dpo"


class _EpochExportSchema(PublishedCsvSchema):
    """The columns every Epoch AI model-database export shares (2024-10 to 2026-08), as
    published: all text. Each export's own schema adds its dataset, epochs and cost columns; the
    exports have 34-88 columns, and the schemas declare the ones we read."""

    model: str = pa.Field(alias="Model", nullable=False, description="Model name")
    domain: str = pa.Field(alias="Domain", nullable=True)
    organization: str = pa.Field(alias="Organization", nullable=True)
    publication_date: str = pa.Field(alias="Publication date", nullable=True, str_matches=DATE)
    parameters: str = number("Parameters")
    parameters_notes: str = pa.Field(alias="Parameters notes", nullable=True)
    compute: str = number("Training compute (FLOP)")
    dataset_notes: str = pa.Field(alias="Dataset size notes", nullable=True)
    confidence: str = pa.Field(alias="Confidence", nullable=True)
    accessibility: str = pa.Field(alias="Model accessibility", nullable=True)
    base_model: str = pa.Field(alias="Base model", nullable=True)


class EpochModelsSchema(_EpochExportSchema):
    """Epoch AI 'All ML Systems' export (either snapshot), as published: all text columns."""

    link: str = pa.Field(alias="Link", nullable=True)
    dataset_size: str = number("Training dataset size (datapoints)")
    epochs: str = number("Epochs")
    cost: str = pa.Field(
        alias="Training compute cost (2023 USD)",
        nullable=True,
        str_matches=r"^\$[0-9]+(\.[0-9]+)?$",
    )


def read_epoch_models(path: Path) -> pl.DataFrame:
    frame = read_published_csv(path)
    if "System" in frame.columns and "Model" not in frame.columns:
        frame = frame.rename({"System": "Model"})
    for col in ("Training compute estimation method", "Compute estimate method", "Sparsity"):
        if col not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(col))
    frame = frame.with_columns(pl.col("Model").str.strip_chars())
    return EpochModelsSchema.validate(frame, lazy=True)


# Epoch's public `notable_ai_models.csv` and `large_scale_ai_models.csv` (2026-08), each as
# published. Traps (../shared/reference/epoch_2026/SOURCE.md): the notable file's dataset column
# is `Training dataset size (total)` (mostly tokens now) and holds a few comma-joined pairs of
# numbers; the large-scale file keeps `(DEPRECATED) Training dataset size (datapoints)` (GPT-3
# still in words); cost is a plain number; names carry trailing spaces; a dataset size Epoch
# derived from compute ("(pretraining FLOPs)/(6*5.1B active parameters)") is not a token count.
NUMBERS = r"^-?[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?(,-?[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?)*$"


DATASET_COLUMN = "Training dataset size (datapoints)"  # the canonical name the claims read


class EpochNotable2026Schema(_EpochExportSchema):
    """Epoch AI `notable_ai_models.csv` (export of 2026-08), as published: all text columns."""

    dataset_size: str = pa.Field(
        alias="Training dataset size (total)",
        nullable=True,
        str_matches=NUMBERS,
        description="Dataset size; a few cells hold two comma-joined numbers",
    )
    epochs: str = number("Epochs")
    cost: str = number("Training compute cost (2023 USD)")
    open_weights: str = pa.Field(alias="Open model weights?", nullable=True, isin=["Yes", "No"])


class EpochFrontier2026Schema(EpochNotable2026Schema):
    """Epoch AI `frontier_ai_models.csv` (export of 2026-03), as published: the notable columns
    plus the compute estimation method and free-text API prices."""

    estimation_method: str = pa.Field(alias="Training compute estimation method", nullable=True)
    api_prices: str = pa.Field(alias="API prices", nullable=True)


class EpochLargeScale2026Schema(_EpochExportSchema):
    """Epoch AI `large_scale_ai_models.csv` (export of 2026-08), as published: all text."""

    dataset_size: str = number("(DEPRECATED) Training dataset size (datapoints)")


def _as_models_export(frame: pl.DataFrame, dataset_column: str) -> pl.DataFrame:
    """A 2026 export in the shape the claims read (the 2025-08 export's column names): the
    dataset column renamed, comma-joined pairs and compute-derived sizes emptied, absent
    columns added as nulls, names trimmed."""
    notes = pl.col("Dataset size notes").fill_null("").str.to_lowercase()
    derived_from_compute = notes.str.contains(r"flops?\)?\s*/\s*\(?\s*6\s*[*x×]")
    size = pl.col(dataset_column)
    frame = frame.with_columns(
        pl.when(size.str.contains(",") | derived_from_compute)
        .then(None)
        .otherwise(size)
        .alias(DATASET_COLUMN),
        pl.col("Model").str.strip_chars(),
    )
    if dataset_column != DATASET_COLUMN:
        frame = frame.drop(dataset_column)
    for col in (
        "Epochs",
        "Training compute cost (2023 USD)",
        "Training compute estimation method",
        "Sparsity",
        "Link",
    ):
        if col not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(col))
    return frame


def read_epoch_notable_2026(path: Path) -> pl.DataFrame:
    frame = EpochNotable2026Schema.read(path)
    return _as_models_export(frame, "Training dataset size (total)")


def read_epoch_frontier_2026(path: Path) -> pl.DataFrame:
    frame = EpochFrontier2026Schema.read(path)
    return _as_models_export(frame, "Training dataset size (total)")


def read_epoch_large_scale_2026(path: Path) -> pl.DataFrame:
    frame = EpochLargeScale2026Schema.read(path)
    return _as_models_export(frame, "(DEPRECATED) Training dataset size (datapoints)")


def _num(col: str) -> pl.Expr:
    return pl.col(col).cast(pl.Float64, strict=False)


def _method(col: str = "Training compute estimation method") -> pl.Expr:
    text = pl.col(col).fill_null("").str.to_lowercase()
    return (
        pl.when(text.str.contains("reported"))
        .then(pl.lit("reported"))
        # Only a figure from operation counting alone is 6·N·D; "Operation counting,Hardware"
        # is Epoch's average of two estimates, so an `estimate` (found by suspicious_values:
        # 13 such figures 0.5-3x from 6·N·D were labelled 6ND).
        .when(text.str.strip_chars() == "operation counting")
        .then(pl.lit("6ND"))
        .when(text.str.strip_chars() == "hardware")
        .then(pl.lit("hardware"))
        .otherwise(pl.lit("estimate"))
    )
