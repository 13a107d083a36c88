"""Every async method answers a real coroutine: ``asyncio.iscoroutine`` accepts it, it sends
nothing until awaited or scheduled, and ``create_task``, ``gather`` and ``wait_for`` (whose
timeout cancels it, closing its connection) take it as they take an ``async def``'s.

The annotations are checked by ``mypy --strict``: what the stubs say each call answers is what
these tasks are typed with."""

from __future__ import annotations

import asyncio
import collections.abc
import gc
import time
from typing import Any, Coroutine, Iterator

import pytest

import chatwire
from chatwire import devapi as devapi_mod
from chatwire import mevichat as mevichat_mod
from chatwire.testing import MockServer
from conftest import last_outcome, requests_to, wait_for

CHAT = "/api/chat/"


@pytest.fixture
def own_server() -> Iterator[MockServer]:
    """A server of its own, so that no other test's pooled connection is counted."""
    with MockServer(token_delay=0.0) as server:
        yield server


def client_of(server: MockServer) -> chatwire.AsyncMevichat:
    return chatwire.AsyncMevichat(
        server.MEVICHAT_PUBLIC_KEY, server.ORIGIN, base_url=server.base_url, max_retries=0
    )


def is_coroutine(value: object) -> bool:
    return asyncio.iscoroutine(value) and isinstance(value, collections.abc.Coroutine)


async def test_every_async_method_answers_a_coroutine(
    mock: MockServer, amevichat: chatwire.AsyncMevichat
) -> None:
    config = amevichat.get_widget_config()
    assert is_coroutine(config)
    await config
    raw = amevichat.with_raw_response.get_widget_config()
    assert is_coroutine(raw)
    await raw
    opening = amevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="refund")
    assert is_coroutine(opening)
    stream = await opening
    # The first `__anext__` waits on the network; later ones find decoded events waiting.
    first, later = stream.__anext__(), None
    assert is_coroutine(first)
    await first
    later = stream.__anext__()
    assert is_coroutine(later)
    await later
    whole = await amevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="refund")
    text = whole.text()
    assert is_coroutine(text)
    assert isinstance(await text, str)
    for awaitable in (stream.aclose(), stream.__aenter__(), amevichat.__aenter__()):
        assert is_coroutine(awaitable)
        await awaitable


async def test_nothing_is_sent_until_it_is_awaited(
    mock: MockServer, adevapi: chatwire.AsyncDevApi
) -> None:
    pending = adevapi.chat(message="hours")
    await asyncio.sleep(0.2)
    assert requests_to(mock, "/api/v1/chat") == [], "the call started before it was awaited"
    pending.close()
    await asyncio.sleep(0.1)
    assert requests_to(mock, "/api/v1/chat") == []
    # A coroutine dropped unawaited sends nothing either.
    del pending
    dropped = adevapi.chat(message="hours")
    del dropped
    gc.collect()
    await asyncio.sleep(0.1)
    assert requests_to(mock, "/api/v1/chat") == []
    # Awaited, it is sent.
    await adevapi.chat(message="hours")
    assert len(requests_to(mock, "/api/v1/chat")) == 1


async def test_create_task_runs_it(mock: MockServer, amevichat: chatwire.AsyncMevichat) -> None:
    task: asyncio.Task[chatwire.AsyncChatStream[mevichat_mod.ChatEvent]] = asyncio.create_task(
        amevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="refund")
    )
    assert "AsyncMevichat.chat_stream" in repr(task)
    stream = await task
    assert (await stream.text()).startswith("Our refund policy")
    # A stream's own calls are tasks too.
    stream = await amevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="refund")
    event = await asyncio.create_task(stream.__anext__())
    assert isinstance(event, mevichat_mod.MetaEvent)
    stream = await amevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="refund")
    whole: asyncio.Task[str] = asyncio.create_task(stream.text())
    assert (await whole).startswith("Our refund policy")


async def test_gather_awaits_them_together(
    mock: MockServer, adevapi: chatwire.AsyncDevApi
) -> None:
    calls: list[Coroutine[Any, Any, devapi_mod.ChatResponse]] = [
        adevapi.chat(message=topic) for topic in ("refund", "hours", "shipping to Canada")
    ]
    answers = await asyncio.gather(*calls)
    assert [(a.content or "").split()[0] for a in answers] == ["Our", "Our", "Yes,"]
    assert len(requests_to(mock, "/api/v1/chat")) == 3
    usage, sessions = await asyncio.gather(adevapi.get_usage(), adevapi.list_sessions())
    assert isinstance(usage, devapi_mod.UsageResponse)
    assert isinstance(sessions, devapi_mod.SessionsResponse)


async def test_wait_for_answers_in_time(mock: MockServer, adevapi: chatwire.AsyncDevApi) -> None:
    answer = await asyncio.wait_for(adevapi.chat(message="hours"), timeout=10)
    assert (answer.content or "").startswith("Our business hours")


async def test_wait_for_s_timeout_cancels_the_call(own_server: MockServer) -> None:
    server = own_server
    server.push_fault("stall_before_headers", ms=5000)
    client = client_of(server)
    started = time.monotonic()
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(
            client.chat_stream(session_id=server.SEEDED_SESSION_ID, message="hi"), timeout=0.3
        )
    assert time.monotonic() - started < 1.0, "wait_for waited for the server"

    def dropped() -> bool:
        return server.stats()["connections_open"] == 0

    assert await asyncio.to_thread(wait_for, dropped, 2.0), "the cancelled call kept its connection"


async def test_wait_for_s_timeout_cancels_a_stream_s_read(own_server: MockServer) -> None:
    server = own_server
    server.push_fault("stall_between_events", ms=5000, after_events=1)
    client = client_of(server)
    stream = await client.chat_stream(session_id=server.SEEDED_SESSION_ID, message="hi")
    first = await asyncio.wait_for(stream.__anext__(), timeout=5)
    assert isinstance(first, mevichat_mod.MetaEvent)
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(stream.__anext__(), timeout=0.3)
    # The stream is still open and readable after a cancelled read; closing it drops it.
    await stream.aclose()
    assert await asyncio.to_thread(
        wait_for, lambda: last_outcome(server, CHAT) == "client_closed", 2.0
    ), last_outcome(server, CHAT)


async def test_a_coroutine_is_awaited_once(adevapi: chatwire.AsyncDevApi) -> None:
    call = adevapi.get_usage()
    await call
    with pytest.raises(RuntimeError, match="already awaited"):
        await call


async def test_throw_raises_what_is_thrown(own_server: MockServer) -> None:
    server = own_server
    server.push_fault("stall_before_headers", ms=5000)
    call = client_of(server).chat_stream(session_id=server.SEEDED_SESSION_ID, message="hi")
    with pytest.raises(ValueError, match="thrown in"):
        call.throw(ValueError("thrown in"))
    with pytest.raises(RuntimeError, match="already awaited"):
        await call


def test_a_forked_child_refuses_its_parent_s_coroutine(mock: MockServer) -> None:
    import os

    client = chatwire.AsyncDevApi(mock.DEVAPI_KEY, base_url=mock.base_url, max_retries=0)
    inherited = client.chat(message="hours")
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report what awaiting the parent's coroutine raised, then leave
        try:
            asyncio.run(asyncio.wait_for(inherited, 5))
            outcome = "awaited"
        except chatwire.ValidationError as error:
            outcome = f"{error.field}: {error.reason}"
        except BaseException as error:  # noqa: BLE001 - reported to the parent
            outcome = repr(error)
        os.write(write_end, outcome.encode())
        os._exit(0)
    os.close(write_end)
    verdict = os.read(read_end, 4096).decode()
    os.close(read_end)
    os.waitpid(pid, 0)
    assert verdict.startswith("coroutine: was made in the parent process"), verdict
    # In the parent it still runs.
    assert ((await_in_parent(inherited)).content or "").startswith("Our business hours")
    assert len(requests_to(mock, "/api/v1/chat")) == 1


def await_in_parent(call: Coroutine[Any, Any, devapi_mod.ChatResponse]) -> devapi_mod.ChatResponse:
    return asyncio.run(asyncio.wait_for(call, 10))


async def test_an_event_decoded_already_is_a_coroutine_answered_at_once(
    own_server: MockServer,
) -> None:
    # With no pause between tokens, the whole reply comes in the first wait.
    client = client_of(own_server)
    stream = await client.chat_stream(session_id=own_server.SEEDED_SESSION_ID, message="refund")
    assert isinstance(await stream.__anext__(), mevichat_mod.MetaEvent)  # waited on the network
    # The rest of the chunk is decoded: each `__anext__` is done when made, as a coroutine
    # that returned is, and behaves as one on every path.
    answered = stream.__anext__()
    assert is_coroutine(answered)
    assert isinstance(await answered, mevichat_mod.TokenEvent)
    with pytest.raises(RuntimeError, match="cannot reuse already awaited coroutine"):
        await answered
    stepped = stream.__anext__()
    with pytest.raises(StopIteration) as stop:
        stepped.send(None)
    assert isinstance(stop.value.value, mevichat_mod.TokenEvent)
    with pytest.raises(KeyError, match="thrown"):
        stream.__anext__().throw(KeyError("thrown"))
    with pytest.raises(ValueError, match="as a class"):
        stream.__anext__().throw(ValueError, "as a class")
    closed = stream.__anext__()
    closed.close()
    with pytest.raises(RuntimeError):
        await closed
    # Each of those took one event; the stream reads on after them.
    rest = [event async for event in stream]
    assert isinstance(rest[-1], mevichat_mod.DoneEvent)
