"""GitHub annotations from `make validate`: each problem lands on its file and line in the
pull request (`::error file=…,line=…::field: reason`)."""

import shutil
import subprocess
import sys

import pytest

from pipelines.cli.annotations import annotation, wanted

from ..conftest import FIXTURES, REPO_ROOT


@pytest.mark.parametrize(
    ("problem", "expected"),
    [
        # the usual case: file, line, field, reason
        (
            "data/raw/models/meta/x.yaml:14: benchmarks.mmlu.score: Input should be <= 100",
            "::error file=data/raw/models/meta/x.yaml,line=14,title=make validate::"
            "benchmarks.mmlu.score: Input should be <= 100",
        ),
        # no line known: the annotation goes on the file
        (
            "data/raw/models/meta/empty.yaml: (file): empty file",
            "::error file=data/raw/models/meta/empty.yaml,title=make validate::(file): empty file",
        ),
        # a reason with %, a newline and a comma: escaped as workflow commands require
        (
            "a.yaml:3: notes: 100% wrong,\nsee here",
            "::error file=a.yaml,line=3,title=make validate::notes: 100%25 wrong,%0Asee here",
        ),
    ],
)
def test_annotation_places_the_problem_on_its_line(problem, expected):
    assert annotation(problem) == expected


def test_annotations_are_on_under_github_actions_or_by_flag(monkeypatch):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    assert not wanted()
    assert wanted(True)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert wanted()


def test_validate_prints_annotations_on_github(tmp_path):
    root = tmp_path / "models"
    shutil.copytree(FIXTURES / "records" / "good", root)
    llama = root / "meta" / "llama-2-70b.yaml"
    llama.write_text(llama.read_text().replace("score: 68.9", "score: 689"))
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO_ROOT), "GITHUB_ACTIONS": "true"}
    proc = subprocess.run(
        [sys.executable, "-m", "pipelines.validate", str(root)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        f"{llama}:14: benchmarks.mmlu.score: Input should be less than or equal to 100 (got 689)",
        f"::error file={llama},line=14,title=make validate::benchmarks.mmlu.score: "
        "Input should be less than or equal to 100 (got 689)",
    ]
