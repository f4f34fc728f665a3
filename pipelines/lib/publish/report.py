"""The headline charts as files: PNGs and one self-contained HTML page (Altair specs rendered
offline by vl-convert, JavaScript inlined), for people who don't run the dashboard."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import html
import json
import os
import shutil
import tempfile
from pathlib import Path

import altair as alt
import polars as pl
import vl_convert as vlc

from pipelines.lib.trends.defaults import CHINCHILLA_TOKENS_PER_PARAM

MAX_POINTS = 4000


def frontier_chart(frontier: pl.DataFrame, threshold: float = 60.0) -> alt.Chart:
    data = (
        frontier.filter(
            (pl.col("benchmark") == "mmlu")
            & (pl.col("threshold") == threshold)
            & (pl.col("basis") == "total")
        )
        .select("name", "organization", "release_date", "params", "score", "source")
        .to_pandas()
    )
    base = alt.Chart(data).encode(
        x=alt.X(
            "release_date:T", title="Release date", axis=alt.Axis(format="%Y", tickCount="year")
        ),
        y=alt.Y("params:Q", scale=alt.Scale(type="log"), title="Total parameters (log scale)"),
        tooltip=[
            "name:N",
            "organization:N",
            "release_date:T",
            alt.Tooltip("params:Q", format=".3s"),
            "score:Q",
            "source:N",
        ],
    )
    return (
        base.mark_line(interpolate="step-after")
        + base.mark_point(filled=True)
        + base.mark_text(align="left", dx=6, dy=-6).encode(text="name:N")
    ).properties(
        title=f"Smallest model scoring ≥ {threshold:.0f}% on MMLU (5-shot), over time",
        width=720,
        height=320,
    )


def compute_chart(models: pl.DataFrame) -> alt.Chart:
    data = (
        models.filter(
            pl.col("training_compute_flop").is_not_null()
            & (pl.col("release_date") >= pl.date(2017, 1, 1))
        )
        .sort("training_compute_flop", descending=True)
        .head(MAX_POINTS)
        .select(
            "name",
            "organization",
            "release_date",
            "training_compute_flop",
            pl.col("open_weights").cast(pl.String).fill_null("unknown"),
        )
        .to_pandas()
    )
    return (
        alt.Chart(data)
        .mark_circle(size=28, opacity=0.7)
        .encode(
            x=alt.X(
                "release_date:T", title="Release date", axis=alt.Axis(format="%Y", tickCount="year")
            ),
            y=alt.Y(
                "training_compute_flop:Q",
                scale=alt.Scale(type="log"),
                title="Training compute (FLOP, log scale)",
            ),
            color=alt.Color("open_weights:N", title="Open weights"),
            tooltip=[
                "name:N",
                "organization:N",
                "release_date:T",
                alt.Tooltip("training_compute_flop:Q", format=".2e"),
            ],
        )
        .properties(title="Training compute of language models since 2017", width=720, height=320)
    )


def tokens_per_param_chart(optimal: pl.DataFrame) -> alt.LayerChart:
    data = (
        optimal.filter(
            pl.col("tokens_per_param").is_not_null()
            & (pl.col("release_date") >= pl.date(2017, 1, 1))
        )
        .select("name", "release_date", "tokens_per_param")
        .head(MAX_POINTS)
        .to_pandas()
    )
    points = (
        alt.Chart(data)
        .mark_circle(size=28, opacity=0.7)
        .encode(
            x=alt.X(
                "release_date:T", title="Release date", axis=alt.Axis(format="%Y", tickCount="year")
            ),
            y=alt.Y(
                "tokens_per_param:Q",
                scale=alt.Scale(type="log"),
                title="Training tokens per parameter (log scale)",
            ),
            tooltip=["name:N", "release_date:T", alt.Tooltip("tokens_per_param:Q", format=".1f")],
        )
    )
    rule = (
        alt.Chart(pl.DataFrame({"y": [CHINCHILLA_TOKENS_PER_PARAM]}).to_pandas())
        .mark_rule(strokeDash=[6, 4], color="gray")
        .encode(y="y:Q")
    )
    label = (
        alt.Chart(
            pl.DataFrame(
                {
                    "y": [CHINCHILLA_TOKENS_PER_PARAM],
                    "t": [f"Chinchilla-optimal ≈ {CHINCHILLA_TOKENS_PER_PARAM:g}:1"],
                }
            ).to_pandas()
        )
        .mark_text(align="left", dy=-6, color="gray")
        .encode(y="y:Q", text="t:N")
    )
    return (points + rule + label).properties(
        title="Tokens per parameter against the compute-optimal 20:1", width=720, height=320
    )


def write_report(
    folder: Path,
    models: pl.DataFrame,
    frontier: pl.DataFrame,
    optimal: pl.DataFrame,
    built_at: str,
    commit: str,
    cache_dir: Path | None = None,
) -> list[Path]:
    """Render every chart to PNG and all of them into one offline HTML page, then swap the
    finished folder into place (a reader never sees half a report). With `cache_dir`, the
    renderings are kept under the sha256 of the chart specs (data included) and the renderer's
    version, and reused while those are unchanged: only the page header (build, commit) is new."""
    charts = {
        "frontier_mmlu_60": frontier_chart(frontier),
        "training_compute": compute_chart(models),
        "tokens_per_param": tokens_per_param_chart(optimal),
    }
    # Temporary names of this writer's own: two builds at once never remove each other's work.
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=folder.parent))
    os.chmod(tmp, 0o755)
    try:
        _render(tmp, charts, built_at, commit, cache_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".old", dir=folder.parent))
    try:
        for attempt in range(5):  # another build may swap its report in between our renames
            with contextlib.suppress(FileNotFoundError):
                os.replace(folder, old / f"{folder.name}-{attempt}")
            try:
                os.replace(tmp, folder)
                break
            except OSError as exc:
                if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST) or attempt == 4:
                    raise
    finally:
        shutil.rmtree(old, ignore_errors=True)
        shutil.rmtree(tmp, ignore_errors=True)
    return sorted(folder.iterdir())


def _render(tmp: Path, charts: dict, built_at: str, commit: str, cache_dir: Path | None) -> None:
    page_spec = alt.vconcat(*charts.values()).to_dict()
    key = hashlib.sha256(
        json.dumps([page_spec, vlc.__version__], sort_keys=True, default=str).encode()
    ).hexdigest()[:24]
    cached = cache_dir / f"report-{key}" if cache_dir else None
    if cached is not None and (cached / "body.html").is_file():
        for item in cached.iterdir():
            if item.name != "body.html":
                shutil.copy2(item, tmp / item.name)
        page = (cached / "body.html").read_text(encoding="utf-8")
    else:
        for name, chart in charts.items():
            (tmp / f"{name}.png").write_bytes(vlc.vegalite_to_png(chart.to_dict(), scale=2))
        page = vlc.vegalite_to_html(page_spec, bundle=True)
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=cached.name + ".", dir=cached.parent))
            for item in tmp.iterdir():
                shutil.copy2(item, staging / item.name)
            (staging / "body.html").write_text(page, encoding="utf-8")
            try:
                os.replace(staging, cached)
            except OSError:  # another build cached the same renderings first
                shutil.rmtree(staging, ignore_errors=True)
    header = (
        f"<h1>Scaling Atlas — headline charts</h1><p>Build {html.escape(built_at)} "
        f"({html.escape(commit[:12])}). Data: Epoch AI (CC-BY 4.0) and the sources cited "
        "per value in the warehouse.</p>"
    )
    page = page.replace("<body>", "<body>" + header, 1)
    (tmp / "index.html").write_text(page, encoding="utf-8")
