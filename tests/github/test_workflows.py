"""The GitHub Actions workflows lint clean (actionlint, zizmor) and keep the house rules: actions
pinned to full commit SHAs with their version, least-privilege permissions, no secrets and no
`pull_request_target` for untrusted code, and every `make` target they call exists."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from ..conftest import REPO_ROOT

WORKFLOWS = sorted((REPO_ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent


def _on(workflow: dict) -> dict:
    # YAML 1.1 reads the key `on` as True
    triggers = workflow.get("on", workflow.get(True))
    return triggers if isinstance(triggers, dict) else {t: None for t in [triggers]}


def test_there_are_the_four_workflows():
    assert [p.name for p in WORKFLOWS] == [
        "pull-request-comment.yml",
        "pull-request.yml",
        "refresh.yml",
        "release.yml",
    ]


def test_actionlint_is_clean():
    proc = subprocess.run(
        [str(BIN / "actionlint"), "-no-color", *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_zizmor_is_clean():
    proc = subprocess.run(
        [
            str(BIN / "zizmor"),
            "--offline",
            "--no-progress",
            str(REPO_ROOT / ".github" / "workflows"),
        ],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No findings to report" in proc.stdout


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path):
    uses = re.findall(r"uses:\s*(\S+)(.*)", path.read_text())
    for action, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r"\s*# v\d+(\.\d+)*", comment), f"{action}: no `# vX.Y.Z` comment"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_permissions_are_least_privilege(path):
    workflow = yaml.safe_load(path.read_text())
    top = workflow.get("permissions")
    assert top in ({}, {"contents": "read"}), f"{path.name}: top-level permissions {top}"
    for name, job in workflow["jobs"].items():
        for scope, level in (job.get("permissions") or {}).items():
            assert level in ("read", "write"), (name, scope)
            assert scope in ("contents", "pull-requests", "actions"), (name, scope)


def test_untrusted_code_runs_without_secrets_or_write_tokens():
    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text())
        assert "pull_request_target" not in _on(workflow), path.name
    pr = yaml.safe_load((REPO_ROOT / ".github/workflows/pull-request.yml").read_text())
    assert "pull_request" in _on(pr)
    assert pr["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in pr["jobs"].values())
    assert "secrets." not in (REPO_ROOT / ".github/workflows/pull-request.yml").read_text()
    # the job that writes comments runs none of the pull request's code
    comment = yaml.safe_load((REPO_ROOT / ".github/workflows/pull-request-comment.yml").read_text())
    assert "workflow_run" in _on(comment)
    steps = [s for job in comment["jobs"].values() for s in job["steps"]]
    assert not any("uses" in s for s in steps), "no checkout, no third-party action"
    assert not any("make " in s.get("run", "") for s in steps)
    assert comment["jobs"]["comment"]["permissions"] == {
        "actions": "read",
        "pull-requests": "write",
    }


def test_every_make_target_the_workflows_call_exists():
    makefile = (REPO_ROOT / "Makefile").read_text()
    phony = set(re.search(r"^\.PHONY:(.*)$", makefile, re.M).group(1).split())
    called = {
        m for path in WORKFLOWS for m in re.findall(r"\bmake ([a-z][a-z-]*)", path.read_text())
    }
    assert called >= {"setup", "validate", "diff", "refresh", "release"}
    assert called <= phony, called - phony
