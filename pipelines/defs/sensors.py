"""`raw_files_changed_sensor`: rebuild when anything under data/raw changes (records, aliases,
snapshots), keyed on a fingerprint of names, sizes and modification times."""

import hashlib
from pathlib import Path

import dagster as dg

from pipelines.lib.ingest import rawtree
from pipelines.lib.settings import raw_dir


def raw_fingerprint(root: Path) -> str:
    """Names, sizes and times of the raw files `rawtree` finds, and its problems (a link
    retargeted or a FIFO added changes the fingerprint; nothing is followed or read)."""
    digest = hashlib.sha256()
    for entry in rawtree.scan(root):
        if isinstance(entry, rawtree.RawFile):
            digest.update(f"{entry.name}\0{entry.size}\0{entry.mtime_ns}\n".encode())
        else:
            digest.update(f"{entry.name}\0{entry.reason}\n".encode())
    return digest.hexdigest()


@dg.sensor(
    job_name="warehouse_build",
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.STOPPED,
)
def raw_files_changed_sensor(context: dg.SensorEvaluationContext):
    """Requests a `warehouse_build` run when data/raw (ATLAS_RAW_DIR) changed since the last."""
    fingerprint = raw_fingerprint(raw_dir())
    if fingerprint == context.cursor:
        return dg.SkipReason("data/raw unchanged")
    context.update_cursor(fingerprint)
    return dg.RunRequest(run_key=fingerprint)
