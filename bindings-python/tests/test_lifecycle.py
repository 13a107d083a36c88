"""Stream and connection lifecycle: every way of leaving a stream closes its connection (the mock
sees "client_closed"), cancelling an asyncio task drops its request, waiting releases the GIL, and
a forked child can use the binding."""

from __future__ import annotations

import asyncio
import gc
import os
import sys
import threading
import time
from typing import Any, Iterator

import pytest

import chatwire
from chatwire.testing import MockServer
from conftest import last_outcome, requests_to, wait_for

CHAT = "/api/chat/"


def closed_by_client(mock: MockServer, path: str = CHAT) -> bool:
    """Whether the mock saw the last stream on ``path`` closed by the client within ~2 s."""
    wait_for(lambda: last_outcome(mock, path) != "in_progress", deadline=2.0)
    return last_outcome(mock, path) == "client_closed"


@pytest.fixture
def slow(mock: MockServer) -> MockServer:
    """The mock with a pause between tokens, so a reply is still streaming when the test leaves."""
    mock.set_token_delay(0.05)
    return mock


# --- sync ------------------------------------------------------------------------------------


def test_break_closes_the_connection(slow: MockServer, mevichat: chatwire.Mevichat) -> None:
    for event in mevichat.chat_stream(session_id=slow.SEEDED_SESSION_ID, message="refund"):
        assert event.type == "meta"
        break
    assert closed_by_client(slow)
    logged = requests_to(slow, CHAT)[-1]
    assert logged["events_sent"] < 20


def test_leaving_with_closes_the_connection(slow: MockServer, mevichat: chatwire.Mevichat) -> None:
    with mevichat.chat_stream(session_id=slow.SEEDED_SESSION_ID, message="refund") as stream:
        assert next(stream).type == "meta"
        assert next(stream).type == "token"
    assert closed_by_client(slow)
    assert list(stream) == [], "a closed stream yields nothing more"


def test_leaving_with_by_an_exception_closes_the_connection(
    slow: MockServer, mevichat: chatwire.Mevichat
) -> None:
    with pytest.raises(KeyError):
        with mevichat.chat_stream(session_id=slow.SEEDED_SESSION_ID, message="refund") as stream:
            next(stream)
            raise KeyError("boom")
    assert closed_by_client(slow)


def test_close_closes_the_connection(slow: MockServer, mevichat: chatwire.Mevichat) -> None:
    stream = mevichat.chat_stream(session_id=slow.SEEDED_SESSION_ID, message="refund")
    next(stream)
    stream.close()
    assert closed_by_client(slow)
    stream.close()  # idempotent
    with pytest.raises(StopIteration):
        next(stream)


def test_close_before_any_event(slow: MockServer, vexar: chatwire.Vexar) -> None:
    stream = vexar.chat_stream(session_id="s1", message="shipping")
    stream.close()
    assert closed_by_client(slow, "/api/v1/chat/stream")


def test_garbage_collection_closes_the_connection(
    slow: MockServer, mevichat: chatwire.Mevichat
) -> None:
    stream = mevichat.chat_stream(session_id=slow.SEEDED_SESSION_ID, message="refund")
    next(stream)
    del stream
    gc.collect()
    assert closed_by_client(slow)


@pytest.mark.parametrize("provider", ["vexar", "devapi", "widgetkey"])
def test_break_closes_every_provider(slow: MockServer, provider: str) -> None:
    def open_stream() -> Any:
        if provider == "vexar":
            return chatwire.Vexar(slow.VEXAR_SITE_KEY, base_url=slow.base_url).chat_stream(
                session_id="s", message="refund"
            )
        if provider == "devapi":
            return chatwire.DevApi(slow.DEVAPI_KEY, base_url=slow.base_url).chat_stream(
                message="refund"
            )
        return chatwire.WidgetKey(slow.WIDGET_KEY, base_url=slow.base_url).chat_stream(
            session_id="s", message="refund"
        )

    path = {"vexar": "/api/v1/chat/stream", "devapi": "/api/v1/chat", "widgetkey": "/v1/chat/stream"}
    # The stream is referenced only by the loop, so breaking out drops (and closes) it.
    for _ in open_stream():
        break
    assert closed_by_client(slow, path[provider])


def test_break_keeps_a_referenced_stream_open(slow: MockServer, mevichat: chatwire.Mevichat) -> None:
    stream = mevichat.chat_stream(session_id=slow.SEEDED_SESSION_ID, message="refund")
    for _ in stream:
        break
    time.sleep(0.2)
    assert last_outcome(slow, CHAT) == "in_progress", "a stream still referenced stays open"
    rest = list(stream)
    assert rest[-1].type == "done", "and can be read on after the break"
    assert wait_for(lambda: last_outcome(slow, CHAT) == "complete")


def test_a_finished_stream_is_complete(mock: MockServer, mevichat: chatwire.Mevichat) -> None:
    mevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="refund").text()
    assert last_outcome(mock, CHAT) == "complete"


# --- async -----------------------------------------------------------------------------------


async def test_async_break_then_aclose(slow: MockServer, amevichat: chatwire.AsyncMevichat) -> None:
    stream = await amevichat.chat_stream(session_id=slow.SEEDED_SESSION_ID, message="refund")
    async for event in stream:
        assert event.type == "meta"
        break
    await stream.aclose()
    assert await asyncio.to_thread(closed_by_client, slow)
    with pytest.raises(StopAsyncIteration):
        await stream.__anext__()


async def test_async_with_closes(slow: MockServer, amevichat: chatwire.AsyncMevichat) -> None:
    async with await amevichat.chat_stream(
        session_id=slow.SEEDED_SESSION_ID, message="refund"
    ) as stream:
        await stream.__anext__()
    assert await asyncio.to_thread(closed_by_client, slow)


async def test_async_sync_close(slow: MockServer, amevichat: chatwire.AsyncMevichat) -> None:
    stream = await amevichat.chat_stream(session_id=slow.SEEDED_SESSION_ID, message="refund")
    await stream.__anext__()
    stream.close()
    assert await asyncio.to_thread(closed_by_client, slow)


async def test_async_garbage_collection_closes(
    slow: MockServer, amevichat: chatwire.AsyncMevichat
) -> None:
    stream = await amevichat.chat_stream(session_id=slow.SEEDED_SESSION_ID, message="refund")
    await stream.__anext__()
    del stream
    gc.collect()
    assert await asyncio.to_thread(closed_by_client, slow)


@pytest.fixture
def own_server() -> Iterator[MockServer]:
    """A server of its own, so that no other test's pooled connection is counted."""
    with MockServer(token_delay=0.0) as server:
        yield server


async def test_cancelling_a_task_drops_its_request(own_server: MockServer) -> None:
    server = own_server
    server.push_fault("stall_before_headers", ms=5000)
    client = chatwire.AsyncMevichat(
        server.MEVICHAT_PUBLIC_KEY, server.ORIGIN, base_url=server.base_url, max_retries=0
    )
    started = time.monotonic()
    task = asyncio.ensure_future(
        client.chat_stream(session_id=server.SEEDED_SESSION_ID, message="hi")
    )
    await asyncio.sleep(0.3)
    assert server.stats()["connections_open"] == 1
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert time.monotonic() - started < 1.0, "cancellation did not wait for the server"

    def dropped() -> bool:
        outcome = last_outcome(server, CHAT)
        return outcome == "client_closed" or server.stats()["connections_open"] == 0

    assert await asyncio.to_thread(wait_for, dropped, 2.0)
    assert time.monotonic() - started < 3.0, "the connection outlived the cancelled task"


async def test_cancelling_a_task_reading_a_stream(own_server: MockServer) -> None:
    server = own_server
    server.push_fault("stall_between_events", ms=5000, after_events=1)
    client = chatwire.AsyncMevichat(
        server.MEVICHAT_PUBLIC_KEY, server.ORIGIN, base_url=server.base_url, max_retries=0
    )
    stream = await client.chat_stream(session_id=server.SEEDED_SESSION_ID, message="hi")

    async def read() -> str:
        return await stream.text()

    task = asyncio.ensure_future(read())
    await asyncio.sleep(0.3)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    del stream
    gc.collect()
    assert await asyncio.to_thread(
        wait_for, lambda: last_outcome(server, CHAT) == "client_closed", 2.0
    ), last_outcome(server, CHAT)


async def test_event_loop_is_not_blocked(mock: MockServer, amevichat: chatwire.AsyncMevichat) -> None:
    mock.push_fault("stall_before_headers", ms=800)
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.01)

    tick_task = asyncio.ensure_future(ticker())
    try:
        config = await amevichat.get_widget_config()
    finally:
        tick_task.cancel()
    assert config.bot.name == "Support"
    assert ticks > 20, f"the loop ticked only {ticks} times during an 800 ms wait"


# --- the GIL ---------------------------------------------------------------------------------


def test_waiting_on_a_stream_releases_the_gil(mock: MockServer, mevichat: chatwire.Mevichat) -> None:
    mock.push_fault("stall_between_events", ms=1000, after_events=1)
    stream = mevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hi", idle_timeout=5)
    assert next(stream).type == "meta"
    counter = 0
    stop = threading.Event()

    def count() -> None:
        nonlocal counter
        while not stop.is_set():
            counter += 1

    worker = threading.Thread(target=count, daemon=True)
    worker.start()
    try:
        time.sleep(0.05)
        before = counter
        started = time.monotonic()
        event = next(stream)  # blocks ~1 s in the stall
        waited = time.monotonic() - started
        after = counter
    finally:
        stop.set()
        worker.join(5)
    assert event.type == "token"
    assert waited > 0.7
    assert after - before > 10_000, f"the counter rose by {after - before} during a {waited:.2f} s wait"
    stream.close()


def test_a_blocking_request_releases_the_gil(mock: MockServer, mevichat: chatwire.Mevichat) -> None:
    mock.push_fault("stall_before_headers", ms=600)
    samples: list[int] = []
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            samples.append(len(samples))
            time.sleep(0.01)

    worker = threading.Thread(target=sample, daemon=True)
    worker.start()
    try:
        mevichat.get_widget_config()
    finally:
        stop.set()
        worker.join(5)
    assert len(samples) > 20


# --- fork ------------------------------------------------------------------------------------


def _wait_child(pid: int, bound: float = 20.0) -> int:
    stop = time.monotonic() + bound
    while time.monotonic() < stop:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.05)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    pytest.fail(f"the forked child did not finish within {bound} s")


needs_fork = pytest.mark.skipif(
    not hasattr(os, "fork") or sys.platform == "win32", reason="os.fork is POSIX only"
)


@needs_fork
def test_a_forked_child_can_call(mock: MockServer, mevichat: chatwire.Mevichat) -> None:
    assert mevichat.get_widget_config().bot.name == "Support"
    before = len(mock.requests())
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 1
        try:
            text = mevichat.chat_stream(
                session_id=mock.SEEDED_SESSION_ID, message="hours", timeout=5
            ).text()
            fresh = chatwire.DevApi(mock.DEVAPI_KEY, base_url=mock.base_url, timeout=5)
            reply = fresh.chat(message="refund", timeout=5)
            code = 0 if text.startswith("Our business hours") and reply.success else 1
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    assert _wait_child(pid) == 0
    assert len(mock.requests()) >= before + 2, "the child's requests reached the mock"
    # The parent still works after the fork.
    assert mevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hours").text()


@needs_fork
def test_a_forked_child_can_use_asyncio(mock: MockServer, amevichat: chatwire.AsyncMevichat) -> None:
    async def parent_call() -> str:
        return (await amevichat.get_widget_config()).bot.name or ""

    assert asyncio.run(parent_call()) == "Support"
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child

        async def child_call() -> bool:
            stream = await amevichat.chat_stream(
                session_id=mock.SEEDED_SESSION_ID, message="refund", timeout=5
            )
            return (await stream.text()).startswith("Our refund policy")

        code = 1
        try:
            code = 0 if asyncio.run(asyncio.wait_for(child_call(), 10)) else 1
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    assert _wait_child(pid) == 0
