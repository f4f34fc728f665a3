"""The contributor's record: one YAML file per model release, read strictly, every problem located.

`ModelRecord` is the public contract of `data/raw/models/<org>/<id>.yaml` (the JSON Schema in
`data/raw/models/model-record.schema.json` is generated from it). `read_record` turns one file into
either a record or a list of `Problem`s carrying file, line, field and reason; it never raises on
bad input (malformed YAML, alias bombs, non-UTF-8 bytes, huge files, wrong shapes, 1e400, NaN).
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationError,
    WithJsonSchema,
)

from pipelines.lib.ingest.safe_yaml import (  # noqa: F401 (the record API)
    MAX_FILE_BYTES,
    RecordFileError,
    load_yaml,
)
from pipelines.lib.ingest.units import parse_quantity

MIN_RELEASE_DATE = dt.date(1950, 1, 1)
ID_PATTERN = r"^[a-z0-9][a-z0-9.-]*$"
URL_PATTERN = re.compile(r"^https?://[^\s/$.?#][^\s]*$")

# Upper bounds that no real release comes near; above them a value is a typo or hostile input.
MAX_PARAMETERS = 1e15  # 1,000T
MAX_TOKENS = 1e17
MAX_COMPUTE_FLOP = 1e31
MAX_CONTEXT_WINDOW = 100_000_000
MAX_PRICE_USD_PER_1M = 100_000.0
MAX_TRAINING_COST_USD = 1e12

# Fields whose values are numbers and therefore need a citation in `sources`.
CITED_FIELDS = (
    "parameters",
    "active_parameters",
    "training_tokens",
    "training_compute_flop",
    "context_window",
    "price",
    "training_cost_usd",
)


@dataclass(frozen=True)
class Problem:
    """One reason a record cannot be accepted, located as precisely as the file allows."""

    source_file: str
    source_line: int | None
    field: str
    reason: str
    model_id: str | None = None

    def __str__(self) -> str:
        where = f"{self.source_file}:{self.source_line}" if self.source_line else self.source_file
        return f"{where}: {self.field}: {self.reason}"


# --------------------------------------------------------------------------- field types


def _quantity(value: object) -> float:
    return parse_quantity(value)


def _date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ValueError("expected a date YYYY-MM-DD, not a timestamp")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a real calendar date ({exc})") from None
    raise ValueError(f"expected a date YYYY-MM-DD, got {value!r}")


def _finite(value: object) -> object:
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{value!r} is not a finite number")
    return value


def _quantity_type(maximum: float):
    """A count (> 0, <= maximum) written as a number or with a K/M/B/T suffix."""
    schema = {
        "anyOf": [
            {"type": "number", "exclusiveMinimum": 0, "maximum": maximum},
            {"type": "string", "pattern": r"^[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?\s*[KMBT]?$"},
        ],
        "description": "a count: a number, or a string with a K/M/B/T suffix such as 70B or 1.4T",
    }
    return Annotated[
        float, Field(gt=0, le=maximum), BeforeValidator(_quantity), WithJsonSchema(schema)
    ]


def _number_type(**constraints: float):
    """A finite JSON number (no booleans, NaN or infinities) with the given bounds."""
    return Annotated[float, Field(**constraints), BeforeValidator(_finite)]


Date = Annotated[
    dt.date,
    BeforeValidator(_date),
    WithJsonSchema({"type": "string", "format": "date", "description": "YYYY-MM-DD"}),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BenchmarkScore(_Strict):
    """One benchmark result as the cited source reports it."""

    score: Annotated[_number_type(ge=0, le=100), Field(description="score in percent, 0-100")]
    shots: Annotated[
        StrictInt | None,
        Field(
            ge=0,
            le=100,
            description="few-shot examples (0 = zero-shot); null when the source does not "
            "state them (say so in protocol): never a guess",
        ),
    ]
    protocol: Annotated[
        str | None,
        Field(
            min_length=1,
            max_length=300,
            description="how the source ran it, in its words: variant, chain-of-thought, "
            "pass@k, metric, harness (e.g. 'Diamond, 0-shot CoT', 'pass@1, EvalPlus base')",
        ),
    ] = None
    measured_by: Annotated[
        str,
        Field(
            pattern=r"^(maker|epoch|leaderboard:[a-z0-9_]+|aggregator:[a-z0-9_]+)$",
            description="who ran the evaluation: 'maker' (the developer, in its paper or model "
            "card; the default), 'epoch' (Epoch AI), 'leaderboard:<name>' (a public "
            "leaderboard's run, e.g. 'leaderboard:lmarena') or 'aggregator:<name>' (a "
            "collection quoting others); the source cited under benchmarks.<name> is its source",
        ),
    ] = "maker"


class Price(_Strict):
    """API list price per million tokens, in US dollars, as of a date."""

    input_usd_per_1m: _number_type(ge=0, le=MAX_PRICE_USD_PER_1M)
    output_usd_per_1m: _number_type(ge=0, le=MAX_PRICE_USD_PER_1M)
    as_of: Date


class ModelRecord(_Strict):
    """One language-model release: `data/raw/models/<organization-slug>/<id>.yaml`."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="Scaling Atlas model record",
        json_schema_extra={"$id": "https://scaling-atlas.dev/schemas/model-record.schema.json"},
    )

    id: Annotated[str, Field(pattern=ID_PATTERN, max_length=120, description="unique slug")]
    name: Annotated[str, Field(min_length=1, max_length=200)]
    organization: Annotated[str, Field(min_length=1, max_length=200)]
    release_date: Date
    architecture: Annotated[
        Literal["dense", "moe", "unknown"] | None,
        Field(
            description="dense | moe | unknown (the maker has not disclosed it); omit when the "
            "record's sources do not say, so the upstream sources decide"
        ),
    ] = None
    parameters: _quantity_type(MAX_PARAMETERS) | None = None
    active_parameters: _quantity_type(MAX_PARAMETERS) | None = None
    active_parameters_method: Annotated[
        Literal["reported", "estimate"] | None,
        Field(
            description="how active_parameters was obtained: `reported` by the developer "
            "(the default) or an `estimate` derived from published figures (say how in notes)"
        ),
    ] = None
    training_tokens: _quantity_type(MAX_TOKENS) | None = None
    training_compute_flop: _quantity_type(MAX_COMPUTE_FLOP) | None = None
    compute_method: Literal["reported", "6ND", "hardware", "estimate"] | None = None
    context_window: Annotated[StrictInt | None, Field(gt=0, le=MAX_CONTEXT_WINDOW)] = None
    open_weights: StrictBool
    benchmarks: dict[Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")], BenchmarkScore] = (
        Field(default_factory=dict)
    )
    price: Price | None = None
    training_cost_usd: _number_type(gt=0, le=MAX_TRAINING_COST_USD) | None = None
    base_model: Annotated[str | None, Field(pattern=ID_PATTERN)] = None
    notes: Annotated[str | None, Field(max_length=5000)] = None
    sources: dict[str, Annotated[str, Field(pattern=URL_PATTERN.pattern)]]
    source_kinds: Annotated[
        dict[str, Literal["maker", "copy"]],
        Field(
            description="what a citation in `sources` is, by the same key: `maker` (the "
            "developer's own publication; the default) or `copy` (a mirror or third-party "
            "repository of the maker's card or report), which ranks below the maker's own "
            "figure wherever another source quotes it"
        ),
    ] = Field(default_factory=dict)


FIELD_NAMES = tuple(ModelRecord.model_fields)


# --------------------------------------------------------------------------- validation


def _hint(name: str, choices: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _line_for(lines: dict[str, int], path: str) -> int | None:
    while path:
        if path in lines:
            return lines[path]
        path = path.rpartition(".")[0]
    return None


def _pydantic_problems(
    exc: ValidationError, lines: dict[str, int], file: str, model_id: str | None
):
    problems = []
    for err in exc.errors(include_url=False):
        loc = [str(p) for p in err["loc"]]
        path = ".".join(loc)
        kind = err["type"]
        if kind == "extra_forbidden":
            parent = ".".join(loc[:-1])
            if parent == "":
                choices: tuple[str, ...] | list[str] = FIELD_NAMES
            elif parent in ("price",):
                choices = tuple(Price.model_fields)
            elif parent.startswith("benchmarks."):
                choices = tuple(BenchmarkScore.model_fields)
            else:
                choices = []
            reason = f"unknown field '{loc[-1]}'{_hint(loc[-1], choices)}"
        elif kind == "missing":
            reason = "required field is missing"
        else:
            reason = err["msg"].removeprefix("Value error, ")
            if (
                "input" in err
                and kind not in ("value_error",)
                and not isinstance(err["input"], (dict, list))
            ):
                reason += f" (got {err['input']!r})"
        line = _line_for(lines, path) if kind != "missing" else _line_for(lines, ".".join(loc[:-1]))
        problems.append(Problem(file, line or 1, path or "(record)", reason, model_id))
    return problems


def _semantic_problems(rec: ModelRecord, lines: dict[str, int], file: str, today: dt.date):
    """Cross-field rules pydantic's per-field types cannot express."""
    out: list[Problem] = []

    def add(field: str, reason: str, at: str | None = None) -> None:
        """`at`: the key whose line to point at when `field` itself is absent."""
        line = _line_for(lines, field) or (at and _line_for(lines, at)) or 1
        out.append(Problem(file, line, field, reason, rec.id))

    if rec.release_date > today:
        add("release_date", f"{rec.release_date} is in the future (today is {today})")
    if rec.release_date < MIN_RELEASE_DATE:
        add("release_date", f"{rec.release_date} is before {MIN_RELEASE_DATE}")
    if rec.price and rec.price.as_of > today:
        add("price.as_of", f"{rec.price.as_of} is in the future (today is {today})")
    if rec.architecture == "moe" and rec.active_parameters is None:
        add("active_parameters", "required for a moe (mixture-of-experts) model", at="architecture")
    if (
        rec.architecture != "moe"
        and rec.active_parameters is not None
        and (rec.parameters is None or rec.active_parameters != rec.parameters)
    ):
        add("active_parameters", "only moe models have active parameters below the total")
    if rec.active_parameters is not None and rec.parameters is None:
        add("parameters", "required when active_parameters is given", at="active_parameters")
    if (
        rec.active_parameters is not None
        and rec.parameters is not None
        and rec.active_parameters > rec.parameters
    ):
        add(
            "active_parameters",
            f"{rec.active_parameters:.4g} is more than parameters ({rec.parameters:.4g})",
        )
    if rec.active_parameters is None and rec.active_parameters_method is not None:
        add("active_parameters_method", "given without active_parameters")
    if rec.training_compute_flop is not None and rec.compute_method is None:
        add(
            "compute_method",
            "required when training_compute_flop is given (reported | 6ND | hardware | estimate)",
            at="training_compute_flop",
        )
    if rec.training_compute_flop is None and rec.compute_method is not None:
        add("compute_method", "given without training_compute_flop")

    cited = {f for f in CITED_FIELDS if getattr(rec, f) is not None}
    cited |= {f"benchmarks.{name}" for name in rec.benchmarks}
    for field in sorted(cited):
        if field not in rec.sources:
            add(
                field,
                f"no source: add 'sources: {{{field}: <URL>}}' citing where the number comes from",
            )
    allowed = cited | {
        "release_date",
        "name",
        "organization",
        "architecture",
        "open_weights",
        "compute_method",
        "active_parameters_method",
        "base_model",
    }
    for key in rec.source_kinds:
        if key not in rec.sources:
            add(
                f"source_kinds.{key}",
                f"'{key}' has no citation in sources{_hint(key, sorted(rec.sources))}",
            )
    for key in rec.sources:
        if key not in allowed:
            choices = sorted(allowed | set(CITED_FIELDS))
            if key in CITED_FIELDS or key.startswith("benchmarks."):
                add(f"sources.{key}", f"source given for '{key}', which has no value")
            else:
                add(
                    f"sources.{key}",
                    f"'{key}' is not a field that takes a source{_hint(key, choices)}",
                )
    return out


def validate_mapping(
    data: dict[str, Any], lines: dict[str, int], file: str, today: dt.date | None = None
) -> tuple[ModelRecord | None, list[Problem]]:
    today = today or dt.date.today()
    raw_id = data.get("id")
    model_id = raw_id if isinstance(raw_id, str) else None
    try:
        rec = ModelRecord.model_validate(data)
    except ValidationError as exc:
        return None, _pydantic_problems(exc, lines, file, model_id)
    problems = _semantic_problems(rec, lines, file, today)
    stem = Path(file).name.removesuffix(".yaml").removesuffix(".yml")
    if stem != rec.id:
        problems.append(
            Problem(
                file,
                lines.get("id", 1),
                "id",
                f"'{rec.id}' does not match the file name "
                f"'{Path(file).name}' (expected {rec.id}.yaml)",
                rec.id,
            )
        )
    return (None, problems) if problems else (rec, [])


def read_record(path: Path, display: str | None = None, today: dt.date | None = None):
    """Read and validate one record file. Returns (record or None, problems, field lines)."""
    from pipelines.lib.ingest.rawtree import RawFileError, read_bounded

    file = display or str(path)
    try:
        # Never follows a link, never opens a FIFO or device, reads at most MAX_FILE_BYTES.
        data = read_bounded(path, MAX_FILE_BYTES)
    except RawFileError as exc:
        return None, [Problem(file, None, "(file)", exc.reason)], {}
    return parse_record(data, file, today)


def parse_record(data: bytes, file: str, today: dt.date | None = None):
    """Validate one record file's bytes, shown as `file`: (record or None, problems, lines)."""
    try:
        mapping, lines = load_yaml(data)
    except RecordFileError as exc:
        return None, [Problem(file, exc.line, exc.field, exc.reason)], {}
    rec, problems = validate_mapping(mapping, lines, file, today)
    return rec, problems, lines


def json_schema() -> dict[str, Any]:
    """The JSON Schema editors use to validate records as contributors type."""
    schema = ModelRecord.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
