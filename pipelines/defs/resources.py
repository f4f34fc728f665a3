"""Resources bound once for the whole code location, and the in-process executor."""

from pathlib import Path

import dagster as dg
import duckdb

from pipelines.lib.publish import warehouse as wh
from pipelines.lib.publish.buildfiles import verify_published
from pipelines.lib.settings import REPO_ROOT, models_dir, raw_dir, redact, warehouse_target


class RawData(dg.ConfigurableResource):
    """The contributor-edited input folder (`ATLAS_RAW_DIR`, default `data/raw`)."""

    path: str

    @property
    def root(self) -> Path:
        return Path(self.path)

    @property
    def models_dir(self) -> Path:
        return models_dir(self.root)

    @property
    def aliases(self) -> Path:
        return self.root / "aliases.yaml"

    @property
    def organizations(self) -> Path:
        return self.root / "organizations.yaml"


class Warehouse(dg.ConfigurableResource):
    """The DuckDB warehouse. Each run's assets write only to that run's private build file next
    to the published path (`ATLAS_WAREHOUSE`); `publish(run_id)` swaps it in atomically."""

    path: str

    @property
    def remote(self) -> bool:
        return wh.is_remote(self.path)

    @property
    def published(self) -> Path:
        """The published file; for a MotherDuck target, a local mirror path that only anchors
        where build files live (the tables are published into MotherDuck)."""
        if self.remote:
            name = self.path.split(":", 1)[1].split("?", 1)[0] or "atlas"
            return REPO_ROOT / ".dagster" / "motherduck" / f"{name}.duckdb"
        return Path(self.path)

    def open_published(self):
        """Context manager: a read-only connection to what readers see now."""
        if self.remote:
            return wh.connect_target(self.path, read_only=True)
        return wh.connect(self.published, read_only=True)

    def has_published(self) -> bool:
        return self.remote or self.published.exists()

    def published_models(self, log=None):
        """The published `models` table (what readers see now), or None (`_read_models`)."""
        return self._read_models(lambda con: wh.read_table(con, "models"), log)

    def published_model_count(self) -> int:
        """How many models readers see now: 0 when `published_models` would be None."""
        count = self._read_models(
            lambda con: con.execute("SELECT count(*) FROM models").fetchall()[0][0]
        )
        return count or 0

    def _read_models(self, read, log=None):
        """`read(connection)` on the published file when it has a `models` table; None when
        there is none or the published file does not verify (`verify_published`, the test by
        which a build starts from scratch instead of copying it): a corrupted file has no
        previous models to compare with (said in `log`, never a failed step). Any other failure
        to read it (a MotherDuck target out of reach, a file that verifies) is raised."""
        if not self.has_published():
            return None
        try:
            with self.open_published() as con:
                has = con.execute(
                    "SELECT count(*) FROM information_schema.tables WHERE table_name = 'models'"
                ).fetchall()[0][0]
                return read(con) if has else None
        except duckdb.Error:
            problem = "" if self.remote else verify_published(self.published)
            if not problem:
                raise
            if log is not None:
                log.warning(f"the published file {problem}: compared as no previous models")
            return None

    def build(self, run_id: str) -> Path:
        return wh.build_path(self.published, run_id)

    def connect(self, run_id: str):
        """Context manager: a read-write connection to this run's build file. The run holds
        the file open from its first write until it publishes or ends (`wh.hold`): reopening
        a DuckDB file costs ~25 ms, and a build opens it ~300 times."""
        build = wh.start_build(self.published, run_id)
        wh.hold(build)
        return wh.connect(build)

    def read(self, run_id: str):
        """Context manager: a connection to this run's build file for checks (read-only unless
        the run holds the file, see `connect`)."""
        return wh.connect(wh.start_build(self.published, run_id), read_only=True)

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        """The run is over (published, failed or a subset that does not publish): let go of its
        build file."""
        if context.run is not None:  # (`context.run_id` is deprecated: a warning each run)
            wh.release(self.build(context.run.run_id))

    def origin(self, run_id: str) -> str:
        """How this run's build file started: a verified copy of the published file, or
        scratch and why (see `pipelines/lib/publish/buildfiles.py`)."""
        from pipelines.lib.publish.buildfiles import read_origin

        return read_origin(self.build(run_id))

    def publish(self, run_id: str) -> str:
        """Atomic rename for a file; one-transaction table swap for MotherDuck."""
        if self.remote:
            wh.publish_swap(self.build(run_id), self.path)
            return self.path
        return str(wh.publish(self.published, run_id))


def _warehouse_config() -> str | dg.EnvVar:
    """The warehouse target as resource config. A target carrying a credential (MotherDuck's
    `?motherduck_token=...`) is bound as `EnvVar("ATLAS_WAREHOUSE")`: Dagster then stores and
    shows only the variable's name, never its value, in job snapshots, run config and the UI."""
    target = warehouse_target()
    return dg.EnvVar("ATLAS_WAREHOUSE") if redact(target) != target else target


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(
        resources={
            "raw": RawData(path=str(raw_dir())),
            "warehouse": Warehouse(path=_warehouse_config()),
        },
        executor=dg.in_process_executor,
    )
