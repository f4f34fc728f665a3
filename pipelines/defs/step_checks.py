"""Asset checks evaluated inside their asset's own step.

A separate check step costs Dagster about as much as the asset step itself (docs/benchmarks.md: 66
check steps at ~0.1 s each, most of them one SQL query), so a check whose inputs are all written by
the time its asset's step ends runs there: declared with `@step_check(asset, ...)` beside the
others in the layer's `checks.py`, listed on the asset as `check_specs=specs(asset, ...)`, and
evaluated at the end of the step by `yield from evaluate(context, [assets], resources)`. The check
keeps its name, description, blocking flag and result; a failing blocking check (ERROR severity)
fails the step after the asset's materialization is recorded, so nothing downstream runs, as with a
separate blocking check.
"""

from __future__ import annotations

import inspect
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import dagster as dg


@dataclass(frozen=True)
class StepCheck:
    spec: dg.AssetCheckSpec
    run: Callable[..., dg.AssetCheckResult]


_CHECKS: dict[str, list[StepCheck]] = defaultdict(list)


def step_check(
    asset: str,
    *,
    blocking: bool = False,
    name: str | None = None,
    additional_deps: Iterable[str] = (),
) -> Callable:
    """Register `fn(context, **resources) -> AssetCheckResult` as a check of `asset` (the
    function's docstring is the check's description)."""

    def register(fn: Callable[..., dg.AssetCheckResult]) -> Callable[..., dg.AssetCheckResult]:
        spec = dg.AssetCheckSpec(
            name or fn.__name__,
            asset=asset,
            blocking=blocking,
            additional_deps=list(additional_deps),
            description=inspect.getdoc(fn),
        )
        if any(c.spec.name == spec.name for c in _CHECKS[asset]):
            raise ValueError(f"two checks named {spec.name} on {asset}")
        _CHECKS[asset].append(StepCheck(spec, fn))
        return fn

    return register


def specs(*assets: str) -> list[dg.AssetCheckSpec]:
    """The check specs of these assets, for `check_specs=` on the asset that writes them."""
    return [c.spec for asset in assets for c in _CHECKS[asset]]


def evaluate(
    context: dg.AssetExecutionContext, assets: Iterable[str], **resources: object
) -> Iterator[dg.AssetCheckResult]:
    """Run the selected checks of `assets` (after their tables are written) and yield their
    results, each under its own check name."""
    selected = context.selected_asset_check_keys
    for asset in assets:
        for check in _CHECKS[asset]:
            if check.spec.key not in selected:
                continue
            params = inspect.signature(check.run).parameters
            kwargs = {k: resources[k] for k in params if k != "context"}
            result = check.run(context, **kwargs) if "context" in params else check.run(**kwargs)
            yield dg.AssetCheckResult(
                asset_key=asset,
                check_name=check.spec.name,
                passed=result.passed,
                severity=result.severity,
                description=result.description,
                metadata=result.metadata,
            )
