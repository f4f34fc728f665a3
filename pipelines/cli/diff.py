"""The data diff of this checkout against a git ref: `python -m pipelines.cli.diff --base REF`
(also `make diff BASE=<ref>`, and the pull-request and refresh workflows).

Builds the base ref in a temporary git worktree into its own warehouse file, builds this checkout
into another (or takes already-built files: `--base-warehouse`, `--head-warehouse`), then prints
the markdown of `pipelines/lib/publish/diff.py` (or writes it to `--out`). With
`--base-warehouse`, `--base` only labels the base (the release workflow compares the previous
release's file this way: `make diff BASE=previous-release BASE_WAREHOUSE=… HEAD_WAREHOUSE=…`).
Both builds run the same commands as `make build` with this checkout's Python environment; the
base worktree's upstream cache is seeded from this checkout's cache and completed by its own pins.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pipelines.lib.publish.diff import compare
from pipelines.lib.settings import REPO_ROOT, RESULT_CACHE_DIR, raw_dir
from pipelines.lib.upstream.cache import mirror_dir

BIN = Path(sys.executable).parent


class DiffError(Exception):
    """A step of the diff failed; the message says which and how to see why."""


def _run(cmd: list[str], cwd: Path, env: dict[str, str], what: str, log: Path) -> None:
    with log.open("ab") as out:
        done = subprocess.run(
            cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, check=False
        )
    if done.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
        raise DiffError(
            f"{what} failed (exit {done.returncode}); last lines of {log}:\n" + "\n".join(tail)
        )


def build(checkout: Path, warehouse: Path, log: Path, raw: Path | None = None) -> Path:
    """`make upstream` + `make build` of `checkout` into `warehouse`, with this Python."""
    env = {
        **os.environ,
        "DAGSTER_HOME": str(checkout),
        "PYTHONPATH": str(checkout),
        "ATLAS_WAREHOUSE": str(warehouse),
        "ATLAS_RAW_DIR": str(raw or checkout / "data" / "raw"),
    }
    python = str(BIN / "python")
    if (checkout / "pipelines" / "upstream.py").exists():
        _run(
            [python, "-m", "pipelines.upstream", "-q"],
            checkout,
            env,
            f"upstream cache of {checkout}",
            log,
        )
    dagster = [
        str(BIN / "dagster"),
        "job",
        "execute",
        "-m",
        "pipelines.definitions",
        "-j",
        "warehouse_build",
    ]
    _run(dagster, checkout, env, f"build of {checkout}", log)
    if not warehouse.is_file():
        raise DiffError(f"build of {checkout} published no warehouse at {warehouse}; see {log}")
    return warehouse


def seed_upstream_cache(source: Path, target: Path) -> int:
    """Copy the cached upstream files of `source` (data/raw/upstream, sub-folders included) into
    `target` where the target's tree has the same source folder and lacks the file: the base
    build then fetches only what its own pins need and the cache lacks (a copied file whose
    sha256 is not the base's pin is fetched again). Returns the number of files copied."""
    copied = 0
    if not source.is_dir() or not target.is_dir():
        return 0
    for folder in sorted(p for p in source.iterdir() if p.is_dir() and not p.is_symlink()):
        if not (target / folder.name).is_dir():
            continue
        for f in sorted(folder.rglob("*")):
            relative = f.relative_to(source)
            into = target / relative
            if (
                f.is_file()
                and not f.is_symlink()
                and not any(part.startswith(".") for part in relative.parts)
                and f.name not in ("MANIFEST.yaml", "ERRATA.yaml")
                and not into.exists()
            ):
                into.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(f, into)
                copied += 1
    return copied


def seed_result_cache(source: Path, target: Path) -> int:
    """Share `source`'s cache of results (`.dagster/cache`: the capability and compute fits, the
    cost trend, the Chinchilla refit, the rendered report, the record verdicts) with the base
    tree at `target`. Every entry is keyed by the hash of its inputs and of the code that
    computes it, so the base build reuses what its own code and data would compute and computes
    the rest (a cold base build repeated the refit's bootstrap and the report's rendering on
    every diff). Files are hard links where the file system allows (an entry is never written
    in place: a new one is renamed into place), else copies; the verdicts database goes through
    SQLite's backup, so a write in progress never tears it. Returns the number of files
    shared."""
    import sqlite3

    shared = 0
    if not source.is_dir():
        return 0
    for f in sorted(source.rglob("*")):
        relative = f.relative_to(source)
        into = target / relative
        if not f.is_file() or f.is_symlink() or into.exists():
            continue
        if any(".tmp" in part for part in relative.parts):  # another build's entry in progress
            continue
        if f.suffix in (".sqlite-wal", ".sqlite-shm"):  # the backup below carries their rows
            continue
        into.parent.mkdir(parents=True, exist_ok=True)
        if f.suffix == ".sqlite":
            try:
                with sqlite3.connect(f) as src, sqlite3.connect(into) as dst:
                    src.backup(dst)
            except sqlite3.Error:  # the cache only saves work: the base checks every file
                into.unlink(missing_ok=True)
                continue
        else:
            try:
                os.link(f, into)
            except OSError:
                shutil.copy2(f, into)
        shared += 1
    return shared


def resolve_ref(ref: str) -> str:
    out = subprocess.run(
        ["git", "rev-parse", "--verify", f"{ref}^{{commit}}"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise DiffError(
            f"{ref}: not a git ref here ({out.stderr.strip()}); fetch it first "
            "(`git fetch origin main`) or pass a commit"
        )
    return out.stdout.strip()


def build_ref(ref: str, warehouse: Path, workdir: Path) -> Path:
    """Build git `ref` in a temporary worktree (removed afterwards) into `warehouse`."""
    commit = resolve_ref(ref)
    tree = workdir / "base-tree"
    log = workdir / "base-build.log"
    subprocess.run(
        ["git", "worktree", "add", "--detach", "--quiet", str(tree), commit],
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
    )
    try:
        seed_upstream_cache(raw_dir() / "upstream", tree / "data" / "raw" / "upstream")
        seed_result_cache(RESULT_CACHE_DIR, tree / RESULT_CACHE_DIR.relative_to(REPO_ROOT))
        mirror = mirror_dir()  # this checkout's mirror, not one relative to the temporary tree
        if mirror is not None:
            os.environ.setdefault("ATLAS_UPSTREAM_MIRROR", str(mirror))
        return build(tree, warehouse, log)
    finally:
        subprocess.run(
            ["git", "worktree", "remove", "--force", str(tree)],
            cwd=REPO_ROOT,
            check=False,
            capture_output=True,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipelines.cli.diff", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--base", required=True, help="git ref to compare against (e.g. origin/main)"
    )
    parser.add_argument(
        "--base-warehouse", type=Path, help="an already-built base file: skip its build"
    )
    parser.add_argument(
        "--head-warehouse", type=Path, help="an already-built head file: skip its build"
    )
    parser.add_argument("--keep", type=Path, help="folder to keep the built files and logs in")
    parser.add_argument("--out", type=Path, help="write the markdown here instead of stdout")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="atlas-diff-")) if args.keep is None else args.keep
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        base = args.base_warehouse or build_ref(args.base, workdir / "base.duckdb", workdir)
        head = args.head_warehouse or build(
            REPO_ROOT, workdir / "head.duckdb", workdir / "head-build.log", raw_dir()
        )
        markdown = compare(base, head, base_label=args.base, head_label=_head_label())
    except (DiffError, FileNotFoundError) as exc:
        print(f"make diff: {exc}", file=sys.stderr)
        return 1
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.out:
        args.out.write_text(markdown, encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        print(markdown)
    return 0


def _head_label() -> str:
    out = subprocess.run(
        ["git", "rev-parse", "--abbrev-ref", "HEAD"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    name = out.stdout.strip()
    return name if out.returncode == 0 and name and name != "HEAD" else "this checkout"


if __name__ == "__main__":
    sys.exit(main())
