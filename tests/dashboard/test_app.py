"""The app as a whole, run headless with AppTest: every page renders, and other warehouses (missing,
unreadable, empty, hostile names, a second build) are handled without a traceback.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import formats
from tests.conftest import add_upstream, build_warehouse, copy_warehouse
from tests.dashboard.apptest import (
    DATA_QUALITY,
    EXPLORER,
    FRONTIER,
    MODEL,
    OVERVIEW,
    PAGES,
    SECTIONS,
    VIEW_IDS,
    VIEWS,
    chart_spec,
    metric_values,
    rerun,
    run_app,
    sql,
    table,
    title_of,
)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_with_a_title_and_no_exception(monkeypatch, warehouse, page):
    """Every page as it opens (every other section is run, and checked for an exception, by
    test_page.py's tests over `apptest.VIEWS`)."""
    at = run_app(monkeypatch, warehouse, page)
    assert len(at.title) == 1 and at.title[0].value


def test_missing_warehouse_shows_how_to_build_it(monkeypatch, tmp_path):
    at = run_app(monkeypatch, tmp_path / "nowhere" / "atlas.duckdb")
    assert len(at.info) == 1
    message = at.info[0].value
    assert "make build" in message and "ATLAS_WAREHOUSE" in message
    assert not at.get("vega_lite_chart") and not at.dataframe


def test_unreadable_warehouse_shows_a_warning_not_a_traceback(monkeypatch, tmp_path):
    junk = tmp_path / "atlas.duckdb"
    junk.write_text("this is not a DuckDB file")
    at = run_app(monkeypatch, junk)
    assert len(at.warning) == 1 and "make build" in at.warning[0].value


@pytest.fixture(scope="module")
def empty_warehouse(tmp_path_factory, fixture_built) -> Path:
    path = copy_warehouse(
        fixture_built.warehouse, tmp_path_factory.mktemp("wh-empty") / "atlas.duckdb"
    )
    # Every table present, every table empty: what a first build of an empty data set looks like.
    with duckdb.connect(str(path)) as con:
        for (name,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall():
            con.execute(f'DELETE FROM "{name}"')
    return path


@pytest.mark.parametrize("page", PAGES)
def test_empty_warehouse_pages_say_so_without_errors(monkeypatch, empty_warehouse, page):
    at = run_app(monkeypatch, empty_warehouse, page)
    assert not at.get("vega_lite_chart")
    if page == DATA_QUALITY:  # each section says it has nothing (coverage: an empty table)
        said = [
            len(run_app(monkeypatch, empty_warehouse, page, {"section": s}).success)
            for s in SECTIONS[DATA_QUALITY]
        ]
        # nothing in conflicts, unmatched, suspicious values, errata, revisions and rejects
        assert sum(said) == 6 and said[-1] == 1, said
    else:
        assert len(at.info) == 1 and "make build" in at.info[0].value


HOSTILE_NAME = "**Bold** <img src=x onerror=alert(1)> [link](https://example.com)"


HOSTILE_RECORDS = {
    "acme/big.yaml": """\
id: big
name: Big Model
organization: Acme
release_date: '2022-01-10'
architecture: dense
parameters: 100B
open_weights: true
benchmarks:
  mmlu: {score: 61.0, shots: 5}
sources:
  parameters: https://example.com/big
  benchmarks.mmlu: https://example.com/big
""",
    "acme/small.yaml": f"""\
id: small
name: '{HOSTILE_NAME}'
organization: '<b>Acme</b> _Labs_'
release_date: '2023-05-01'
architecture: dense
parameters: 7B
open_weights: true
benchmarks:
  mmlu: {{score: 62.0, shots: 5}}
sources:
  parameters: https://example.com/small
  benchmarks.mmlu: https://example.com/small
""",
    # Out of range: lands in `rejects`, with its file and line.
    "acme/broken.yaml": """\
id: broken
name: Broken Model
organization: Acme
release_date: '2023-06-01'
architecture: dense
parameters: 3B
open_weights: true
benchmarks:
  mmlu: {score: 250.0, shots: 5}
sources:
  parameters: https://example.com/broken
  benchmarks.mmlu: https://example.com/broken
""",
}


@pytest.fixture(scope="module")
def hostile_warehouse(rebuilt_warehouse) -> Path:
    """`rebuilt_warehouse`: the hostile records are in both of its builds, the same in each, so
    they add nothing to its changelog (one build less than a warehouse of their own)."""
    return rebuilt_warehouse


def _markdown_texts(at: AppTest) -> list[str]:
    return [
        m.value
        for m in (
            *at.markdown,
            *at.caption,
            *at.title,
            *at.subheader,
            *at.info,
            *at.warning,
            *at.success,
            *at.metric,
        )
    ]


@pytest.mark.parametrize(("page", "params"), VIEWS, ids=VIEW_IDS)
def test_names_from_the_data_are_shown_as_text_never_markdown(
    monkeypatch, hostile_warehouse, page, params
):
    # Upstream models (a cut) are in this warehouse too: the Overview is narrowed to the org.
    url = {MODEL: {"model": "small"}, OVERVIEW: {"org": "<b>Acme</b> _Labs_", **params}}.get(
        page, params
    )
    at = run_app(monkeypatch, hostile_warehouse, page, url)
    tables = [table(at, i) for i in range(len(at.dataframe))]
    newest = params.get("section") == "MMLU frontier and newest releases"  # the Overview's list
    if page in (EXPLORER, FRONTIER) or (page == OVERVIEW and newest):
        assert any(HOSTILE_NAME in set(t.get("name", [])) for t in tables), page
    if page == MODEL:
        assert at.selectbox(key="model_picker").value == "small"
        assert any("<b>Acme</b> _Labs_" in set(t.get("value_text", [])) for t in tables)
    # "Labs": only the hostile organisation has it (the changelog records are Acme Research)
    assert not any("Bold" in t or "Labs" in t for t in _markdown_texts(at)), page


def test_rejected_records_are_listed_with_file_line_and_reason(monkeypatch, hostile_warehouse):
    at = run_app(monkeypatch, hostile_warehouse, DATA_QUALITY, {"section": "Rejected records"})
    rejects = table(at, len(at.dataframe) - 1)
    expected = sql(hostile_warehouse, "SELECT * FROM rejects")
    assert len(expected) > 0 and len(rejects) == len(expected)
    assert rejects["source_file"].str.endswith("broken.yaml").all()
    assert rejects["source_line"].notna().any() and rejects["reason"].str.len().gt(0).all()
    assert metric_values(at)["Rejected record files"] == "1"


ACME_SOURCE = "https://example.com/acme"


def acme_record(model_id: str, name: str, date: str, params: str, mmlu: float, gsm8k: float) -> str:
    return f"""\
id: {model_id}
name: {name}
organization: Acme Research
release_date: '{date}'
architecture: dense
parameters: {params}
open_weights: true
benchmarks:
  mmlu: {{score: {mmlu}, shots: 5}}
  gsm8k: {{score: {gsm8k}, shots: 8}}
sources:
  parameters: {ACME_SOURCE}/{model_id}/{params}
  benchmarks.mmlu: {ACME_SOURCE}/{model_id}
  benchmarks.gsm8k: {ACME_SOURCE}/{model_id}
"""


FIRST_BUILD = {
    "acme/acme-alpha.yaml": acme_record("acme-alpha", "Acme Alpha", "2022-06-01", "70B", 65, 40),
    "acme/acme-beta.yaml": acme_record("acme-beta", "Acme Beta", "2023-03-01", "13B", 62, 55),
    "acme/acme-gamma.yaml": acme_record("acme-gamma", "Acme Gamma", "2023-09-01", "7B", 58, 60),
}


# The second build: Alpha's parameter count corrected, Gamma withdrawn, Delta released.
SECOND_BUILD = {
    "acme/acme-alpha.yaml": acme_record("acme-alpha", "Acme Alpha", "2022-06-01", "72B", 65, 40),
    "acme/acme-beta.yaml": FIRST_BUILD["acme/acme-beta.yaml"],
    "acme/acme-delta.yaml": acme_record("acme-delta", "Acme Delta", "2024-02-01", "3B", 61, 62),
}


@pytest.fixture(scope="module")
def rebuilt_warehouse(tmp_path_factory) -> Path:
    """Two builds published to the same path: the second one's `changelog` holds one model
    added, one removed and one value changed; its records also score GSM8K. Both builds also
    hold `HOSTILE_RECORDS`, unchanged (for `hostile_warehouse`)."""
    path = tmp_path_factory.mktemp("wh-rebuilt") / "atlas.duckdb"
    builds = ({**HOSTILE_RECORDS, **FIRST_BUILD}, {**HOSTILE_RECORDS, **SECOND_BUILD})
    for n, records in enumerate(builds):
        raw = tmp_path_factory.mktemp(f"raw-build-{n}")
        add_upstream(raw, cut=True)  # what changed is in the records; a few upstream rows
        for rel, text in records.items():
            (raw / "models" / rel).parent.mkdir(parents=True, exist_ok=True)
            (raw / "models" / rel).write_text(text)
        assert build_warehouse(raw, path).success
    return path


LAST_BUILD = {"section": "Last build"}  # the Overview's section


def test_overview_says_what_changed_in_the_last_build(monkeypatch, rebuilt_warehouse):
    at = run_app(monkeypatch, rebuilt_warehouse, None, LAST_BUILD)
    counts = sql(
        rebuilt_warehouse, "SELECT change, count(*) AS n FROM changelog GROUP BY change"
    ).set_index("change")["n"]
    # Alpha's parameter count changed: total, and active with it (a dense model).
    assert counts.to_dict() == {"added": 1, "removed": 1, "changed": 2}
    metrics = metric_values(at)
    assert metrics["Models added"] == "1"
    assert metrics["Models removed"] == "1"
    assert metrics["Values changed"] == "2"

    at.session_state["changed_values"] = True  # open the expander the table waits in
    rerun(at)
    changed = next(t for t in (table(at, i) for i in range(len(at.dataframe))) if "old_text" in t)
    expected = sql(
        rebuilt_warehouse, "SELECT * FROM changelog WHERE change = 'changed' ORDER BY field"
    )
    assert list(expected["field"]) == ["params_active", "params_total"]
    assert list(changed["model_id"]) == ["acme-alpha", "acme-alpha"]
    assert list(changed["field"]) == list(expected["field"])
    assert list(changed["old_text"]) == ["70B", "70B"] and list(changed["new_text"]) == ["72B"] * 2
    by_field = dict(zip(changed["field"], changed["source"], strict=True))
    assert by_field["params_total"] == f"{ACME_SOURCE}/acme-alpha/72B"
    assert (changed["model_page"] == "./model?model=acme-alpha").all()

    [build] = sql(
        rebuilt_warehouse, "SELECT DISTINCT built_at, git_commit FROM build_manifest"
    ).itertuples(index=False)
    caption = next(c.value for c in at.caption if "from commit" in c.value)
    assert f"{pd.Timestamp(build.built_at):%Y-%m-%d %H:%M} UTC" in caption
    commit = build.git_commit.split("-")[0][:12]
    assert commit in caption or ("unknown" in caption and build.git_commit == "unknown")
    assert "No earlier build to compare with" not in " ".join(c.value for c in at.caption)


def test_overview_on_a_first_build_counts_every_model_as_added(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, None, LAST_BUILD)
    added = sql(warehouse, "SELECT count(*) AS n FROM changelog WHERE change = 'added'")["n"][0]
    assert metric_values(at)["Models added"] == f"{added:,}"
    assert any("No earlier build to compare with" in c.value for c in at.caption)


def test_benchmark_selector_changes_the_frontier(monkeypatch, rebuilt_warehouse):
    at = run_app(monkeypatch, rebuilt_warehouse, FRONTIER, {"threshold": "50"})
    picker = at.selectbox(key="benchmark")
    assert picker.value == "mmlu"
    assert {"MMLU 5-shot", "GSM8K (5-shot)", "MMLU-Pro (5-shot)"} <= set(picker.options)
    mmlu = table(at)

    picker.set_value("gsm8k")
    rerun(at)
    gsm8k = table(at)
    # One protocol per chart: GSM8K's most common one is the leaderboard's 5-shot; the scores
    # at other shot counts are left out, and the page says so.
    expected = sql(
        rebuilt_warehouse,
        """
        WITH q AS (
            SELECT m.model_id, m.release_date, m.params_total AS params
            FROM benchmark_scores AS b JOIN models AS m USING (model_id)
            WHERE b.benchmark = 'gsm8k' AND b.shots = 5 AND b.score >= 50
              AND m.params_total IS NOT NULL AND m.release_date IS NOT NULL
        )
        SELECT model_id FROM q AS a
        WHERE NOT EXISTS (
            SELECT 1 FROM q AS b WHERE b.release_date <= a.release_date AND b.params <= a.params
              AND (b.release_date < a.release_date OR b.params < a.params)
        )
        ORDER BY release_date
        """,
    )
    assert list(gsm8k["model_id"]) == list(expected["model_id"])
    assert len(gsm8k) >= 2 and not gsm8k["model_id"].str.startswith("acme-").any()
    assert set(gsm8k["benchmark"]) == {"gsm8k"}
    assert list(gsm8k["model_id"]) != list(mmlu["model_id"])
    # everything not at the modal shot count: the Acme records' 8-shot scores and the papers'
    # 8-, 4- and 0-shot GSM8K scores Epoch's hub quotes
    [left_out] = sql(
        rebuilt_warehouse,
        "SELECT sum(n) - max(n) AS left_out FROM (SELECT shots, count(*) AS n "
        "FROM benchmark_scores WHERE benchmark = 'gsm8k' GROUP BY ALL)",
    )["left_out"]
    assert left_out >= 3
    assert any(
        f"{formats.counted(int(left_out), 'score')} of this benchmark at another shot count"
        in c.value
        for c in at.caption
    )
    spec = chart_spec(at)
    assert "GSM8K (5-shot)" in title_of(spec)
