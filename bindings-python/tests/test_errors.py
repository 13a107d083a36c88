"""Every documented error code and every mock fault becomes its typed exception; bad input is refused
before any request; every exception pickles; a Rust panic is a ChatwireError."""

from __future__ import annotations

import base64
import importlib
import pickle
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar, Union

import pytest

import chatwire
from chatwire import devapi as devapi_mod
from chatwire import mevichat as mevichat_mod
from chatwire import vexar as vexar_mod
from chatwire.testing import MockServer
from conftest import requests_to

E = TypeVar("E", bound=chatwire.ChatwireError)

OTHER_UUID = "6a2f41a3-c54c-4c01-9f2e-1d3a6b7c8d9e"
FIELDS = ("status", "code", "message", "request_id", "body", "field", "reason", "events", "timeout",
          "raw", "what", "retry_after", "session_id", "action", "path")
_MISSING = object()
RAISED: set[type[BaseException]] = set()


def assert_pickles(error: BaseException) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    for name in FIELDS:
        assert getattr(copy, name, _MISSING) == getattr(error, name, _MISSING), name


def expect(cls: type[E], call: Callable[[], object]) -> E:
    """``call()`` raises exactly ``cls``; the error pickles; it is returned."""
    with pytest.raises(cls) as raised:
        call()
    error = raised.value
    assert type(error) is cls, f"{type(error).__name__}: {error}"
    assert isinstance(error, chatwire.ChatwireError)
    assert_pickles(error)
    RAISED.add(cls)
    return error


def expect_api(
    cls: type[chatwire.APIError], status: int, code: Union[str, None], call: Callable[[], object]
) -> chatwire.APIError:
    error = expect(cls, call)
    assert (error.status, error.code) == (status, code), str(error)
    assert str(status) in str(error)
    return error


def drain(stream: Iterator[Any]) -> list[Any]:
    return list(stream)


# --- Mevichat -------------------------------------------------------------------------------


def mevichat_client(mock: MockServer, key: str = "", origin: str = "", **kw: Any) -> chatwire.Mevichat:
    return chatwire.Mevichat(
        key or mock.MEVICHAT_PUBLIC_KEY,
        origin or mock.ORIGIN,
        base_url=mock.base_url,
        max_retries=0,
        **kw,
    )


def test_mevichat_revoked_and_unknown_key(mock: MockServer) -> None:
    revoked = mevichat_client(mock, mock.MEVICHAT_REVOKED_KEY)
    error = expect_api(
        chatwire.AuthenticationError,
        401,
        "invalid_api_key",
        lambda: revoked.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hi"),
    )
    assert error.message and mock.MEVICHAT_REVOKED_KEY not in str(error)
    unknown = mevichat_client(mock, "mvc_pk_nope")
    expect_api(chatwire.AuthenticationError, 401, "invalid_api_key", unknown.get_widget_config)


def test_mevichat_origin_not_allowed(mock: MockServer) -> None:
    elsewhere = mevichat_client(mock, origin="https://evil.example")
    expect_api(
        chatwire.PermissionDeniedError,
        403,
        "origin_not_allowed",
        lambda: elsewhere.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hi"),
    )


@pytest.mark.parametrize(
    ("status", "code", "cls"),
    [
        (400, "invalid_json", chatwire.BadRequestError),
        (400, "invalid_message", chatwire.BadRequestError),
        (400, "message_too_long", chatwire.BadRequestError),
        (400, "invalid_session_id", chatwire.BadRequestError),
        (405, "method_not_allowed", chatwire.MethodNotAllowedError),
        (429, "rate_limited", chatwire.RateLimitError),
    ],
)
def test_mevichat_scripted_pre_stream_codes(
    mock: MockServer, mevichat: chatwire.Mevichat, status: int, code: str, cls: type[chatwire.APIError]
) -> None:
    mock.push_fault("status", status=status, body={"error": code, "message": "scripted"})
    error = expect_api(
        cls, status, code, lambda: mevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hi")
    )
    assert error.message == "scripted"
    assert error.body is not None and code in error.body


def test_mevichat_rate_limit_from_the_counter(mock: MockServer, mevichat: chatwire.Mevichat) -> None:
    mock.control("PUT", "/__mock/rate-limits", {"mevichat_chat": {"limit": 1, "window_ms": 60000}})
    assert mevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hi").text()
    expect_api(
        chatwire.RateLimitError,
        429,
        "rate_limited",
        lambda: mevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hi"),
    )
    assert [r["status"] for r in requests_to(mock, "/api/chat/")] == [200, 429]


def test_mevichat_export_errors(mock: MockServer) -> None:
    session = mock.SEEDED_SESSION_ID
    no_token = mevichat_client(mock)
    error = expect(chatwire.ValidationError, lambda: no_token.export_conversation(session))
    assert error.field == "export_token"
    bad = mevichat_client(mock, export_token="a.b.c")
    expect_api(
        chatwire.AuthenticationError, 401, "authentication_required",
        lambda: bad.export_conversation(session),
    )
    no_ws = mevichat_client(mock, export_token=mock.EXPORT_JWT_NO_WORKSPACE)
    expect_api(
        chatwire.AuthenticationError, 401, "no_workspace", lambda: no_ws.export_conversation(session)
    )
    other = mevichat_client(mock, export_token=mock.EXPORT_JWT_OTHER_WORKSPACE)
    expect_api(chatwire.NotFoundError, 404, None, lambda: other.export_conversation(session))
    member = mevichat_client(mock, export_token=mock.EXPORT_JWT)
    expect_api(chatwire.NotFoundError, 404, None, lambda: member.export_conversation(OTHER_UUID))


def test_mevichat_export_rate_limit(mock: MockServer) -> None:
    mock.control("PUT", "/__mock/rate-limits", {"mevichat_export": {"limit": 1, "window_ms": 60000}})
    member = mevichat_client(mock, export_token=mock.EXPORT_JWT)
    member.export_conversation(mock.SEEDED_SESSION_ID)
    error = expect(
        chatwire.RateLimitError, lambda: member.export_conversation(mock.SEEDED_SESSION_ID)
    )
    # The docs give this 429 only a free-text {"detail": "..."}: the core names it rate_limited,
    # with the text as message.
    assert error.status == 429 and error.message.startswith("Request was throttled")
    assert error.code == mevichat_mod.ErrorCode.RATE_LIMITED
    assert [r["status"] for r in mock.requests()] == [200, 429]


def test_mevichat_stream_error_event_text_raises(mock: MockServer) -> None:
    quota = mevichat_client(mock, mock.MEVICHAT_QUOTA_KEY)
    events = drain(iter(quota.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hi")))
    assert isinstance(events[1], mevichat_mod.ErrorEvent)
    for call in ("text", "final_message"):
        stream = quota.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hi")
        error = expect(chatwire.APIError, getattr(stream, call))
        assert (error.status, error.code) == (None, "quota_exceeded")
    llm = mevichat_client(mock, mock.MEVICHAT_LLM_ERROR_KEY)
    error = expect(
        chatwire.APIError, llm.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hi").text
    )
    assert (error.status, error.code) == (None, "provider_auth_failed")


# --- Vexar ----------------------------------------------------------------------------------


def test_vexar_documented_errors(mock: MockServer, vexar: chatwire.Vexar) -> None:
    wrong = chatwire.Vexar("sk_wrong", base_url=mock.base_url, max_retries=0)
    expect_api(
        chatwire.AuthenticationError, 401, "invalid_site_key", lambda: wrong.get_history(session_id="s")
    )
    expect_api(
        chatwire.PermissionDeniedError, 403, "visitor_blocked",
        lambda: vexar.chat_stream(session_id=mock.VEXAR_BLOCKED_SESSION, message="hi"),
    )
    mock.push_fault("status", status=400)
    expect_api(
        chatwire.BadRequestError, 400, "invalid_request", lambda: vexar.get_block_status(session_id="s")
    )
    mock.push_fault("status", status=429, retry_after="1")
    expect_api(
        chatwire.RateLimitError, 429, "rate_limited", lambda: vexar.get_block_status(session_id="s")
    )
    mock.control("PUT", "/__mock/rate-limits", {"vexar": {"limit": 1, "window_ms": 60000}})
    vexar.get_block_status(session_id="s")
    expect_api(
        chatwire.RateLimitError, 429, "rate_limited", lambda: vexar.get_history(session_id="s")
    )


# --- Developer API --------------------------------------------------------------------------


def test_devapi_documented_errors(mock: MockServer, devapi: chatwire.DevApi) -> None:
    wrong = chatwire.DevApi("dk_wrong", base_url=mock.base_url, max_retries=0)
    expect_api(chatwire.AuthenticationError, 401, "invalid_api_key", wrong.get_usage)
    elsewhere = chatwire.DevApi(
        mock.DEVAPI_KEY, origin="https://evil.example", base_url=mock.base_url, max_retries=0
    )
    expect_api(
        chatwire.PermissionDeniedError, 403, "origin_not_allowed", lambda: elsewhere.chat(message="hi")
    )
    allowed = chatwire.DevApi(mock.DEVAPI_KEY, origin=mock.ORIGIN, base_url=mock.base_url)
    assert allowed.chat(message="hi").success is True
    mock.push_fault("status", status=400)
    expect_api(chatwire.BadRequestError, 400, "invalid_request", devapi.get_usage)
    mock.control("PUT", "/__mock/rate-limits", {"devapi": {"limit": 1, "window_ms": 60000}})
    devapi.get_usage()
    expect_api(chatwire.RateLimitError, 429, "rate_limited", devapi.list_sessions)


# --- Widget-key API -------------------------------------------------------------------------


def test_widgetkey_documented_errors(mock: MockServer, widgetkey: chatwire.WidgetKey) -> None:
    wrong = chatwire.WidgetKey("wk_wrong", base_url=mock.base_url, max_retries=0)
    expect_api(
        chatwire.AuthenticationError, 401, "Unauthorized",
        lambda: wrong.chat(session_id="a", message="hi"),
    )
    mock.push_fault("status", status=400)
    expect_api(
        chatwire.BadRequestError, 400, "Invalid request payload",
        lambda: widgetkey.chat(session_id="a", message="hi"),
    )
    mock.push_fault("status", status=500)
    expect_api(
        chatwire.InternalServerError, 500, "Internal server error",
        lambda: widgetkey.chat_stream(session_id="a", message="hi"),
    )
    mock.control("PUT", "/__mock/rate-limits", {"widgetkey_chat": {"limit": 1, "window_ms": 60000}})
    widgetkey.chat(session_id="a", message="hi")
    expect_api(
        chatwire.RateLimitError, 429, "Too many requests",
        lambda: widgetkey.chat(session_id="a", message="hi"),
    )


# --- statuses, retries, connection faults ---------------------------------------------------


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, chatwire.BadRequestError),
        (401, chatwire.AuthenticationError),
        (403, chatwire.PermissionDeniedError),
        (404, chatwire.NotFoundError),
        (405, chatwire.MethodNotAllowedError),
        (409, chatwire.ConflictError),
        (418, chatwire.APIError),
        (422, chatwire.UnprocessableEntityError),
        (429, chatwire.RateLimitError),
        (500, chatwire.InternalServerError),
        (502, chatwire.InternalServerError),
        (503, chatwire.InternalServerError),
    ],
)
def test_each_status_is_its_class(
    mock: MockServer, mevichat: chatwire.Mevichat, status: int, cls: type[chatwire.APIError]
) -> None:
    mock.push_fault("status", status=status)
    error = expect(cls, mevichat.get_widget_config)
    assert error.status == status


@pytest.mark.parametrize(
    ("status", "header", "seconds"),
    [(429, "7", 7.0), (503, "0.5", 0.5), (429, None, None), (409, "120", 120.0)],
)
def test_retry_after_is_what_the_response_asked_for(
    mock: MockServer,
    mevichat: chatwire.Mevichat,
    status: int,
    header: Union[str, None],
    seconds: Union[float, None],
) -> None:
    if header is None:
        mock.push_fault("status", status=status)
    else:
        mock.push_fault("status", status=status, retry_after=header)
    with pytest.raises(chatwire.APIError) as raised:
        mevichat.get_widget_config()
    assert raised.value.status == status
    assert raised.value.retry_after == seconds
    assert_pickles(raised.value)


def test_retry_after_as_an_http_date(mock: MockServer, mevichat: chatwire.Mevichat) -> None:
    mock.push_fault("status", status=429, retry_after="Wed, 21 Oct 2015 07:28:00 GMT")
    error = expect(chatwire.RateLimitError, mevichat.get_widget_config)
    # A date in the past asks for no wait.
    assert error.retry_after == 0.0


def test_server_errors_are_retried_then_reported(mock: MockServer, mevichat: chatwire.Mevichat) -> None:
    mock.push_fault("status", status=503, times=2)
    assert mevichat.get_widget_config(max_retries=2).bot.name == "Support"
    assert [r["status"] for r in mock.requests()] == [503, 503, 200]
    mock.reset()
    mock.push_fault("status", status=500, times=3)
    # (The widget config is now cached, so the retried call is a chat.)
    expect_api(
        chatwire.InternalServerError, 500, "internal_error",
        lambda: mevichat.chat_stream(
            session_id=mock.SEEDED_SESSION_ID, message="hi", max_retries=1
        ),
    )
    assert [r["status"] for r in mock.requests()] == [500, 500]


def test_widget_config_is_cached(mock: MockServer, mevichat: chatwire.Mevichat) -> None:
    assert mevichat.get_widget_config().bot.name == "Support"
    mock.push_fault("status", status=500)
    assert mevichat.get_widget_config().bot.name == "Support"
    assert len(mock.requests()) == 1, "the second call is served from the cache"


def test_with_options_retries(mock: MockServer, mevichat: chatwire.Mevichat) -> None:
    mock.push_fault("status", status=502, times=1)
    assert mevichat.with_options(max_retries=1).get_widget_config().bot.name == "Support"
    assert len(mock.requests()) == 2


def test_reset_is_a_connection_error(mock: MockServer, mevichat: chatwire.Mevichat) -> None:
    mock.push_fault("reset")
    error = expect(chatwire.APIConnectionError, mevichat.get_widget_config)
    assert "reset" in str(error).lower()
    assert mock.requests()[0]["status"] == 0


def test_refused_connection_is_a_connection_error() -> None:
    client = chatwire.Mevichat(
        "mvc_pk_test_chatwire", "https://example.com", base_url="http://127.0.0.1:1", max_retries=0
    )
    expect(chatwire.APIConnectionError, client.get_widget_config)


def test_stall_before_headers_is_a_timeout(mock: MockServer, mevichat: chatwire.Mevichat) -> None:
    mock.push_fault("stall_before_headers", ms=3000)
    error = expect(chatwire.APITimeoutError, lambda: mevichat.get_widget_config(timeout=0.3))
    assert error.timeout == pytest.approx(0.3)
    mock.push_fault("stall_before_headers", ms=3000)
    expect(
        chatwire.APITimeoutError,
        lambda: mevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hi", timeout=0.3),
    )


def _streams(mock: MockServer) -> dict[str, Callable[..., Any]]:
    """A stream opener per provider with a documented terminal event."""
    m = chatwire.Mevichat(mock.MEVICHAT_PUBLIC_KEY, mock.ORIGIN, base_url=mock.base_url, max_retries=0)
    v = chatwire.Vexar(mock.VEXAR_SITE_KEY, base_url=mock.base_url, max_retries=0)
    d = chatwire.DevApi(mock.DEVAPI_KEY, base_url=mock.base_url, max_retries=0)
    return {
        "mevichat": lambda **kw: m.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hi", **kw),
        "vexar": lambda **kw: v.chat_stream(session_id="s1", message="hi", **kw),
        "devapi": lambda **kw: d.chat_stream(message="hi", **kw),
    }


PROVIDERS = ["mevichat", "vexar", "devapi"]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_stall_between_events_is_an_idle_timeout(mock: MockServer, provider: str) -> None:
    mock.push_fault("stall_between_events", ms=3000, after_events=1)
    stream = _streams(mock)[provider](idle_timeout=0.3)
    error = expect(chatwire.StreamIdleTimeoutError, stream.text)
    assert error.timeout == pytest.approx(0.3)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_keepalives_do_not_reset_the_idle_timeout(mock: MockServer, provider: str) -> None:
    mock.push_fault("keepalive_only", interval_ms=50, count=40)
    stream = _streams(mock)[provider](idle_timeout=0.3)
    expect(chatwire.StreamIdleTimeoutError, lambda: drain(iter(stream)))


@pytest.mark.parametrize("provider", PROVIDERS)
def test_close_after_events_is_stream_ended(mock: MockServer, provider: str) -> None:
    mock.push_fault("close_after_events", events=2)
    stream = _streams(mock)[provider]()
    seen: list[Any] = []
    with pytest.raises(chatwire.StreamEndedError) as raised:
        for event in stream:
            seen.append(event)
    assert raised.value.events == 2 and len(seen) == 2
    assert_pickles(raised.value)
    RAISED.add(chatwire.StreamEndedError)


def test_stream_ended_counts_events_not_errors(mock: MockServer, mevichat: chatwire.Mevichat) -> None:
    # meta, a token that does not decode, a token, then the body ends before `done`.
    body = (
        f'event: meta\ndata: {{"session_id":"{mock.SEEDED_SESSION_ID}","message_id":1}}\n\n'
        'event: token\ndata: {oops\n\n'
        'event: token\ndata: {"text":"a"}\n\n'
    )
    mock.push_fault("replay", path="/api/chat/", body_base64=base64.b64encode(body.encode()).decode())
    stream = mevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hi")
    assert next(stream).type == "meta"
    expect(chatwire.DecodeError, lambda: next(stream))
    assert next(stream).type == "token"
    ended = expect(chatwire.StreamEndedError, lambda: next(stream))
    assert ended.events == 2, "the event that did not decode is not counted"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_end_without_terminal_is_stream_ended(mock: MockServer, provider: str) -> None:
    mock.push_fault("end_without_terminal")
    error = expect(chatwire.StreamEndedError, _streams(mock)[provider]().text)
    assert error.events > 3


def test_malformed_json_is_a_decode_error_and_the_stream_goes_on(
    mock: MockServer, mevichat: chatwire.Mevichat
) -> None:
    mock.push_fault("malformed_json")
    stream = mevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hi")
    assert next(stream).type == "meta"
    error = expect(chatwire.DecodeError, lambda: next(stream))
    assert error.raw.startswith('{"text":') and error.what
    assert next(stream).type == "token", "the stream goes on"
    mock.push_fault("malformed_json")
    expect(
        chatwire.DecodeError, mevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="x").text
    )


def test_vexar_malformed_json_keeps_the_raw_data(mock: MockServer, vexar: chatwire.Vexar) -> None:
    mock.push_fault("malformed_json")
    stream = vexar.chat_stream(session_id="s", message="hi")
    error = expect(chatwire.DecodeError, lambda: next(stream))
    assert error.raw.startswith('{"type":"chunk"')
    assert isinstance(next(stream), vexar_mod.ChunkEvent)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_oversize_event_is_a_decode_error(mock: MockServer, provider: str) -> None:
    mock.push_fault("oversize_event", bytes=2 * 1024 * 1024)
    stream = _streams(mock)[provider]()
    error = expect(chatwire.DecodeError, lambda: drain(iter(stream)))
    assert "cap" in str(error) or "large" in str(error)


def test_unknown_events_are_events(mock: MockServer) -> None:
    streams = _streams(mock)
    mock.push_fault("unknown_event")
    events = drain(iter(streams["mevichat"]()))
    unknown = [e for e in events if isinstance(e, mevichat_mod.UnknownEvent)]
    assert len(unknown) == 1 and unknown[0].type == "unknown" and unknown[0].event
    assert events[-1].type == "done"
    mock.push_fault("unknown_event")
    vevents = drain(iter(streams["vexar"]()))
    vunknown = [e for e in vevents if isinstance(e, vexar_mod.UnknownEvent)]
    assert len(vunknown) == 1 and vunknown[0].data["type"] == "typing"
    mock.push_fault("unknown_event")
    devents = drain(iter(streams["devapi"]()))
    dunknown = [e for e in devents if isinstance(e, devapi_mod.UnknownEvent)]
    assert len(dunknown) == 1 and devents[-1].type == "end"


def test_unknown_event_does_not_break_text(mock: MockServer, mevichat: chatwire.Mevichat) -> None:
    mock.push_fault("unknown_event")
    assert mevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hours").text().startswith(
        "Our business hours"
    )


def test_long_reply(mock: MockServer, mevichat: chatwire.Mevichat) -> None:
    mock.push_fault("long_reply", tokens=300)
    text = mevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hi").text()
    assert len(text.split()) == 300


# --- validation before sending --------------------------------------------------------------


def test_validation_errors_send_nothing(mock: MockServer) -> None:
    m = chatwire.Mevichat(
        mock.MEVICHAT_PUBLIC_KEY, mock.ORIGIN, export_token=mock.EXPORT_JWT, base_url=mock.base_url
    )
    v = chatwire.Vexar(mock.VEXAR_SITE_KEY, base_url=mock.base_url)
    d = chatwire.DevApi(mock.DEVAPI_KEY, base_url=mock.base_url)
    w = chatwire.WidgetKey(mock.WIDGET_KEY, base_url=mock.base_url)
    s = mock.SEEDED_SESSION_ID
    cases: list[tuple[str, Callable[[], object]]] = [
        ("message", lambda: m.chat_stream(session_id=s, message="x" * 4001)),
        ("message", lambda: m.chat_stream(session_id=s, message="é" * 4001)),
        ("message", lambda: m.chat_stream(session_id=s, message="")),
        ("session_id", lambda: m.chat_stream(session_id="not-a-uuid", message="hi")),
        ("session_id", lambda: m.export_conversation("not-a-uuid")),
        ("timeout", lambda: m.chat_stream(session_id=s, message="hi", timeout=-1)),
        ("timeout", lambda: m.get_widget_config(timeout=-1)),
        ("timeout", lambda: m.with_options(timeout=-1)),
        ("score", lambda: v.rate_conversation(session_id="s", score=9)),
        ("score", lambda: v.rate_conversation(session_id="s", score=0)),
        ("email", lambda: v.save_email(session_id="s", email="nope")),
        ("email", lambda: v.save_contact(session_id="s")),
        ("message", lambda: v.chat_stream(session_id="s", message="")),
        ("session_id", lambda: v.get_history(session_id="")),
        ("image", lambda: v.upload_image(session_id="s", image="notes.txt")),
        ("file_name", lambda: v.upload_image(session_id="s", image=b"abc")),
        ("message", lambda: d.chat(message="")),
        ("start_date", lambda: d.get_usage(start_date="01/01/2024")),
        ("per_page", lambda: d.list_sessions(per_page=101)),
        ("session_id", lambda: w.chat(session_id="bad id", message="hi")),
        ("message", lambda: w.chat_stream(session_id="ok", message="")),
    ]
    for field, call in cases:
        error = expect(chatwire.ValidationError, call)
        assert error.field == field, str(error)
        assert error.reason and field in str(error)
    assert mock.requests() == [], "a refused input reached the server"
    # The limit is exactly 4000 characters.
    assert m.chat_stream(session_id=s, message="é" * 4000).text()


def test_constructor_validation() -> None:
    error = expect(
        chatwire.ValidationError,
        lambda: chatwire.Mevichat("k", "https://example.com", base_url="not a url"),
    )
    assert error.field == "base_url"
    error = expect(
        chatwire.ValidationError,
        lambda: chatwire.Mevichat("k", "https://example.com", timeout=-1),
    )
    assert error.field == "timeout"


# --- the exception classes ------------------------------------------------------------------


def test_hierarchy() -> None:
    for cls in (
        chatwire.BadRequestError,
        chatwire.AuthenticationError,
        chatwire.PermissionDeniedError,
        chatwire.NotFoundError,
        chatwire.MethodNotAllowedError,
        chatwire.ConflictError,
        chatwire.UnprocessableEntityError,
        chatwire.RateLimitError,
        chatwire.InternalServerError,
    ):
        assert issubclass(cls, chatwire.APIError)
    # As in openai-python: a timeout is a connection error, a stream's deadline a timeout.
    assert issubclass(chatwire.APITimeoutError, chatwire.APIConnectionError)
    assert issubclass(chatwire.StreamDeadlineError, chatwire.APITimeoutError)
    base: type[chatwire.ChatwireError]
    for base in (
        chatwire.APIError,
        chatwire.APIConnectionError,
        chatwire.APITimeoutError,
        chatwire.StreamDeadlineError,
        chatwire.StreamIdleTimeoutError,
        chatwire.StreamEndedError,
        chatwire.DecodeError,
        chatwire.OperatorModeError,
        chatwire.FileError,
        chatwire.ValidationError,
    ):
        assert issubclass(base, chatwire.ChatwireError) and issubclass(base, Exception)


@pytest.mark.parametrize(
    "error",
    [
        chatwire.ChatwireError("base"),
        chatwire.APIError("api", status=None, code="quota_exceeded", message="m"),
        chatwire.BadRequestError("400", status=400, code="c", message="m", body="{}"),
        chatwire.AuthenticationError("401", status=401, code="c", request_id="r1"),
        chatwire.PermissionDeniedError("403", status=403, code="c"),
        chatwire.NotFoundError("404", status=404),
        chatwire.RateLimitError("429", status=429, code="rate_limited", retry_after=2.5),
        chatwire.MethodNotAllowedError("405", status=405),
        chatwire.ConflictError("409", status=409, code="conflict"),
        chatwire.UnprocessableEntityError("422", status=422),
        chatwire.InternalServerError("500", status=500, code="x"),
        chatwire.APIConnectionError("conn"),
        chatwire.APITimeoutError("t", timeout=0.5),
        chatwire.StreamDeadlineError("s", timeout=0.5),
        chatwire.StreamIdleTimeoutError("i", timeout=0.25),
        chatwire.StreamEndedError("e", events=3),
        chatwire.DecodeError("d", what="event", raw="{"),
        chatwire.OperatorModeError("o", session_id="sess_1"),
        chatwire.FileError("f", action="write", path="/tmp/x.json"),
        chatwire.ValidationError("v", field="score", reason="r"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_constructed_errors_pickle(error: chatwire.ChatwireError) -> None:
    assert_pickles(error)


def test_panic_is_a_chatwire_error() -> None:
    native = importlib.import_module("chatwire._native")
    with pytest.raises(Exception) as raised:
        native._raise_panic_for_test()
    error = raised.value
    assert type(error) is chatwire.ChatwireError, type(error).__mro__
    assert "panic" in str(error)
    assert_pickles(error)
    RAISED.add(chatwire.ChatwireError)


# --- async ----------------------------------------------------------------------------------


async def test_async_api_errors(mock: MockServer) -> None:
    revoked = chatwire.AsyncMevichat(
        mock.MEVICHAT_REVOKED_KEY, mock.ORIGIN, base_url=mock.base_url, max_retries=0
    )
    with pytest.raises(chatwire.AuthenticationError) as raised:
        await revoked.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hi")
    assert (raised.value.status, raised.value.code) == (401, "invalid_api_key")
    assert_pickles(raised.value)
    vexar = chatwire.AsyncVexar(mock.VEXAR_SITE_KEY, base_url=mock.base_url, max_retries=0)
    with pytest.raises(chatwire.PermissionDeniedError) as denied:
        await vexar.chat_stream(session_id=mock.VEXAR_BLOCKED_SESSION, message="hi")
    assert denied.value.code == "visitor_blocked"
    mock.push_fault("status", status=503)
    with pytest.raises(chatwire.InternalServerError):
        await vexar.get_history(session_id="s")


async def test_async_stream_faults(mock: MockServer, amevichat: chatwire.AsyncMevichat) -> None:
    s = mock.SEEDED_SESSION_ID
    mock.push_fault("close_after_events", events=2)
    stream = await amevichat.chat_stream(session_id=s, message="hi")
    with pytest.raises(chatwire.StreamEndedError) as ended:
        async for _ in stream:
            pass
    assert ended.value.events == 2
    mock.push_fault("stall_between_events", ms=3000)
    stream = await amevichat.chat_stream(session_id=s, message="hi", idle_timeout=0.3)
    with pytest.raises(chatwire.StreamIdleTimeoutError):
        await stream.text()
    mock.push_fault("malformed_json")
    stream = await amevichat.chat_stream(session_id=s, message="hi")
    with pytest.raises(chatwire.DecodeError) as decode:
        await stream.text()
    assert decode.value.raw
    mock.push_fault("stall_before_headers", ms=3000)
    with pytest.raises(chatwire.APITimeoutError):
        await amevichat.get_widget_config(timeout=0.3)
    mock.push_fault("reset")
    with pytest.raises(chatwire.APIConnectionError):
        await amevichat.get_widget_config()
    quota = chatwire.AsyncMevichat(mock.MEVICHAT_QUOTA_KEY, mock.ORIGIN, base_url=mock.base_url)
    with pytest.raises(chatwire.APIError) as in_stream:
        await (await quota.chat_stream(session_id=s, message="hi")).text()
    assert (in_stream.value.status, in_stream.value.code) == (None, "quota_exceeded")


async def test_async_stream_faults_that_shape_the_body(
    mock: MockServer, amevichat: chatwire.AsyncMevichat
) -> None:
    """The async mirror of the sync tests of the faults not covered above."""
    s = mock.SEEDED_SESSION_ID
    mock.push_fault("end_without_terminal")
    stream = await amevichat.chat_stream(session_id=s, message="hi")
    with pytest.raises(chatwire.StreamEndedError) as ended:
        await stream.text()
    assert ended.value.events > 3
    mock.push_fault("keepalive_only", interval_ms=50, count=40)
    stream = await amevichat.chat_stream(session_id=s, message="hi", idle_timeout=0.3)
    with pytest.raises(chatwire.StreamIdleTimeoutError):
        async for _ in stream:
            pass
    mock.push_fault("oversize_event", bytes=2 * 1024 * 1024)
    stream = await amevichat.chat_stream(session_id=s, message="hi")
    with pytest.raises(chatwire.DecodeError):
        async for _ in stream:
            pass
    mock.push_fault("unknown_event")
    stream = await amevichat.chat_stream(session_id=s, message="hi")
    events = [event async for event in stream]
    unknown = [e for e in events if isinstance(e, mevichat_mod.UnknownEvent)]
    assert len(unknown) == 1 and unknown[0].event and events[-1].type == "done"
    mock.push_fault("long_reply", tokens=300)
    stream = await amevichat.chat_stream(session_id=s, message="hi")
    assert len((await stream.text()).split()) == 300


async def test_async_validation(mock: MockServer, avexar: chatwire.AsyncVexar) -> None:
    with pytest.raises(chatwire.ValidationError) as raised:
        await avexar.rate_conversation(session_id="s", score=9)
    assert raised.value.field == "score"
    with pytest.raises(chatwire.ValidationError) as raised:
        await avexar.get_history(session_id="s", timeout=-1)
    assert raised.value.field == "timeout"
    assert mock.requests() == []


def test_option_validation_sends_nothing(mock: MockServer, mevichat: chatwire.Mevichat) -> None:
    s = mock.SEEDED_SESSION_ID
    cases: list[tuple[str, Callable[[], object]]] = [
        ("timeout", lambda: mevichat.get_widget_config(timeout=0)),
        ("timeout", lambda: mevichat.get_widget_config(timeout=float("nan"))),
        ("idle_timeout", lambda: mevichat.chat_stream(session_id=s, message="hi", idle_timeout=-1)),
        ("extra_headers", lambda: mevichat.get_widget_config(extra_headers={"bad header": "x"})),
        ("extra_headers", lambda: mevichat.get_widget_config(extra_headers={"x": "a\nb"})),
        ("connect_timeout", lambda: chatwire.Mevichat("k", mock.ORIGIN, connect_timeout=-1)),
        ("base_url", lambda: chatwire.Vexar(mock.VEXAR_SITE_KEY)),
    ]
    for field, call in cases:
        assert expect(chatwire.ValidationError, call).field == field
    assert mock.requests() == []


def test_negative_max_retries_is_a_validation_error(
    mock: MockServer, mevichat: chatwire.Mevichat
) -> None:
    with pytest.raises(chatwire.ValidationError) as per_call:
        mevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hi", max_retries=-1)
    assert per_call.value.field == "max_retries"
    with pytest.raises(chatwire.ValidationError) as per_client:
        chatwire.Mevichat(mock.MEVICHAT_PUBLIC_KEY, mock.ORIGIN, base_url=mock.base_url, max_retries=-1)
    assert per_client.value.field == "max_retries"
    assert mock.requests() == []


def test_operator_mode_error_names_its_session(mock: MockServer, vexar: chatwire.Vexar) -> None:
    mock.control(
        "POST",
        "/__mock/vexar/operator-messages",
        {"site_key": mock.VEXAR_SITE_KEY, "session_id": "sess_op", "mode": "operator"},
    )
    watch = vexar.watch(session_id="sess_op", interval=0.05, pause_ai_in_operator_mode=True)
    assert next(watch).type == "mode_changed"
    error = expect(chatwire.OperatorModeError, lambda: vexar.chat_stream(session_id="sess_op", message="hi"))
    assert error.session_id == "sess_op" and "operator mode" in str(error)
    watch.close()


def test_file_error_names_its_path(mock: MockServer, tmp_path: Path) -> None:
    occupied = tmp_path / "occupied"
    occupied.write_text("")
    client = chatwire.Mevichat(
        mock.MEVICHAT_PUBLIC_KEY, mock.ORIGIN, export_token=mock.EXPORT_JWT, base_url=mock.base_url
    )
    error = expect(chatwire.FileError, lambda: client.export_all([mock.SEEDED_SESSION_ID], occupied / "out"))
    assert error.path == str(occupied / "out") and error.action == "make the directory"
    assert str(occupied) in str(error)


def test_zz_every_class_was_raised() -> None:
    """Runs last in this module (by name order of definition): every class was seen raised."""
    expected = {
        chatwire.ChatwireError,
        chatwire.APIError,
        chatwire.BadRequestError,
        chatwire.AuthenticationError,
        chatwire.PermissionDeniedError,
        chatwire.NotFoundError,
        chatwire.MethodNotAllowedError,
        chatwire.ConflictError,
        chatwire.UnprocessableEntityError,
        chatwire.RateLimitError,
        chatwire.InternalServerError,
        chatwire.APIConnectionError,
        chatwire.APITimeoutError,
        chatwire.StreamIdleTimeoutError,
        chatwire.StreamEndedError,
        chatwire.DecodeError,
        chatwire.OperatorModeError,
        chatwire.FileError,
        chatwire.ValidationError,
    }
    if not RAISED:
        pytest.skip("run alone; the raising tests did not run")
    missing = expected - RAISED
    assert not missing, sorted(c.__name__ for c in missing)
