"""A trial build: the refresh accepts a download only if the real build accepts it.

The refresh used to check a download with the upstream's own reader and pandera schema only, and
the build then ran more rules on the same rows (the claims' citation rule, the resolved tables'
schemas, the blocking asset checks): a file could pass the first and fail the second, and once
pinned it failed every later build. So there is one set of checks, the build's: `trial_build`
runs the `warehouse_build` job itself, in a subprocess against a throw-away Dagster instance, on a
scratch copy of the raw folder (hard links; the candidate file replaces the pinned one and its
MANIFEST entry is re-pinned to it), offline, into a scratch warehouse. Any failed step or
blocking check refuses the download, with its reason; the real raw folder is never written.

`python -m pipelines.lib.upstream.trial RAW WAREHOUSE` is the subprocess: it runs the job in
process (the executor `make build` uses) and prints one JSON line of failures.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from pipelines.lib.settings import REPO_ROOT, redact

TRIAL_TIMEOUT_S = 1800.0
MARK = "TRIAL-FAILURES "


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def scratch_raw(raw: Path, relative: str, candidate: Path, dest: Path) -> Path:
    """`dest`: the raw folder with `candidate` in place of `upstream/<relative>` and its MANIFEST
    entry re-pinned (sha256, bytes, rows). Files are hard links where possible, so nothing is
    ever written through to `raw`: the replaced file and MANIFEST are new files."""
    from pipelines.lib.upstream.manifest import count_rows, sha256_of

    shutil.copytree(
        raw,
        dest,
        copy_function=_link_or_copy,
        symlinks=True,  # a link stays a link: the build reports it as it would in `raw`
        ignore=lambda _, names: [n for n in names if n.endswith((".download", ".part"))],
    )
    target = dest / "upstream" / relative
    target.unlink(missing_ok=True)  # a hard link to the pinned file: never write through it
    shutil.copyfile(candidate, target)
    folder = dest / "upstream" / relative.split("/", 1)[0]
    manifest_path = folder / "MANIFEST.yaml"
    manifest = yaml.safe_load(manifest_path.read_text(encoding="utf-8"))
    filename = relative.split("/", 1)[1]
    for entry in manifest["files"]:
        if entry["path"] == filename:
            entry.update(
                sha256=sha256_of(target), bytes=target.stat().st_size, rows=count_rows(target)
            )
    manifest_path.unlink()
    manifest_path.write_text(yaml.safe_dump(manifest, sort_keys=False), encoding="utf-8")
    return dest


def trial_build(
    raw: Path, relative: str, candidate: Path, *, timeout: float = TRIAL_TIMEOUT_S
) -> list[str]:
    """Why the build would refuse the raw folder with `candidate` as `upstream/<relative>`
    (empty: it builds and passes every blocking check)."""
    with tempfile.TemporaryDirectory(prefix=".atlas-trial-", dir=raw.parent) as tmp:
        scratch = scratch_raw(raw, relative, candidate, Path(tmp) / "raw")
        home = Path(tmp) / "home"
        home.mkdir()
        shutil.copy(REPO_ROOT / "dagster.yaml", home / "dagster.yaml")
        env = {
            **os.environ,
            "DAGSTER_HOME": str(home),
            "ATLAS_RAW_DIR": str(scratch),
            "ATLAS_WAREHOUSE": str(Path(tmp) / "warehouse" / "atlas.duckdb"),
            "ATLAS_OFFLINE": "1",  # the trial never downloads: every pin is in the scratch tree
            "ATLAS_UPSTREAM_MIRROR": "",
            "PYTHONPATH": str(REPO_ROOT),
        }
        try:
            proc = subprocess.run(
                [sys.executable, "-m", "pipelines.lib.upstream.trial"],
                cwd=home,
                env=env,
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            return [f"the trial build took longer than {timeout:g} s"]
    for line in proc.stdout.splitlines():
        if line.startswith(MARK):
            return json.loads(line.removeprefix(MARK))
    tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
    return [f"the trial build did not finish (exit {proc.returncode}): {redact(tail[0])[:300]}"]


def _failures(result) -> list[str]:
    """Failed steps (with their error's first line) and failed blocking checks of a run."""
    out = []
    for event in result.all_events:
        if event.event_type_value == "STEP_FAILURE":
            error = event.event_specific_data.error
            while error is not None and error.cause is not None:  # the step's own exception
                error = error.cause
            message = (error.message if error else "").strip().splitlines()
            out.append(f"step {event.step_key} fails: {message[0][:300] if message else '?'}")
    for evaluation in result.get_asset_check_evaluations():
        if not evaluation.passed and evaluation.blocking:
            meta = {k: getattr(v, "value", v) for k, v in evaluation.metadata.items()}
            detail = ", ".join(f"{k}={str(v)[:80]}" for k, v in list(meta.items())[:3])
            out.append(f"blocking check {evaluation.check_name} fails ({detail})")
    if not out and not result.success:
        out.append("the build run failed")
    return [redact(line) for line in out]


def main() -> int:
    import logging

    import dagster as dg

    from pipelines.definitions import defs

    logging.getLogger("dagster").setLevel(logging.ERROR)
    with dg.DagsterInstance.get() as instance:
        result = (
            defs()
            .resolve_job_def("warehouse_build")
            .execute_in_process(instance=instance, raise_on_error=False)
        )
    print(MARK + json.dumps(_failures(result)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
