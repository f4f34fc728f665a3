"""Results of slow, deterministic computations kept on disk under the hash of their inputs.

`cached_frames(cache_dir, name, inputs, compute)` returns the frames `compute()` returns; the key
is the sha256 of the input frames (Arrow IPC bytes), the extra key parts, and the source of the
modules that compute them, so a change to the data, a parameter or the code recomputes. Frames
are stored as Parquet (exact round trip of polars types) and swapped in with one rename.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType

import polars as pl


def frames_key(
    inputs: Iterable[pl.DataFrame], parts: Iterable[object], modules: Iterable[ModuleType]
) -> str:
    digest = hashlib.sha256(pl.__version__.encode())
    for frame in inputs:
        buffer = io.BytesIO()
        frame.write_ipc(buffer, compression="uncompressed")
        digest.update(buffer.getvalue())
    for part in parts:
        digest.update(repr(part).encode())
    for module in modules:
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:24]


def cached_frames(
    cache_dir: Path | None,
    name: str,
    key: str,
    compute: Callable[[], dict[str, pl.DataFrame]],
) -> dict[str, pl.DataFrame]:
    """`compute()`'s frames, read from `cache_dir/<name>-<key>/` when present."""
    folder = cache_dir / f"{name}-{key}" if cache_dir else None
    if folder is not None and (folder / "DONE").is_file():
        names = (folder / "DONE").read_text(encoding="utf-8").split()
        return {n: pl.read_parquet(folder / f"{n}.parquet") for n in names}
    frames = compute()
    if folder is not None:
        tmp = folder.with_name(f"{folder.name}.{os.getpid()}.tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        for n, frame in frames.items():
            frame.write_parquet(tmp / f"{n}.parquet")
        (tmp / "DONE").write_text("\n".join(frames), encoding="utf-8")
        try:  # the folder appears whole or not at all; another process may have placed it first
            os.replace(tmp, folder)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
    return frames
