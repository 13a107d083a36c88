"""Every credential and base URL from its environment variable: each client class, sync and async,
built with no argument and calling the mock; each value missing from both is a ValidationError
naming the argument and the variable; an argument given wins over its variable. And the
User-Agent each request carries."""

from __future__ import annotations

import asyncio
import json
import platform
import tomllib
from pathlib import Path
from typing import Any

import pytest

import chatwire
from chatwire.testing import MockServer

# Per API: each constructor argument the environment can give, its variable, and whether leaving
# both out is an error.
VARIABLES: dict[str, list[tuple[str, str, bool]]] = {
    "Mevichat": [
        ("public_key", "MEVICHAT_PUBLIC_KEY", True),
        ("origin", "MEVICHAT_ORIGIN", True),
        ("export_token", "MEVICHAT_EXPORT_TOKEN", False),
        # The hosted API is the default.
        ("base_url", "MEVICHAT_BASE_URL", False),
    ],
    "Vexar": [("site_key", "VEXAR_SITE_KEY", True), ("base_url", "VEXAR_BASE_URL", True)],
    "DevApi": [("api_key", "DEVAPI_API_KEY", True), ("base_url", "DEVAPI_BASE_URL", True)],
    "WidgetKey": [("api_key", "WIDGETKEY_API_KEY", True), ("base_url", "WIDGETKEY_BASE_URL", True)],
}

CLASSES = [prefix + name for name in VARIABLES for prefix in ("", "Async")]


def values(mock: MockServer) -> dict[str, str]:
    """What each variable holds for the mock."""
    return {
        "MEVICHAT_PUBLIC_KEY": mock.MEVICHAT_PUBLIC_KEY,
        "MEVICHAT_ORIGIN": mock.ORIGIN,
        "MEVICHAT_EXPORT_TOKEN": mock.EXPORT_JWT,
        "MEVICHAT_BASE_URL": mock.base_url,
        "VEXAR_SITE_KEY": mock.VEXAR_SITE_KEY,
        "VEXAR_BASE_URL": mock.base_url,
        "DEVAPI_API_KEY": mock.DEVAPI_KEY,
        "DEVAPI_BASE_URL": mock.base_url,
        "WIDGETKEY_API_KEY": mock.WIDGET_KEY,
        "WIDGETKEY_BASE_URL": mock.base_url,
    }


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No variable of the four APIs set, whatever the shell running the tests has."""
    for entries in VARIABLES.values():
        for _, variable, _ in entries:
            monkeypatch.delenv(variable, raising=False)
    return monkeypatch


def one_call(mock: MockServer, client: Any) -> Any:
    """A call each API answers, which needs its credential: the one that sends the export token
    for Mevichat. A coroutine for an async client."""
    name = type(client).__name__.removeprefix("Async")
    if name == "Mevichat":
        return client.export_conversation(mock.SEEDED_SESSION_ID)
    if name == "Vexar":
        return client.get_block_status(session_id="sess_env")
    if name == "DevApi":
        return client.get_usage()
    return client.chat(session_id="sess_env_1", message="hi")


def answer_of(mock: MockServer, client: Any) -> Any:
    """``one_call``'s answer; an async client's call is made in a running event loop."""
    if not type(client).__name__.startswith("Async"):
        return one_call(mock, client)

    async def wait() -> Any:
        return await one_call(mock, client)

    return asyncio.run(wait())


@pytest.mark.parametrize("cls", CLASSES)
def test_a_client_from_the_environment_alone(
    mock: MockServer, clean_env: pytest.MonkeyPatch, cls: str
) -> None:
    for _, variable, _ in VARIABLES[cls.removeprefix("Async")]:
        clean_env.setenv(variable, values(mock)[variable])
    client = getattr(chatwire, cls)()
    answer = answer_of(mock, client)
    assert answer.request_id == f"req_mock_{mock.requests()[-1]['id']}"
    sent = mock.requests()[-1]
    assert sent["status"] == 200, sent
    credential = json.dumps(sent["headers"]) + sent["body"] + sent["query"]
    wanted = {
        "Mevichat": mock.EXPORT_JWT,
        "Vexar": mock.VEXAR_SITE_KEY,
        "DevApi": mock.DEVAPI_KEY,
        "WidgetKey": mock.WIDGET_KEY,
    }[cls.removeprefix("Async")]
    assert wanted in credential


@pytest.mark.parametrize("cls", CLASSES)
def test_each_missing_value_names_the_argument_and_the_variable(
    mock: MockServer, clean_env: pytest.MonkeyPatch, cls: str
) -> None:
    entries = VARIABLES[cls.removeprefix("Async")]
    for argument, missing, required in entries:
        if not required:
            continue
        for _, variable, _ in entries:
            if variable == missing:
                clean_env.delenv(variable, raising=False)
            else:
                clean_env.setenv(variable, values(mock)[variable])
        with pytest.raises(chatwire.ValidationError) as refused:
            getattr(chatwire, cls)()
        error = refused.value
        assert error.field == argument, str(error)
        assert argument in str(error) and missing in str(error), str(error)
        # An empty variable is as good as none.
        clean_env.setenv(missing, "")
        with pytest.raises(chatwire.ValidationError, match=missing):
            getattr(chatwire, cls)()
    assert mock.requests() == []


def test_an_argument_given_wins_over_its_variable(mock: MockServer, clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("DEVAPI_API_KEY", "dk_not_this_one")
    clean_env.setenv("DEVAPI_BASE_URL", "http://127.0.0.1:1/")
    client = chatwire.DevApi(mock.DEVAPI_KEY, base_url=mock.base_url, max_retries=0)
    client.get_usage()
    assert mock.requests()[-1]["headers"]["authorization"] == f"Bearer {mock.DEVAPI_KEY}"
    # The variable fills only what is left out.
    clean_env.setenv("DEVAPI_BASE_URL", mock.base_url)
    with pytest.raises(chatwire.AuthenticationError):
        chatwire.DevApi(max_retries=0).get_usage()


def test_mevichat_needs_no_base_url(clean_env: pytest.MonkeyPatch) -> None:
    # Its base URL defaults to the hosted API.
    client = chatwire.Mevichat("mvc_pk_x", "https://example.com")
    assert "mvc_pk_x" not in repr(client)


def test_the_user_agent_names_python_and_the_version(
    mock: MockServer, devapi: chatwire.DevApi, awidgetkey: chatwire.AsyncWidgetKey
) -> None:
    devapi.get_usage()
    asyncio.run(_chat(awidgetkey))
    runtime = f"{platform.python_implementation()} {platform.python_version()}"
    for sent in mock.requests():
        agent = sent["headers"]["user-agent"]
        assert agent.startswith(f"chatwire-python/{chatwire.__version__} ({runtime}; "), agent
        assert agent.endswith(")") and agent.count(";") == 1, agent
    # A User-Agent of the caller's replaces it.
    mine = chatwire.DevApi(
        mock.DEVAPI_KEY, base_url=mock.base_url, default_headers={"User-Agent": "my-app/1.0"}
    )
    mine.get_usage()
    assert mock.requests()[-1]["headers"]["user-agent"] == "my-app/1.0"


async def _chat(client: chatwire.AsyncWidgetKey) -> None:
    await client.chat(session_id="sess_ua_1", message="hi")


def test_the_version_is_the_workspace_version() -> None:
    workspace = tomllib.loads((Path(__file__).parents[2] / "Cargo.toml").read_text())
    assert chatwire.__version__ == workspace["workspace"]["package"]["version"]
