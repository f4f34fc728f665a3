"""The console every job logs to: what the steps log, and every warning a reader should see.

Dagster's own console logger prints every event of a run at DEBUG: ~1,000 lines a build (each
step's start, outputs, materializations, check results), and formatting them cost ~0.9 CPU-s of a
build (docs/benchmarks.md, issue 15). Those events stay in the run's event log, where the UI
(`make dev`) shows them. This logger, registered under Dagster's name for the console logger
(`console`), prints records at `log_level` (default INFO) and above, and also each asset check
that did not pass: Dagster logs those at DEBUG, but a failed non-blocking check is a warning the
person running `make build` should see. A step that fails with `dg.Failure` (its own located
reason) is shown without Dagster's stack trace. `log_level: DEBUG` prints every event again:

    dagster job execute -m pipelines.definitions -j warehouse_build \\
        -c pipelines/defs/console_debug.yaml
"""

from __future__ import annotations

import logging
import sys

import dagster as dg

FORMAT = "%(asctime)s - %(name)s - %(levelname)s - %(message)s"  # as Dagster's console logger
DATE_FORMAT = "%Y-%m-%d %H:%M:%S %z"
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# The jobs' run config (`define_asset_job(config=...)`): without a `loggers` entry Dagster would
# not use this logger but its own, at DEBUG. A `-c` run config replaces it.
CONSOLE = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}


def _event(record: logging.LogRecord, kind: dg.DagsterEventType):
    """The Dagster event of type `kind` that `record` logs, or None."""
    meta = getattr(record, "dagster_meta", None)
    event = meta.get("dagster_event") if isinstance(meta, dict) else None
    return event if event is not None and event.event_type_value == kind.value else None


def failed_check(record: logging.LogRecord) -> bool:
    """Whether `record` is Dagster's event for an asset check that did not pass."""
    event = _event(record, dg.DagsterEventType.ASSET_CHECK_EVALUATION)
    return event is not None and not getattr(event.event_specific_data, "passed", True)


def deliberate_failure(record: logging.LogRecord) -> bool:
    """Whether `record` is a step failing with `dg.Failure` (a step's own located reason: a
    malformed reference file, a failed blocking check), or the run failing because of one; not
    an unexpected error."""
    if (step := _event(record, dg.DagsterEventType.STEP_FAILURE)) is not None:
        return getattr(step.event_specific_data, "user_failure_data", None) is not None
    run = _event(record, dg.DagsterEventType.RUN_FAILURE)
    error = getattr(getattr(run, "event_specific_data", None), "error", None)
    return getattr(error, "cls_name", None) == "Failure"


class ConsoleFormatter(logging.Formatter):
    """Dagster's line format; a step's deliberate failure without the stack trace Dagster adds
    (its reason says what to fix; the run's event log keeps the trace). Unexpected errors keep
    theirs."""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        if deliberate_failure(record):
            text = text.split("\n\nStack Trace:", 1)[0]
        return text


class Shown(logging.Filter):
    """Records at `level` and above, and failed asset checks (shown as WARNING)."""

    def __init__(self, level: int) -> None:
        super().__init__()
        self.level = level

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= self.level:
            return True
        if failed_check(record):
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            return True
        return False


def console_logger(name: str, level: str) -> logging.Logger:
    """A logger writing to stderr what `Shown(level)` keeps."""
    logger = logging.Logger(name, logging.DEBUG)  # the handler's filter decides
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(ConsoleFormatter(FORMAT, DATE_FORMAT))
    handler.addFilter(Shown(logging.getLevelName(level)))
    logger.addHandler(handler)
    return logger


@dg.logger(
    config_schema={
        "log_level": dg.Field(
            dg.Enum("ConsoleLogLevel", [dg.EnumValue(level) for level in LEVELS]),
            default_value="INFO",
            is_required=False,
            description="Lowest level printed (DEBUG prints every Dagster event).",
        ),
        "name": dg.Field(str, default_value="dagster", is_required=False),
    },
    description="The console: records at log_level (default INFO) and above, and every asset "
    "check that did not pass.",
)
def console(init_context: dg.InitLoggerContext) -> logging.Logger:
    config = init_context.logger_config
    return console_logger(config["name"], config["log_level"])


@dg.definitions
def loggers() -> dg.Definitions:
    return dg.Definitions(loggers={"console": console})
