"""chatwire's log in the ``logging`` module, against the mock: one record per request attempt on
``chatwire.http`` (a retried call has one per attempt, each with its status and request id), one
per stream's end on ``chatwire.stream``, bodies only at TRACE and redacted, no fixture secret in
any record, the level read from the loggers at each call, and ``CHATWIRE_LOG``'s stderr lines."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
from typing import Any

import pytest

import chatwire
from chatwire.testing import MockServer
from test_secrets import credentials

TRACE = 5


def records_of(caplog: pytest.LogCaptureFixture, logger: str, **fields: object) -> list[Any]:
    """The records of ``logger`` whose attributes hold ``fields``, oldest first (typed ``Any``:
    the fields are attributes that ``LogRecord`` does not declare)."""
    return [
        r
        for r in caplog.records
        if r.name == logger and all(getattr(r, k, None) == v for k, v in fields.items())
    ]


def request_ids(mock: MockServer) -> list[str]:
    return [f"req_mock_{entry['id']}" for entry in mock.requests()]


def assert_no_secret(mock: MockServer, records: list[logging.LogRecord]) -> None:
    assert records
    for record in records:
        text = f"{record.getMessage()} {record.__dict__!r}"
        for secret in credentials(mock):
            assert secret not in text, f"a credential in {record.getMessage()!r}"


def test_a_retried_call_logs_each_attempt(mock: MockServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="chatwire")
    client = chatwire.DevApi(mock.DEVAPI_KEY, base_url=mock.base_url, max_retries=2)
    mock.push_fault("status", status=503)
    answer = client.chat(message="hello")
    first_id, second_id = request_ids(mock)
    assert answer.request_id == second_id
    attempts = records_of(caplog, "chatwire.http", operation="chat")
    assert len(attempts) == 2, [r.getMessage() for r in attempts]
    first, second = attempts
    assert (first.levelno, first.levelname) == (logging.INFO, "INFO")
    for name, value in {
        "provider": "devapi",
        "method": "POST",
        "path": "/api/v1/chat",
        "attempt": 1,
        "status": 503,
        "request_id": first_id,
        "retry_reason": "status 503",
    }.items():
        assert getattr(first, name) == value, name
    # The backoff (0.5 s, with jitter) that was waited before the second attempt.
    assert isinstance(first.retry_in_ms, int) and 300 <= first.retry_in_ms <= 700
    assert isinstance(first.elapsed_ms, int) and isinstance(first.client, int)
    assert (second.attempt, second.status, second.request_id) == (2, 200, second_id)
    assert not hasattr(second, "retry_in_ms")
    # The message is the record's one line: the fields as name=value.
    line = first.getMessage()
    assert line.startswith(f"request client={first.client} provider=devapi operation=chat "), line
    assert " attempt=1 status=503 " in line and f"request_id={first_id}" in line, line
    assert_no_secret(mock, caplog.records)


async def test_an_async_retried_call_logs_each_attempt(
    mock: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="chatwire")
    client = chatwire.AsyncVexar(mock.VEXAR_SITE_KEY, base_url=mock.base_url, max_retries=2)
    mock.push_fault("status", status=503)
    await client.get_block_status(session_id="sess_logs")
    attempts = records_of(caplog, "chatwire.http", operation="get_block_status")
    assert [(r.attempt, r.status) for r in attempts] == [(1, 503), (2, 200)]
    assert [r.request_id for r in attempts] == request_ids(mock)
    assert_no_secret(mock, caplog.records)


def test_a_stream_logs_its_end(mock: MockServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="chatwire")
    client = chatwire.Mevichat(mock.MEVICHAT_PUBLIC_KEY, mock.ORIGIN, base_url=mock.base_url)
    stream = client.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hello")
    events = list(stream)
    ends = records_of(caplog, "chatwire.stream", request_id=stream.request_id)
    assert len(ends) == 1, [r.getMessage() for r in caplog.records]
    end = ends[0]
    assert end.getMessage().startswith("stream ended ")
    assert (end.provider, end.operation, end.events, end.end) == (
        "mevichat",
        "chat_stream",
        len(events),
        "terminal event",
    )
    assert isinstance(end.first_event_ms, int) and isinstance(end.elapsed_ms, int)
    opened = records_of(caplog, "chatwire.http", request_id=stream.request_id)
    assert [(r.operation, r.attempt, r.status) for r in opened] == [("chat_stream", 1, 200)]

    # A stream closed before its end says so.
    again = client.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="again")
    again.close()
    closed = records_of(caplog, "chatwire.stream", request_id=again.request_id)
    assert [(r.events, r.end) for r in closed] == [(0, "closed by the reader")]
    assert_no_secret(mock, caplog.records)


async def test_an_async_stream_logs_its_end(mock: MockServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="chatwire")
    client = chatwire.AsyncDevApi(mock.DEVAPI_KEY, base_url=mock.base_url)
    stream = await client.chat_stream(message="hello")
    events = [event async for event in stream]
    ends = records_of(caplog, "chatwire.stream", request_id=stream.request_id)
    assert [(r.operation, r.events, r.end) for r in ends] == [
        ("chat_stream", len(events), "terminal event")
    ]
    assert isinstance(ends[0].first_event_ms, int)
    assert_no_secret(mock, caplog.records)


def test_bodies_show_at_trace_only_and_redacted(mock: MockServer, caplog: pytest.LogCaptureFixture) -> None:
    client = chatwire.Mevichat(
        mock.MEVICHAT_PUBLIC_KEY, mock.ORIGIN, export_token=mock.EXPORT_JWT, base_url=mock.base_url
    )
    caplog.set_level(logging.DEBUG, logger="chatwire")
    client.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hi").text()
    assert not [r for r in caplog.records if r.levelno < logging.INFO]
    caplog.set_level(TRACE, logger="chatwire")
    client.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hi").text()
    client.export_conversation(mock.SEEDED_SESSION_ID)
    bodies = [r for r in caplog.records if r.levelno == TRACE]
    assert bodies and all(r.levelname == "TRACE" for r in bodies)
    sent = next(r for r in bodies if r.getMessage().startswith("request body"))
    assert '"public_key":"<redacted>"' in getattr(sent, "body")
    assert_no_secret(mock, caplog.records)


class Collected(logging.Handler):
    """Keeps what it is handed."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[Any] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_nothing_is_logged_below_the_loggers_level(
    mock: MockServer, devapi: chatwire.DevApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="chatwire")
    devapi.get_usage()
    assert records_of(caplog, "chatwire.http") == []
    # A level set after the client was made applies from its next call.
    caplog.set_level(logging.INFO, logger="chatwire")
    devapi.get_usage()
    assert [r.request_id for r in records_of(caplog, "chatwire.http")] == request_ids(mock)[-1:]
    # A child logger's level counts as well.
    caplog.set_level(logging.WARNING, logger="chatwire")
    http = logging.getLogger("chatwire.http")
    handler = Collected()
    http.addHandler(handler)
    http.setLevel(logging.INFO)
    try:
        devapi.get_usage()
    finally:
        http.setLevel(logging.NOTSET)
        http.removeHandler(handler)
    assert [r.request_id for r in handler.records] == request_ids(mock)[-1:]


def test_chatwire_log_prints_one_line_per_attempt_and_stream_to_stderr(mock: MockServer) -> None:
    script = textwrap.dedent(
        """
        import chatwire
        from chatwire.testing import MockServer

        with MockServer(token_delay=0) as mock:
            client = chatwire.DevApi(mock.DEVAPI_KEY, base_url=mock.base_url, max_retries=1)
            mock.push_fault("status", status=503)
            client.get_usage()
            client.chat_stream(message="hi").text()
            for entry in mock.requests():
                print(f"req_mock_{entry['id']}")
        """
    )
    env = {**os.environ, "CHATWIRE_LOG": "debug"}
    run = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    print(run.stderr)
    assert run.returncode == 0, run.stderr
    lines = run.stderr.splitlines()
    first, second, stream_request = run.stdout.split()
    assert len(lines) == 4, lines
    assert lines[0].startswith("[chatwire.http] INFO request client=")
    assert " operation=get_usage " in lines[0] and " attempt=1 status=503 " in lines[0]
    assert f"request_id={first} " in lines[0] and 'retry_reason="status 503"' in lines[0]
    assert " attempt=2 status=200 " in lines[1] and f"request_id={second}" in lines[1]
    assert " operation=chat_stream " in lines[2] and " attempt=1 status=200 " in lines[2]
    assert lines[3].startswith("[chatwire.stream] INFO stream ended client=")
    assert ' end="terminal event" ' in lines[3] and f"request_id={stream_request}" in lines[3]
    for secret in credentials(mock):
        assert secret not in run.stderr
