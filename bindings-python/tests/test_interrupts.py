"""Ctrl-C interrupts every blocking point of the sync API within 100 ms: connecting, waiting for
headers, reading a body, a stream's ``next()`` and ``text()``. The signal is sent by
``os.kill(os.getpid(), SIGINT)`` from a timer thread while the main thread waits on a server that
never answers (the mock, stalled by a fault, or a socket server of the test's own where the mock
cannot stall); what the handler raises is raised, and the connection is closed."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import threading
import time
from types import FrameType
from typing import Callable, Iterator, Optional

import pytest

import chatwire
from chatwire.testing import MockServer
from conftest import last_outcome, wait_for

pytestmark = pytest.mark.skipif(
    not hasattr(signal, "SIGINT") or os.name != "posix", reason="sends SIGINT with os.kill (POSIX)"
)

# What the issue allows between the signal and the exception.
LIMIT = 0.1
# Rounds per blocking point; each waits DELAY before the signal.
ROUNDS = 5
DELAY = 0.15


class Interrupted(Exception):
    """What the test's own signal handler raises, to show that any exception goes through."""


@contextlib.contextmanager
def sigint_after(
    delay: float, raising: type[BaseException] = KeyboardInterrupt
) -> Iterator[list[float]]:
    """Sends SIGINT to this process ``delay`` s in; yields the list that gets the time it was
    sent. The handler raises ``raising`` only inside the block, so that a test whose call ended
    early fails on its assertion instead of interrupting the whole suite."""
    sent: list[float] = []
    armed = [True]

    def handler(signum: int, frame: Optional[FrameType]) -> None:
        if armed[0]:
            raise raising()

    def fire() -> None:
        sent.append(time.monotonic())
        os.kill(os.getpid(), signal.SIGINT)

    previous = signal.signal(signal.SIGINT, handler)
    timer = threading.Timer(delay, fire)
    timer.start()
    try:
        yield sent
    finally:
        armed[0] = False
        timer.cancel()
        timer.join()
        signal.signal(signal.SIGINT, previous)


def interrupt(call: Callable[[], object], raising: type[BaseException] = KeyboardInterrupt) -> float:
    """Seconds between SIGINT and ``raising`` coming out of ``call()``, which must block."""
    with sigint_after(DELAY, raising) as sent:
        with pytest.raises(raising):
            call()
        arrived = time.monotonic()
    assert sent, "the call ended before the signal was sent"
    return arrived - sent[0]


def assert_prompt(latencies: list[float]) -> None:
    print("interrupt latencies (ms):", ", ".join(f"{1000 * t:.1f}" for t in latencies))
    assert max(latencies) < LIMIT, f"slowest: {1000 * max(latencies):.1f} ms"


class StallingServer:
    """A TCP server on 127.0.0.1 that answers the head of each request with ``preamble``
    (nothing by default), then never sends another byte. It notes each connection the client
    closes."""

    def __init__(self, preamble: bytes = b"") -> None:
        self.preamble = preamble
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepted = 0
        self.closed = 0
        self._lock = threading.Lock()
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            with self._lock:
                self.accepted += 1
            threading.Thread(target=self._hold, args=(conn,), daemon=True).start()

    def _hold(self, conn: socket.socket) -> None:
        with conn:
            try:
                head = b""
                while b"\r\n\r\n" not in head:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    head += chunk
                if self.preamble:
                    conn.sendall(self.preamble)
                while conn.recv(65536):
                    pass
            except OSError:
                pass
        with self._lock:
            self.closed += 1

    def all_closed(self) -> bool:
        with self._lock:
            return self.accepted > 0 and self.closed == self.accepted

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def silent() -> Iterator[StallingServer]:
    server = StallingServer()
    yield server
    server.close()


@pytest.fixture
def own_mock() -> Iterator[MockServer]:
    with MockServer(token_delay=0.0) as server:
        yield server


def mevichat_at(base_url: str, connect_timeout: float = 5.0) -> chatwire.Mevichat:
    return chatwire.Mevichat(
        MockServer.MEVICHAT_PUBLIC_KEY,
        MockServer.ORIGIN,
        base_url=base_url,
        max_retries=0,
        timeout=30,
        connect_timeout=connect_timeout,
        idle_timeout=30,
    )


def test_waiting_for_headers(silent: StallingServer) -> None:
    client = mevichat_at(silent.base_url)
    latencies = [interrupt(client.get_widget_config) for _ in range(ROUNDS)]
    assert_prompt(latencies)
    assert wait_for(silent.all_closed, 2.0), "an interrupted request kept its connection"


def test_waiting_for_a_stream_s_headers(own_mock: MockServer) -> None:
    client = mevichat_at(own_mock.base_url)
    latencies = []
    for _ in range(ROUNDS):
        own_mock.push_fault("stall_before_headers", ms=20_000)
        latencies.append(
            interrupt(lambda: client.chat_stream(session_id=own_mock.SEEDED_SESSION_ID, message="hi"))
        )
    assert_prompt(latencies)
    assert wait_for(lambda: own_mock.stats()["connections_open"] == 0, 2.0)


def test_connecting() -> None:
    # A listener whose accept queue is full and never drained: the kernel drops further SYNs,
    # so a connect stays in progress.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    for _ in range(4):
        filler = socket.socket()
        filler.setblocking(False)
        filler.connect_ex(("127.0.0.1", port))
        fillers.append(filler)
    time.sleep(0.05)
    try:
        client = mevichat_at(f"http://127.0.0.1:{port}", connect_timeout=30)
        latencies = [interrupt(client.get_widget_config) for _ in range(ROUNDS)]
    finally:
        for filler in fillers:
            filler.close()
        listener.close()
    assert_prompt(latencies)


def test_reading_a_body() -> None:
    server = StallingServer(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{\"bot\":"
    )
    try:
        client = mevichat_at(server.base_url)
        latencies = [interrupt(client.get_widget_config) for _ in range(ROUNDS)]
        assert_prompt(latencies)
        assert wait_for(server.all_closed, 2.0), "an interrupted body kept its connection"
    finally:
        server.close()


def test_a_stream_s_next(own_mock: MockServer) -> None:
    client = mevichat_at(own_mock.base_url)
    latencies = []
    for _ in range(ROUNDS):
        own_mock.push_fault("stall_between_events", ms=20_000, after_events=1)
        stream = client.chat_stream(session_id=own_mock.SEEDED_SESSION_ID, message="hi")
        assert next(stream).type == "meta"
        latencies.append(interrupt(lambda: next(stream)))
        assert wait_for(lambda: last_outcome(own_mock, "/api/chat/") == "client_closed", 2.0), (
            "an interrupted next() left the stream open"
        )
        with pytest.raises(StopIteration):
            next(stream)  # the stream is closed
    assert_prompt(latencies)


def test_a_stream_s_text_and_final_message(own_mock: MockServer) -> None:
    client = mevichat_at(own_mock.base_url)
    latencies = []
    for read in ("text", "final_message") * ((ROUNDS + 1) // 2):
        own_mock.push_fault("stall_between_events", ms=20_000, after_events=2)
        stream = client.chat_stream(session_id=own_mock.SEEDED_SESSION_ID, message="hi")
        latencies.append(interrupt(getattr(stream, read)))
        assert wait_for(lambda: last_outcome(own_mock, "/api/chat/") == "client_closed", 2.0)
    assert_prompt(latencies)


def test_any_exception_of_the_handler_is_raised(silent: StallingServer) -> None:
    client = mevichat_at(silent.base_url)
    assert interrupt(client.get_widget_config, raising=Interrupted) < LIMIT
    assert wait_for(silent.all_closed, 2.0)


def test_the_default_handler_raises_keyboard_interrupt(silent: StallingServer) -> None:
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    client = mevichat_at(silent.base_url)
    sent: list[float] = []

    def fire() -> None:
        sent.append(time.monotonic())
        os.kill(os.getpid(), signal.SIGINT)

    timer = threading.Timer(DELAY, fire)
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            client.get_widget_config()
        latency = time.monotonic() - sent[0]
    finally:
        timer.join()
    assert latency < LIMIT


def test_the_client_works_after_an_interrupt(own_mock: MockServer) -> None:
    client = mevichat_at(own_mock.base_url)
    own_mock.push_fault("stall_before_headers", ms=20_000)
    interrupt(client.get_widget_config)
    assert client.get_widget_config().bot.name == "Support"


def test_a_wait_off_the_main_thread_still_ends(own_mock: MockServer) -> None:
    # Signals run only on the main thread; elsewhere a wait is one piece, and still returns.
    client = mevichat_at(own_mock.base_url)
    own_mock.push_fault("stall_before_headers", ms=300)
    answers: list[str] = []
    worker = threading.Thread(target=lambda: answers.append(str(client.get_widget_config().bot.name)))
    worker.start()
    worker.join(10)
    assert answers == ["Support"]
