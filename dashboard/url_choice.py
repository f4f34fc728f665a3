"""A choice of the benchmark views kept in the URL as its id (`?view_measured_by=epoch`), while
the widget shows its label ("Epoch AI"): Streamlit's `bind="query-params"` would write the label.
Call `from_url` before the widget and `to_url` after it; a link whose value can't be used gets the
note every page writes (`filters.url_note`)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard import formats
from dashboard.filters import read_as, url_note


def _url_form(value) -> str:
    """A choice as the URL writes it: its id (`epoch`, `total`), a threshold as `60`."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def from_url(key: str, options: list, default, earlier: dict | None = None) -> None:
    """Before the widget `key`: a new session or a link that changed the URL takes the URL's
    choice (`?key=<id>`) when it is one of `options`, else `default`; a kept choice no longer
    among `options` (another benchmark's measurer) falls back to `default`. `earlier`: forms an
    older address wrote ({form: option}, e.g. a widget's label), read as their option and
    rewritten as its id, with no note."""
    wanted = st.query_params.get(key)
    forms = {_url_form(o): o for o in options}
    if key not in st.session_state or wanted != st.session_state.get(f"_{key}_in_url"):
        if wanted is not None and wanted not in forms and wanted in (earlier or {}):
            read_as(key, _url_form(earlier[wanted]))
            wanted = _url_form(earlier[wanted])
        st.session_state[key] = forms.get(wanted, default) if wanted is not None else default
    elif st.session_state[key] not in options:
        st.session_state[key] = default


def to_url(key: str, value, default, valid: str, shown: str) -> None:
    """After the widget `key`: the URL keeps its id (nothing at the default), and a link whose
    value could not be used gets the page's note naming the parameter (`url_note`)."""
    form = _url_form(value)
    if value == default:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != form:
        st.query_params[key] = form
    st.session_state[f"_{key}_in_url"] = st.query_params.get(key)
    url_note(key, form, valid, shown)


def benchmark_picker(
    key: str,
    options: list[str],
    shots_of: dict[str, int | None],
    default: str,
    valid: str,
    where: Any,
    help: str | None = None,
) -> str:
    """A benchmark picker in `where` (a column) showing each benchmark's protocol label, with the
    benchmark's id in the address (`?<key>=piqa`), where Streamlit's binding would write the
    label. Links that held the label, as it read before benchmarks were named ("piqa (0-shot)")
    or reads now ("PIQA (0-shot)"), still open it (`formats.protocol_label_forms`)."""
    labels = {b: formats.protocol_label(b, shots_of.get(b)) for b in options}
    earlier = {f: b for b in options for f in formats.protocol_label_forms(b, shots_of.get(b))}
    from_url(key, options, default, earlier)
    with where:
        chosen = st.selectbox("Benchmark", options, format_func=labels.get, key=key, help=help)
    to_url(key, chosen, default, valid, labels[chosen])
    return chosen
