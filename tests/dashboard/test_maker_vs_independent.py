"""Maker vs third party (issue 16) on the Model page (one release) and the Data quality page
(all releases), from `maker_vs_independent`."""

from __future__ import annotations

from dashboard.formats.benchmark_views import measurer_label
from tests.dashboard.apptest import (
    DATA_QUALITY,
    MODEL,
    chart_index,
    chart_rows,
    frames_with,
    run_app,
    specs,
    sql,
    title_of,
)

TITLE = "Maker's score minus the independent score"


def _pairs(frame):
    return set(zip(frame["model_id"], frame["benchmark"], frame["measured_by"], strict=True))


def _labelled(frame):
    """The chart's pairs: it shows the party's name (`Epoch AI`, `Leaderboard: HELM`), not its
    id, from the one mapping in dashboard/formats/benchmark_views.py."""
    return {(m, b, measurer_label(p)) for m, b, p in _pairs(frame)}


def _chart_pairs(rows):
    return set(zip(rows["model_id"], rows["benchmark"], rows["measured_by_label"], strict=True))


def test_data_quality_page_lists_every_maker_vs_independent_pair(monkeypatch, warehouse):
    expected = sql(warehouse, "SELECT * FROM maker_vs_independent")
    assert len(expected) > 0
    at = run_app(monkeypatch, warehouse, DATA_QUALITY, {"section": "Maker vs independent"})
    index = chart_index(at, TITLE)
    rows = chart_rows(at, index).dropna(subset=["model_id"])
    assert _chart_pairs(rows) == _labelled(expected)
    assert "Epoch AI" in set(rows["measured_by_label"])
    assert not set(rows["measured_by_label"]) & set(expected["measured_by"])  # no raw id shown

    # several rows per (model, benchmark): one per maker score and independent party
    def differences(frame):
        return sorted(
            (m, b, round(float(d), 9))
            for m, b, d in zip(
                frame["model_id"], frame["benchmark"], frame["difference_pts"], strict=True
            )
        )

    assert differences(rows) == differences(expected)
    title = title_of(specs(at)[index])
    assert f"{len(expected)} pairs over {expected['model_id'].nunique()} releases" in title
    shown = frames_with(at, "difference_pts")
    assert len(shown) == 1 and _pairs(shown[0]) == _pairs(expected)


def test_model_page_shows_the_selected_models_pairs(monkeypatch, warehouse):
    busiest = sql(
        warehouse,
        "SELECT model_id, count(*) AS n FROM maker_vs_independent GROUP BY 1 "
        "ORDER BY n DESC, model_id LIMIT 1",
    ).iloc[0]
    expected = sql(
        warehouse, "SELECT * FROM maker_vs_independent WHERE model_id = ?", [busiest.model_id]
    )
    at = run_app(monkeypatch, warehouse, MODEL, {"model": busiest.model_id})
    index = chart_index(at, TITLE)
    rows = chart_rows(at, index).dropna(subset=["model_id"])
    assert _chart_pairs(rows) == _labelled(expected)
    # one release: its counts read in the singular where they are one ("1 pairs over 1
    # releases" before)
    title = title_of(specs(at)[index])
    pairs = f"{len(expected)} pair" + ("s" if len(expected) != 1 else "")
    assert f"{pairs} over 1 release;" in title
    shown = frames_with(at, "difference_pts")
    assert len(shown) == 1 and _pairs(shown[0]) == _pairs(expected)


def test_measurer_labels_are_readable_and_the_ids_stay():
    assert measurer_label("maker") == "The maker"
    assert measurer_label("epoch") == "Epoch AI"
    assert measurer_label("leaderboard:helm") == "Leaderboard: HELM"
    assert measurer_label("aggregator:llm_stats") == "Aggregator: LLM-Stats"
    assert (
        measurer_label("leaderboard:open_llm_leaderboard_v2")
        == "Leaderboard: Open LLM Leaderboard v2"
    )
    assert measurer_label("leaderboard:balrog") == "Leaderboard: Balrog"  # spelled from its id
    assert measurer_label("someone") == "someone"  # an unknown kind shows its id
