"""The shared model filters: sidebar widgets that the Overview, the Explorer and the Frontier,
Compute-optimal, Scaling and Cost pages all read.

Each widget is bound to a URL query parameter (`bind="query-params"`; the key is the parameter
name), so a filtered view is a link someone else can open: `?org=Meta&size=Small&weights=Open`.
Values travel in the URL in the widget's display form (`arch=MoE`, `size=Large`, dates as ISO).

Streamlit keeps a bound widget's value per page, so moving from one of these pages to another
would start from a clean URL. The last values are therefore also kept in `st.session_state`
under `SHARED`; when the other page drew the filters last, this page reopens itself with them
in its URL (`st.switch_page(..., query_params=...)`), and the bound widgets read them from there.
A link opened in a new session has nothing saved, so its URL decides.

The widgets sit in a sidebar expander, *Filter models*, drawn only when it is open or a filter
is on (a link that sets one opens it): a page's first chart is then not held up by the browser
laying out six widgets nobody asked for yet (docs/benchmarks.md: 0.2-0.5 s of a full load,
0.37 s of the Explorer's, whose table they narrow: it too opens them on request).
"""

from __future__ import annotations

import datetime as dt
import re

import streamlit as st
from streamlit.errors import StreamlitAPIException

from dashboard import queries

# Widget keys: also the URL query parameter names.
ORG, RELEASED, WEIGHTS, ARCH, SIZE, SEARCH = "org", "released", "weights", "arch", "size", "q"
SHARED = "_shared_model_filters"  # the last values, carried from page to page
SHARED_ON = "_shared_model_filters_page"  # the page that drew the filters last
PAGES = {
    "overview": "app_pages/overview.py",
    "explorer": "app_pages/explorer.py",
    "frontier": "app_pages/frontier.py",
    "compute_optimal": "app_pages/compute_optimal.py",
    "scaling": "app_pages/scaling.py",
    "cost": "app_pages/cost.py",
}

FILTERS_BOX = "_filters_box"  # the sidebar expander that holds the filters
URL_NOTE_ICON = ":material/link_off:"

# The query parameters of this run's URL as the link gave them, before any bound widget
# replaced an unusable value (`record_url` keeps them, `url_note` compares).
_ARRIVED = "_url_as_arrived"

WEIGHT_OPTIONS = {"Open": "open", "Closed": "closed", "Not stated": "unstated"}  # none: all
ARCH_LABELS = {"dense": "Dense", "moe": "MoE", "unknown": "Undisclosed"}  # not "Unknown": a size is


def _reset(first: dt.date, last: dt.date) -> None:
    """Put every filter back to its default (the widgets then drop them from the URL)."""
    defaults = {ORG: [], WEIGHTS: None, ARCH: [], SIZE: [], RELEASED: (first, last)}
    for key, value in defaults.items():
        if st.session_state.get(key) not in (value, None):  # only what changed
            st.session_state[key] = value


def _as_query_params(values: dict, first: dt.date, last: dt.date) -> dict[str, list[str]]:
    """The filter values in the URL form the bound widgets read (display labels, ISO dates);
    values at their defaults are left out, as the widgets leave them out."""
    params = {
        ORG: list(values.get(ORG) or []),
        WEIGHTS: [values[WEIGHTS]] if values.get(WEIGHTS) else [],
        ARCH: [ARCH_LABELS[a] for a in values.get(ARCH) or [] if a in ARCH_LABELS],
        SIZE: list(values.get(SIZE) or []),
    }
    released = tuple(values.get(RELEASED) or ())
    if len(released) == 2 and released != (first, last):
        params[RELEASED] = [d.isoformat() for d in released]
    return {key: value for key, value in params.items() if value}


def sidebar_filters(page: str, search: str | None = None) -> tuple[queries.ModelFilters, bool]:
    """Draw the filters in the sidebar of `page` (a key of `PAGES`: the calling page); return
    them (with `search` added) and whether any sidebar filter narrows the data (the search box
    is the caller's to report)."""
    first, last = queries.load_release_range()
    if first is None or last is None:  # no models: nothing to filter (the page says so)
        return queries.ModelFilters(search=search), False
    unset = {ORG: [], RELEASED: (first, last), WEIGHTS: None, ARCH: [], SIZE: []}
    defaults = dict(unset)
    arrived = st.session_state.get(SHARED_ON, page) != page
    st.session_state[SHARED_ON] = page
    if arrived and SHARED in st.session_state:
        carried = _as_query_params(st.session_state[SHARED], first, last)
        if carried:  # reopen this page with the filters in its URL (the widgets read them)
            try:
                st.switch_page(PAGES[page], query_params=carried)
            except StreamlitAPIException:
                # The parameters are still bound to the other page's widgets (seen under
                # AppTest): carry the values as this run's defaults instead; keyed widgets keep
                # their identity when a default changes, so the values stay.
                defaults.update(st.session_state[SHARED])

    on = defaults != unset or any(key in st.query_params for key in unset)
    with st.sidebar:
        box = st.expander(
            "Filter models",
            expanded=on,
            key=FILTERS_BOX,
            on_change="rerun",
            icon=":material/filter_alt:",
        )
    if not (box.open or on):  # not drawn: every filter at its default, nothing to carry
        st.session_state[SHARED] = dict(unset)
        return queries.ModelFilters(search=search), False

    organizations = queries.load_organizations()["organization"].to_list()
    with box:
        st.caption(
            "These filters apply to the Overview, Explorer, Frontier, Compute-optimal, "
            "Scaling and Cost pages (to the models plotted; fitted curves cover all models). "
            "The page address keeps them, so copying the URL shares this exact view."
        )
        orgs = st.multiselect(
            "Organization",
            organizations,
            default=[o for o in defaults[ORG] if o in organizations] or None,
            key=ORG,
            bind="query-params",
            placeholder="All organizations",
            help="Models listing several developers match each of them.",
        )
        released = st.date_input(
            "Released between",
            value=defaults[RELEASED] or (first, last),
            min_value=first,
            max_value=last,
            format="YYYY-MM-DD",
            key=RELEASED,
            bind="query-params",
            help="Models no source dates (some ObsScaling base models) are included only "
            "while the whole range is selected.",
        )
        weights = st.segmented_control(
            "Weights",
            list(WEIGHT_OPTIONS),
            default=defaults[WEIGHTS],
            key=WEIGHTS,
            bind="query-params",
            help="Open: the weights can be downloaded (any licence). Not stated: the source "
            "does not say. Nothing selected: all models.",
        )
        archs = st.pills(
            "Architecture",
            list(ARCH_LABELS),
            selection_mode="multi",
            default=defaults[ARCH] or None,
            format_func=ARCH_LABELS.get,
            key=ARCH,
            bind="query-params",
            help="MoE: mixture of experts. Undisclosed: the developer has not said.",
        )
        sizes = st.pills(
            "Size (total parameters)",
            list(queries.SIZE_CLASSES),
            selection_mode="multi",
            default=defaults[SIZE] or None,
            key=SIZE,
            bind="query-params",
            help=" · ".join(f"{name}: {span}" for name, span in queries.SIZE_CLASSES.items()),
        )

        released = tuple(released or ())
        # An end of the range left at its limit does not filter, so undated models stay in
        # until the user narrows the dates.
        released_from = released[0] if len(released) > 0 and released[0] != first else None
        released_to = released[1] if len(released) > 1 and released[1] != last else None
        active = bool(
            orgs
            or archs
            or sizes
            or WEIGHT_OPTIONS.get(weights)
            or released_from is not None
            or released_to is not None
        )
        st.button(
            "Reset filters",
            icon=":material/filter_alt_off:",
            on_click=_reset,
            args=(first, last),
            disabled=not active,
            width="stretch",
        )

    # Links that asked for something the filters can't take: said on the page, not widened.
    url_note(RELEASED, released, f"outside the data ({first} to {last})", "all releases")
    url_note(ORG, orgs, "not an organization in the data", "all organizations")
    url_note(WEIGHTS, weights, f"not one of {', '.join(WEIGHT_OPTIONS)}", "all models")
    url_note(ARCH, archs, f"not one of {', '.join(ARCH_LABELS.values())}", "all architectures")
    url_note(SIZE, sizes, f"not one of {', '.join(queries.SIZE_CLASSES)}", "all sizes")

    st.session_state[SHARED] = {
        ORG: list(orgs),
        RELEASED: released,
        WEIGHTS: weights,
        ARCH: list(archs or ()),
        SIZE: list(sizes or ()),
    }
    filters = queries.ModelFilters(
        search=search,
        organizations=tuple(orgs),
        released_from=released_from,
        released_to=released_to,
        open_weights=WEIGHT_OPTIONS.get(weights),
        architectures=tuple(archs or ()),
        size_classes=tuple(sizes or ()),
    )
    return filters, active


def url_text(value: str, limit: int = 80) -> str:
    """A value from the URL, safe to show in markdown: letters, digits and `._,:+-` only (no
    backtick, bracket or parenthesis can end a code span or start a link), shortened."""
    kept = re.sub(r"[^A-Za-z0-9 ._,:+\-]", "", value)
    return kept if len(kept) <= limit else kept[: limit - 1] + "…"


def record_url() -> None:
    """Keep the URL's query parameters as the link gave them (`open_page` calls this first)."""
    st.session_state[_ARRIVED] = {k: st.query_params.get_all(k) for k in st.query_params}


def arrived(param: str) -> str | None:
    """The value the link gave `param`, several values comma-joined (None when it gave none)."""
    values = st.session_state.get(_ARRIVED, {}).get(param)
    return ",".join(values) if values else None


def read_as(param: str, form: str) -> None:
    """The link's `param` was understood in another form (an older address's, `url_choice`):
    recorded as `form`, so that `url_note` does not call it unusable."""
    given = st.session_state.get(_ARRIVED)
    if given is not None and param in given:
        given[param] = [form]


def _url_form(value) -> str:
    """A widget value as the link writes it (dates ISO, several values comma-joined)."""
    if isinstance(value, list | tuple):
        return ",".join(_url_form(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def url_note(param: str, value, valid: str, shown: str) -> None:
    """Say so when the link's `param` could not be used. Call it after the widget bound to
    `param`, with the widget's `value`: Streamlit drops a value a bound widget can't take (out
    of range, not an option) and shows the default; then a note names the parameter, what is
    valid (`valid`, e.g. "outside 0–100") and what is shown instead (`shown`)."""
    given = arrived(param)
    if given is None or given == _url_form(value):
        return
    still = ",".join(st.query_params.get_all(param))
    if still == given:
        return
    st.warning(
        f"`{param}={url_text(given)}` in the link is {valid}; showing {shown}.", icon=URL_NOTE_ICON
    )
