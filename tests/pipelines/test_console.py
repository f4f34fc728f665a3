"""The jobs' console (`pipelines/defs/console.py`): what the steps log and every asset check that
did not pass, without Dagster's per-event DEBUG lines, which the run's event log still keeps."""

from types import SimpleNamespace

import dagster as dg
import pytest

from pipelines.dagster_instance import repo_instance
from pipelines.defs.console import CONSOLE, check_details, console
from pipelines.lib.publish.warehouse import BuildFailedError


@dg.asset(name="toy_table")
def toy_table(context: dg.AssetExecutionContext) -> None:
    context.log.info("toy_table: 3 rows written")


@dg.asset_check(asset="toy_table")
def toy_table__not_empty() -> dg.AssetCheckResult:
    """Passes."""
    return dg.AssetCheckResult(passed=True)


@dg.asset_check(asset="toy_table")
def toy_table__complete() -> dg.AssetCheckResult:
    """A warning only: it does not stop the run."""
    return dg.AssetCheckResult(
        passed=False,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"missing": 3, "names": "- a\n- b", "share": 0.5, "fourth": "not shown"},
    )


@dg.asset(name="toy_reference")
def toy_reference() -> None:
    raise dg.Failure("toy/aliases.yaml:3: (file): invalid YAML")


@dg.asset(name="toy_after", deps=["toy_reference"])
def toy_after() -> None:
    return None


@dg.asset(name="toy_report", deps=["toy_after"])
def toy_report() -> None:
    return None


@dg.asset(name="toy_later")
def toy_later() -> None:
    raise BuildFailedError("an earlier step failed and its build file was removed")


@dg.asset(name="toy_bug")
def toy_bug() -> None:
    raise ZeroDivisionError("a bug in the step")


def _run(run_config: dict | None = None, assets=(toy_table,)):
    defs = dg.Definitions(
        assets=list(assets),
        asset_checks=[toy_table__not_empty, toy_table__complete] if toy_table in assets else [],
        jobs=[dg.define_asset_job("toy_job", config=CONSOLE)],
        loggers={"console": console},
    )
    job = defs.resolve_job_def("toy_job")
    with repo_instance() as instance:
        result = job.execute_in_process(
            instance=instance, run_config=run_config, raise_on_error=False
        )
        events = instance.all_logs(result.run_id)
        kinds = [e.dagster_event.event_type_value for e in events if e.dagster_event]
    return result, kinds


def test_the_console_shows_step_logs_and_failed_checks_and_the_event_log_keeps_all(capsys):
    result, kinds = _run()
    err = capsys.readouterr().err
    assert result.success
    assert " - INFO - toy_job - " in err and "toy_table: 3 rows written" in err
    failed = [line for line in err.splitlines() if "toy_table__complete" in line]
    assert len(failed) == 1 and " - WARNING - " in failed[0] and "did not pass" in failed[0]
    # what the check found, on the same line: its first three metadata entries
    assert failed[0].endswith("did not pass. (missing=3, names=- a - b, share=0.5)")
    assert "toy_table__not_empty" not in err  # a passing check is an event-log line only
    assert " - DEBUG - " not in err and "STEP_START" not in err
    # what the console leaves out is still recorded for the UI
    assert {"STEP_START", "ASSET_MATERIALIZATION", "STEP_SUCCESS"} <= set(kinds)
    assert kinds.count("ASSET_CHECK_EVALUATION") == 2


def test_log_level_debug_prints_every_event(capsys):
    result, _ = _run({"loggers": {"console": {"config": {"log_level": "DEBUG"}}}})
    err = capsys.readouterr().err
    assert result.success
    assert "STEP_START" in err and "RUN_SUCCESS" in err and "toy_table__not_empty" in err


def test_an_unknown_log_level_is_a_config_error_naming_it():
    with pytest.raises(dg.DagsterInvalidConfigError, match="LOUD"):
        _run({"loggers": {"console": {"config": {"log_level": "LOUD"}}}})


def test_a_deliberate_failure_shows_its_reason_without_the_stack_trace(capsys):
    result, kinds = _run(assets=(toy_reference, toy_after, toy_report, toy_later))
    err = capsys.readouterr().err
    assert not result.success
    assert "STEP_FAILURE" in err and "toy/aliases.yaml:3: (file): invalid YAML" in err
    assert "BuildFailedError: an earlier step failed and its build file was removed" in err
    assert "Stack Trace" not in err and 'File "' not in err
    # one line for what was not run, on the run's failure line, not one error per step
    assert "Dependencies for step" not in err
    assert "2 steps downstream of the failure were not run" in err
    assert "STEP_FAILURE" in kinds  # the event log keeps the failure with its trace


def test_at_debug_every_skipped_step_has_its_line(capsys):
    _run(
        {"loggers": {"console": {"config": {"log_level": "DEBUG"}}}},
        assets=(toy_reference, toy_after, toy_report),
    )
    err = capsys.readouterr().err
    assert err.count("Dependencies for step") == 2
    assert "were not run" not in err


def test_an_unexpected_error_keeps_its_stack_trace(capsys):
    result, _ = _run(assets=(toy_bug,))
    err = capsys.readouterr().err
    assert not result.success
    assert "ZeroDivisionError: a bug in the step" in err
    assert "Stack Trace" in err and "test_console.py" in err


def test_check_details_keep_each_value_to_one_short_line():
    found = SimpleNamespace(metadata={"names": "- " + "x" * 200 + "\n- y", "n": 2})
    assert check_details(SimpleNamespace(event_specific_data=found)) == (
        f" (names=- {'x' * 77}…, n=2)"
    )
    assert check_details(SimpleNamespace(event_specific_data=SimpleNamespace(metadata={}))) == ""
