"""Misusing a stream is a ValidationError (field ``stream``) with a reason that says what was wrong,
never a RuntimeError: reading a closed, ended or handed-over stream, and a second reader while
another call reads it. Plain iteration stays plain: an ended or closed stream yields nothing."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any, Callable

import pytest

import chatwire
from chatwire.testing import MockServer


def refused(call: Callable[[], object], *words: str) -> chatwire.ValidationError:
    with pytest.raises(chatwire.ValidationError) as raised:
        call()
    error = raised.value
    assert error.field == "stream", str(error)
    for word in words:
        assert word in error.reason, error.reason
    return error


def open_stream(mock: MockServer, mevichat: chatwire.Mevichat) -> chatwire.ChatStream[Any]:
    return mevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="refund")


@pytest.mark.parametrize("read", ["text", "final_message", "neutral"])
def test_reading_a_closed_stream(mock: MockServer, mevichat: chatwire.Mevichat, read: str) -> None:
    stream = open_stream(mock, mevichat)
    stream.close()
    refused(getattr(stream, read), "closed")
    assert list(stream) == []


@pytest.mark.parametrize("first", ["text", "final_message", "neutral"])
@pytest.mark.parametrize("then", ["text", "final_message", "neutral", "next"])
def test_reading_a_handed_over_stream(
    mock: MockServer, mevichat: chatwire.Mevichat, first: str, then: str
) -> None:
    stream = open_stream(mock, mevichat)
    getattr(stream, first)()
    call = (lambda: next(stream)) if then == "next" else getattr(stream, then)
    refused(call, first + "()")


def test_reading_an_ended_stream(mock: MockServer, mevichat: chatwire.Mevichat) -> None:
    stream = open_stream(mock, mevichat)
    events = list(stream)
    assert events[-1].type == "done"
    assert list(stream) == [], "iterating an ended stream again yields nothing"
    with pytest.raises(StopIteration):
        next(stream)
    refused(stream.text, "end")
    refused(stream.neutral, "end")
    stream.close()  # closing an ended stream is harmless


def test_close_after_text_is_harmless(mock: MockServer, mevichat: chatwire.Mevichat) -> None:
    with open_stream(mock, mevichat) as stream:
        assert stream.text().startswith("Our refund policy")
    stream.close()


@pytest.mark.hostile_case("second-consumer")
def test_a_second_reader_while_next_waits(mock: MockServer, mevichat: chatwire.Mevichat) -> None:
    mock.push_fault("stall_between_events", ms=800, after_events=1)
    stream = mevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hi", idle_timeout=5)
    assert next(stream).type == "meta"
    got: list[Any] = []
    reader = threading.Thread(target=lambda: got.append(next(stream)))
    reader.start()
    time.sleep(0.2)  # the reader waits in the stall
    try:
        for second in (lambda: next(stream), stream.text, stream.final_message, stream.neutral):
            refused(second, "another call")
    finally:
        reader.join(5)
    assert got and got[0].type == "token", "the first reader got its event"
    assert list(stream)[-1].type == "done", "and the stream reads on"


@pytest.mark.hostile_case("second-consumer")
def test_a_second_reader_while_text_reads(mock: MockServer, mevichat: chatwire.Mevichat) -> None:
    mock.push_fault("stall_between_events", ms=500, after_events=1)
    stream = mevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hi", idle_timeout=5)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(stream.text()))
    reader.start()
    time.sleep(0.2)
    try:
        refused(lambda: next(stream), "text()")
        refused(stream.final_message, "text()")
    finally:
        reader.join(5)
    assert got and got[0]


async def test_async_misuse(mock: MockServer, amevichat: chatwire.AsyncMevichat) -> None:
    s = mock.SEEDED_SESSION_ID
    stream = await amevichat.chat_stream(session_id=s, message="refund")
    await stream.aclose()
    refused(stream.text, "closed")
    with pytest.raises(StopAsyncIteration):
        await stream.__anext__()
    stream = await amevichat.chat_stream(session_id=s, message="refund")
    await stream.text()
    refused(stream.neutral, "text()")
    refused(stream.__anext__, "text()")
    stream = await amevichat.chat_stream(session_id=s, message="refund")
    assert [e async for e in stream][-1].type == "done"
    assert [e async for e in stream] == []
    refused(stream.final_message, "end")


@pytest.mark.hostile_case("second-consumer")
async def test_async_second_reader(mock: MockServer, amevichat: chatwire.AsyncMevichat) -> None:
    mock.push_fault("stall_between_events", ms=500, after_events=1)
    stream = await amevichat.chat_stream(
        session_id=mock.SEEDED_SESSION_ID, message="hi", idle_timeout=5
    )
    assert (await stream.__anext__()).type == "meta"
    first = asyncio.ensure_future(stream.__anext__())
    await asyncio.sleep(0.1)
    refused(stream.__anext__, "another call")
    refused(stream.text, "another call")
    assert (await first).type == "token"
    assert [event async for event in stream][-1].type == "done"


def test_text_after_a_partial_read_is_refused(mock: MockServer, mevichat: chatwire.Mevichat) -> None:
    # The reply's start went to the loop, so text() would answer only the rest.
    readers: list[Callable[[chatwire.ChatStream[Any]], object]] = [
        lambda s: s.text(),
        lambda s: s.final_message(),
    ]
    for read_whole in readers:
        stream = mevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="refund")
        assert next(stream).type == "meta"
        with pytest.raises(chatwire.ValidationError) as raised:
            read_whole(stream)
        assert raised.value.field == "stream" and "yielded 1 events" in raised.value.reason


async def test_async_text_after_a_partial_read_is_refused(
    mock: MockServer, amevichat: chatwire.AsyncMevichat
) -> None:
    stream = await amevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="refund")
    assert (await stream.__anext__()).type == "meta"
    with pytest.raises(chatwire.ValidationError) as raised:
        await stream.text()
    assert raised.value.field == "stream"
