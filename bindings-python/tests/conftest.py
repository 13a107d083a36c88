"""Shared fixtures: one mock server for the whole session, reset before every test, and a client
of each provider (sync and async) pointed at it."""

from __future__ import annotations

import time
from typing import Any, Callable, Iterator

import pytest

import chatwire
from chatwire.testing import MockServer
from hostile import record


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """A passing test marked ``hostile_case`` records its case as held, for the hostile report."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.when == "call" and report.passed:
        for marker in item.iter_markers("hostile_case"):
            record(marker.args[0], item.name, report.duration)


@pytest.fixture(scope="session")
def mock() -> Iterator[MockServer]:
    with MockServer(token_delay=0.0) as server:
        yield server


@pytest.fixture(autouse=True)
def _fresh_mock(request: pytest.FixtureRequest) -> None:
    # Only touch the shared server when the test uses it, so tests with a server of their own
    # do not start the session one.
    if "mock" in request.fixturenames:
        server: MockServer = request.getfixturevalue("mock")
        server.reset()
        server.set_token_delay(0.0)


@pytest.fixture
def mevichat(mock: MockServer) -> chatwire.Mevichat:
    return chatwire.Mevichat(
        mock.MEVICHAT_PUBLIC_KEY,
        mock.ORIGIN,
        export_token=mock.EXPORT_JWT,
        base_url=mock.base_url,
        max_retries=0,
    )


@pytest.fixture
def amevichat(mock: MockServer) -> chatwire.AsyncMevichat:
    return chatwire.AsyncMevichat(
        mock.MEVICHAT_PUBLIC_KEY,
        mock.ORIGIN,
        export_token=mock.EXPORT_JWT,
        base_url=mock.base_url,
        max_retries=0,
    )


@pytest.fixture
def vexar(mock: MockServer) -> chatwire.Vexar:
    return chatwire.Vexar(mock.VEXAR_SITE_KEY, base_url=mock.base_url, max_retries=0)


@pytest.fixture
def avexar(mock: MockServer) -> chatwire.AsyncVexar:
    return chatwire.AsyncVexar(mock.VEXAR_SITE_KEY, base_url=mock.base_url, max_retries=0)


@pytest.fixture
def devapi(mock: MockServer) -> chatwire.DevApi:
    return chatwire.DevApi(mock.DEVAPI_KEY, base_url=mock.base_url, max_retries=0)


@pytest.fixture
def adevapi(mock: MockServer) -> chatwire.AsyncDevApi:
    return chatwire.AsyncDevApi(mock.DEVAPI_KEY, base_url=mock.base_url, max_retries=0)


@pytest.fixture
def widgetkey(mock: MockServer) -> chatwire.WidgetKey:
    return chatwire.WidgetKey(mock.WIDGET_KEY, base_url=mock.base_url, max_retries=0)


@pytest.fixture
def awidgetkey(mock: MockServer) -> chatwire.AsyncWidgetKey:
    return chatwire.AsyncWidgetKey(mock.WIDGET_KEY, base_url=mock.base_url, max_retries=0)


def requests_to(server: MockServer, path: str) -> list[dict[str, Any]]:
    """The logged requests to one path, oldest first."""
    return [r for r in server.requests() if r["path"] == path]


def wait_for(predicate: Callable[[], bool], deadline: float = 2.0, step: float = 0.02) -> bool:
    """Poll ``predicate`` until it holds or ``deadline`` seconds pass; the last answer."""
    stop = time.monotonic() + deadline
    while True:
        if predicate():
            return True
        if time.monotonic() > stop:
            return False
        time.sleep(step)


def last_outcome(server: MockServer, path: str) -> str:
    logged = requests_to(server, path)
    return str(logged[-1]["outcome"]) if logged else "<none>"


# A tiny valid PNG (1x1 transparent pixel).
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
