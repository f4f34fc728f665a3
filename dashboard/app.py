"""Scaling Atlas dashboard entry point: `streamlit run dashboard/app.py` (or `make run`).

Page config, the warehouse check, then `st.navigation` over the pages in `app_pages/` (not a
`pages/` folder, which would switch on Streamlit's legacy auto-discovery): Overview (the default,
at `/`), Explorer, Frontier (any benchmark and threshold, with the fitted trend), Compute-optimal
(`/compute_optimal`: tokens per parameter, the allocation calculator, fitted laws), Scaling (MMLU
against size and compute, emergence, size classes, serving memory), Cost (API prices, the cost
frontier, training cost, growth rates), Model (`/model?model=<model_id>`) and Data quality
(`/data_quality`); each page's URL path is its file name. The Overview, Explorer, Frontier,
Compute-optimal, Scaling and Cost pages share the sidebar filters of `filters.py`, bound to the
URL; every page also binds its own controls.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

# `streamlit run` puts only dashboard/ on sys.path; the app imports `dashboard.*` and `pipelines.*`.
REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from dashboard import queries  # noqa: E402

PAGES_DIR = Path(__file__).resolve().parent / "app_pages"

APP_TITLE = "Scaling Atlas"
# The menu's About: what the data is, and how to credit and cite it.
ABOUT = (
    "**Scaling Atlas**: published language-model metadata (size, training data, compute, "
    "benchmark scores, prices), every value linked to the source it was read from. Each page's "
    "footer names the data sets it shows and their licences. To cite the data, use "
    "`CITATION.cff` in the repository (each `make release` carries its own)."
)
# The favicon an emoji, which the browser draws itself: by default each page's material icon
# was, and that was fetched from Google's fonts on every page load (offline, a failed request).
st.set_page_config(layout="wide", page_title=APP_TITLE, page_icon="📈", menu_items={"About": ABOUT})

problem = queries.warehouse_problem()
if problem == "missing":
    st.title("Scaling Atlas")
    st.info(
        "No warehouse yet. Build it from the repository root with `make build`, then reload "
        "this page. The dashboard reads the file named by the `ATLAS_WAREHOUSE` environment "
        "variable (default `warehouse/atlas.duckdb`), currently:",
        icon=":material/database:",
    )
    st.code(str(queries.published_path()), language=None)
    st.stop()
elif problem is not None:
    st.title("Scaling Atlas")
    st.warning(
        "The warehouse file exists but the dashboard cannot read it. Rebuild it with "
        "`make build` (set `ATLAS_WAREHOUSE` to choose the file). Details:",
        icon=":material/error:",
    )
    st.code(f"{queries.published_path()}: {problem}", language=None)
    st.stop()

page = st.navigation(
    [
        st.Page(
            PAGES_DIR / "overview.py",
            title="Overview",
            icon=":material/dashboard:",
            default=True,
        ),
        st.Page(PAGES_DIR / "explorer.py", title="Explorer", icon=":material/table:"),
        st.Page(PAGES_DIR / "frontier.py", title="Frontier", icon=":material/trending_down:"),
        st.Page(
            PAGES_DIR / "compute_optimal.py",
            title="Compute-optimal",
            icon=":material/balance:",
        ),
        st.Page(PAGES_DIR / "scaling.py", title="Scaling", icon=":material/show_chart:"),
        st.Page(PAGES_DIR / "cost.py", title="Cost", icon=":material/payments:"),
        st.Page(PAGES_DIR / "model.py", title="Model", icon=":material/article:"),
        st.Page(PAGES_DIR / "data_quality.py", title="Data quality", icon=":material/fact_check:"),
    ],
    position="top",
)
# The browser tab names the page ("Frontier · Scaling Atlas"), so tabs and history tell pages apart.
st.set_page_config(page_title=f"{page.title} · {APP_TITLE}")
page.run()
