"""Fixtures of the browser tests (tests/dashboard/test_browser*.py): one `streamlit run` of the
dashboard over the session warehouse and one Chromium per test module."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser_driver import BrowserSetupError, chromium, streamlit_server
from tests.dashboard.in_browser import APP, REPO_ROOT


@pytest.fixture(scope="module")
def server(warehouse: Path, tmp_path_factory) -> Iterator[str]:
    """A `streamlit run` of the dashboard over the session warehouse; yields its base URL."""
    log = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    env = {**os.environ, "ATLAS_WAREHOUSE": str(warehouse), "PYTHONPATH": str(REPO_ROOT)}
    try:
        with streamlit_server(APP, env, log) as url:
            yield url
    except BrowserSetupError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    try:
        with chromium() as launched:
            yield launched
    except BrowserSetupError as exc:
        pytest.fail(str(exc))
