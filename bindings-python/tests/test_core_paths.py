"""The binding's core paths, each over real HTTP against the bundled mock server: a stream read
sync and async, the errors a server answer becomes, connection closing, and pickling."""

from __future__ import annotations

import asyncio
import importlib
import pickle
import time
from typing import Iterator

import pytest

import chatwire
from chatwire import mevichat
from chatwire.testing import MockServer


@pytest.fixture(scope="module")
def server() -> Iterator[MockServer]:
    with MockServer() as mock:
        yield mock


@pytest.fixture(autouse=True)
def fresh(server: MockServer) -> None:
    server.reset()
    server.set_token_delay(0.0)


def client_for(server: MockServer, key: str = "") -> chatwire.Mevichat:
    return chatwire.Mevichat(
        key or server.MEVICHAT_PUBLIC_KEY, server.ORIGIN, base_url=server.base_url, max_retries=0
    )


def outcome_of_last_stream(server: MockServer, deadline: float = 3.0) -> str:
    """The mock's view of how the last chat stream ended, once it is no longer in progress."""
    stop = time.monotonic() + deadline
    while True:
        chats = [r for r in server.requests() if r["path"] == "/api/chat/"]
        outcome = str(chats[-1]["outcome"])
        if outcome != "in_progress" or time.monotonic() > stop:
            return outcome
        time.sleep(0.02)


def test_a_sync_stream_yields_typed_events_in_order(server: MockServer) -> None:
    events = list(
        client_for(server).chat_stream(session_id=server.SEEDED_SESSION_ID, message="refund policy")
    )
    assert isinstance(events[0], mevichat.MetaEvent)
    assert events[0].session_id == server.SEEDED_SESSION_ID
    assert isinstance(events[-1], mevichat.DoneEvent) and events[-1].finish_reason == "stop"
    tokens = [e for e in events if isinstance(e, mevichat.TokenEvent)]
    assert "".join(t.text for t in tokens).startswith("Our refund policy")
    assert tokens[0].to_dict() == {"type": "token", "text": tokens[0].text, "extra": {}}


async def test_an_async_stream_reads_the_same_reply(server: MockServer) -> None:
    client = chatwire.AsyncMevichat(
        server.MEVICHAT_PUBLIC_KEY, server.ORIGIN, base_url=server.base_url
    )
    stream = await client.chat_stream(session_id=server.SEEDED_SESSION_ID, message="refund policy")
    kinds = [event.type async for event in stream]
    assert kinds[0] == "meta" and kinds[-1] == "done" and kinds.count("token") > 5


def test_a_revoked_key_is_an_authentication_error(server: MockServer) -> None:
    client = client_for(server, server.MEVICHAT_REVOKED_KEY)
    with pytest.raises(chatwire.AuthenticationError) as raised:
        client.chat_stream(session_id=server.SEEDED_SESSION_ID, message="hi")
    assert (raised.value.status, raised.value.code) == (401, "invalid_api_key")
    assert server.MEVICHAT_REVOKED_KEY not in str(raised.value)


def test_a_server_error_is_an_internal_server_error(server: MockServer) -> None:
    server.push_fault("status", status=503)
    with pytest.raises(chatwire.InternalServerError) as raised:
        client_for(server).get_widget_config()
    assert raised.value.status == 503


def test_bad_input_is_refused_before_any_request(server: MockServer) -> None:
    with pytest.raises(chatwire.ValidationError) as raised:
        client_for(server).chat_stream(session_id="not-a-uuid", message="hi")
    assert raised.value.field == "session_id"
    assert server.requests() == []


def test_an_early_end_is_a_stream_ended_error(server: MockServer) -> None:
    server.push_fault("close_after_events", events=2)
    stream = client_for(server).chat_stream(session_id=server.SEEDED_SESSION_ID, message="hi")
    with pytest.raises(chatwire.StreamEndedError) as raised:
        for _ in stream:
            pass
    assert raised.value.events == 2


def test_break_closes_the_connection(server: MockServer) -> None:
    server.set_token_delay(0.05)
    for event in client_for(server).chat_stream(session_id=server.SEEDED_SESSION_ID, message="hi"):
        assert event.type == "meta"
        break
    assert outcome_of_last_stream(server) == "client_closed"


async def test_cancelling_the_task_drops_the_request() -> None:
    # A server of its own, so that no other test's pooled connection is counted.
    with MockServer() as server:
        await cancel_a_stalled_request(server)


async def cancel_a_stalled_request(server: MockServer) -> None:
    server.push_fault("stall_before_headers", ms=5000)
    client = chatwire.AsyncMevichat(
        server.MEVICHAT_PUBLIC_KEY, server.ORIGIN, base_url=server.base_url
    )
    task = asyncio.ensure_future(
        client.chat_stream(session_id=server.SEEDED_SESSION_ID, message="hi")
    )
    await asyncio.sleep(0.3)
    assert server.stats()["connections_open"] == 1
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    started = time.monotonic()
    while server.stats()["connections_open"] > 0 and time.monotonic() - started < 3:
        await asyncio.sleep(0.02)
    assert server.stats()["connections_open"] == 0, "the connection outlived the cancelled task"
    assert time.monotonic() - started < 3


def test_errors_pickle_with_their_fields(server: MockServer) -> None:
    server.push_fault("status", status=429)
    with pytest.raises(chatwire.RateLimitError) as raised:
        client_for(server).get_widget_config()
    copy = pickle.loads(pickle.dumps(raised.value))
    assert type(copy) is chatwire.RateLimitError
    assert (copy.status, copy.code, str(copy)) == (429, raised.value.code, str(raised.value))


def test_a_panic_becomes_a_chatwire_error() -> None:
    native = importlib.import_module("chatwire._native")
    with pytest.raises(chatwire.ChatwireError, match="panic"):
        native._raise_panic_for_test()
