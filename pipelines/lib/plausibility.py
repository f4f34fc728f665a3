"""Numbers that can't be true: plausibility rules over the resolved tables.

Each rule is one function over the resolved `models` frame (and, where it needs them, `claims`,
`benchmark_scores` or Epoch's raw rows) returning rows (model_id, field, value, rule, evidence):
the (model, field) whose value is suspect, and a sentence with the numbers a reviewer needs.
They flag classes of error seen in the warehouse, not single typos:

- `6nd_mismatch`: compute labelled 6ND that is not 6 x N x D of the resolved N and D (HGRN2 1B:
  6e21 labelled 6ND, 10x 6 x 1e9 x 100e9);
- `compute_vs_6nd`: a dense pre-trained model's other compute > 10x away from 6·N·D (MADLAD-400
  10B's tokens are its 3T-token dataset, not the 250B it trained on);
- `implausible_epochs`: tokens derived from a dataset size times Epoch's `Epochs` > 50 (Hybrid
  H3-2.7B: 400B tokens x 509 epochs = 204T);
- `implausible_tokens_per_param`: training tokens per (active) parameter outside [0.1, 100,000]
  (BaGuaLu, M6-10T: 0.0001 — MoE totals read as dense);
- `finetune_before_base`: a fine-tune released before its base model;
- `identical_base_instruct_scores`: a fine-tune and its base with the very same score on the
  same benchmark and shots (one copied onto the other);
- `notes_contradict_column`: Epoch's own notes quote a figure with its unit (`300B tokens`)
  that is >= 10x away from the column (xLSTM 1.4B: 3e8 tokens).

A reviewer resolves each row in `data/raw/suspicious_resolutions.yaml` (`acknowledged`: the
value is right; `erratum`: it is wrong and stays out of fits and rankings) or fixes the value
(an `ERRATA.yaml` entry, a cited curated record). Unresolved rows stay out of fits and rankings
too (`without_suspicious`). Plain polars; no Dagster.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import polars as pl
import yaml

from pipelines.lib.aliases import AliasError, read_reference_yaml

SIX_ND_TOLERANCE = 0.15  # a value labelled 6ND within 15 % of 6·N·D (rounded inputs)
COMPUTE_FACTOR = 10.0  # other compute methods: > 10x from 6·N·D either way
MAX_EPOCHS = 50.0  # more passes over one corpus than any pre-training run we know
TOKENS_PER_PARAM = (0.1, 100_000.0)  # plausible training tokens per (active) parameter
NOTES_FACTOR = 10.0  # notes and column >= 10x apart
EPOCH_SOURCES = ("epoch_models_2025_08", "epoch_models_2024_10")

RESOLUTIONS_FILE = "suspicious_resolutions.yaml"  # beside aliases.yaml in data/raw
RESOLUTIONS = ("erratum", "acknowledged")
STATUSES = ("unresolved", "acknowledged", "erratum")
# Statuses whose (model, field) stays out of fits and rankings.
EXCLUDED_STATUSES = ("unresolved", "erratum")

COLUMNS: dict[str, pl.DataType] = {
    "model_id": pl.String(),
    "field": pl.String(),
    "value": pl.Float64(),
    "rule": pl.String(),
    "evidence": pl.String(),
}
RESOLUTION_COLUMNS: dict[str, pl.DataType] = {
    "model_id": pl.String(),
    "field": pl.String(),
    "rule": pl.String(),
    "resolution": pl.String(),
    "reason": pl.String(),
}
TABLE_COLUMNS: dict[str, pl.DataType] = {
    **COLUMNS,
    "status": pl.String(),
    "reason": pl.String(),
}


def _g(x: pl.Expr) -> pl.Expr:
    """A number as short text for evidence: 3 significant digits (`2.04e+14`)."""
    return x.map_elements(lambda v: f"{v:.3g}", return_dtype=pl.String)


def _rows(frame: pl.DataFrame, rule: str, field: str | pl.Expr, value: pl.Expr, evidence):
    return frame.select(
        pl.col("model_id"),
        (pl.lit(field) if isinstance(field, str) else field).alias("field"),
        value.cast(pl.Float64).alias("value"),
        pl.lit(rule).alias("rule"),
        pl.concat_str(evidence).alias("evidence"),
    )


def _n() -> pl.Expr:
    """N in 6·N·D: active parameters (equal to the total for dense models)."""
    return pl.coalesce(
        "params_active", pl.when(pl.col("architecture") != "moe").then("params_total")
    )


# --------------------------------------------------------------------------- rules


def six_nd_mismatch(models: pl.DataFrame) -> pl.DataFrame:
    """`6nd_mismatch`: compute whose method is `6ND` but which is not 6·N·D of the resolved
    active parameters and training tokens within 15 %."""
    c6 = 6.0 * _n() * pl.col("training_tokens")
    rows = models.filter(
        (pl.col("compute_method") == "6ND")
        & c6.is_not_null()
        & pl.col("training_compute_flop").is_not_null()
    ).with_columns(c6.alias("_c6"), (pl.col("training_compute_flop") / c6).alias("_ratio"))
    rows = rows.filter((pl.col("_ratio") - 1).abs() > SIX_ND_TOLERANCE)
    return _rows(
        rows,
        "6nd_mismatch",
        "training_compute_flop",
        pl.col("training_compute_flop"),
        [
            pl.lit("compute "),
            _g(pl.col("training_compute_flop")),
            pl.lit(" FLOP is labelled 6ND, but 6 x "),
            _g(_n()),
            pl.lit(" params x "),
            _g(pl.col("training_tokens")),
            pl.lit(" tokens = "),
            _g(pl.col("_c6")),
            pl.lit(" FLOP ("),
            _g(pl.col("_ratio")),
            pl.lit("x); the compute implies "),
            _g(pl.col("training_compute_flop") / (6.0 * _n())),
            pl.lit(" tokens."),
        ],
    )


def compute_vs_6nd(models: pl.DataFrame) -> pl.DataFrame:
    """`compute_vs_6nd`: a dense pre-trained model (no base model) whose compute, by a method
    other than 6ND, is more than 10x away from 6·N·D, either way."""
    c6 = 6.0 * pl.col("params_total") * pl.col("training_tokens")
    rows = models.filter(
        (pl.col("architecture") == "dense")
        & pl.col("base_model_id").is_null()
        & (pl.col("compute_method").fill_null("") != "6ND")
        & c6.is_not_null()
        & pl.col("training_compute_flop").is_not_null()
    ).with_columns(c6.alias("_c6"), (pl.col("training_compute_flop") / c6).alias("_ratio"))
    rows = rows.filter(
        (pl.col("_ratio") > COMPUTE_FACTOR) | (pl.col("_ratio") < 1 / COMPUTE_FACTOR)
    )
    return _rows(
        rows,
        "compute_vs_6nd",
        "training_compute_flop",
        pl.col("training_compute_flop"),
        [
            pl.lit("compute "),
            _g(pl.col("training_compute_flop")),
            pl.lit(" FLOP ("),
            pl.col("compute_method").fill_null("method unknown"),
            pl.lit(") is "),
            _g(pl.col("_ratio")),
            pl.lit("x 6 x "),
            _g(pl.col("params_total")),
            pl.lit(" params x "),
            _g(pl.col("training_tokens")),
            pl.lit(" tokens = "),
            _g(pl.col("_c6")),
            pl.lit(" FLOP for a dense pre-trained model (more than 10x either way)."),
        ],
    )


def epoch_rows(*snapshots: tuple[str, pl.DataFrame]) -> pl.DataFrame:
    """Epoch's raw rows (source, Model, dataset size, Epochs and the three notes columns) of
    each (source, `raw_epoch_models_*` frame) given."""
    cols = [
        "Model",
        "Training dataset size (datapoints)",
        "Epochs",
        "Dataset size notes",
        "Training compute notes",
        "Parameters notes",
    ]
    parts = []
    for source, frame in snapshots:
        frame = frame.rename({"System": "Model"}) if "System" in frame.columns else frame
        for c in cols:
            if c not in frame.columns:
                frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(c))
        parts.append(frame.select(pl.lit(source).alias("source"), *[pl.col(c) for c in cols]))
    return pl.concat(parts).unique(["source", "Model"], keep="first")


def _epoch_backed(
    models: pl.DataFrame, claims: pl.DataFrame, epoch: pl.DataFrame, field: str
) -> pl.DataFrame:
    """Each model's resolved `field` joined to the Epoch row whose claim gave that value
    (newest snapshot first)."""
    backing = (
        claims.filter(pl.col("field") == field, pl.col("source").is_in(EPOCH_SOURCES))
        .select("model_id", "source", pl.col("source_record").alias("Model"), "value")
        .join(models.select("model_id", pl.col(field).alias("_resolved")), on="model_id")
        .filter((pl.col("value") - pl.col("_resolved")).abs() <= 1e-9 * pl.col("_resolved"))
        .sort("model_id", "source", descending=[False, True])
        .unique("model_id", keep="first", maintain_order=True)
    )
    return backing.join(epoch, on=["source", "Model"], how="inner")


def implausible_epochs(
    models: pl.DataFrame, claims: pl.DataFrame, epoch: pl.DataFrame
) -> pl.DataFrame:
    """`implausible_epochs`: training tokens that Epoch's dataset size times its `Epochs` gave
    (see upstream/epoch.py `tokens_seen`), with more than 50 epochs."""
    rows = _epoch_backed(models, claims, epoch, "training_tokens").with_columns(
        pl.col("Epochs").cast(pl.Float64, strict=False).alias("_epochs"),
        pl.col("Training dataset size (datapoints)").cast(pl.Float64, strict=False).alias("_size"),
    )
    rows = rows.filter(pl.col("_epochs") > MAX_EPOCHS)
    return _rows(
        rows,
        "implausible_epochs",
        "training_tokens",
        pl.col("value"),
        [
            pl.lit("training tokens "),
            _g(pl.col("value")),
            pl.lit(" = Epoch's dataset size "),
            _g(pl.col("_size")),
            pl.lit(" x Epochs "),
            _g(pl.col("_epochs")),
            pl.lit(" ("),
            pl.col("Model"),
            pl.lit(", "),
            pl.col("source"),
            pl.lit("); more than 50 passes over a pre-training corpus is implausible."),
        ],
    )


def implausible_tokens_per_param(models: pl.DataFrame) -> pl.DataFrame:
    """`implausible_tokens_per_param`: training tokens per (active) parameter below 0.1 or
    above 100,000."""
    low, high = TOKENS_PER_PARAM
    ratio = pl.col("training_tokens") / _n()
    rows = models.with_columns(ratio.alias("_ratio")).filter(
        (pl.col("_ratio") < low) | (pl.col("_ratio") > high)
    )
    return _rows(
        rows,
        "implausible_tokens_per_param",
        "training_tokens",
        pl.col("training_tokens"),
        [
            _g(pl.col("training_tokens")),
            pl.lit(" training tokens for "),
            _g(_n()),
            pl.lit(" (active) parameters = "),
            _g(pl.col("_ratio")),
            pl.lit(" tokens per parameter, outside the plausible 0.1-100,000 ("),
            pl.col("architecture"),
            pl.lit(")."),
        ],
    )


def finetune_before_base(models: pl.DataFrame) -> pl.DataFrame:
    """`finetune_before_base`: a model released before the base model it was fine-tuned from."""
    base = models.select(
        pl.col("model_id").alias("base_model_id"), pl.col("release_date").alias("_base_date")
    )
    rows = (
        models.filter(pl.col("base_model_id").is_not_null(), pl.col("release_date").is_not_null())
        .join(base, on="base_model_id")
        .filter(pl.col("release_date") < pl.col("_base_date"))
    )
    return _rows(
        rows,
        "finetune_before_base",
        "release_date",
        pl.lit(None, dtype=pl.Float64),
        [
            pl.lit("released "),
            pl.col("release_date").cast(pl.String),
            pl.lit(", before its base model "),
            pl.col("base_model_id"),
            pl.lit(" ("),
            pl.col("_base_date").cast(pl.String),
            pl.lit(")."),
        ],
    )


def identical_base_instruct_scores(
    models: pl.DataFrame, benchmark_scores: pl.DataFrame
) -> pl.DataFrame:
    """`identical_base_instruct_scores`: a fine-tune and its base model with the very same score
    on the same benchmark and shots — one was likely copied onto the other. Both rows are
    flagged: which one is the copy needs a look at the sources."""
    pairs = models.filter(pl.col("base_model_id").is_not_null()).select("model_id", "base_model_id")
    scores = benchmark_scores.select("model_id", "benchmark", "shots", "score")
    same = (
        pairs.join(scores, on="model_id")
        .join(
            scores.rename({"model_id": "base_model_id", "score": "_base_score"}),
            on=["base_model_id", "benchmark", "shots"],
        )
        .filter((pl.col("score") - pl.col("_base_score")).abs() < 1e-9)
    )
    evidence = [
        pl.col("benchmark"),
        pl.lit(" ("),
        pl.col("shots").cast(pl.String),
        pl.lit("-shot) "),
        pl.col("score").round(2).cast(pl.String),
        pl.lit(" % for both the fine-tune "),
        pl.col("model_id"),
        pl.lit(" and its base "),
        pl.col("base_model_id"),
        pl.lit(": one was likely copied onto the other."),
    ]
    return pl.concat(
        [
            _rows(
                same,
                "identical_base_instruct_scores",
                pl.col("benchmark"),
                pl.col("score"),
                evidence,
            ),
            _rows(
                same.with_columns(pl.col("base_model_id").alias("model_id")),
                "identical_base_instruct_scores",
                pl.col("benchmark"),
                pl.col("score"),
                evidence,
            ),
        ]
    ).unique(["model_id", "field"], keep="first", maintain_order=True)


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
        [
            pl.lit("compute "),
            _g(pl.col("training_compute_flop")),
            pl.lit(" FLOP is 6 x N x the contradicted training tokens "),
            _g(pl.col("training_tokens")),
            pl.lit(" ("),
            pl.col("evidence"),
            pl.lit(")"),
        ],
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


# --------------------------------------------------------------------------- resolutions


def _entry_lines(path: Path) -> list[dict[str, int]]:
    """Per entry of a top-level YAML list: its line and each key's line (1-based)."""
    # Already parsed safely (read_reference_yaml: no aliases, bounded): libyaml for speed.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    node = yaml.compose(path.read_text(encoding="utf-8"), Loader=loader)
    if not isinstance(node, yaml.SequenceNode):
        return []
    out = []
    for item in node.value:
        lines = {"": item.start_mark.line + 1}
        if isinstance(item, yaml.MappingNode):
            for k, _ in item.value:
                lines[str(k.value)] = k.start_mark.line + 1
        out.append(lines)
    return out


def load_resolutions(path: Path) -> pl.DataFrame:
    """`data/raw/suspicious_resolutions.yaml`: a list of {model_id, field, rule, resolution,
    reason}. Raises AliasError (`file:line: field: reason`) on a malformed file: unknown or
    missing keys, an unknown rule or resolution, an empty reason, a duplicate entry."""
    if not path.exists():
        return pl.DataFrame(schema=RESOLUTION_COLUMNS)
    entries, _ = read_reference_yaml(path, top=list)
    lines = _entry_lines(path) if entries else []
    keys = set(RESOLUTION_COLUMNS)
    rows: list[tuple[str, ...]] = []
    seen: dict[tuple[str, str, str], int] = {}
    for i, entry in enumerate(entries):
        at = lines[i] if i < len(lines) else {"": 0}

        def where(key: str = "", at=at) -> str:
            line = at.get(key) or at.get("")
            return f"{path}:{line}: {key or '(entry)'}"

        if not isinstance(entry, dict):
            raise AliasError(f"{where()}: expected a mapping of {', '.join(RESOLUTION_COLUMNS)}")
        unknown = sorted(set(map(str, entry)) - keys)
        if unknown:
            raise AliasError(f"{where(unknown[0])}: unknown key (expected {', '.join(keys)})")
        missing = [k for k in RESOLUTION_COLUMNS if k not in entry]
        if missing:
            raise AliasError(f"{where()}: missing {', '.join(missing)}")
        for k in RESOLUTION_COLUMNS:
            if not isinstance(entry[k], str) or not entry[k].strip():
                raise AliasError(f"{where(k)}: expected non-empty text")
        if entry["rule"] not in RULES:
            raise AliasError(f"{where('rule')}: {entry['rule']!r} is not one of {', '.join(RULES)}")
        if entry["resolution"] not in RESOLUTIONS:
            raise AliasError(
                f"{where('resolution')}: {entry['resolution']!r} is not erratum or acknowledged"
            )
        ident = (entry["model_id"].strip(), entry["field"].strip(), entry["rule"])
        if ident in seen:
            raise AliasError(
                f"{where('model_id')}: duplicate of the entry on line {seen[ident]} "
                "(same model_id, field and rule)"
            )
        seen[ident] = at.get("")
        rows.append((*ident, entry["resolution"], " ".join(entry["reason"].split())))
    return pl.DataFrame(rows, schema=RESOLUTION_COLUMNS, orient="row")


def with_status(flags: pl.DataFrame, resolutions: pl.DataFrame) -> pl.DataFrame:
    """The `suspicious_values` table: each flag with its resolution (status `unresolved` when
    none names it) and the reviewer's reason."""
    return (
        flags.join(resolutions, on=["model_id", "field", "rule"], how="left")
        .select(
            *COLUMNS,
            pl.col("resolution").fill_null("unresolved").alias("status"),
            "reason",
        )
        .select([pl.col(c).cast(t) for c, t in TABLE_COLUMNS.items()])
        .sort("model_id", "field", "rule")
    )


def stale_resolutions(flags: pl.DataFrame, resolutions: pl.DataFrame) -> pl.DataFrame:
    """Resolutions no current flag matches (the value was fixed, or the rule changed)."""
    return resolutions.join(flags, on=["model_id", "field", "rule"], how="anti")


# --------------------------------------------------------------------------- exclusion


def excluded(suspicious_values: pl.DataFrame) -> pl.DataFrame:
    """(model_id, field) pairs kept out of fits and rankings: unresolved or erratum."""
    return (
        suspicious_values.filter(pl.col("status").is_in(EXCLUDED_STATUSES))
        .select("model_id", "field")
        .unique()
    )


def without_suspicious(models: pl.DataFrame, suspicious_values: pl.DataFrame) -> pl.DataFrame:
    """`models` with every excluded (model, field) value set to null, so no fit or ranking
    uses it (the model stays for its other values). A suspicious `params_total` nulls the
    active count of a dense model too (it is the same number); a suspicious compute nulls
    its method."""
    out = models
    pairs = excluded(suspicious_values)
    for field in pairs["field"].unique().to_list():
        if field not in out.columns:
            continue
        ids = pairs.filter(pl.col("field") == field)["model_id"].implode()
        hit = pl.col("model_id").is_in(ids)
        nulls = [field]
        if field == "params_total":
            nulls.append("params_active")
        if field == "training_compute_flop" and "compute_method" in out.columns:
            nulls.append("compute_method")
        if field == "params_active" and "params_active_method" in out.columns:
            nulls.append("params_active_method")
        out = out.with_columns(
            [pl.when(hit).then(None).otherwise(pl.col(c)).alias(c) for c in nulls]
        )
    return out


def scores_without_suspicious(
    benchmark_scores: pl.DataFrame, suspicious_values: pl.DataFrame
) -> pl.DataFrame:
    """`benchmark_scores` less the excluded (model, benchmark) scores."""
    pairs = excluded(suspicious_values).rename({"field": "benchmark"})
    return benchmark_scores.join(pairs, on=["model_id", "benchmark"], how="anti")
