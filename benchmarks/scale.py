"""Does the build stay linear when the data grows 10x and 100x?

Generates a scaled copy of `data/raw` in a temporary folder: every row of every upstream file,
every curated record and every alias entry is repeated `factor` times, copy k > 0 renamed with
the suffix `-x<k>` in every column that names a model (so an Epoch row, its LiteLLM key, its
leaderboard repo, its alias entry and its curated record still meet under one identity), and
each MANIFEST.yaml re-pinned to the new files (sha256, bytes, rows). Copy 0 is the real data,
so the sentinel and published-value checks still see their rows. The Chinchilla runs (the
refit's input, one fixed experiment) are not repeated.

Then, per factor: `python -m pipelines.validate` and the real build command
(`dagster job execute -j warehouse_build`) on that folder, each a fresh process, with wall time
and peak resident memory (the process's own maximum RSS); for the build also each Dagster
step's time and the highest RSS seen while it ran (sampled every 50 ms).

    python benchmarks/scale.py              # factors 1 10 100
    python benchmarks/scale.py 1 10         # some factors
    SCALE_KEEP=/tmp/scaled python benchmarks/scale.py 100   # keep the generated folders
    SCALE_VALIDATE_ONLY=1 python benchmarks/scale.py 100    # validate only: cold, then warm

`validate` keeps accepted verdicts in `.dagster/cache/verdicts.sqlite`: its first run on new
data parses everything (cold), later runs reuse them (warm); the build runs after validate, so
its ingest step finds them warm too.

Results go in docs/benchmarks.md.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.lib.upstream.manifest import count_rows  # noqa: E402

RAW = ROOT / "data" / "raw"
csv.field_size_limit(1 << 30)
# Columns (CSV headers, JSON keys) that hold a model's name or id in some upstream file.
NAME_COLUMNS = {
    "System", "Model", "Name", "Model version", "Display name", "Unique display name",
    "id", "id_model_version", "slug", "model", "model_name", "fullname", "name", "model_id",
    "fine_tuned_from_model_id", "base_model", "canonical_slug", "hugging_face_id", "_path",
}  # fmt: skip
NOT_REPEATED = {"scaling_laws"}  # the refit's fixed experiment
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def renamed(value, k: int):
    return value if k == 0 or not isinstance(value, str) or not value else f"{value}-x{k}"


def _scale_csv(path: Path, factor: int) -> None:
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8", errors="replace").removeprefix("\ufeff")
    rows = list(csv.reader(text.splitlines(keepends=True)))
    header, body = rows[0], rows[1:]
    names = [i for i, h in enumerate(header) if h.strip() in NAME_COLUMNS]
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        for k in range(factor):
            for row in body:
                if k:
                    row = list(row)
                    for i in names:
                        if i < len(row):
                            row[i] = renamed(row[i], k)
                writer.writerow(row)


def _renamed_entry(entry: dict, k: int) -> dict:
    return {key: renamed(v, k) if key in NAME_COLUMNS else v for key, v in entry.items()}


def _scale_json(path: Path, factor: int) -> None:
    data = json.loads(path.read_bytes())
    if isinstance(data, dict) and "model_id" in data:  # one model's file: left alone
        return
    if isinstance(data, dict) and isinstance(data.get("data"), list):  # OpenRouter
        data["data"] = [_renamed_entry(e, k) for k in range(factor) for e in data["data"]]
    elif isinstance(data, list):  # genai-prices: providers, each with its models
        for provider in data:
            models = provider.get("models") or []
            provider["models"] = [_renamed_entry(m, k) for k in range(factor) for m in models]
    else:  # LiteLLM: a map keyed by model name
        data = {
            (key if key in ("sample_spec", "last_updated") else renamed(key, k)): value
            for k in range(factor)
            for key, value in data.items()
            if k == 0 or key not in ("sample_spec", "last_updated")
        }
    path.write_text(json.dumps(data), encoding="utf-8")


def _scale_list_yaml(path: Path, factor: int) -> None:
    """ERRATA.yaml / suspicious_resolutions.yaml: entries keyed by `model_id`."""
    entries = yaml.load(path.read_bytes(), Loader=YAML_LOADER) or []
    scaled = [{**e, "model_id": renamed(e["model_id"], k)} for k in range(factor) for e in entries]
    path.write_text(yaml.dump(scaled, Dumper=YAML_DUMPER, sort_keys=False), encoding="utf-8")


def _scale_aliases(path: Path, factor: int) -> None:
    data = yaml.load(path.read_bytes(), Loader=YAML_LOADER) or {}
    scaled = {
        renamed(model_id, k): {ns: [renamed(str(n), k) for n in names] for ns, names in sp.items()}
        for k in range(factor)
        for model_id, sp in data.items()
    }
    path.write_text(yaml.dump(scaled, Dumper=YAML_DUMPER, sort_keys=False), encoding="utf-8")


def _renamer(k: int):
    def rename(match: re.Match) -> str:
        value = yaml.safe_load(match.group(1))
        if not isinstance(value, str):
            return match.group(0)
        return f"{match.group(0).split(':', 1)[0]}: {json.dumps(renamed(value, k))}"

    return rename


def _scale_records(models: Path, factor: int) -> None:
    for path in sorted(models.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        for k in range(1, factor):
            copy = text
            for field in ("id", "name", "base_model"):
                copy = re.sub(
                    rf"^{field}:[ \t]*(.+?)[ \t]*$", _renamer(k), copy, count=1, flags=re.M
                )
            (path.parent / f"{renamed(path.stem, k)}.yaml").write_text(copy, encoding="utf-8")


def _repin(source: Path) -> None:
    manifest = source / "MANIFEST.yaml"
    data = yaml.load(manifest.read_bytes(), Loader=YAML_LOADER)
    for entry in data.get("files") or []:
        path = source / entry["path"]
        entry["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
        entry["bytes"] = path.stat().st_size
        entry["rows"] = count_rows(path)
    manifest.write_text(yaml.dump(data, Dumper=YAML_DUMPER, sort_keys=False), encoding="utf-8")


def generate(target: Path, factor: int, upstream: bool = True) -> dict[str, int]:
    """`data/raw` scaled `factor` times into `target` (which must not exist). `upstream=False`:
    only what `validate` reads is scaled (records, aliases, resolutions, ERRATA)."""
    shutil.copytree(RAW, target, ignore=shutil.ignore_patterns("*.part", "*.tmp"))
    if factor > 1:
        _scale_records(target / "models", factor)
        _scale_aliases(target / "aliases.yaml", factor)
        _scale_list_yaml(target / "suspicious_resolutions.yaml", factor)
        for source in sorted((target / "upstream").iterdir()):
            if not upstream and (source / "ERRATA.yaml").exists():
                _scale_list_yaml(source / "ERRATA.yaml", factor)
            if not upstream or source.name in NOT_REPEATED:
                continue
            if not (source / "MANIFEST.yaml").exists():
                continue
            pins = yaml.load((source / "MANIFEST.yaml").read_bytes(), Loader=YAML_LOADER)
            for entry in pins.get("files") or []:
                path = source / entry["path"]
                if path.suffix == ".csv":
                    _scale_csv(path, factor)
                elif path.suffix == ".json":
                    _scale_json(path, factor)
            if (source / "ERRATA.yaml").exists():
                _scale_list_yaml(source / "ERRATA.yaml", factor)
            _repin(source)
    files = [p for p in target.rglob("*") if p.is_file()]
    return {
        "records": sum(1 for p in (target / "models").rglob("*.yaml")),
        "bytes": sum(p.stat().st_size for p in files),
        "aliases_bytes": (target / "aliases.yaml").stat().st_size,
    }


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


STEP = re.compile(r' - (STEP_START|STEP_SUCCESS|STEP_FAILURE) - .*?step "([^"]+)"(?: in (\S+))?')


def run(cmd: list[str], env: dict[str, str], log: Path) -> dict:
    """Run `cmd`; wall time, peak RSS (wait4), and per Dagster step: time and peak RSS seen."""
    steps: dict[str, dict] = {}
    current: list[str] = []
    started = time.perf_counter()
    with log.open("w") as out:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.05):
                rss = _rss_kib(proc.pid)
                for name in list(current):
                    steps[name]["peak_mib"] = max(steps[name]["peak_mib"], rss / 1024)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        for line in proc.stdout:
            out.write(line)
            match = STEP.search(line)
            if not match:
                continue
            kind, name, took = match.groups()
            if kind == "STEP_START":
                steps[name] = {"peak_mib": _rss_kib(proc.pid) / 1024, "s": None}
                current.append(name)
            elif name in steps:
                steps[name]["s"] = _seconds(took) if took else None
                steps[name]["ok"] = kind == "STEP_SUCCESS"
                if name in current:
                    current.remove(name)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        done.set()
    return {
        "s": time.perf_counter() - started,
        "peak_mib": usage.ru_maxrss / 1024,
        "rc": proc.returncode,
        "steps": steps,
    }


def _seconds(took: str) -> float:
    """Dagster's durations: '387ms', '1.2s', '3m41s', '1h2m'."""
    units = {"ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
    parts = re.findall(r"([\d.]+)(ms|s|m|h)", took.rstrip("."))
    return sum(float(v) * units[u] for v, u in parts) if parts else float("nan")


def main(argv: list[str]) -> int:
    factors = [int(a) for a in argv] or [1, 10, 100]
    keep = os.environ.get("SCALE_KEEP")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    bin_dir = Path(sys.executable).parent
    results = {}
    with tempfile.TemporaryDirectory(prefix="atlas-scale-") as tmp:
        for factor in factors:
            base = Path(keep or tmp) / f"x{factor}"
            shutil.rmtree(base, ignore_errors=True)
            base.mkdir(parents=True)
            started = time.perf_counter()
            validate_only = bool(os.environ.get("SCALE_VALIDATE_ONLY"))
            info = generate(base / "raw", factor, upstream=not validate_only)
            made = time.perf_counter() - started
            print(
                f"\n{factor}x: {info['records']} records, {info['bytes'] / 1e6:.0f} MB, "
                f"aliases.yaml {info['aliases_bytes'] / 1024:.0f} KiB (generated in {made:.0f} s)"
            )
            env = {
                **os.environ,
                "DAGSTER_HOME": str(ROOT),
                "PYTHONPATH": str(ROOT),
                "ATLAS_RAW_DIR": str(base / "raw"),
                "ATLAS_WAREHOUSE": str(base / "warehouse" / "atlas.duckdb"),
                "ATLAS_UPSTREAM_MIRROR": "",
                "ATLAS_OFFLINE": "1",
            }
            (base / "warehouse").mkdir()
            for attempt in ("cold", "warm") if validate_only else ("",):
                validate = run(
                    [sys.executable, "-m", "pipelines.validate"], env, base / "validate.log"
                )
                print(
                    f"  validate{f' ({attempt})' if attempt else ''}: {validate['s']:.1f} s, "
                    f"peak {validate['peak_mib']:.0f} MiB (exit {validate['rc']})"
                )
            if validate_only:
                results[factor] = {"validate": validate["s"], "build": float("nan")}
                results[factor]["build_peak_mib"] = float("nan")
                continue
            build = run(
                [str(bin_dir / "dagster"), "job", "execute", "-m", "pipelines.definitions"]
                + ["-j", "warehouse_build"]
                # every step's start and end on the console, for the per-step times below
                + ["-c", str(ROOT / "pipelines" / "defs" / "console_debug.yaml")],
                env,
                base / "build.log",
            )
            print(
                f"  build: {build['s']:.1f} s, peak {build['peak_mib']:.0f} MiB "
                f"(exit {build['rc']})"
            )
            if build["rc"]:
                failed = [n for n, st in build["steps"].items() if st.get("ok") is False]
                text = (base / "build.log").read_text(errors="replace")
                errors = [ln for ln in text.splitlines() if "Error" in ln or "error" in ln]
                print(f"  failed steps: {', '.join(failed)}; first errors:")
                for line in errors[:6]:
                    print(f"    {line[:300]}")
            for name, step in sorted(build["steps"].items(), key=lambda kv: -(kv[1]["s"] or 0)):
                if (step["s"] or 0) >= 0.5 or step["peak_mib"] >= 1024:
                    print(f"    {name:<40} {step['s'] or 0:7.1f} s  {step['peak_mib']:6.0f} MiB")
            results[factor] = {"validate": validate["s"], "build": build["s"]}
            results[factor]["build_peak_mib"] = build["peak_mib"]
            if not keep:
                shutil.rmtree(base, ignore_errors=True)
    if 1 in results:
        print("\nratios to 1x:")
        for factor, r in results.items():
            print(
                f"  {factor}x: build {r['build'] / results[1]['build']:.1f}x, "
                f"validate {r['validate'] / results[1]['validate']:.1f}x, "
                f"build peak {r['build_peak_mib']:.0f} MiB"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
