"""The console every job logs to: what the steps log, and every warning a reader should see.

Dagster's own console logger prints every event of a run at DEBUG: ~1,000 lines a build (each
step's start, outputs, materializations, check results), which hide the few lines that matter and
cost ~1 CPU-s of an in-process build (docs/benchmarks.md, issue 15's ninth pass; through the
command line, within noise). Those events stay in the run's event log, where the UI
(`make dev`) shows them. This logger, registered under Dagster's name for the console logger
(`console`), prints records at `log_level` (default INFO) and above, and also each asset check
that did not pass: Dagster logs those at DEBUG, but a failed non-blocking check is a warning the
person running `make build` should see. A step that fails with `dg.Failure` (its own located
reason) is shown without Dagster's stack trace, and the steps a failure left unrun are counted on
the run's failure line rather than given an error line each. `log_level: DEBUG` prints every
event again:

    dagster job execute -m pipelines.definitions -j warehouse_build \\
        -c pipelines/defs/console_debug.yaml
"""

from __future__ import annotations

import logging
import sys
from collections import Counter

import dagster as dg

from pipelines.lib.publish.warehouse import BuildFailedError

FORMAT = "%(asctime)s - %(name)s - %(levelname)s - %(message)s"  # as Dagster's console logger
DATE_FORMAT = "%Y-%m-%d %H:%M:%S %z"
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# The jobs' run config (`define_asset_job(config=...)`): without a `loggers` entry Dagster would
# not use this logger but its own, at DEBUG. A `-c` run config replaces it.
CONSOLE = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}


def _meta(record: logging.LogRecord) -> dict:
    """What Dagster attaches to a record it logs (run id, event); {} for any other record."""
    meta = getattr(record, "dagster_meta", None)
    return meta if isinstance(meta, dict) else {}


def _event(record: logging.LogRecord, kind: dg.DagsterEventType):
    """The Dagster event of type `kind` that `record` logs, or None."""
    event = _meta(record).get("dagster_event")
    return event if event is not None and event.event_type_value == kind.value else None


def _failed_check(record: logging.LogRecord):
    """The event of an asset check that did not pass, if `record` logs one, else None."""
    event = _event(record, dg.DagsterEventType.ASSET_CHECK_EVALUATION)
    passed = getattr(getattr(event, "event_specific_data", None), "passed", True)
    return event if event is not None and not passed else None


def failed_check(record: logging.LogRecord) -> bool:
    """Whether `record` is Dagster's event for an asset check that did not pass."""
    return _failed_check(record) is not None


def _deliberate(error) -> bool:
    """A `dg.Failure`, or an error caused by `BuildFailedError` (Dagster's serialized error)."""
    cause = getattr(error, "cause", None)
    return (
        getattr(error, "cls_name", None) == "Failure"
        or getattr(cause, "cls_name", None) == BuildFailedError.__name__
    )


def deliberate_failure(record: logging.LogRecord) -> bool:
    """Whether `record` is a step, or the run, failing with `dg.Failure` (a step's own located
    reason: a malformed reference file, a failed blocking check) or with `BuildFailedError` (a
    later step of a run whose build file an earlier failure removed); not an unexpected error."""
    if (step := _event(record, dg.DagsterEventType.STEP_FAILURE)) is not None:
        data = step.event_specific_data
        return getattr(data, "user_failure_data", None) is not None or _deliberate(
            getattr(data, "error", None)
        )
    run = _event(record, dg.DagsterEventType.RUN_FAILURE)
    return _deliberate(getattr(getattr(run, "event_specific_data", None), "error", None))


def check_details(event, items: int = 3, width: int = 80) -> str:
    """The first `items` metadata entries of a check's result, each on one line and at most
    `width` characters ("" without metadata): what the check found, beside its name."""
    metadata = getattr(event.event_specific_data, "metadata", None) or {}
    shown = []
    for key, value in list(metadata.items())[:items]:
        text = " ".join(str(getattr(value, "value", value)).split())
        shown.append(f"{key}={text[: width - 1] + '…' if len(text) > width else text}")
    return f" ({', '.join(shown)})" if shown else ""


# Steps not run after a failure, per run id, until the run's failure line: Dagster gives a run's
# step execution and the run itself loggers of their own.
NOT_RUN: Counter[str | None] = Counter()


def _run_id(record: logging.LogRecord) -> str | None:
    return _meta(record).get("run_id")


def _not_run(record: logging.LogRecord) -> bool:
    """Whether `record` is Dagster's error line for a step skipped because a step it depends on
    failed ("Dependencies for step X failed: [...]. Not executing.")."""
    text = str(record.msg)
    return (
        record.levelno == logging.ERROR
        and "Dependencies for step" in text
        and text.rstrip().endswith("Not executing.")
    )


class ConsoleHandler(logging.StreamHandler):
    """Writes to stderr, in Dagster's line format, the records at `level` and above and the
    failed asset checks (as WARNING). A step's deliberate failure is shown without the stack
    trace Dagster adds (its reason says what to fix), and the one error line per step skipped
    after a failure is left out and counted on the run's failure line instead. Unexpected
    errors keep their traces; the run's event log keeps everything."""

    def __init__(self, level: int) -> None:
        super().__init__(sys.stderr)
        self.shown_level = level
        self.setFormatter(logging.Formatter(FORMAT, DATE_FORMAT))

    def filter(self, record: logging.LogRecord) -> bool:
        if self.shown_level > logging.DEBUG and _not_run(record):
            NOT_RUN[_run_id(record)] += 1
            return False
        if record.levelno >= self.shown_level:
            return True
        if failed_check(record):
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            return True
        return False

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        if (check := _failed_check(record)) is not None:
            text += check_details(check)
        if deliberate_failure(record):
            text = text.split("\n\nStack Trace:", 1)[0]
        not_run = (
            NOT_RUN.pop(_run_id(record), 0)
            if _event(record, dg.DagsterEventType.RUN_FAILURE) is not None
            else 0
        )
        if not_run:
            text += (
                f"\n{not_run} steps downstream of the failure were not run "
                "(listed in the run's event log: `make dev`, or `make build VERBOSE=1`)"
            )
        return text


def console_logger(name: str, level: str) -> logging.Logger:
    """A logger writing to stderr what `ConsoleHandler(level)` keeps."""
    logger = logging.Logger(name, logging.DEBUG)  # the handler decides
    logger.addHandler(ConsoleHandler(logging.getLevelName(level)))
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
