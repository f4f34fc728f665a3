"""Fixtures of the browser tests (tests/dashboard/test_browser*.py): one `streamlit run` of the
dashboard over the session warehouse and one Chromium per test module."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser_driver import BrowserSetupError, chromium, streamlit_server
from tests.dashboard.in_browser import APP, REPO_ROOT


def pytest_configure(config) -> None:
    from tests.dashboard import in_browser

    in_browser.TAKE_SCREENSHOTS = bool(config.getoption("screenshots", False))


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


@pytest.fixture(autouse=True)
def tabs_saw_nothing_wrong(request) -> Iterator[None]:
    """After each browser test: no tab it opened saw a warning from Vega or asked another
    machine for anything (`in_browser.troubles`), whatever the test clicked or typed."""
    if "browser" not in request.fixturenames:
        yield
        return
    from tests.dashboard import in_browser

    before = set(in_browser.tabs())
    yield
    seen = [t for tab in in_browser.tabs() if tab not in before for t in in_browser.troubles(tab)]
    assert seen == [], "\n".join(seen)


class OpenedOnce:
    """Each page (with its URL parameters) opened once per test module, for the tests that only
    read what the page drew: a test given a shared run never runs it again nor changes a control
    (a test that does opens its own, `apptest.run_app`)."""

    def __init__(self, warehouse: Path):
        self.warehouse = warehouse
        self.runs: dict[tuple[str | None, str], object] = {}

    def __call__(self, page: str | None, params: dict | None = None):
        import json

        from tests.dashboard.apptest import run_app

        key = (page, json.dumps(params or {}, sort_keys=True))
        if key not in self.runs:
            with pytest.MonkeyPatch.context() as mp:
                self.runs[key] = run_app(mp, self.warehouse, page, params)
        return self.runs[key]


@pytest.fixture(scope="module")
def opened_once(warehouse: Path) -> OpenedOnce:
    return OpenedOnce(warehouse)
