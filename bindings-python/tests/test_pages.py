"""``DevApi.sessions()``: every session across pages, for ``for`` and ``async for``. A page is
requested only when the loop reaches it, and none after the one whose ``meta.has_more`` is false;
the mock's request log shows exactly the pages read."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs

import pytest

import chatwire
from chatwire import devapi as devapi_mod
from chatwire.testing import MockServer
from conftest import requests_to

SESSIONS = "/api/v1/sessions"


def pages_requested(mock: MockServer) -> list[int]:
    """The ``page`` of each sessions request the mock saw, oldest first."""
    return [int(parse_qs(r["query"])["page"][0]) for r in requests_to(mock, SESSIONS)]


def open_sessions(devapi: chatwire.DevApi, count: int) -> list[str]:
    """Opens ``count`` sessions; their ids, most recent first (the listing's order)."""
    for i in range(count):
        devapi.chat(message=f"message {i}", session_id=f"sess_{i}")
    return [f"sess_{i}" for i in reversed(range(count))]


def test_every_session_across_pages(mock: MockServer, devapi: chatwire.DevApi) -> None:
    expected = open_sessions(devapi, 5)
    sessions = devapi.sessions(per_page=2)
    assert isinstance(sessions, chatwire.PageIterator)
    assert pages_requested(mock) == [], "a page was fetched before the loop began"
    seen = [session.session_id for session in sessions]
    assert seen == expected
    # Pages 1 and 2 said has_more; page 3 did not, so no page 4 was asked for.
    assert pages_requested(mock) == [1, 2, 3]
    assert next(sessions, None) is None
    assert pages_requested(mock) == [1, 2, 3]


def test_pages_are_fetched_as_the_loop_reaches_them(
    mock: MockServer, devapi: chatwire.DevApi
) -> None:
    open_sessions(devapi, 5)
    sessions = devapi.sessions(per_page=2)
    first = next(sessions)
    assert isinstance(first, devapi_mod.Session) and first.session_id == "sess_4"
    assert pages_requested(mock) == [1]
    assert next(sessions).session_id == "sess_3"
    assert pages_requested(mock) == [1], "the second item is on the page already read"
    assert next(sessions).session_id == "sess_2"
    assert pages_requested(mock) == [1, 2]
    sessions.close()
    assert list(sessions) == []
    assert pages_requested(mock) == [1, 2], "a closed iterator fetched another page"


def test_a_break_fetches_no_more(mock: MockServer, devapi: chatwire.DevApi) -> None:
    open_sessions(devapi, 5)
    for session in devapi.sessions(per_page=2, include_all=True):
        assert session.messages is not None and session.messages[0].content == "message 4"
        break
    assert pages_requested(mock) == [1]
    query = parse_qs(requests_to(mock, SESSIONS)[0]["query"])
    assert query["per_page"] == ["2"] and query["include_all"] == ["true"]


def test_from_a_given_page(mock: MockServer, devapi: chatwire.DevApi) -> None:
    open_sessions(devapi, 5)
    seen = [session.session_id for session in devapi.sessions(page=2, per_page=2)]
    assert seen == ["sess_2", "sess_1", "sess_0"]
    assert pages_requested(mock) == [2, 3]


def test_no_session_is_one_page(mock: MockServer, devapi: chatwire.DevApi) -> None:
    assert list(devapi.sessions()) == []
    assert pages_requested(mock) == [1]


def test_a_failed_page_raises_and_ends(mock: MockServer, devapi: chatwire.DevApi) -> None:
    open_sessions(devapi, 3)
    sessions = devapi.sessions(per_page=2)
    assert next(sessions).session_id == "sess_2"
    mock.push_fault("status", status=500, path=SESSIONS)
    next(sessions)
    with pytest.raises(chatwire.InternalServerError):
        next(sessions)
    assert list(sessions) == []
    assert pages_requested(mock) == [1, 2]


def test_a_bad_argument_is_refused_at_the_first_read(devapi: chatwire.DevApi) -> None:
    sessions = devapi.sessions(per_page=500)
    with pytest.raises(chatwire.ValidationError) as raised:
        next(sessions)
    assert raised.value.field == "per_page"


async def test_async_every_session_across_pages(
    mock: MockServer, devapi: chatwire.DevApi, adevapi: chatwire.AsyncDevApi
) -> None:
    expected = open_sessions(devapi, 5)
    sessions = adevapi.sessions(per_page=2)
    assert isinstance(sessions, chatwire.AsyncPageIterator)
    assert pages_requested(mock) == []
    seen = [session.session_id async for session in sessions]
    assert seen == expected
    assert pages_requested(mock) == [1, 2, 3]


async def test_async_pages_are_fetched_as_the_loop_reaches_them(
    mock: MockServer, devapi: chatwire.DevApi, adevapi: chatwire.AsyncDevApi
) -> None:
    open_sessions(devapi, 5)
    async for session in adevapi.sessions(per_page=2):
        assert session.session_id == "sess_4"
        break
    assert pages_requested(mock) == [1]
    sessions = adevapi.sessions(per_page=2)
    first = sessions.__anext__()
    assert asyncio.iscoroutine(first), "a read is a coroutine, as every async method's answer"
    ids = [(await first).session_id]
    ids += [(await sessions.__anext__()).session_id for _ in range(2)]
    assert ids == ["sess_4", "sess_3", "sess_2"]
    assert pages_requested(mock) == [1, 1, 2]
    sessions.close()
    assert [s async for s in sessions] == []
    assert pages_requested(mock) == [1, 1, 2]


async def test_async_one_reader_at_a_time(
    mock: MockServer, devapi: chatwire.DevApi, adevapi: chatwire.AsyncDevApi
) -> None:
    open_sessions(devapi, 1)
    mock.push_fault("stall_before_headers", ms=300, path=SESSIONS)
    sessions = adevapi.sessions()
    waiting = sessions.__anext__()
    with pytest.raises(chatwire.ValidationError) as raised:
        await sessions.__anext__()
    assert raised.value.field == "pages"
    assert (await waiting).session_id == "sess_0"
