"""Client-side rate limits (``rate_limit="wait"``, ``rate_limits={...}``), sync and async: more
calls than a window holds wait for the next window instead of drawing the server's ``429``,
copies made by ``with_options`` draw on the same budget, and bad settings are a
``ValidationError`` naming the argument."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

import chatwire
from chatwire.testing import MockServer
from conftest import requests_to

# The mock's export limit, shortened: 3 in any 0.5 s.
LIMIT, WINDOW = 3, 0.5
CALLS = 7  # the 4th waits one window, the 7th two


def shorten_export_limit(mock: MockServer) -> None:
    mock.control(
        "PUT", "/__mock/rate-limits", {"mevichat_export": {"limit": LIMIT, "window_ms": int(WINDOW * 1000)}}
    )


def export_path(mock: MockServer) -> str:
    return f"/api/conversations/{mock.SEEDED_SESSION_ID}/export.json"


def mevichat_args(mock: MockServer, **extra: Any) -> dict[str, Any]:
    return {
        "public_key": mock.MEVICHAT_PUBLIC_KEY,
        "origin": mock.ORIGIN,
        "export_token": mock.EXPORT_JWT,
        "base_url": mock.base_url,
        "max_retries": 0,
        **extra,
    }


def test_without_waiting_the_server_refuses_past_its_limit(mock: MockServer) -> None:
    """The control case: the shortened limit is real."""
    shorten_export_limit(mock)
    client = chatwire.Mevichat(**mevichat_args(mock))
    with pytest.raises(chatwire.RateLimitError):
        for _ in range(CALLS):
            client.export_conversation(mock.SEEDED_SESSION_ID)
    assert [r["status"] for r in requests_to(mock, export_path(mock))][-1] == 429


def test_waiting_keeps_under_the_limit_and_copies_share_the_budget(mock: MockServer) -> None:
    shorten_export_limit(mock)
    client = chatwire.Mevichat(
        **mevichat_args(mock, rate_limit="wait", rate_limits={"export_conversation": (LIMIT, WINDOW)})
    )
    copy = client.with_options(timeout=10)
    started = time.monotonic()
    for call in range(CALLS):
        (client if call % 2 else copy).export_conversation(mock.SEEDED_SESSION_ID)
    took = time.monotonic() - started
    assert took >= 2 * WINDOW, f"{CALLS} calls at {LIMIT} per {WINDOW} s took {took:.2f} s"
    statuses = [r["status"] for r in requests_to(mock, export_path(mock))]
    assert statuses == [200] * CALLS


def test_a_star_limit_covers_every_call(mock: MockServer) -> None:
    client = chatwire.WidgetKey(
        mock.WIDGET_KEY, base_url=mock.base_url, rate_limit="wait", rate_limits={"*": (2, 0.3)}
    )
    started = time.monotonic()
    client.chat(session_id="s1", message="hi")
    client.chat_stream(session_id="s1", message="hi").text()
    client.chat(session_id="s1", message="hi")
    assert time.monotonic() - started >= 0.3


def test_rate_limit_off_is_the_default(mock: MockServer) -> None:
    shorten_export_limit(mock)
    client = chatwire.Mevichat(**mevichat_args(mock, rate_limit="off"))
    with pytest.raises(chatwire.RateLimitError):
        for _ in range(CALLS):
            client.export_conversation(mock.SEEDED_SESSION_ID)


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"rate_limit": "fast"}, "rate_limit", '"wait"'),
        ({"rate_limit": 1}, "rate_limit", "a str"),
        ({"rate_limit": "wait", "rate_limits": {"export": (1, 1.0)}}, "rate_limits", "export_conversation"),
        ({"rate_limit": "wait", "rate_limits": {"*": (0, 1.0)}}, "rate_limits", "at least one request"),
        ({"rate_limit": "wait", "rate_limits": {"*": (1, 0)}}, "rate_limits", "above 0"),
        ({"rate_limit": "wait", "rate_limits": {"*": 5}}, "rate_limits", "(requests, seconds)"),
        ({"rate_limit": "wait", "rate_limits": [("*", (1, 1.0))]}, "rate_limits", "mapping"),
        ({"rate_limits": {"*": (1, 1.0)}}, "rate_limits", ""),
    ],
)
def test_bad_rate_limits_are_validation_errors(
    mock: MockServer, kwargs: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(chatwire.ValidationError) as raised:
        chatwire.Mevichat(**mevichat_args(mock, **kwargs))
    assert raised.value.field == field
    assert words in str(raised.value)
    with pytest.raises(chatwire.ValidationError):
        chatwire.AsyncMevichat(**mevichat_args(mock, **kwargs))


async def test_async_waiting_keeps_under_the_limit_and_copies_share_the_budget(mock: MockServer) -> None:
    shorten_export_limit(mock)
    client = chatwire.AsyncMevichat(
        **mevichat_args(mock, rate_limit="wait", rate_limits={"export_conversation": (LIMIT, WINDOW)})
    )
    copy = client.with_options(timeout=10)
    started = time.monotonic()
    await asyncio.gather(
        *((client if call % 2 else copy).export_conversation(mock.SEEDED_SESSION_ID) for call in range(CALLS))
    )
    took = time.monotonic() - started
    assert took >= 2 * WINDOW, f"{CALLS} calls at {LIMIT} per {WINDOW} s took {took:.2f} s"
    statuses = [r["status"] for r in requests_to(mock, export_path(mock))]
    assert statuses == [200] * CALLS


async def test_async_without_waiting_the_server_refuses_past_its_limit(mock: MockServer) -> None:
    shorten_export_limit(mock)
    client = chatwire.AsyncMevichat(**mevichat_args(mock))
    outcomes = await asyncio.gather(
        *(client.export_conversation(mock.SEEDED_SESSION_ID) for _ in range(CALLS)), return_exceptions=True
    )
    assert any(isinstance(outcome, chatwire.RateLimitError) for outcome in outcomes)
