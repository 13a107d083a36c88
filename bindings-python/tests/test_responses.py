"""What an answer's HTTP response said, against the mock (which names each answer
``x-request-id: req_mock_<id of its log entry>``): ``with_raw_response`` for every non-stream
operation of the four APIs, sync and async; the ``request_id`` of every typed answer; and the
status, headers and request id of every stream."""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Any

import pytest

import chatwire
from chatwire import devapi as devapi_mod
from chatwire import mevichat as mevichat_mod
from chatwire import vexar as vexar_mod
from chatwire import widgetkey as widgetkey_mod
from chatwire.testing import MockServer
from conftest import PNG_BYTES


@dataclass(frozen=True)
class Call:
    """One non-stream operation: the client fixture (sync; ``a`` + it for async), the method,
    its arguments and the class of its typed answer."""

    client: str
    method: str
    answer: type[Any]
    kwargs: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.client}.{self.method}"


SESSION = "sess_heads"

CALLS = [
    Call("mevichat", "get_widget_config", mevichat_mod.WidgetConfigResponse),
    Call("mevichat", "export_conversation", mevichat_mod.ExportResponse, {"session_id": "SEEDED"}),
    Call("vexar", "get_history", vexar_mod.HistoryResponse, {"session_id": SESSION}),
    Call(
        "vexar", "save_email", vexar_mod.SaveResponse, {"session_id": SESSION, "email": "sam@example.com"}
    ),
    Call("vexar", "save_contact", vexar_mod.SaveResponse, {"session_id": SESSION, "phone": "+15550100"}),
    Call("vexar", "get_operator_messages", vexar_mod.OperatorMessagesResponse, {"session_id": SESSION}),
    Call("vexar", "get_block_status", vexar_mod.BlockStatusResponse, {"session_id": SESSION}),
    Call("vexar", "get_pending_proactive", vexar_mod.PendingProactiveResponse, {"session_id": SESSION}),
    Call(
        "vexar",
        "upload_image",
        vexar_mod.UploadImageResponse,
        {"session_id": SESSION, "image": PNG_BYTES, "file_name": "a.png", "content_type": "image/png"},
    ),
    Call("vexar", "rate_conversation", vexar_mod.SuccessResponse, {"session_id": SESSION, "score": 5}),
    Call("vexar", "comment_rating", vexar_mod.SuccessResponse, {"session_id": SESSION, "comment": "quick"}),
    Call("devapi", "chat", devapi_mod.ChatResponse, {"message": "hi"}),
    Call("devapi", "get_usage", devapi_mod.UsageResponse),
    Call("devapi", "list_sessions", devapi_mod.SessionsResponse, {"per_page": 5}),
    Call("widgetkey", "chat", widgetkey_mod.ChatResponse, {"session_id": "sess_heads_1", "message": "hi"}),
]

STREAMS = [
    ("mevichat", {"session_id": "SEEDED", "message": "hi"}),
    ("vexar", {"session_id": SESSION, "message": "hi"}),
    ("devapi", {"message": "hi"}),
    ("widgetkey", {"session_id": "sess_heads_1", "message": "hi"}),
]


def arguments(mock: MockServer, kwargs: dict[str, Any]) -> dict[str, Any]:
    return {k: mock.SEEDED_SESSION_ID if v == "SEEDED" else v for k, v in kwargs.items()}


def last_request_id(mock: MockServer) -> str:
    """The x-request-id the mock sent with its latest answer."""
    return f"req_mock_{mock.requests()[-1]['id']}"


async def settled(answer: Any) -> Any:
    return await answer if inspect.isawaitable(answer) else answer


def assert_raw_answers_last_request(mock: MockServer, raw: Any, call: Call) -> None:
    expected = last_request_id(mock)
    assert isinstance(raw, chatwire.APIResponse), call.label
    assert raw.status_code == 200, call.label
    assert raw.request_id == expected, call.label
    # Header names are case-insensitive.
    assert raw.headers["x-request-id"] == raw.headers["X-Request-ID"] == expected, call.label
    assert "content-type" in raw.headers and "Content-Type" in raw.headers, call.label
    assert raw.headers.get_list("X-REQUEST-ID") == [expected], call.label
    parsed = raw.parse()
    assert isinstance(parsed, call.answer), call.label
    assert parsed.request_id == expected, call.label


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("call", CALLS, ids=lambda c: c.label)
async def test_with_raw_response_answers_status_headers_and_request_id(
    request: pytest.FixtureRequest, mock: MockServer, call: Call, mode: str
) -> None:
    client = request.getfixturevalue(call.client if mode == "sync" else f"a{call.client}")
    kwargs = arguments(mock, call.kwargs)
    raw = await settled(getattr(client.with_raw_response, call.method)(**kwargs))
    assert_raw_answers_last_request(mock, raw, call)

    # The plain method answers the typed value, which carries its request id too.
    plain = await settled(getattr(client, call.method)(**kwargs))
    assert isinstance(plain, call.answer)
    assert plain.request_id == last_request_id(mock)
    # The request id is not part of the value: not in to_dict(), repr or equality.
    assert "request_id" not in plain.to_dict() and "request_id" not in repr(plain)


def test_every_non_stream_method_is_covered_and_has_a_raw_twin() -> None:
    covered = {(c.client, c.method) for c in CALLS}
    for name in ("Mevichat", "Vexar", "DevApi", "WidgetKey"):
        for prefix in ("", "Async"):
            cls = getattr(chatwire, prefix + name)
            raw_cls = getattr(chatwire, f"{prefix}{name}WithRawResponse")
            methods = {n for n in dir(cls) if not n.startswith("_") and callable(getattr(cls, n))}
            # A stream, a listing across pages, a watcher and a conversation answer no one
            # response; nor do a neutral reply (its stream, for some APIs) and a bulk export.
            calls = methods - {
                "chat_stream", "sessions", "close", "with_options", "conversation", "watch",
                "reply", "export_all",
            }
            raw_methods = {n for n in dir(raw_cls) if not n.startswith("_")}
            assert raw_methods == calls, raw_cls
            assert {(name.lower(), m) for m in calls} <= covered, name
            for method in calls:
                plain = inspect.signature(getattr(cls, method))
                assert inspect.signature(getattr(raw_cls, method)) == plain, f"{raw_cls}.{method}"


def test_a_cached_widget_config_keeps_the_request_id_it_came_with(
    mock: MockServer, mevichat: chatwire.Mevichat
) -> None:
    first = mevichat.with_raw_response.get_widget_config()
    again = mevichat.with_raw_response.get_widget_config()
    assert len(mock.requests()) == 1, "the second answer comes from the cache"
    assert again.request_id == first.request_id == last_request_id(mock)
    assert again.status_code == 200 and again.headers["x-request-id"] == first.request_id


def test_a_raw_call_raises_as_the_plain_one_does(mock: MockServer, devapi: chatwire.DevApi) -> None:
    mock.push_fault("status", status=429)
    with pytest.raises(chatwire.RateLimitError) as raised:
        devapi.with_raw_response.get_usage()
    assert raised.value.request_id == last_request_id(mock)
    with pytest.raises(chatwire.ValidationError) as refused:
        devapi.with_raw_response.get_usage(start_dat="2026-01-01")  # type: ignore[call-arg]
    assert "DevApi.with_raw_response.get_usage()" in str(refused.value)
    closed = chatwire.DevApi(mock.DEVAPI_KEY, base_url=mock.base_url)
    raw = closed.with_raw_response
    closed.close()
    with pytest.raises(chatwire.ValidationError, match="closed"):
        raw.get_usage()


def test_headers_read_as_a_case_insensitive_mapping() -> None:
    headers = chatwire.Headers([("Set-Cookie", "a=1"), ("content-type", "text/plain"), ("set-cookie", "b=2")])
    assert headers["SET-COOKIE"] == "a=1, b=2" and headers.get_list("set-cookie") == ["a=1", "b=2"]
    assert list(headers) == ["set-cookie", "content-type"] and len(headers) == 2
    not_a_name: object = 1
    assert "Content-Type" in headers and "x" not in headers and not_a_name not in headers
    assert headers.get("missing") is None and dict(headers)["content-type"] == "text/plain"
    with pytest.raises(KeyError):
        headers["missing"]


@pytest.mark.parametrize("client_name, kwargs", STREAMS, ids=[s[0] for s in STREAMS])
def test_a_stream_has_its_status_headers_and_request_id(
    request: pytest.FixtureRequest, mock: MockServer, client_name: str, kwargs: dict[str, Any]
) -> None:
    client = request.getfixturevalue(client_name)
    with client.chat_stream(**arguments(mock, kwargs)) as stream:
        expected = last_request_id(mock)
        assert stream.status == 200 and stream.request_id == expected
        assert stream.headers["X-Request-Id"] == expected
        assert stream.headers["content-type"].startswith("text/event-stream")
        neutral = stream.neutral()
        assert (neutral.status, neutral.request_id) == (200, expected)
        assert neutral.text() != "" or client_name == "widgetkey"
    # What the head said stays after the stream ends.
    assert stream.request_id == expected


@pytest.mark.parametrize("client_name, kwargs", STREAMS, ids=[s[0] for s in STREAMS])
async def test_an_async_stream_has_its_status_headers_and_request_id(
    request: pytest.FixtureRequest, mock: MockServer, client_name: str, kwargs: dict[str, Any]
) -> None:
    client = request.getfixturevalue(f"a{client_name}")
    async with await client.chat_stream(**arguments(mock, kwargs)) as stream:
        expected = last_request_id(mock)
        assert stream.status == 200 and stream.request_id == expected
        assert stream.headers["X-Request-Id"] == expected
        events = [event async for event in stream]
        assert events
    assert stream.request_id == expected
