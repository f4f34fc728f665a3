"""What every page shares (dashboard/page.py, filters.py, charts/decorate.py): the coverage
banner, notes on URL parameters a page could not use, the search, chart links, highlights, text
summaries, legible axis text and unique control labels. Expected values come from SQL on the
warehouse, computed here."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter

import pandas as pd
import pytest

from tests.dashboard.apptest import (
    COMPUTE_OPTIMAL,
    EXPLORER,
    FRONTIER,
    MODEL,
    OVERVIEW,
    PAGES,
    SCALING,
    SECTIONS,
    VIEW_IDS,
    VIEWS,
    chart_index,
    datasets,
    rerun,
    run_app,
    sql,
    table,
    title_of,
)


def _captions(at) -> list[str]:
    return [c.value for c in at.caption]


def _warnings(at) -> list[str]:
    return [w.value for w in at.warning]


def _specs(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def _url(at, param: str) -> list[str]:
    """The values of `param` in the page's URL after the run."""
    value = at.query_params.get(param)
    return [value] if isinstance(value, str) else list(value or [])


def _layers(spec: dict) -> list[dict]:
    out = []
    for key in ("layer", "vconcat", "hconcat", "concat"):
        for child in spec.get(key, []):
            out += _layers(child)
    return out or [spec]


# ----------------------------------------------------------------------------- 1. coverage


@pytest.mark.parametrize("page", PAGES)
def test_every_page_declares_its_coverage(warehouse, opened_once, page):
    at = opened_once(page, {"model": "mistral-7b"})
    newest = sql(warehouse, "SELECT max(release_date) AS d FROM models")["d"][0].date()
    upstream = sql(warehouse, "SELECT max(as_of_date) AS d FROM claims WHERE source <> 'curated'")[
        "d"
    ][0].date()
    built = sql(warehouse, "SELECT max(built_at) AS b FROM build_manifest")["b"][0]
    today = dt.date.today()
    months = (today.year - newest.year) * 12 + today.month - newest.month
    banner = [c for c in _captions(at) if "Releases covered up to" in c]
    assert len(banner) == 1, _captions(at)
    ago = f"{months} month{'s' * (months != 1)} before today" if months else "this month"
    assert f"**{newest:%Y-%m-%d}** ({ago})" in banner[0]
    assert f"newest upstream data {upstream:%Y-%m-%d}" in banner[0]
    assert f"last build {built:%Y-%m-%d %H:%M} UTC" in banner[0]


def test_dates_outside_the_data_are_refused_with_a_note(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, EXPLORER, {"released": ["2090-01-01", "2091-01-01"]})
    notes = [w for w in _warnings(at) if "released=2090-01-01,2091-01-01" in w]
    assert len(notes) == 1, _warnings(at)
    assert "outside the data" in notes[0] and "showing all releases" in notes[0]
    everything = sql(warehouse, "SELECT count(*) AS n FROM models")["n"][0]
    assert table(at).shape[0] == everything  # not narrowed to the (empty) asked-for range


def test_trend_charts_count_models_per_year(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, FRONTIER)
    strips = [s for s in _specs(at) if "per release year" in title_of(s)]
    assert len(strips) == 1
    assert "fewer than 5" in title_of(strips[0])  # the rule, stated
    (rows,) = datasets(at, chart_index(at, "per release year")).values()
    counts = dict(zip(rows["year"], rows["models"], strict=True))
    expected = sql(
        warehouse,
        "SELECT year(release_date) AS y, count(*) AS n FROM models "
        "WHERE mmlu IS NOT NULL AND params_total IS NOT NULL AND release_date IS NOT NULL "
        "GROUP BY 1",
    )
    expected = dict(zip(expected["y"], expected["n"], strict=True))
    assert counts, "the strip has no data"
    # Speculative parameter counts never enter the frontier: at most the SQL count per year.
    assert set(counts) <= set(expected)
    assert all(0 < counts[y] <= expected[y] for y in counts)
    assert sum(counts.values()) >= 0.9 * sum(expected.values())
    # The strip spans the trend chart's first and last release dates, so the years line up.
    index = next(i for i, s in enumerate(_specs(at)) if "per release year" not in title_of(s))
    drawn = pd.concat(
        [d["release_date"] for d in datasets(at, index).values() if "release_date" in d]
    )
    ends = pd.to_datetime(drawn).agg(["min", "max"])
    scale = strips[0]["encoding"]["x"]["scale"]
    for end, day in zip(("domainMin", "domainMax"), ends, strict=True):
        assert scale[end] == {"year": day.year, "month": day.month, "date": day.day, "utc": True}


# ----------------------------------------------------------------------------- 3. find anything


@pytest.mark.parametrize(
    ("typed", "first"),
    [("deepseek v3", "DeepSeek-V3"), ("gpt 4", "GPT-4"), ("GPT4", "GPT-4")],
)
def test_search_forgives_spaces_hyphens_and_case(monkeypatch, warehouse, typed, first):
    assert sql(warehouse, "SELECT count(*) AS n FROM models WHERE name = ?", [first])["n"][0] == 1
    at = run_app(monkeypatch, warehouse, EXPLORER, {"q": typed})
    assert table(at)["name"].iloc[0] == first  # exact match ranked first


def test_search_finds_version_numbers_written_together(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, EXPLORER, {"q": "llama3"})
    names = table(at)["name"].tolist()
    expected = sql(warehouse, "SELECT name FROM models WHERE name ILIKE 'llama 3%'")["name"]
    assert len(expected) > 0
    assert set(expected) <= set(names)


def test_chart_points_open_their_model_page(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, FRONTIER)
    spec = next(s for s in _specs(at) if "Smallest model" in title_of(s))
    linked = [layer for layer in _layers(spec) if "href" in layer.get("encoding", {})]
    assert linked, "no layer has an href encoding"
    frames = datasets(at, chart_index(at, "Smallest model"))
    rows = [f for f in frames.values() if "model_href" in f.columns]
    assert rows and all((f["model_href"] == "./model?model=" + f["model_id"]).all() for f in rows)


NEWEST = "MMLU frontier and newest releases"  # the Overview's section with the MMLU frontier


def test_highlight_in_the_url_rings_the_model_in_every_chart(monkeypatch, warehouse):
    holder = sql(
        warehouse,
        "SELECT model_id, name FROM frontier_smallest_model WHERE benchmark = 'mmlu' "
        "AND threshold = 60 AND basis = 'total' ORDER BY release_date DESC LIMIT 1",
    )
    model_id, name = holder["model_id"][0], holder["name"][0]
    # the MMLU frontier chart is in the Overview's second section
    at = run_app(monkeypatch, warehouse, OVERVIEW, {"highlight": model_id, "section": NEWEST})
    assert _url(at, "highlight") == [model_id]
    ringed = 0
    for spec in _specs(at):
        for layer in _layers(spec):
            if layer.get("mark", {}).get("color") == "#be123c" and layer["mark"]["type"] == "point":
                ringed += 1
    assert ringed >= 1
    assert any(f"Highlighted: {name}." in c for c in _captions(at))
    picker = next(m for m in at.multiselect if m.label == "Highlight models")
    assert picker.value == [model_id]


def test_highlight_picker_is_drawn_on_request(monkeypatch, warehouse):
    """Without `?highlight=` the picker's 1,374 names wait in a closed sidebar expander (the
    first chart is not held up by them); opening it draws the picker, and a pick reaches the
    URL and the charts."""
    at = run_app(monkeypatch, warehouse, OVERVIEW, {"section": NEWEST})
    assert not [m for m in at.multiselect if m.label == "Highlight models"]
    boxes = [e for e in at.expander if e.label == "Highlight models in the charts"]
    assert len(boxes) == 1
    assert not any("Highlighted: " in c for c in _captions(at))
    at.session_state["_highlight_box"] = True  # the reader opens the expander
    rerun(at)
    picker = next(m for m in at.multiselect if m.label == "Highlight models")
    everyone = sql(warehouse, "SELECT count(*) AS n FROM models")["n"][0]
    assert picker.value == [] and len(picker.options) == everyone
    holder = sql(
        warehouse,
        "SELECT model_id, name FROM frontier_smallest_model WHERE benchmark = 'mmlu' "
        "AND threshold = 60 AND basis = 'total' ORDER BY release_date DESC LIMIT 1",
    )
    model_id, name = holder["model_id"][0], holder["name"][0]
    picker.select(model_id)
    rerun(at)
    assert _url(at, "highlight") == [model_id]
    assert any(f"Highlighted: {name}." in c for c in _captions(at))


# ----------------------------------------------------------------------------- 4. ignored input


@pytest.mark.parametrize("page", list(SECTIONS))
def test_a_page_with_sections_draws_only_the_open_one(opened_once, page):
    """The tabs are the page's sections, in order, and only the open one (the first, with no
    `?section=`) is drawn: its content and no other section's."""
    labels = SECTIONS[page]
    at = opened_once(page, {})
    assert [t.label for t in at.tabs] == list(labels)
    assert _url(at, "section") == []  # the first section leaves the address clean
    assert [len(t.children) > 0 for t in at.tabs] == [True] + [False] * (len(labels) - 1)
    last = opened_once(page, {"section": labels[-1]})
    assert [len(t.children) > 0 for t in last.tabs] == [False] * (len(labels) - 1) + [True]
    assert _url(last, "section") == [labels[-1]]


def test_an_unknown_section_is_named_and_a_sections_own_control_opens_it(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, SCALING, {"section": "Bogus"})
    assert (
        "`section=Bogus` in the link is not a section of this page (MMLU against scale, "
        "Emergence, Model sizes, Serving memory, Capabilities Index); showing MMLU against "
        "scale." in _warnings(at)
    )
    assert _url(at, "section") == []
    # A link made before the sections: its control's parameter opens that section.
    at = run_app(monkeypatch, warehouse, COMPUTE_OPTIMAL, {"budget": "1e24"})
    assert at.select_slider(key="budget").value == 1e24
    assert [len(t.children) > 0 for t in at.tabs] == [False, True, False, False]
    assert not _warnings(at)


def test_out_of_range_threshold_is_named(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, FRONTIER, {"threshold": "150"})
    assert "`threshold=150` in the link is outside 0–100; showing 60." in _warnings(at)


def test_unknown_model_shows_not_found_with_suggestions_and_keeps_the_url(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, MODEL, {"model": "gpt4-no-such-model"})
    assert _url(at, "model") == ["gpt4-no-such-model"]
    assert any("No model `gpt4-no-such-model`" in w for w in _warnings(at))
    links = [e.proto for e in at.get("page_link")]
    assert links, "no suggestions"
    gpt = sql(warehouse, "SELECT count(*) AS n FROM models WHERE name ILIKE 'gpt%'")["n"][0]
    assert gpt > 0
    assert all("GPT" in p.label.upper() for p in links)
    assert at.selectbox[0].value is None  # no other model shown in its place
    assert not at.get("vega_lite_chart")


# ----------------------------------------------------------------------------- 8. accessible


def _relative_luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str = "#ffffff") -> float:
    hi, lo = sorted((_relative_luminance(a), _relative_luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_axis_and_legend_text_reaches_4_5_to_1(monkeypatch, warehouse):
    at = run_app(monkeypatch, warehouse, FRONTIER)
    for spec in _specs(at):
        config = spec["config"]
        for part in ("axis", "legend"):
            for key in ("labelColor", "titleColor"):
                assert _contrast(config[part][key]) >= 4.5, (part, key, config[part][key])


@pytest.mark.parametrize(("page", "params"), VIEWS, ids=VIEW_IDS)
def test_every_chart_has_a_text_summary(opened_once, page, params):
    at = opened_once(page, {"model": "mistral-7b", **params})
    charts = [s for s in _specs(at) if "per release year" not in title_of(s)]
    summaries = [c for c in _captions(at) if c.startswith("Chart: ")]
    assert len(summaries) == len(charts)
    # each counts what it draws: points, or a heatmap's cells, or bars (never "0 points" of a
    # chart that draws no points)
    assert all(re.search(r"; [\d,]+ (point|cell|bar)s?\.", s) for s in summaries), summaries
    assert not any("; 0 points" in s for s in summaries), summaries
    # and what it says: a trend, a fit or the finding in words (or why there is none)
    assert all(re.search(r" Trend: \S.*[^.]\.$", s) for s in summaries), summaries


# A chart over time (or of the smallest model over time) says where it is heading; how many
# each view draws (by page file and section), so the test cannot pass on no chart at all.
_OVER_TIME = re.compile(r"over time|per year|by release year|Smallest model")
_OVER_TIME_CHARTS = {
    ("overview", None): 2,  # training compute (growth_rates), tokens per parameter (medians)
    ("overview", "MMLU frontier and newest releases"): 1,
    ("frontier", None): 1,
    ("compute_optimal", None): 1,
    ("scaling", "Model sizes"): 1,
    ("scaling", "Capabilities Index"): 1,
    ("cost", "Cheapest over time"): 1,
    ("cost", "Other benchmarks"): 1,
    ("cost", "Training cost"): 1,
    ("data_quality", None): 1,  # coverage by release year
}


@pytest.mark.parametrize(("page", "params"), VIEWS, ids=VIEW_IDS)
def test_every_chart_over_time_states_its_trend(opened_once, page, params):
    """Its summary has the trend in words (a fit, or the medians of its first and newest
    well-covered years), ending in one full stop: on the real data set each has one, so none
    says why it has none."""
    at = opened_once(page, {"model": "mistral-7b", **params})
    summaries = [c for c in _captions(at) if c.startswith("Chart: ")]
    over_time = [s for s in summaries if _OVER_TIME.search(s.split(";", 1)[0])]
    view = (page.split("/")[-1][:-3], params.get("section"))
    assert len(over_time) == _OVER_TIME_CHARTS.get(view, 0), summaries
    for summary in over_time:
        assert re.search(r" Trend: \S.*[^.]\.$", summary), summary
        assert " Trend: none" not in summary, summary
    assert all(".." not in s for s in summaries), summaries


def _control_labels(block) -> list[str]:
    """Every control's label in `block` (a page run, or one of its containers), each option of
    a pills or segmented control counted as a button of its own."""
    names = []
    for kind in (
        "selectbox",
        "multiselect",
        "slider",
        "select_slider",
        "text_input",
        "date_input",
        "button",
        "toggle",
        "checkbox",
        "radio",
    ):
        names += [w.label for w in block.get(kind)]
    for group in block.get("button_group"):  # pills and segmented controls: each option a button
        names.append(group.proto.label)
        names += [o.content for o in group.proto.options]
    return names


def _filters_box(at):
    return next((e for e in at.sidebar.expander if e.label == "Filter models"), None)


@pytest.mark.parametrize(("page", "params"), VIEWS, ids=VIEW_IDS)
def test_control_labels_are_unique(opened_once, page, params):
    """No two controls of a view share a label, the shared model filters counted on every page
    that offers them (their expander opens on request: a link with a filter on draws them)."""
    at = opened_once(page, {"model": "mistral-7b", **params})
    names = _control_labels(at)
    box = _filters_box(at)
    if box is not None and not _control_labels(box):  # offered, not drawn yet
        filtered = opened_once(EXPLORER, {"weights": "Open"})
        filters = _control_labels(_filters_box(filtered))
        assert {"Organization", "Released between", "Open", "Undisclosed"} <= set(filters)
        names += filters
    twice = {n: c for n, c in Counter(names).items() if c > 1}
    assert not twice, twice
