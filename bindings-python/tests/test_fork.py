"""A stream inherited across ``os.fork()``: in the child every use of it raises a ValidationError
at once (its connection belongs to the parent's runtime, whose threads the child lacks), dropping
it there leaves the parent's connection alone, and the child can open streams of its own. A
watcher and a conversation's turns are refused the same way; a conversation's ids stay readable,
for the child to resume it."""

from __future__ import annotations

import asyncio
import gc
import os
import sys
import time
import traceback
from typing import Any, Callable

import pytest

import chatwire
from chatwire.testing import MockServer

pytestmark = pytest.mark.skipif(
    not hasattr(os, "fork") or sys.platform == "win32", reason="os.fork is POSIX only"
)


def in_child(body: Callable[[], list[str]], bound: float = 20.0) -> list[str]:
    """Runs ``body`` in a forked child; answers the problems it reported (an empty list when all
    its checks held). A child that hangs is killed and fails the test."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read_end)
        try:
            problems = body()
        except BaseException:
            problems = ["the child raised:\n" + traceback.format_exc()]
        os.write(write_end, "\n".join(problems).encode())
        os.close(write_end)
        os._exit(0 if not problems else 1)
    os.close(write_end)
    stop = time.monotonic() + bound
    while time.monotonic() < stop:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            with os.fdopen(read_end, "rb") as pipe:
                report = pipe.read().decode()
            code = os.waitstatus_to_exitcode(status)
            problems = [line for line in report.split("\n") if line]
            if code != 0 and not problems:
                problems = [f"the child exited with {code}"]
            return problems
        time.sleep(0.02)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    os.close(read_end)
    pytest.fail(f"the forked child did not finish within {bound} s")


def refused_at_once(label: str, call: Callable[[], Any]) -> list[str]:
    """The problem with ``call()`` in the child, if it is not a prompt ValidationError for the
    stream that says it belongs to the parent."""
    started = time.monotonic()
    try:
        call()
    except chatwire.ValidationError as error:
        took = time.monotonic() - started
        if error.field != "stream":
            return [f"{label}: field {error.field!r}"]
        if "parent" not in error.reason or "child" not in error.reason:
            return [f"{label}: the reason does not name parent and child: {error.reason}"]
        if took > 0.5:
            return [f"{label}: took {took:.2f} s"]
        return []
    except BaseException as error:  # noqa: BLE001 - reported to the parent
        return [f"{label}: {type(error).__name__}: {error}"]
    return [f"{label}: did not raise"]


@pytest.mark.hostile_case("fork-inherited-stream")
def test_a_child_cannot_read_its_parent_s_stream(mock: MockServer, mevichat: chatwire.Mevichat) -> None:
    mock.set_token_delay(0.02)
    stream = mevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="refund", idle_timeout=5)
    assert next(stream).type == "meta"
    # Held only here, so that the child can drop them.
    dropped = [
        mevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="refund", idle_timeout=5)
        for _ in range(2)
    ]
    assert next(dropped[0]).type == "meta"

    def child() -> list[str]:
        problems: list[str] = []
        problems += refused_at_once("next", lambda: next(stream))
        problems += refused_at_once("iter", lambda: list(stream))
        problems += refused_at_once("text", stream.text)
        problems += refused_at_once("final_message", stream.final_message)
        problems += refused_at_once("neutral", stream.neutral)
        problems += refused_at_once("close", stream.close)
        problems += refused_at_once("with", lambda: stream.__exit__(None, None, None))
        # Dropping the parent's streams in the child leaks them; the parent's connections live.
        dropped.clear()
        gc.collect()
        # The child opens streams of its own with the client it inherited, and with a new one.
        mock.set_token_delay(0.0)
        text = mevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hours").text()
        if not text.startswith("Our business hours"):
            problems.append(f"the child's own stream read {text!r}")
        fresh = chatwire.Vexar(mock.VEXAR_SITE_KEY, base_url=mock.base_url, max_retries=0)
        if not fresh.chat_stream(session_id="s", message="hours").text():
            problems.append("a client made in the child read nothing")
        return problems

    assert in_child(child) == []
    # The parent's streams read on: the child neither polled nor closed their connections.
    rest = list(stream)
    assert rest and rest[-1].type == "done"
    assert all(list(d)[-1].type == "done" for d in dropped)


@pytest.mark.hostile_case("fork-inherited-stream")
def test_a_child_cannot_read_its_parent_s_async_stream(
    mock: MockServer, amevichat: chatwire.AsyncMevichat
) -> None:
    async def open_one() -> chatwire.AsyncChatStream[Any]:
        stream = await amevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="refund")
        assert (await stream.__anext__()).type == "meta"
        return stream

    stream = asyncio.run(open_one())

    def child() -> list[str]:
        problems: list[str] = []
        problems += refused_at_once("__anext__", stream.__anext__)
        problems += refused_at_once("text", stream.text)
        problems += refused_at_once("final_message", stream.final_message)
        problems += refused_at_once("neutral", stream.neutral)
        problems += refused_at_once("aclose", stream.aclose)
        problems += refused_at_once("close", stream.close)

        async def own() -> str:
            mine = await amevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hours")
            return await mine.text()

        if not asyncio.run(asyncio.wait_for(own(), 10)).startswith("Our business hours"):
            problems.append("the child's own async stream read the wrong reply")
        return problems

    assert in_child(child) == []

    async def read_rest() -> list[Any]:
        return [event async for event in stream]

    rest = asyncio.run(read_rest())
    assert rest and rest[-1].type == "done"


def test_a_child_drops_an_inherited_client_and_server(mock: MockServer) -> None:
    # Clients (and a mock server) inherited from the parent, dropped in the child: their
    # connections and runtime threads are the parent's, so the child leaks them, and returns.
    held: list[Any] = [
        chatwire.DevApi(mock.DEVAPI_KEY, base_url=mock.base_url, max_retries=0),
        MockServer(),
    ]
    assert held[0].chat(message="refund").success

    def child() -> list[str]:
        held.clear()  # the only references to them, in the child's copy
        gc.collect()
        return []

    try:
        assert in_child(child) == []
        assert held[0].chat(message="refund").success, "the parent's client still works"
        assert held[1].requests() == [], "the parent's mock server still answers"
    finally:
        held[1].close()


def refused_in_child(label: str, field: str, call: Callable[[], Any]) -> list[str]:
    """The problem with ``call()`` in the child, if it is not a ValidationError for ``field``
    that names the parent."""
    try:
        call()
    except chatwire.ValidationError as error:
        if error.field != field or "parent" not in error.reason:
            return [f"{label}: {error.field!r}: {error.reason}"]
        return []
    except BaseException as error:  # noqa: BLE001 - reported to the parent
        return [f"{label}: {type(error).__name__}: {error}"]
    return [f"{label}: did not raise"]


def test_a_child_cannot_use_its_parent_s_watcher_or_conversation(
    mock: MockServer, vexar: chatwire.Vexar
) -> None:
    watch = vexar.watch(session_id="sess_fork", interval=0.05)
    conversation = vexar.conversation()
    conversation.reply("hi")

    def body() -> list[str]:
        problems = refused_in_child("watch", "watch", lambda: next(watch))
        problems += refused_in_child("conversation", "conversation", lambda: conversation.reply("again"))
        # The child makes its own, and they work.
        fresh = vexar.conversation(session_id=conversation.session_id)
        if not fresh.reply("from the child").text:
            problems.append("the child's own conversation answered nothing")
        return problems

    problems = in_child(body)
    assert not problems, "\n".join(problems)
    watch.close()
    assert len(conversation.history()) == 4, "the parent's conversation sees the child's turn"
