"""``Vexar.watch()``, sync and async: each event kind as the mock changes the session over time
(``after_ms``), each message once however often the server repeats it, a back-off on a
``Retry-After``, the typed error after ``max_failures``, no request after ``break``,
``close()``, Ctrl-C or a cancelled task, and ``pause_ai_in_operator_mode``."""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from typing import Any

import pytest

import chatwire
from chatwire import vexar as vexar_mod
from chatwire.testing import MockServer
from conftest import requests_to
from test_interrupts import interrupt

SESSION = "sess_watch_1"
INTERVAL = 0.05
POLL_PATHS = ("/api/v1/chat/operator-messages", "/api/v1/chat/pending-proactive", "/api/v1/chat/block-status")


def operator(mock: MockServer, **body: Any) -> None:
    mock.control("POST", "/__mock/vexar/operator-messages", {"site_key": mock.VEXAR_SITE_KEY, "session_id": SESSION, **body})


def proactive(mock: MockServer, **body: Any) -> None:
    mock.control("POST", "/__mock/vexar/pending-proactive", {"site_key": mock.VEXAR_SITE_KEY, "session_id": SESSION, **body})


def block(mock: MockServer, blocked: bool, **body: Any) -> None:
    mock.control(
        "POST", "/__mock/vexar/block", {"site_key": mock.VEXAR_SITE_KEY, "session_id": SESSION, "blocked": blocked, **body}
    )


def polls(mock: MockServer) -> int:
    return sum(len(requests_to(mock, path)) for path in POLL_PATHS)


def script_a_session(mock: MockServer) -> None:
    """Every kind of event, in order, 0.2 s apart: several polls apart even on a busy machine,
    so that none of the changes is missed between two polls (blocked, then unblocked)."""
    operator(mock, mode="operator", messages=[{"content": "Hi, Sam here."}], after_ms=50)
    proactive(mock, messages=[{"content": "Need help with your order?"}], after_ms=250)
    block(mock, True, after_ms=450)
    block(mock, False, after_ms=650)
    operator(mock, mode="ai", after_ms=850)


EXPECTED = ["mode_changed", "operator_message", "proactive_message", "visitor_blocked", "visitor_unblocked", "mode_changed"]


def check_events(events: list[vexar_mod.WatchEvent]) -> None:
    assert [event.type for event in events] == EXPECTED
    first, message, nudge = events[0], events[1], events[2]
    assert isinstance(first, vexar_mod.ModeChangedEvent) and (first.from_, first.to) == ("ai", "operator")
    assert isinstance(message, vexar_mod.OperatorMessageEvent) and message.message.content == "Hi, Sam here."
    assert isinstance(nudge, vexar_mod.ProactiveMessageEvent)
    assert nudge.message.content == "Need help with your order?"
    assert isinstance(events[3], vexar_mod.VisitorBlockedEvent)
    assert isinstance(events[4], vexar_mod.VisitorUnblockedEvent)
    last = events[5]
    assert isinstance(last, vexar_mod.ModeChangedEvent) and (last.from_, last.to) == ("operator", "ai")
    assert last.to_dict() == {"type": "mode_changed", "from_": "operator", "to": "ai"}


def test_every_kind_of_event_in_order(mock: MockServer, vexar: chatwire.Vexar) -> None:
    script_a_session(mock)
    events: list[vexar_mod.WatchEvent] = []
    with vexar.watch(session_id=SESSION, interval=INTERVAL) as watch:
        assert isinstance(watch, vexar_mod.Watch)
        for event in watch:
            events.append(event)
            if len(events) == len(EXPECTED):
                break
    check_events(events)


def test_a_repeated_message_is_yielded_once(mock: MockServer, vexar: chatwire.Vexar) -> None:
    operator(mock, messages=[{"content": "Still here."}], repeat=True)
    proactive(mock, messages=[{"content": "A nudge"}], repeat=True)
    # The end of the test, once the repeated messages came back on several polls.
    block(mock, True, after_ms=400)
    events = []
    for event in vexar.watch(session_id=SESSION, interval=INTERVAL):
        events.append(event.type)
        if event.type == "visitor_blocked":
            break
    assert events == ["operator_message", "proactive_message", "visitor_blocked"]
    assert len(requests_to(mock, POLL_PATHS[0])) >= 3, "the repeated messages were polled again"


def test_a_retry_after_is_waited_then_polling_goes_on(mock: MockServer, vexar: chatwire.Vexar) -> None:
    mock.push_fault("status", status=429, retry_after_ms=400, path=POLL_PATHS[0])
    operator(mock, messages=[{"content": "After the wait"}])
    started = time.monotonic()
    watch = vexar.watch(session_id=SESSION, interval=INTERVAL)
    event = next(watch)
    waited = time.monotonic() - started
    watch.close()
    assert isinstance(event, vexar_mod.OperatorMessageEvent) and event.message.content == "After the wait"
    assert waited >= 0.4, f"the poll after the 429 came {waited:.2f} s in"
    assert [r["status"] for r in requests_to(mock, POLL_PATHS[0])][:2] == [429, 200]


def test_past_max_failures_it_raises_the_typed_error(mock: MockServer, vexar: chatwire.Vexar) -> None:
    mock.push_fault("status", status=500, times=10, path=POLL_PATHS[0])
    watch = vexar.watch(session_id=SESSION, interval=INTERVAL, max_failures=1)
    with pytest.raises(chatwire.InternalServerError) as raised:
        next(watch)
    assert raised.value.status == 500
    assert [r["status"] for r in requests_to(mock, POLL_PATHS[0])] == [500, 500], "one retry, then the error"
    assert list(watch) == [], "an ended watcher yields nothing more"


def test_a_stalled_poll_fails_after_poll_timeout_and_is_retried(mock: MockServer, vexar: chatwire.Vexar) -> None:
    mock.push_fault("stall_before_headers", ms=3000, path=POLL_PATHS[0])
    operator(mock, messages=[{"content": "After the stall"}])
    started = time.monotonic()
    watch = vexar.watch(session_id=SESSION, interval=INTERVAL, poll_timeout=0.2)
    event = next(watch)
    took = time.monotonic() - started
    watch.close()
    assert isinstance(event, vexar_mod.OperatorMessageEvent) and event.message.content == "After the stall"
    assert 0.2 <= took < 2.5, f"the stalled poll was given up after {took:.2f} s"
    assert len(requests_to(mock, POLL_PATHS[0])) == 2


def test_a_non_retryable_error_ends_it_at_once(mock: MockServer) -> None:
    client = chatwire.Vexar("sk_wrong", base_url=mock.base_url, max_retries=0)
    with pytest.raises(chatwire.APIError) as raised:
        next(client.watch(session_id=SESSION, interval=INTERVAL))
    assert raised.value.status is not None and 400 <= raised.value.status < 500
    assert len(requests_to(mock, POLL_PATHS[0])) == 1


def test_break_stops_polling(mock: MockServer, vexar: chatwire.Vexar) -> None:
    operator(mock, messages=[{"content": "one"}])
    watch = vexar.watch(session_id=SESSION, interval=INTERVAL)
    for _ in watch:
        break
    after_break = polls(mock)
    time.sleep(6 * INTERVAL)
    assert polls(mock) == after_break, "the watcher polled after the loop left"


def test_close_stops_it(mock: MockServer, vexar: chatwire.Vexar) -> None:
    watch = vexar.watch(session_id=SESSION, interval=INTERVAL)
    watch.close()
    assert list(watch) == []
    assert polls(mock) == 0
    with vexar.watch(session_id=SESSION, interval=INTERVAL) as other:
        pass
    assert list(other) == [] and polls(mock) == 0


@pytest.mark.skipif(os.name != "posix", reason="sends SIGINT with os.kill (POSIX)")
def test_ctrl_c_interrupts_the_wait(mock: MockServer, vexar: chatwire.Vexar) -> None:
    watch = vexar.watch(session_id=SESSION, interval=INTERVAL)
    latency = interrupt(lambda: next(watch))
    assert latency < 0.1
    assert list(watch) == [], "an interrupted watcher is over"
    stopped = polls(mock)
    time.sleep(4 * INTERVAL)
    assert polls(mock) == stopped


def test_pause_ai_in_operator_mode(mock: MockServer, vexar: chatwire.Vexar) -> None:
    operator(mock, mode="operator")
    copy = vexar.with_options(timeout=10)
    with vexar.watch(session_id=SESSION, interval=INTERVAL, pause_ai_in_operator_mode=True) as watch:
        first = next(watch)
        assert isinstance(first, vexar_mod.ModeChangedEvent) and first.to == "operator"
        for client in (vexar, copy):
            with pytest.raises(chatwire.OperatorModeError) as raised:
                client.chat_stream(session_id=SESSION, message="hi")
            assert raised.value.session_id == SESSION
        # Another session, and a client of its own, are not paused.
        vexar.chat_stream(session_id="sess_other", message="hi").text()
        chatwire.Vexar(mock.VEXAR_SITE_KEY, base_url=mock.base_url).chat_stream(session_id=SESSION, message="hi").text()
        operator(mock, mode="ai")
        back = next(watch)
        assert isinstance(back, vexar_mod.ModeChangedEvent) and back.to == "ai"
        assert vexar.chat_stream(session_id=SESSION, message="hi").text()


def test_watch_arguments_are_checked(mock: MockServer, vexar: chatwire.Vexar) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"session_id": ""}, "session_id"),
        ({"session_id": SESSION, "interval": 0}, "interval"),
        ({"session_id": SESSION, "max_failures": -1}, "max_failures"),
        ({"session_id": SESSION, "poll_timeout": 0}, "poll_timeout"),
        ({"session_id": SESSION, "pause_ai_in_operator_mode": 1}, "pause_ai_in_operator_mode"),
    ]
    for kwargs, field in cases:
        with pytest.raises(chatwire.ValidationError) as raised:
            vexar.watch(**kwargs)
        assert raised.value.field == field
    assert mock.requests() == []


async def test_async_every_kind_of_event_in_order(mock: MockServer, avexar: chatwire.AsyncVexar) -> None:
    script_a_session(mock)
    events: list[vexar_mod.WatchEvent] = []
    async with avexar.watch(session_id=SESSION, interval=INTERVAL) as watch:
        assert isinstance(watch, vexar_mod.AsyncWatch)
        async for event in watch:
            events.append(event)
            if len(events) == len(EXPECTED):
                break
    check_events(events)


async def test_async_a_repeated_message_is_yielded_once(mock: MockServer, avexar: chatwire.AsyncVexar) -> None:
    operator(mock, messages=[{"content": "Still here."}], repeat=True)
    block(mock, True, after_ms=300)
    kinds = []
    async for event in avexar.watch(session_id=SESSION, interval=INTERVAL):
        kinds.append(event.type)
        if event.type == "visitor_blocked":
            break
    assert kinds == ["operator_message", "visitor_blocked"]


async def test_async_retry_after_then_max_failures(mock: MockServer, avexar: chatwire.AsyncVexar) -> None:
    mock.push_fault("status", status=429, retry_after_ms=300, path=POLL_PATHS[0])
    operator(mock, messages=[{"content": "After the wait"}])
    started = time.monotonic()
    watch = avexar.watch(session_id=SESSION, interval=INTERVAL, max_failures=1)
    event = await watch.__anext__()
    assert isinstance(event, vexar_mod.OperatorMessageEvent)
    assert time.monotonic() - started >= 0.3
    mock.push_fault("status", status=503, times=10, path=POLL_PATHS[0])
    with pytest.raises(chatwire.InternalServerError):
        async for _ in watch:
            pass
    assert [r["status"] for r in requests_to(mock, POLL_PATHS[0])][-2:] == [503, 503]


async def test_async_break_and_close_stop_polling(mock: MockServer, avexar: chatwire.AsyncVexar) -> None:
    operator(mock, messages=[{"content": "one"}])
    watch = avexar.watch(session_id=SESSION, interval=INTERVAL)
    async for _ in watch:
        break
    after_break = polls(mock)
    await asyncio.sleep(6 * INTERVAL)
    assert polls(mock) == after_break
    await watch.aclose()
    assert [event async for event in watch] == []
    assert polls(mock) == after_break


async def test_async_cancelling_the_task_stops_polling(mock: MockServer, avexar: chatwire.AsyncVexar) -> None:
    watch = avexar.watch(session_id=SESSION, interval=INTERVAL)

    async def first_event() -> Any:
        async for event in watch:
            return event
        return None

    task = asyncio.ensure_future(first_event())
    await asyncio.sleep(6 * INTERVAL)
    assert polls(mock) >= 6, "it polled while the task waited"
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    await asyncio.sleep(2 * INTERVAL)
    stopped = polls(mock)
    await asyncio.sleep(6 * INTERVAL)
    assert polls(mock) == stopped, "the watcher polled after its task was cancelled"


async def test_async_pause_ai_in_operator_mode(mock: MockServer, avexar: chatwire.AsyncVexar) -> None:
    operator(mock, mode="operator")
    watch = avexar.watch(session_id=SESSION, interval=INTERVAL, pause_ai_in_operator_mode=True)
    first = await watch.__anext__()
    assert isinstance(first, vexar_mod.ModeChangedEvent) and first.to == "operator"
    with pytest.raises(chatwire.OperatorModeError) as raised:
        await avexar.with_options(timeout=10).chat_stream(session_id=SESSION, message="hi")
    assert raised.value.session_id == SESSION
    operator(mock, mode="ai")
    back = await watch.__anext__()
    assert isinstance(back, vexar_mod.ModeChangedEvent) and back.to == "ai"
    assert await (await avexar.chat_stream(session_id=SESSION, message="hi")).text()
    watch.close()
