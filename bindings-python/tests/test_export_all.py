"""``Mevichat.export_all()``, sync and async, against the mock's export limit: 95 seeded sessions
and 5 unknown ones under ``rate_limit="wait"`` give 95 files and 5 ``NotFoundError`` failures
with no ``429``; a second run skips the 95 without asking the server; ``on_progress`` hears each
session once; a refused token fails every session without raising; what the callback raises
stops the export and is raised, and so do Ctrl-C and a cancelled task, after which nothing more
is sent."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

import chatwire
from chatwire import mevichat as mevichat_mod
from chatwire.testing import MockServer
from test_interrupts import interrupt

SEEDED, UNKNOWN = 95, 5
LIMIT = {"export_conversation": (30, 1.0)}


def prepare(mock: MockServer) -> tuple[list[str], list[str]]:
    """95 sessions the mock knows, 5 it does not; the mock's export limit at 30 a second."""
    seeded = [str(uuid.uuid4()) for _ in range(SEEDED)]
    unknown = [str(uuid.uuid4()) for _ in range(UNKNOWN)]
    assert mock.control("POST", "/__mock/mevichat/sessions", {"session_ids": seeded}) == {"created": SEEDED}
    mock.control("PUT", "/__mock/rate-limits", {"mevichat_export": {"limit": 30, "window_ms": 1000}})
    return seeded, unknown


def client_args(mock: MockServer, **extra: Any) -> dict[str, Any]:
    return {
        "public_key": mock.MEVICHAT_PUBLIC_KEY,
        "origin": mock.ORIGIN,
        "export_token": mock.EXPORT_JWT,
        "base_url": mock.base_url,
        "max_retries": 0,
        "rate_limit": "wait",
        "rate_limits": LIMIT,
        **extra,
    }


def exports_requested(mock: MockServer, sessions: list[str]) -> list[int]:
    paths = {f"/api/conversations/{session}/export.json" for session in sessions}
    return [r["status"] for r in mock.requests() if r["path"] in paths]


def check_first_run(
    mock: MockServer,
    summary: mevichat_mod.ExportSummary,
    progress: list[mevichat_mod.ExportProgress],
    folder: Path,
    seeded: list[str],
    unknown: list[str],
) -> None:
    assert isinstance(summary, mevichat_mod.ExportSummary)
    assert [f.session_id for f in summary.written] == seeded, "in the order given"
    assert summary.skipped == []
    assert [f.session_id for f in summary.failed] == unknown
    for failure in summary.failed:
        assert isinstance(failure, mevichat_mod.ExportFailure)
        assert isinstance(failure.error, chatwire.NotFoundError) and failure.error.status == 404
    for written in summary.written:
        assert isinstance(written.path, Path) and written.path.parent == folder
        assert json.loads(written.path.read_text())["session"]["id"] == written.session_id
    assert len(list(folder.glob("*.json"))) == SEEDED
    statuses = exports_requested(mock, seeded + unknown)
    assert 429 not in statuses and sorted(statuses) == [200] * SEEDED + [404] * UNKNOWN
    assert [p.done for p in progress] == list(range(1, SEEDED + UNKNOWN + 1))
    assert {p.total for p in progress} == {SEEDED + UNKNOWN}
    assert sorted(p.session_id for p in progress) == sorted(seeded + unknown)
    failed = [p for p in progress if p.status == "failed"]
    assert {p.session_id for p in failed} == set(unknown)
    assert all(p.reason and "404" in p.reason for p in failed)
    assert sum(p.status == "written" for p in progress) == SEEDED


def check_second_run(
    mock: MockServer, summary: mevichat_mod.ExportSummary, seeded: list[str], unknown: list[str]
) -> None:
    assert [f.session_id for f in summary.skipped] == seeded and summary.written == []
    assert [f.session_id for f in summary.failed] == unknown
    assert exports_requested(mock, seeded) == [], "a whole file is not exported again"
    assert exports_requested(mock, unknown) == [404] * UNKNOWN


def test_export_all_within_the_rate_limit_then_resumed(mock: MockServer, tmp_path: Path) -> None:
    seeded, unknown = prepare(mock)
    client = chatwire.Mevichat(**client_args(mock))
    progress: list[mevichat_mod.ExportProgress] = []
    summary = client.export_all(seeded + unknown, tmp_path, on_progress=progress.append)
    check_first_run(mock, summary, progress, tmp_path, seeded, unknown)
    mock.control("DELETE", "/__mock/requests")
    again = client.export_all(seeded + unknown, str(tmp_path), concurrency=8)
    check_second_run(mock, again, seeded, unknown)


async def test_async_export_all_within_the_rate_limit_then_resumed(mock: MockServer, tmp_path: Path) -> None:
    seeded, unknown = prepare(mock)
    client = chatwire.AsyncMevichat(**client_args(mock))
    progress: list[mevichat_mod.ExportProgress] = []
    summary = await client.export_all(seeded + unknown, tmp_path, on_progress=progress.append)
    check_first_run(mock, summary, progress, tmp_path, seeded, unknown)
    mock.control("DELETE", "/__mock/requests")
    again = await client.export_all(seeded + unknown, tmp_path, concurrency=8)
    check_second_run(mock, again, seeded, unknown)


def test_a_refused_token_fails_every_session_without_raising(mock: MockServer, tmp_path: Path) -> None:
    client = chatwire.Mevichat(**client_args(mock, export_token="not-a-valid-jwt"))
    sessions = [mock.SEEDED_SESSION_ID, str(uuid.uuid4())]
    summary = client.export_all(sessions, tmp_path)
    assert summary.written == [] and [f.session_id for f in summary.failed] == sessions
    assert all(isinstance(f.error, chatwire.AuthenticationError) and f.error.status == 401 for f in summary.failed)
    assert list(tmp_path.iterdir()) == []


async def test_async_a_refused_token_fails_every_session_without_raising(mock: MockServer, tmp_path: Path) -> None:
    client = chatwire.AsyncMevichat(**client_args(mock, export_token="not-a-valid-jwt"))
    summary = await client.export_all([mock.SEEDED_SESSION_ID], tmp_path)
    (failure,) = summary.failed
    assert isinstance(failure.error, chatwire.AuthenticationError) and failure.error.code is not None


class Stop(Exception):
    pass


def stop_at_third(progress: mevichat_mod.ExportProgress) -> None:
    if progress.done == 3:
        raise Stop(progress.session_id)


def test_what_on_progress_raises_stops_the_export(mock: MockServer, tmp_path: Path) -> None:
    seeded, _ = prepare(mock)
    client = chatwire.Mevichat(**client_args(mock))
    with pytest.raises(Stop):
        client.export_all(seeded, tmp_path, concurrency=1, on_progress=stop_at_third)
    assert len(exports_requested(mock, seeded)) <= 4, "the export went on after the callback raised"


async def test_async_what_on_progress_raises_stops_the_export(mock: MockServer, tmp_path: Path) -> None:
    seeded, _ = prepare(mock)
    client = chatwire.AsyncMevichat(**client_args(mock))
    with pytest.raises(Stop):
        await client.export_all(seeded, tmp_path, concurrency=1, on_progress=stop_at_third)
    assert len(exports_requested(mock, seeded)) <= 4


def test_a_directory_that_cannot_be_made_is_a_file_error(mock: MockServer, tmp_path: Path) -> None:
    occupied = tmp_path / "a-file"
    occupied.write_text("")
    client = chatwire.Mevichat(**client_args(mock))
    with pytest.raises(chatwire.FileError) as raised:
        client.export_all([mock.SEEDED_SESSION_ID], occupied / "exports")
    assert raised.value.path == str(occupied / "exports") and raised.value.action == "make the directory"
    assert mock.requests() == []


def test_export_all_refuses_before_any_request(mock: MockServer, tmp_path: Path) -> None:
    no_token = chatwire.Mevichat(mock.MEVICHAT_PUBLIC_KEY, mock.ORIGIN, base_url=mock.base_url)
    with pytest.raises(chatwire.ValidationError):
        no_token.export_all([mock.SEEDED_SESSION_ID], tmp_path)
    client = chatwire.Mevichat(**client_args(mock))
    cases: list[tuple[dict[str, Any], str]] = [
        ({"session_ids": mock.SEEDED_SESSION_ID, "directory": tmp_path}, "session_ids"),
        ({"session_ids": [1], "directory": tmp_path}, "session_ids"),
        ({"session_ids": [], "directory": 1}, "directory"),
        ({"session_ids": [], "directory": tmp_path, "concurrency": 0}, "concurrency"),
        ({"session_ids": [], "directory": tmp_path, "on_progress": "print"}, "on_progress"),
    ]
    for kwargs, field in cases:
        with pytest.raises(chatwire.ValidationError) as raised:
            client.export_all(**kwargs)
        assert raised.value.field == field
    assert mock.requests() == []


@pytest.mark.skipif(os.name != "posix", reason="sends SIGINT with os.kill (POSIX)")
def test_ctrl_c_stops_a_sync_export(mock: MockServer, tmp_path: Path) -> None:
    seeded, _ = prepare(mock)
    # 2 a second: the export is still going when the signal comes.
    client = chatwire.Mevichat(**client_args(mock, rate_limits={"export_conversation": (2, 1.0)}))
    latency = interrupt(lambda: client.export_all(seeded, tmp_path, concurrency=1))
    assert latency < 0.1
    stopped = len(exports_requested(mock, seeded))
    time.sleep(1.2)
    assert len(exports_requested(mock, seeded)) == stopped < SEEDED


async def test_cancelling_an_async_export_stops_it(mock: MockServer, tmp_path: Path) -> None:
    seeded, _ = prepare(mock)
    client = chatwire.AsyncMevichat(**client_args(mock, rate_limits={"export_conversation": (2, 1.0)}))
    task = asyncio.ensure_future(client.export_all(seeded, tmp_path, concurrency=1))
    await asyncio.sleep(0.3)
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    await asyncio.sleep(0.1)
    stopped = len(exports_requested(mock, seeded))
    await asyncio.sleep(1.2)
    assert len(exports_requested(mock, seeded)) == stopped < SEEDED
