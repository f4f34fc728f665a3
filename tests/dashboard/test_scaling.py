"""The Scaling page, run headless with AppTest over the real warehouse."""

from __future__ import annotations

import pytest

from dashboard import formats
from tests.dashboard.apptest import (
    SCALING,
    SCALING_SECTIONS,
    chart_index,
    chart_rows,
    datasets,
    rerun,
    run_app,
    spec_titled,
    specs,
    sql,
    table,
    tooltip_fields,
)


def test_scaling_charts_plot_mmlu_on_log_axes_with_the_fitted_sigmoid(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, SCALING)
    # Only the open section is drawn: the page opens on the two MMLU charts. Section by section,
    # four MMLU views; ECI over time; ECI and GPQA Diamond against compute.
    assert len(specs(at)) == 2
    per_section = {
        label: len(specs(run_app(monkeypatch, warehouse, SCALING, {"section": label})))
        for label in SCALING_SECTIONS
    }
    assert per_section == {
        "MMLU against scale": 2,
        "Emergence": 1,
        "Model sizes": 1,
        "Serving memory": 0,
        "Capabilities Index": 3,
    }
    for title_text, column, x_variable in (
        ("MMLU against parameters", "params_total", "log10_params"),
        ("MMLU against training compute", "training_compute_flop", "log10_compute"),
    ):
        spec = spec_titled(at, title_text)
        index = chart_index(at, title_text)
        x_scales = {
            layer["encoding"]["x"]["scale"]["type"]
            for layer in spec["layer"]
            if "scale" in layer["encoding"].get("x", {})
        }
        assert x_scales == {"log"}
        sets = datasets(at, index)
        points = next(d for d in sets.values() if column in d and "mmlu" in d and "name" in d)
        expected = sql(
            warehouse,
            f"SELECT count(*) AS n FROM models WHERE mmlu IS NOT NULL AND {column} > 0",
        )["n"][0]
        assert len(points) == expected
        # The curve: capability_curves' log10 x converted to the axis unit.
        curve = next(d for d in sets.values() if "score_pct" in d and "x_value" in d)
        grid = sql(
            warehouse,
            "SELECT x, score_pct FROM capability_curves WHERE x_variable = ? "
            "AND \"group\" = 'all' AND confidence_filter = 'all' ORDER BY x",
            [x_variable],
        )
        assert list(curve["x_value"]) == pytest.approx(list(10 ** grid["x"]))
        assert list(curve["score_pct"]) == pytest.approx(list(grid["score_pct"]))
        # MMLU reference lines, labelled.
        refs = next(d for d in sets.values() if "label" in d and "mmlu" in d and len(d) == 3)
        assert sorted(refs["mmlu"]) == [25.0, 35.0, 90.0]
        assert any("Random" in label for label in refs["label"])
        assert {"name", "mmlu_source", "axis_source", "release_date"} <= tooltip_fields(spec)


def test_scaling_colour_toggle_and_top_n(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, SCALING)

    def colour_domain(spec: dict) -> list[str]:
        colour = next(
            layer["encoding"]["color"] for layer in spec["layer"] if "color" in layer["encoding"]
        )
        return colour["scale"]["domain"]

    domain = colour_domain(spec_titled(at, "MMLU against parameters"))
    assert domain[-1] == "Other" and len(domain) == 7  # six organisations + Other
    top = sql(
        warehouse,
        "SELECT replace(organization, ',', ', ') AS o, count(*) AS n FROM models "
        "WHERE mmlu IS NOT NULL GROUP BY 1 ORDER BY n DESC, o LIMIT 6",
    )
    assert domain[:-1] == list(top["o"])
    # Both charts colour the same organisations the same way.
    assert domain == colour_domain(spec_titled(at, "MMLU against training compute"))

    at.slider(key="top").set_value(3)
    rerun(at)
    assert len(colour_domain(spec_titled(at, "MMLU against parameters"))) == 4

    at.segmented_control(key="colour").set_value("weights")
    rerun(at)
    assert colour_domain(spec_titled(at, "MMLU against parameters")) == [
        "Open weights",
        "Closed weights",
        "Not stated",
    ]


def test_emergence_view_marks_chance_and_cites_the_metric_caveat(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, SCALING, {"section": "Emergence"})
    spec = spec_titled(at, "MMLU 5-shot against training compute")
    index = chart_index(at, "MMLU 5-shot against training compute")
    sets = datasets(at, index)
    points = next(d for d in sets.values() if "score" in d and "name" in d)
    expected = sql(
        warehouse,
        "SELECT count(*) FILTER (WHERE shots = 5) AS n, "
        "count(*) FILTER (WHERE shots <> 5) AS other "
        "FROM emergence_points WHERE benchmark = 'mmlu'",
    )
    assert len(points) == expected["n"][0]  # one protocol per chart: the 5-shot scores
    other = int(expected["other"][0])
    assert other == 0 or any(
        f"{formats.counted(other, 'score')} at another shot count {'is' if other == 1 else 'are'} "
        "left out" in c.value
        for c in at.caption
    )
    chance = next(d for d in sets.values() if "label" in d and "score" in d and len(d) == 1)
    assert list(chance["score"]) == [25.0] and "chance" in chance["label"][0]
    assert {"source", "compute_source"} <= tooltip_fields(spec)
    texts = " ".join(m.value for m in (*at.markdown, *at.caption))
    assert "Schaeffer" in texts and "2304.15004" in texts


def test_the_emergence_address_names_the_benchmark_by_its_id(monkeypatch, warehouse):
    # a link opens the Emergence view on PIQA by its id; the picker shows its name
    at = run_app(monkeypatch, warehouse, SCALING, {"emergence": "piqa"})
    assert at.selectbox(key="emergence").value == "piqa"
    assert chart_index(at, "PIQA (0-shot) against training compute") is not None
    # links that held the picker's label, as it read before benchmarks were named and now
    for form in ("piqa (0-shot)", "PIQA (0-shot)"):
        linked = run_app(monkeypatch, warehouse, SCALING, {"emergence": form})
        assert linked.selectbox(key="emergence").value == "piqa", form
        assert linked.query_params["emergence"] == "piqa", form
        assert not [w for w in linked.warning if "in the link is" in w.value], form
    unknown = run_app(monkeypatch, warehouse, SCALING, {"emergence": "no_such_benchmark"})
    notes = [w.value for w in unknown.warning if "in the link is" in w.value]
    assert notes == [
        "`emergence=no_such_benchmark` in the link is not a benchmark with scores and a training "
        "compute; showing MMLU 5-shot."
    ]


def test_size_classes_stack_and_switch_to_shares(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, SCALING, {"section": "Model sizes"})
    spec = spec_titled(at, "Models per year by size class")
    bars = spec["layer"][0]
    assert bars["mark"]["type"] == "bar" and bars["encoding"]["y"]["stack"] == "zero"
    rows = chart_rows(at, chart_index(at, "Models per year by size class"))
    expected = sql(warehouse, "SELECT sum(models) AS n FROM size_classes WHERE year >= 2012")
    assert rows["models"].sum() == expected["n"][0]

    at.segmented_control(key="sizes").set_value("share")
    rerun(at)
    spec = spec_titled(at, "Models per year by size class")
    assert spec["layer"][0]["encoding"]["y"]["stack"] == "normalize"


def test_serving_memory_table_is_searchable(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, SCALING, {"section": "Serving memory"})
    memory = table(at)
    assert len(memory) == sql(warehouse, "SELECT count(*) AS n FROM serving_memory")["n"][0]
    at.text_input(key="memory_q").input("llama")
    rerun(at)
    found = table(at)
    expected = sql(
        warehouse,
        "SELECT s.model_id, s.memory_gb_fp16 FROM serving_memory AS s JOIN models AS m "
        "USING (model_id) WHERE s.name ILIKE '%llama%' OR m.organization ILIKE '%llama%'",
    )
    assert sorted(found["model_id"]) == sorted(expected["model_id"]) and len(expected) > 3
    seven = found.set_index("model_id")
    assert (seven["memory_gb_fp16"] == 2 * seven["memory_gb_int8"]).all()  # 2 vs 1 byte/param
