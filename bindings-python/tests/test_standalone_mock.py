"""``python -m chatwire.testing``: the mock server in a process of its own, as a browser test or
another language's uses it. It prints its URL first, streams from it, refuses a taken port, and
stops on SIGTERM and SIGINT."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import urllib.request
from typing import Iterator

import pytest

import chatwire
from chatwire.testing import MockServer


@pytest.fixture
def standalone() -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "chatwire.testing", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def first_line(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    return process.stdout.readline().strip()


def test_it_prints_its_url_then_streams_as_a_plain_http_client_reads_it(
    standalone: subprocess.Popen[str],
) -> None:
    base_url = first_line(standalone)
    assert base_url.startswith("http://127.0.0.1:"), base_url
    body = {"public_key": MockServer.MEVICHAT_PUBLIC_KEY, "session_id": MockServer.SEEDED_SESSION_ID, "message": "hi"}
    request = urllib.request.Request(
        base_url + "/api/chat/",
        data=json.dumps(body).encode(),
        headers={"content-type": "application/json", "origin": MockServer.ORIGIN},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        text = response.read().decode()
    assert text.startswith("event: meta\n") and "event: done\n" in text
    # And the SDK reads it as it reads the bundled one.
    client = chatwire.Mevichat(MockServer.MEVICHAT_PUBLIC_KEY, MockServer.ORIGIN, base_url=base_url)
    assert client.chat_stream(session_id=MockServer.SEEDED_SESSION_ID, message="refund").text()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_it_stops_on_a_signal_with_status_zero(standalone: subprocess.Popen[str], signum: int) -> None:
    first_line(standalone)
    standalone.send_signal(signum)
    assert standalone.wait(timeout=10) == 0


def test_a_taken_port_is_a_clear_error_and_status_one(standalone: subprocess.Popen[str]) -> None:
    port = first_line(standalone).rsplit(":", 1)[1]
    taken = subprocess.run(
        [sys.executable, "-m", "chatwire.testing", "--port", port],
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert taken.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in taken.stderr
    assert taken.stdout == ""
