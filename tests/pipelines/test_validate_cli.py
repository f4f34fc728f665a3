"""`python -m pipelines.cli.validate`: the contributor's fast, exact check (a real subprocess)."""

import shutil
import subprocess
import sys

import pytest

from ..conftest import FIXTURES, REPO_ROOT

GOOD = FIXTURES / "records" / "good"


def _run(*args, env_raw=None):
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO_ROOT)}
    if env_raw:
        env["ATLAS_RAW_DIR"] = str(env_raw)
    return subprocess.run(
        [sys.executable, "-m", "pipelines.cli.validate", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env=env,
        timeout=60,
    )


def test_clean_records_exit_zero_and_print_no_problems():
    proc = _run(GOOD)
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout == ""
    assert "2 accepted, 0 rejected" in proc.stderr


def test_problems_print_file_line_field_reason_and_exit_one(tmp_path):
    root = tmp_path / "models"
    shutil.copytree(GOOD, root)
    llama = root / "meta" / "llama-2-70b.yaml"
    llama.write_text(llama.read_text().replace("score: 68.9", "score: 689"))
    (root / "meta" / "empty.yaml").write_text("")
    proc = _run(root)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert f"{root}/meta/empty.yaml: (file): empty file: expected a YAML mapping of fields" in lines
    assert (
        f"{llama}:14: benchmarks.mmlu.score: Input should be less than or equal to 100 (got 689)"
    ) in lines
    assert len(lines) == 2
    assert "Traceback" not in proc.stdout + proc.stderr


def test_default_path_honours_atlas_raw_dir(tmp_path):
    shutil.copytree(GOOD, tmp_path / "models")
    proc = _run(env_raw=tmp_path)
    assert proc.returncode == 0
    assert "2 record files" in proc.stderr


def test_missing_path_and_empty_folder_are_problems(tmp_path):
    proc = _run(tmp_path / "nope")
    assert proc.returncode == 1
    assert "no such file or folder" in proc.stdout
    proc = _run(tmp_path)
    assert proc.returncode == 1
    assert "no record files" in proc.stderr


def test_the_committed_data_set_is_clean():
    proc = _run()
    assert proc.returncode == 0, proc.stdout


def test_a_default_run_checks_the_reference_files_with_file_line_field_reason(tmp_path):
    """The alias map, the organisation map and every ERRATA.yaml are reviewed by pull request
    too: a default run reports their problems like record problems, without a traceback."""
    shutil.copytree(GOOD, tmp_path / "models")
    (tmp_path / "upstream" / "llm_stats").mkdir(parents=True)
    (tmp_path / "aliases.yaml").write_text(
        "# header\n"
        "llama-2-70b:\n"
        '  epoch: ["Llama 2-70B"]\n'
        "mistral-7b:\n"
        '  hugginface: ["mistralai/Mistral-7B-v0.1"]\n'
        "llama-2-70b:\n"
        '  hf: ["meta-llama/Llama-2-70b-hf"]\n',
        encoding="utf-8",
    )
    (tmp_path / "organizations.yaml").write_text("hf:\n  meta-llama: [Meta AI]\n")
    (tmp_path / "upstream" / "llm_stats" / "ERRATA.yaml").write_text(
        "- model_id: x\n  field: colour\n  reason: because\n"
    )
    proc = _run(env_raw=tmp_path)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    # A repeated model_id would silently drop the first block's names: it is an error.
    assert f"{tmp_path}/aliases.yaml:6: llama-2-70b: duplicate key" in lines
    assert f"{tmp_path}/organizations.yaml:2: hf.meta-llama: expected an organisation name" in lines
    assert (
        f"{tmp_path}/upstream/llm_stats/ERRATA.yaml: entry 1: field: 'colour' is not a claim "
        "field or release_date"
    ) in lines
    assert len(lines) == 3
    assert "Traceback" not in proc.stdout + proc.stderr

    # Fix the duplicate: the next problem in the same file is located too.
    (tmp_path / "aliases.yaml").write_text(
        'mistral-7b:\n  hugginface: ["mistralai/Mistral-7B-v0.1"]\n', encoding="utf-8"
    )
    proc = _run(env_raw=tmp_path)
    assert (
        f"{tmp_path}/aliases.yaml:2: mistral-7b.hugginface: unknown source 'hugginface' "
        "(one of epoch, epoch_mmlu, hf, litellm, epoch_prices, llm_stats, token_tariff, "
        "openrouter, models_dev, genai_prices)"
    ) in proc.stdout.splitlines()


def _raw_with_problems(root):
    """A raw folder with good and bad records, a malformed alias map and an unread entry."""
    shutil.copytree(GOOD, root / "models")
    (root / "models" / "bad.yaml").write_text("id: bad\nname: Bad\n", encoding="utf-8")
    (root / "models" / "link.yaml").symlink_to(root / "models" / "bad.yaml")
    (root / "aliases.yaml").write_text("llama-2-70b:\n  nowhere: [x]\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("helper", ["started", "killed"])
def test_a_run_with_a_helper_process_reports_what_one_process_does(
    tmp_path, monkeypatch, capsys, helper
):
    """With many records (`record_files.PARALLEL_FROM`, lowered here to 2), a default run starts
    a helper process that checks the reference files during the walk and half of the records:
    the same lines as a run without it. A helper killed as it starts changes nothing either."""
    from pipelines.cli import validate
    from pipelines.lib.ingest import record_files, verdicts

    raw = _raw_with_problems(tmp_path / "raw")
    monkeypatch.setenv("ATLAS_RAW_DIR", str(raw))
    monkeypatch.setattr(verdicts, "CACHE_FILE", tmp_path / "verdicts.sqlite")
    assert validate.main([]) == 1
    alone = capsys.readouterr().out.splitlines()
    files = {line.split(":")[0] for line in alone}
    assert files == {f"{raw}/models/{name}" for name in ("bad.yaml", "link.yaml")} | {
        f"{raw}/aliases.yaml"
    }

    started = []

    class Watched(subprocess.Popen):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            started.append(self)
            if helper == "killed":
                self.kill()

    monkeypatch.setattr(subprocess, "Popen", Watched)
    monkeypatch.setattr(record_files, "PARALLEL_FROM", 2)
    monkeypatch.setattr(verdicts, "CACHE_FILE", tmp_path / "cold.sqlite")
    assert validate.main([]) == 1
    assert capsys.readouterr().out.splitlines() == alone
    assert len(started) == 1  # one helper, started before the walk
    assert started[0].returncode == (0 if helper == "started" else -9)
