"""The rule on Epoch's notes (a figure the notes quote that contradicts the column) and
`suspicious`, which runs every rule."""

from __future__ import annotations

import math
import re

import polars as pl

from pipelines.lib.staging.plausibility.rules import (
    COLUMNS,
    NOTES_FACTOR,
    SIX_ND_TOLERANCE,
    _epoch_backed,
    _g,
    _n,
    _rows,
    _sentence,
    compute_vs_6nd,
    finetune_before_base,
    identical_base_instruct_scores,
    implausible_epochs,
    implausible_tokens_per_param,
    six_nd_mismatch,
)

# A quoted figure with its unit: a number, an optional scale, then the unit (`300B tokens`,
# `2.6 trillion tokens`, `1.3e22 FLOP`, `70 billion parameters`). Lower-case text.
_NUMBER = r"(\d[\d,]*(?:\.\d+)?(?:e[+-]?\d+|\s*[x×*]\s*10\s*\^\s*[+-]?\d+)?)"


_SCALE = r"\s*(trillion|billion|million|thousand|[tbmk])?\b\s*"


_UNITS = {
    "training_tokens": ("Dataset size notes", r"tokens?\b(?!\s*(?:/|per\b|~|=|\())"),
    "training_compute_flop": ("Training compute notes", r"flop\b(?!\s*(?:/|per\b))"),
    "params_total": ("Parameters notes", r"param(?:eter)?s?\b(?!\s*(?:/|per\b))"),
}


# The smallest figure that counts as a quote of the column (not "1 token ~ 0.75 words",
# "6 FLOP per token" or "512 parameters per layer").
_MIN_FIGURE = {"training_tokens": 1e6, "training_compute_flop": 1e12, "params_total": 1e5}


_SCALES = {"trillion": 1e12, "t": 1e12, "billion": 1e9, "b": 1e9, "million": 1e6, "m": 1e6}


_SCALES |= {"thousand": 1e3, "k": 1e3}


def quoted_figures(notes: str | None, field: str) -> list[float]:
    """Every figure `notes` quotes with the unit of `field` (tokens, FLOP, parameters)."""
    if not notes:
        return []
    _, unit = _UNITS[field]
    figures = []
    for m in re.finditer(_NUMBER + _SCALE + unit, notes.lower()):
        text, scale = m.group(1).replace(",", ""), m.group(2)
        power = re.search(r"[x×*]\s*10\s*\^\s*([+-]?\d+)", text)
        try:
            if power:
                base = float(re.split(r"[x×*]", text)[0])
                value = base * 10 ** int(power.group(1))
            else:
                value = float(text)
        except ValueError:
            continue
        value *= _SCALES.get(scale or "", 1.0)
        if math.isfinite(value) and value >= _MIN_FIGURE[field]:
            figures.append(value)
    return figures


def _far(a: float, b: float) -> bool:
    return max(a, b) / min(a, b) >= NOTES_FACTOR


def notes_contradict_column(
    models: pl.DataFrame, claims: pl.DataFrame, epoch: pl.DataFrame
) -> pl.DataFrame:
    """`notes_contradict_column`: Epoch's notes quote a figure with its unit (`300B tokens`,
    `6.5e21 FLOP`, `70B parameters`) and every such figure is >= 10x away from the resolved
    value that Epoch's row gave (and, for tokens, from the dataset size before epochs). Only
    explicit number-and-unit quotes count, not rates (`FLOP/s`, `FLOPS`, `per token`), and
    not a fine-tune's compute notes (they quote the fine-tuning part). A compute derived as
    6 x N x the contradicted token count (xLSTM: 6 x 3e8 x 1.42e9) is flagged with it."""
    out = []
    fine_tunes = models.filter(pl.col("base_model_id").is_not_null())["model_id"].implode()
    for field, (notes_col, _) in _UNITS.items():
        rows = _epoch_backed(models, claims, epoch, field)
        if field == "training_compute_flop":  # a fine-tune's notes often quote its own part
            rows = rows.filter(~pl.col("model_id").is_in(fine_tunes))
        for r in rows.iter_rows(named=True):
            figures = quoted_figures(r[notes_col], field)
            if not figures:
                continue
            column = [r["value"]]
            if field == "training_tokens":
                size = _to_float(r["Training dataset size (datapoints)"])
                column += [size] if size else []
            if all(_far(f, c) for f in figures for c in column):
                quoted = ", ".join(f"{f:.3g}" for f in figures)
                out.append(
                    (
                        r["model_id"],
                        field,
                        r["value"],
                        f"{field} {r['value']:.3g} but Epoch's '{notes_col}' for {r['Model']} "
                        f"({r['source']}) quote {quoted} — each at least 10x away.",
                    )
                )
    frame = pl.DataFrame(
        out,
        schema={k: COLUMNS[k] for k in ("model_id", "field", "value", "evidence")},
        orient="row",
    ).with_columns(pl.lit("notes_contradict_column").alias("rule"))
    # Compute that is 6 x N x the contradicted token count inherits the contradiction.
    tokens = frame.filter(pl.col("field") == "training_tokens").select("model_id", "evidence")
    derived = (
        models.join(tokens, on="model_id")
        .with_columns((6.0 * _n() * pl.col("training_tokens")).alias("_c6"))
        .filter(
            pl.col("training_compute_flop").is_not_null(),
            ((pl.col("training_compute_flop") / pl.col("_c6")) - 1).abs() <= SIX_ND_TOLERANCE,
        )
    )
    derived_rows = _rows(
        derived,
        "notes_contradict_column",
        "training_compute_flop",
        pl.col("training_compute_flop"),
        _sentence(
            "compute {c} FLOP is 6 x N x the contradicted training tokens {d} ({evidence})",
            c=_g(pl.col("training_compute_flop")),
            d=_g(pl.col("training_tokens")),
            evidence=pl.col("evidence"),
        ),
    )
    return pl.concat([frame.select(list(COLUMNS)), derived_rows])


def _to_float(text: str | None) -> float | None:
    try:
        value = float(text) if text is not None else None
    except ValueError:
        return None
    return value if value and math.isfinite(value) and value > 0 else None


def suspicious(
    models: pl.DataFrame,
    claims: pl.DataFrame,
    benchmark_scores: pl.DataFrame,
    epoch: pl.DataFrame,
) -> pl.DataFrame:
    """Every rule's rows, one per (model_id, field, rule), sorted."""
    parts = [
        six_nd_mismatch(models),
        compute_vs_6nd(models),
        implausible_epochs(models, claims, epoch),
        implausible_tokens_per_param(models),
        finetune_before_base(models),
        identical_base_instruct_scores(models, benchmark_scores),
        notes_contradict_column(models, claims, epoch),
    ]
    frame = pl.concat([p.select([pl.col(c).cast(t) for c, t in COLUMNS.items()]) for p in parts])
    return frame.unique(["model_id", "field", "rule"], keep="first").sort(
        "model_id", "field", "rule"
    )


RULES = (
    "6nd_mismatch",
    "compute_vs_6nd",
    "implausible_epochs",
    "implausible_tokens_per_param",
    "finetune_before_base",
    "identical_base_instruct_scores",
    "notes_contradict_column",
)
