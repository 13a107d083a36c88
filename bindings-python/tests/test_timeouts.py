"""Per-call ``connect_timeout=``, and ``stream_timeout=`` per call and per client: a connection
that does not open in time is an ``APITimeoutError`` (an ``APIConnectionError``), and a stream
that runs past its deadline ends with ``StreamDeadlineError`` (an ``APITimeoutError``) near the
deadline, with ``timeout`` in seconds."""

from __future__ import annotations

import time
from typing import Any, Iterator

import pytest

import chatwire
from chatwire.testing import MockServer
from hostile import HostileServer

DEADLINE = 0.5


@pytest.fixture(scope="module")
def hostile() -> Iterator[HostileServer]:
    server = HostileServer()
    yield server
    server.close()


def blackholed(hostile: HostileServer) -> chatwire.WidgetKey:
    """A client of an address that accepts no connection, with a long connect timeout."""
    return chatwire.WidgetKey(
        "wk_timeouts", base_url=hostile.blackhole, connect_timeout=30.0, max_retries=0
    )


def assert_connect_timed_out(error: BaseException, took: float, timeout: float) -> None:
    assert isinstance(error, chatwire.APITimeoutError), repr(error)
    assert isinstance(error, chatwire.APIConnectionError)
    assert not isinstance(error, chatwire.StreamDeadlineError)
    assert error.timeout == pytest.approx(timeout)
    assert timeout <= took < timeout + 2.5, took


@pytest.mark.parametrize("timeout", [0.2, 0.4])
def test_a_per_call_connect_timeout_replaces_the_client_s(
    hostile: HostileServer, timeout: float
) -> None:
    client = blackholed(hostile)
    started = time.monotonic()
    with pytest.raises(chatwire.APITimeoutError) as raised:
        client.chat(session_id="u", message="hi", connect_timeout=timeout)
    assert_connect_timed_out(raised.value, time.monotonic() - started, timeout)


def test_with_options_takes_a_connect_timeout(hostile: HostileServer) -> None:
    quick = blackholed(hostile).with_options(connect_timeout=0.3)
    started = time.monotonic()
    with pytest.raises(chatwire.APIConnectionError) as raised:
        quick.chat_stream(session_id="u", message="hi")
    assert_connect_timed_out(raised.value, time.monotonic() - started, 0.3)


async def test_an_async_call_s_connect_timeout(hostile: HostileServer) -> None:
    client = chatwire.AsyncWidgetKey(
        "wk_timeouts", base_url=hostile.blackhole, connect_timeout=30.0, max_retries=0
    )
    started = time.monotonic()
    with pytest.raises(chatwire.APITimeoutError) as raised:
        await client.chat(session_id="u", message="hi", connect_timeout=0.3)
    assert_connect_timed_out(raised.value, time.monotonic() - started, 0.3)


def test_a_per_call_connect_timeout_leaves_a_live_server_working(
    mock: MockServer, widgetkey: chatwire.WidgetKey
) -> None:
    reply = widgetkey.chat(session_id="u", message="refund", connect_timeout=0.5)
    assert reply.message.startswith("Our refund policy")


def assert_past_the_deadline(error: BaseException, took: float) -> None:
    assert isinstance(error, chatwire.StreamDeadlineError), repr(error)
    assert isinstance(error, chatwire.APITimeoutError)
    assert error.timeout == pytest.approx(DEADLINE)
    assert DEADLINE <= took < DEADLINE + 0.8, f"ended {took:.2f} s after the call began"


def read_all(stream: chatwire.ChatStream[Any]) -> int:
    return sum(1 for _ in stream)


def test_a_client_s_stream_timeout_ends_a_stream_of_keep_alives(mock: MockServer) -> None:
    mock.push_fault("keepalive_only", interval_ms=50, count=100)
    client = chatwire.Mevichat(
        mock.MEVICHAT_PUBLIC_KEY, mock.ORIGIN, base_url=mock.base_url, stream_timeout=DEADLINE
    )
    started = time.monotonic()
    stream = client.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hi")
    with pytest.raises(chatwire.StreamDeadlineError) as raised:
        read_all(stream)
    assert_past_the_deadline(raised.value, time.monotonic() - started)
    assert read_all(stream) == 0, "the stream is over"


def test_a_call_s_stream_timeout_ends_a_stream_whose_events_keep_coming(
    mock: MockServer, mevichat: chatwire.Mevichat
) -> None:
    mock.set_token_delay(0.02)
    mock.push_fault("long_reply", tokens=200)
    started = time.monotonic()
    stream = mevichat.chat_stream(
        session_id=mock.SEEDED_SESSION_ID, message="hi", stream_timeout=DEADLINE
    )
    events = 0
    with pytest.raises(chatwire.StreamDeadlineError) as raised:
        for _ in stream:
            events += 1
    assert_past_the_deadline(raised.value, time.monotonic() - started)
    assert 5 < events < 200, events


def test_text_ends_at_the_deadline_too(mock: MockServer, mevichat: chatwire.Mevichat) -> None:
    mock.set_token_delay(0.02)
    mock.push_fault("long_reply", tokens=200)
    started = time.monotonic()
    stream = mevichat.with_options(stream_timeout=DEADLINE).chat_stream(
        session_id=mock.SEEDED_SESSION_ID, message="hi"
    )
    with pytest.raises(chatwire.StreamDeadlineError) as raised:
        stream.text()
    assert_past_the_deadline(raised.value, time.monotonic() - started)


async def test_an_async_stream_s_deadline(
    mock: MockServer, amevichat: chatwire.AsyncMevichat
) -> None:
    mock.set_token_delay(0.02)
    mock.push_fault("long_reply", tokens=200)
    started = time.monotonic()
    stream = await amevichat.chat_stream(
        session_id=mock.SEEDED_SESSION_ID, message="hi", stream_timeout=DEADLINE
    )
    with pytest.raises(chatwire.StreamDeadlineError) as raised:
        async for _ in stream:
            pass
    assert_past_the_deadline(raised.value, time.monotonic() - started)


def test_a_stream_within_its_deadline_ends_as_usual(
    mock: MockServer, mevichat: chatwire.Mevichat
) -> None:
    stream = mevichat.chat_stream(
        session_id=mock.SEEDED_SESSION_ID, message="refund", stream_timeout=10
    )
    assert stream.text().startswith("Our refund policy")


@pytest.mark.parametrize("name", ["connect_timeout", "stream_timeout"])
def test_a_bad_duration_is_refused(mevichat: chatwire.Mevichat, name: str) -> None:
    negative: dict[str, Any] = {name: -1.0}
    with pytest.raises(chatwire.ValidationError) as raised:
        mevichat.get_widget_config(**negative)
    assert raised.value.field == name
    zero: dict[str, Any] = {name: 0.0}
    with pytest.raises(chatwire.ValidationError) as raised:
        chatwire.Mevichat("k", "https://example.com", **zero)
    assert raised.value.field == name
