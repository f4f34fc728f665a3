"""The Data quality page, run headless with AppTest over the real warehouse."""

from __future__ import annotations

from tests.dashboard.apptest import (
    DATA_QUALITY,
    SECTIONS,
    frames_with,
    rerun,
    run_app,
    spec_titled,
    specs,
    sql,
    table,
)


def _section(monkeypatch, warehouse, label: str):
    """The Data quality page opened on its section `label` (`?section=`)."""
    return run_app(monkeypatch, warehouse, DATA_QUALITY, {"section": label})


def test_data_quality_page_shows_coverage_conflicts_unmatched_and_rejects(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, DATA_QUALITY)
    assert [t.value for t in at.title] == ["Data quality"]
    # coverage, unmatched names, maker vs independent (issue 16): one chart each in its own
    # section; the page opens on coverage, drawn alone
    assert len(specs(at)) == 1
    charts = {s: len(specs(_section(monkeypatch, warehouse, s))) for s in SECTIONS[DATA_QUALITY]}
    assert sum(charts.values()) == 3
    heatmap = spec_titled(at, "Coverage by release year")
    assert heatmap["layer"][0]["mark"]["type"] == "rect"

    coverage = table(at, 0)
    expected = sql(warehouse, "SELECT field, with_value FROM coverage WHERE year IS NULL")
    assert dict(zip(coverage["field"], coverage["with_value"], strict=True)) == dict(
        zip(expected["field"], expected["with_value"], strict=True)
    )
    conflicts = table(_section(monkeypatch, warehouse, "Conflicts"), 0)
    assert len(conflicts) == sql(warehouse, "SELECT count(*) AS n FROM conflicts")["n"][0]
    unmatched = table(_section(monkeypatch, warehouse, "Unmatched names"), 0)
    assert len(unmatched) == sql(warehouse, "SELECT count(*) AS n FROM unmatched_names")["n"][0]
    # The real data is clean: the page says so rather than showing an empty table.
    assert sql(warehouse, "SELECT count(*) AS n FROM rejects")["n"][0] == 0
    rejected = _section(monkeypatch, warehouse, "Rejected records")
    assert any("No rejected records" in s.value for s in rejected.success)


def test_data_quality_lists_suspicious_values_with_status(monkeypatch, warehouse):
    at = _section(monkeypatch, warehouse, "Impossible values")
    expected = sql(warehouse, "SELECT model_id, field, rule, status FROM suspicious_values")
    assert len(expected) > 0  # the real build flags values (see data/raw/suspicious_resolutions)
    [shown] = frames_with(at, "evidence")
    assert sorted(zip(shown["model_id"], shown["field"], shown["rule"], strict=True)) == sorted(
        zip(expected["model_id"], expected["field"], expected["rule"], strict=True)
    )
    metrics = {m.label: m.value for m in at.metric}
    for status, label in (
        ("unresolved", "Unresolved (left out)"),
        ("acknowledged", "Acknowledged (used)"),
    ):
        n = int((expected["status"] == status).sum())
        assert metrics[label] == f"{n:,}"
    # Filtering by status keeps only those rows (and the filter is in the URL).
    at.pills(key="suspicious_status").set_value(["erratum"])
    rerun(at)
    [shown] = frames_with(at, "evidence")
    assert set(shown["status"]) == {"erratum"}
    assert len(shown) == int((expected["status"] == "erratum").sum()) > 0


def test_conflicts_filter_by_field_and_unmatched_by_source(monkeypatch, warehouse):
    at = _section(monkeypatch, warehouse, "Conflicts")
    at.pills(key="conflict_field").set_value(["mmlu"])
    rerun(at)

    conflicts = table(at, 0)
    assert set(conflicts["field"]) == {"mmlu"}
    expected = sql(warehouse, "SELECT count(*) AS n FROM conflicts WHERE field = 'mmlu'")["n"][0]
    assert len(conflicts) == expected > 0
    at = _section(monkeypatch, warehouse, "Unmatched names")
    at.selectbox(key="unmatched_source").set_value("epoch_mmlu")
    rerun(at)
    unmatched = table(at, 0)
    assert set(unmatched["source"]) == {"epoch_mmlu"}
