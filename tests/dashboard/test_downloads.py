"""The Explorer's downloads: spreadsheet formulas defused (OWASP, CSV injection: text cells that
start with = + - @, tab or carriage return get a leading single quote; numbers stay numbers),
a source column per value column, plain decimals without float noise, a file name that says
what and when, and the data set's citation."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

import duckdb
import polars as pl
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from dashboard import queries

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
HYPERLINK = '=HYPERLINK("http://x","y")'


def models_frame(**overrides) -> pl.DataFrame:
    """One row with every public column of `models`, `overrides` applied."""
    row = {
        "model_id": "m-1",
        "name": "Plain",
        "organization": "Org",
        "release_date": dt.date(2024, 1, 2),
        "architecture": "dense",
        "params_total": 7e9,
        "params_active": 7e9,
        "params_active_method": None,
        "training_tokens": 2e12,
        "training_compute_flop": 4.6e23,
        "compute_method": "6ND",
        "context_window": 8192,
        "open_weights": True,
        "mmlu": 60.5,
        "price_usd_per_1m_input_tokens": 0.25,
        "price_usd_per_1m_output_tokens": 1.0,
        "price_as_of_date": None,
        "training_cost_usd": 1.5e6,
        "base_model_id": None,
        "source_file": "models/org/m-1.yaml",
    }
    return pl.DataFrame([row | overrides], infer_schema_length=None)


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode(), newline="")))


def test_csv_prefixes_formula_looking_text_and_leaves_numbers_alone():
    frame = models_frame(
        name=HYPERLINK,
        organization="@SUM(1)",
        compute_method="-2+3",
        params_active_method="\tcmd",
        base_model_id="\r=1+1",
        source_file="+1, with a comma",
        training_cost_usd=-12.5,  # a negative number is a number, not a formula
        context_window=-1,
    )
    [row] = csv_rows(queries.models_csv(frame))
    assert row["name"] == "'" + HYPERLINK  # the quotes inside survive csv quoting
    assert row["organization"] == "'@SUM(1)"
    assert row["compute_method"] == "'-2+3"
    assert row["params_active_method"] == "'\tcmd"
    assert row["base_model_id"] == "'\r=1+1"
    assert row["source_file"] == "'+1, with a comma"
    assert row["training_cost_usd"] == "-12.5"
    assert row["context_window"] == "-1"
    assert row["training_compute_flop"] == "460000000000000000000000"  # plain decimal
    # Harmless text is untouched; so are dates and empty cells.
    assert (row["model_id"], row["architecture"], row["release_date"]) == (
        "m-1",
        "dense",
        "2024-01-02",
    )
    assert row["price_as_of_date"] == ""


def test_parquet_keeps_the_published_values():
    frame = models_frame(name=HYPERLINK, organization="@SUM(1)", training_cost_usd=-12.5)
    back = pl.read_parquet(io.BytesIO(queries.models_parquet(frame)))
    assert back.equals(frame)


def test_explorer_csv_download_is_defused(warehouse, tmp_path, monkeypatch):
    """The bytes behind the Explorer's CSV button, as Streamlit serves them on click: AppTest
    shows only the button's deferred file id, so the test keeps the media file manager that
    registered it and runs the download as the server would."""
    path = tmp_path / "atlas.duckdb"
    shutil.copyfile(warehouse, path)
    con = duckdb.connect(str(path))
    try:
        model_id = con.execute(
            "UPDATE models SET name = ?, organization = ? "
            "WHERE model_id = (SELECT min(model_id) FROM models) RETURNING model_id",
            [HYPERLINK, "@SUM(1)"],
        ).fetchone()[0]
    finally:
        con.close()
    managers: list[MediaFileManager] = []
    add_deferred = MediaFileManager.add_deferred

    def keep_manager(self, *args, **kwargs):
        managers.append(self)
        return add_deferred(self, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep_manager)
    monkeypatch.setenv("ATLAS_WAREHOUSE", str(path))
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("app_pages/explorer.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]

    [button] = [b for b in at.get("download_button") if b.label == "CSV"]
    file_id = button.proto.deferred_file_id
    manager = next(m for m in managers if file_id in m._deferred_callables)
    url = manager.execute_deferred(file_id)
    data = manager._storage.get_file(url.rsplit("/", 1)[-1]).content
    rows = {r["model_id"]: r for r in csv_rows(data)}
    assert len(rows) > 1000
    assert rows[model_id]["name"] == "'" + HYPERLINK
    assert rows[model_id]["organization"] == "'@SUM(1)"
    assert not any(r["name"].startswith(("=", "+", "-", "@")) for r in rows.values())


def test_csv_writes_plain_decimals_without_float_noise():
    frame = models_frame(
        training_compute_flop=4.600000000000001e23,  # 4.6e23 after a unit conversion
        price_usd_per_1m_input_tokens=0.1 + 0.2,
        params_total=7.0e9,
        mmlu=1.5e-7,
    )
    [row] = csv_rows(queries.models_csv(frame))
    assert row["training_compute_flop"] == "460000000000000000000000"
    assert row["price_usd_per_1m_input_tokens"] == "0.3"
    assert row["params_total"] == "7000000000"
    assert row["mmlu"] == "0.00000015"
    assert not any("e+" in v or "e-" in v for v in row.values() if v and v[0].isdigit())


def _download(monkeypatch, path: Path, page: str, label: str, params: dict | None = None):
    """(file name, bytes) behind a download button, as Streamlit serves them on click: AppTest
    shows only the button's deferred file id, so the media file manager that registered it runs
    the download as the server would."""
    managers: list[MediaFileManager] = []
    add_deferred = MediaFileManager.add_deferred

    def keep_manager(self, *args, **kwargs):
        managers.append(self)
        return add_deferred(self, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep_manager)
    monkeypatch.setenv("ATLAS_WAREHOUSE", str(path))
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page(page)
    at.query_params.update(params or {})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    [button] = [b for b in at.get("download_button") if b.label == label]
    file_id = button.proto.deferred_file_id
    manager = next(m for m in managers if file_id in m._deferred_callables)
    url = manager.execute_deferred(file_id)
    stored = manager._storage.get_file(url.rsplit("/", 1)[-1])
    return stored.filename, stored.content, at


def test_explorer_downloads_carry_sources_plain_numbers_a_dated_name_and_a_citation(
    warehouse, monkeypatch
):
    """A filtered view (open-weights Large models) downloaded from the real warehouse: every
    cited value column is followed by its citation, as `sources` holds it; the file is named
    for what and when; the page and the Parquet file carry the data set's citation."""
    built = dt.datetime.fromtimestamp(warehouse.stat().st_mtime, tz=dt.UTC).date().isoformat()
    params = {"size": "Large", "weights": "Open"}
    name, data, at = _download(monkeypatch, warehouse, "app_pages/explorer.py", "CSV", params)
    assert name == f"scaling-atlas_models_open-weights_large_{built}.csv"
    rows = csv_rows(data)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        cited = dict(
            ((m, f), c)
            for m, f, c in con.execute("SELECT model_id, field, citation FROM sources").fetchall()
        )
        expected = con.execute(
            "SELECT count(*) FROM models WHERE open_weights AND params_total >= 70e9 "
            "AND params_total < 200e9"
        ).fetchall()[0][0]
    finally:
        con.close()
    assert len(rows) == expected > 0
    header = list(rows[0])
    for column in ("params_total", "training_compute_flop", "mmlu", "release_date"):
        assert header[header.index(column) + 1] == f"{column}_source"
    for row in rows:
        for column in ("params_total", "training_compute_flop", "mmlu"):
            if row[column]:
                assert row[f"{column}_source"] == cited[(row["model_id"], column)]
                assert "e+" not in row[column] and "e-" not in row[column]

    citation = next(c.value for c in at.caption if c.value.startswith("**Cite as:**"))
    assert "Scaling Atlas contributors" in citation and built in citation

    name, data, _ = _download(monkeypatch, warehouse, "app_pages/explorer.py", "Parquet", params)
    assert name == f"scaling-atlas_models_open-weights_large_{built}.parquet"
    frame = pl.read_parquet(io.BytesIO(data))
    assert frame.height == expected and "mmlu_source" in frame.columns
    metadata = pl.read_parquet_metadata(io.BytesIO(data))
    assert metadata["citation"] == citation.removeprefix("**Cite as:** ")
