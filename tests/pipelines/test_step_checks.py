"""Checks evaluated inside their asset's step (`pipelines/defs/step_checks.py`) behave like
separate check steps: every result is recorded under its own name, a failing non-blocking
check leaves the run going, a failing blocking one stops everything downstream."""

import dagster as dg

from pipelines.dagster_instance import repo_instance
from pipelines.defs import step_checks
from pipelines.defs.step_checks import evaluate, specs, step_check


def _assets(value: int):
    @step_check("toy_source", blocking=True)
    def toy_source__positive(context) -> dg.AssetCheckResult:
        """The value is positive."""
        return dg.AssetCheckResult(passed=value > 0, metadata={"value": value})

    @step_check("toy_source")
    def toy_source__small() -> dg.AssetCheckResult:
        """The value is below ten (a warning only)."""
        return dg.AssetCheckResult(passed=value < 10, severity=dg.AssetCheckSeverity.WARN)

    @dg.asset(name="toy_source", check_specs=specs("toy_source"))
    def toy_source(context: dg.AssetExecutionContext):
        yield dg.MaterializeResult(metadata={"value": value})
        yield from evaluate(context, ["toy_source"])

    @dg.asset(name="toy_downstream", deps=["toy_source"])
    def toy_downstream() -> None:
        return None

    return [toy_source, toy_downstream]


def _run(value: int):
    step_checks._CHECKS.pop("toy_source", None)
    try:
        with repo_instance() as instance:
            result = dg.materialize(_assets(value), instance=instance, raise_on_error=False)
            checks = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
            done = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
            descriptions = {s.name: s.description for s in specs("toy_source")}
            return result.success, checks, done, descriptions
    finally:
        step_checks._CHECKS.pop("toy_source", None)


def test_passing_and_warning_checks_are_recorded_and_the_run_goes_on():
    success, checks, done, descriptions = _run(12)
    assert success
    assert checks == {"toy_source__positive": True, "toy_source__small": False}
    assert done == {"toy_source", "toy_downstream"}
    assert descriptions["toy_source__positive"] == "The value is positive."


def test_a_failing_blocking_check_stops_what_is_downstream():
    success, checks, done, _ = _run(-1)
    assert not success
    assert checks == {"toy_source__positive": False, "toy_source__small": True}
    assert done == {"toy_source"}  # recorded, but nothing downstream ran
