"""The hostile server's cases (`tests/hostile/cases.json`) through the Python API, sync and async:
a raw-socket server that redirects, stalls, lies and truncates. Each test asserts the exception
class and a time bound, then records the case as held for `tests/hostile/report.py`."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any, Awaitable, Callable, Iterator, Optional, TypeVar

import pytest

import chatwire
from chatwire import mevichat as mevichat_mod
from hostile import HostileServer, record

MEVICHAT_KEY = "mvc_pk_hostile_secret_1"
ORIGIN = "https://example.com"
EXPORT_JWT = "eyJhbGciOiJIUzI1NiJ9.hostile_secret_2.sig"
VEXAR_KEY = "vx_hostile_secret_3"
DEVAPI_KEY = "dk_hostile_secret_4"
WIDGET_KEY = "wk_hostile_secret_5"
SECRETS = (MEVICHAT_KEY, EXPORT_JWT, VEXAR_KEY, DEVAPI_KEY, WIDGET_KEY)
SESSION = "5f3e8c7c-5d4a-4a91-9a4e-c9a7e6d2b0f1"
REDIRECT_STATUSES = (301, 302, 303, 307, 308)

# Short timeouts keep the suite quick, and are far from the scenarios' own pace (stalls of 30 s,
# a byte every 100 ms). A wait may take SLACK past its timeout.
TIMEOUT = 1.0
SLACK = 1.0
SETTINGS: dict[str, Any] = dict(
    timeout=TIMEOUT, connect_timeout=TIMEOUT, idle_timeout=TIMEOUT, max_retries=0
)

T = TypeVar("T")


@pytest.fixture(scope="module")
def hostile_process() -> Iterator[HostileServer]:
    server = HostileServer()
    yield server
    server.close()


@pytest.fixture
def hostile(hostile_process: HostileServer) -> HostileServer:
    hostile_process.reset()
    return hostile_process


def timed(call: Callable[[], T]) -> tuple[T, float]:
    started = time.monotonic()
    value = call()
    return value, time.monotonic() - started


def raises(call: Callable[[], Any]) -> tuple[BaseException, float]:
    """What `call` raised, and how long it took to raise it."""
    started = time.monotonic()
    try:
        call()
    except BaseException as error:  # noqa: BLE001 - the test asserts on its class
        return error, time.monotonic() - started
    raise AssertionError("nothing was raised")


async def araises(call: Callable[[], Awaitable[Any]]) -> tuple[BaseException, float]:
    started = time.monotonic()
    try:
        await call()
    except BaseException as error:  # noqa: BLE001 - the test asserts on its class
        return error, time.monotonic() - started
    raise AssertionError("nothing was raised")


def mevichat(base: str, **settings: Any) -> chatwire.Mevichat:
    return chatwire.Mevichat(
        MEVICHAT_KEY, ORIGIN, export_token=EXPORT_JWT, base_url=base, **(SETTINGS | settings)
    )


def amevichat(base: str) -> chatwire.AsyncMevichat:
    return chatwire.AsyncMevichat(
        MEVICHAT_KEY, ORIGIN, export_token=EXPORT_JWT, base_url=base, **SETTINGS
    )


def widgetkey(base: str, **settings: Any) -> chatwire.WidgetKey:
    return chatwire.WidgetKey(WIDGET_KEY, base_url=base, **(SETTINGS | settings))


def widgetkey_chat(base: str) -> Any:
    return widgetkey(base).chat(session_id="user-1", message="hi")


def open_stream(base: str) -> chatwire.ChatStream[Any]:
    return mevichat(base).chat_stream(
        session_id=SESSION, message="hi", visitor_metadata={"plan": "pro"}
    )


def read_all(stream: chatwire.ChatStream[Any]) -> list[Any]:
    """Every item of a stream; an error ends the list (and is its last item), except a
    DecodeError, after which the stream reads on."""
    items: list[Any] = []
    while True:
        try:
            items.append(next(stream))
        except StopIteration:
            return items
        except chatwire.DecodeError as error:
            items.append(error)
        except chatwire.ChatwireError as error:
            items.append(error)
            return items


def closed_by_client(hostile: HostileServer, scenario: str, deadline: float = 2.0) -> bool:
    """Whether every connection to `scenario` was closed by the client, within `deadline`."""
    stop = time.monotonic() + deadline
    while True:
        connections = [c for c in hostile.connections() if c["scenario"] == scenario]
        if connections and all(c["closed_by"] == "client" for c in connections):
            return True
        if time.monotonic() > stop:
            return False
        time.sleep(0.02)


# --- Redirects -------------------------------------------------------------------------------


def credential_calls(base: str) -> list[tuple[str, Callable[[], Any]]]:
    """Every call that carries a credential: Mevichat's public key (body and query) and export
    JWT, Vexar's site key (body and query), the bearer key, and the widget key in either header."""
    m = mevichat(base)
    v = chatwire.Vexar(VEXAR_KEY, base_url=base, **SETTINGS)
    d = chatwire.DevApi(DEVAPI_KEY, base_url=base, **SETTINGS)
    w = widgetkey(base)
    w2 = chatwire.WidgetKey(WIDGET_KEY, key_header="x-widget-api-key", base_url=base, **SETTINGS)
    return [
        ("mevichat chat_stream", lambda: open_stream(base)),
        ("mevichat get_widget_config", m.get_widget_config),
        ("mevichat export_conversation", lambda: m.export_conversation(SESSION)),
        ("vexar chat_stream", lambda: v.chat_stream(session_id="sess-1", message="hi")),
        ("vexar get_history", lambda: v.get_history(session_id="sess-1")),
        ("devapi chat", lambda: d.chat(message="hi")),
        ("widgetkey chat", lambda: w.chat(session_id="user-1", message="hi")),
        ("widgetkey chat_stream", lambda: w2.chat_stream(session_id="user-1", message="hi")),
    ]


def async_credential_calls(base: str) -> list[tuple[str, Callable[[], Awaitable[Any]]]]:
    m = amevichat(base)
    v = chatwire.AsyncVexar(VEXAR_KEY, base_url=base, **SETTINGS)
    d = chatwire.AsyncDevApi(DEVAPI_KEY, base_url=base, **SETTINGS)
    w = chatwire.AsyncWidgetKey(WIDGET_KEY, base_url=base, **SETTINGS)
    return [
        ("mevichat chat_stream", lambda: m.chat_stream(session_id=SESSION, message="hi")),
        ("mevichat export_conversation", lambda: m.export_conversation(SESSION)),
        ("vexar chat_stream", lambda: v.chat_stream(session_id="sess-1", message="hi")),
        ("devapi chat", lambda: d.chat(message="hi")),
        ("widgetkey chat", lambda: w.chat(session_id="user-1", message="hi")),
    ]


# The case, and the kind of origin the redirect leads to.
REDIRECTS_ELSEWHERE = [
    ("redirect-other-port", "port"),
    ("redirect-other-host", "host"),
    ("redirect-other-scheme", "scheme"),
]


def leads_to(hostile: HostileServer, kind: str) -> str:
    return {"port": hostile.trap + "/", "host": "http://localhost:", "scheme": "https://"}[kind]


def assert_refused(error: BaseException, status: int, prefix: str, name: str) -> None:
    assert isinstance(error, chatwire.RedirectError), f"{name} after {status}: {error!r}"
    assert (error.status, error.reason) == (status, "it leads to another origin"), name
    assert error.location.startswith(prefix), (name, error.location)
    shown = f"{error} {error!r} {error.__dict__}"
    assert not any(secret in shown for secret in SECRETS), shown


@pytest.mark.parametrize("case, kind", REDIRECTS_ELSEWHERE)
def test_a_redirect_to_another_origin_is_not_followed(
    hostile: HostileServer, case: str, kind: str
) -> None:
    slowest = 0.0
    for status in REDIRECT_STATUSES:
        base = hostile.url(f"redirect-{status}-{kind}")
        for name, call in credential_calls(base):
            error, took = raises(call)
            assert_refused(error, status, leads_to(hostile, kind), name)
            slowest = max(slowest, took)
    assert hostile.trap_requests() == [], "nothing reaches the other origin"
    assert len(hostile.requests()) == len(REDIRECT_STATUSES) * 8
    record(case, "RedirectError, the other origin got nothing", slowest, variant="sync")


@pytest.mark.parametrize("case, kind", REDIRECTS_ELSEWHERE)
async def test_a_redirect_to_another_origin_is_not_followed_async(
    hostile: HostileServer, case: str, kind: str
) -> None:
    slowest = 0.0
    for status in REDIRECT_STATUSES:
        base = hostile.url(f"redirect-{status}-{kind}")
        for name, call in async_credential_calls(base):
            error, took = await araises(call)
            assert_refused(error, status, leads_to(hostile, kind), name)
            slowest = max(slowest, took)
    assert hostile.trap_requests() == []
    record(case, "RedirectError, the other origin got nothing", slowest, variant="async")


def test_a_redirect_within_the_origin_is_followed(hostile: HostileServer) -> None:
    slowest = 0.0
    for status in REDIRECT_STATUSES:
        for kind in ("same", "same-absolute"):
            reply, took = timed(lambda: widgetkey_chat(hostile.url(f"redirect-{status}-{kind}")))
            assert reply.conversation_id == "conv_hostile", (status, kind)
            slowest = max(slowest, took)
        events, took = timed(lambda: list(open_stream(hostile.url(f"redirect-{status}-same-sse"))))
        assert [e.type for e in events] == ["meta", "token", "token", "token", "done"]
        slowest = max(slowest, took)
    record("redirect-same-origin", "followed: the answer after it", slowest)


def test_a_redirect_loop_stops_at_the_cap_and_is_not_retried(hostile: HostileServer) -> None:
    client = widgetkey(hostile.url("redirect-loop"), max_retries=3)
    error, took = raises(lambda: client.chat(session_id="u", message="hi"))
    assert isinstance(error, chatwire.RedirectError), repr(error)
    assert (error.status, error.reason) == (302, "too many redirects")
    assert len(hostile.requests()) == 6
    record("redirect-loop", "RedirectError after 6 requests", took)


# --- Every wait is bounded -------------------------------------------------------------------


def assert_ends_in_time(
    hostile: HostileServer,
    case: str,
    scenario: Optional[str],
    error: BaseException,
    took: float,
    expected: type[BaseException],
    *,
    variant: str = "sync",
) -> None:
    assert isinstance(error, expected), f"{case}: {error!r}"
    assert TIMEOUT - 0.05 <= took <= TIMEOUT + SLACK, f"{case}: {took:.3f} s"
    if scenario is not None:
        assert closed_by_client(hostile, scenario), hostile.connections()
    record(case, type(error).__name__, took, variant=variant)


WAITS = [
    # (case, scenario, provider call, expected class)
    ("stalled-headers", "stall-headers", "json", chatwire.APITimeoutError),
    ("slow-headers", "slow-headers", "json", chatwire.APITimeoutError),
    ("stalled-error-body", "stall-error-body", "json", chatwire.InternalServerError),
    (
        "stalled-error-body-chunked",
        "stall-error-body-chunked",
        "json",
        chatwire.InternalServerError,
    ),
    ("slow-error-body", "slow-error-body", "json", chatwire.InternalServerError),
    ("stalled-wrong-type-body", "stall-wrong-type", "stream", chatwire.DecodeError),
    ("stalled-success-body", "stall-json-body", "json", chatwire.APITimeoutError),
    ("slow-success-body", "slow-json-body", "json", chatwire.APITimeoutError),
]


@pytest.mark.parametrize("case, scenario, call, expected", WAITS)
def test_every_wait_ends_within_its_timeout(
    hostile: HostileServer, case: str, scenario: str, call: str, expected: type[BaseException]
) -> None:
    base = hostile.url(scenario)
    error, took = raises(lambda: widgetkey_chat(base) if call == "json" else open_stream(base))
    assert_ends_in_time(hostile, case, scenario, error, took, expected)


@pytest.mark.parametrize("case, scenario, call, expected", WAITS)
async def test_every_wait_ends_within_its_timeout_async(
    hostile: HostileServer, case: str, scenario: str, call: str, expected: type[BaseException]
) -> None:
    base = hostile.url(scenario)

    async def attempt() -> Any:
        if call == "json":
            client = chatwire.AsyncWidgetKey(WIDGET_KEY, base_url=base, **SETTINGS)
            return await client.chat(session_id="user-1", message="hi")
        return await amevichat(base).chat_stream(session_id=SESSION, message="hi")

    error, took = await araises(attempt)
    assert_ends_in_time(hostile, case, scenario, error, took, expected, variant="async")


def test_a_connect_that_hangs_times_out(hostile: HostileServer) -> None:
    error, took = raises(lambda: widgetkey_chat(hostile.blackhole))
    assert_ends_in_time(hostile, "stalled-connect", None, error, took, chatwire.APITimeoutError)


@pytest.mark.parametrize(
    "case, scenario, before",
    [
        ("stalled-before-first-event", "stall-sse-before-first", []),
        ("stalled-between-events", "stall-sse-silent", ["meta", "token"]),
        ("keepalive-only-between-events", "stall-sse-keepalive", ["meta", "token"]),
    ],
)
def test_silence_between_events_ends_the_stream(
    hostile: HostileServer, case: str, scenario: str, before: list[str]
) -> None:
    stream = open_stream(hostile.url(scenario))
    items, took = timed(lambda: read_all(stream))
    assert [item.type for item in items[:-1]] == before
    assert isinstance(items[-1], chatwire.StreamIdleTimeoutError), items
    assert items[-1].timeout == TIMEOUT
    assert TIMEOUT <= took <= TIMEOUT + SLACK, took
    assert closed_by_client(hostile, scenario)
    record(case, "StreamIdleTimeoutError", took, variant="sync")


@pytest.mark.parametrize(
    "case, scenario, before",
    [
        ("stalled-before-first-event", "stall-sse-before-first", 0),
        ("stalled-between-events", "stall-sse-silent", 2),
        ("keepalive-only-between-events", "stall-sse-keepalive", 2),
    ],
)
async def test_silence_between_events_ends_the_stream_async(
    hostile: HostileServer, case: str, scenario: str, before: int
) -> None:
    stream = await amevichat(hostile.url(scenario)).chat_stream(session_id=SESSION, message="hi")
    started = time.monotonic()
    seen = 0
    with pytest.raises(chatwire.StreamIdleTimeoutError):
        async for _ in stream:
            seen += 1
    took = time.monotonic() - started
    assert seen == before
    assert TIMEOUT <= took <= TIMEOUT + SLACK, took
    assert closed_by_client(hostile, scenario)
    record(case, "StreamIdleTimeoutError", took, variant="async")


def test_a_huge_error_body_is_read_only_up_to_the_cap(hostile: HostileServer) -> None:
    error, took = raises(lambda: widgetkey_chat(hostile.url("huge-error-body")))
    assert isinstance(error, chatwire.InternalServerError), repr(error)
    assert error.body is not None and len(error.body) <= 4096 + len("… (truncated)")
    assert error.body.endswith("… (truncated)")
    assert "not read whole" in error.message
    assert took < 2.0, took
    assert closed_by_client(hostile, "huge-error-body")
    record("huge-error-body", "InternalServerError, body cut to 4 KiB", took)

    error, took = raises(lambda: widgetkey_chat(hostile.url("huge-error-message")))
    assert isinstance(error, chatwire.BadRequestError), repr(error)
    assert len(str(error)) < 2048 and "not read whole" in str(error)
    record("huge-error-message", "BadRequestError with a short message", took)


# --- Careless input --------------------------------------------------------------------------


def test_framing_headers_are_refused_before_anything_is_sent(hostile: HostileServer) -> None:
    base = hostile.url("reply-json")
    started = time.monotonic()
    for name in ("Content-Length", "Transfer-Encoding", "Host", "Connection"):
        with pytest.raises(chatwire.ValidationError) as refused:
            widgetkey(base, default_headers={name: "2"})
        assert refused.value.field == "default_headers"
        client = widgetkey(base)
        with pytest.raises(chatwire.ValidationError) as refused:
            client.chat(session_id="u", message="hi", extra_headers={name: "2"})
        assert refused.value.field == "extra_headers"
        with pytest.raises(chatwire.ValidationError):
            client.with_options(extra_headers={name: "2"}).chat(session_id="u", message="hi")
    assert hostile.requests() == []
    record("framing-headers", "ValidationError", time.monotonic() - started)


def test_a_base_url_with_a_password_query_or_fragment_is_refused(hostile: HostileServer) -> None:
    port = hostile.base.rsplit(":", 1)[1]
    started = time.monotonic()
    for base in (
        f"http://user:pa55word@127.0.0.1:{port}/reply-json/",
        f"http://pa55word@127.0.0.1:{port}/",
        "http://user:pa55word@[::1",
    ):
        with pytest.raises(chatwire.ValidationError) as refused:
            widgetkey(base)
        assert refused.value.field == "base_url"
        shown = f"{refused.value} {refused.value!r} {refused.value.__dict__}"
        assert "pa55word" not in shown, shown
    record("base-url-userinfo", "ValidationError without the password", time.monotonic() - started)

    started = time.monotonic()
    for base in (f"http://127.0.0.1:{port}/reply-json/?tenant=1", f"http://127.0.0.1:{port}/#top"):
        with pytest.raises(chatwire.ValidationError) as refused:
            widgetkey(base)
        assert refused.value.field == "base_url"
    assert hostile.requests() == []
    record("base-url-query-or-fragment", "ValidationError", time.monotonic() - started)


async def test_a_zero_retry_after_does_not_make_the_retries_a_burst(hostile: HostileServer) -> None:
    slowest = 0.0
    for scenario in ("retry-after-zero", "retry-after-ms-zero"):
        hostile.reset()
        base = hostile.url(scenario)
        client = chatwire.AsyncWidgetKey(WIDGET_KEY, base_url=base, max_retries=200)
        started = time.monotonic()
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(client.chat(session_id="u", message="hi"), timeout=1.6)
        slowest = max(slowest, time.monotonic() - started)
        times = [r["at_ms"] for r in hostile.requests()]
        # The backoff is 0.5 s, then 1 s, less a quarter at most: 3 attempts fit in 1.6 s.
        assert 2 <= len(times) <= 3, (scenario, times)
        assert all(b - a >= 370 for a, b in zip(times, times[1:])), times
    record("retry-after-zero", "attempts at least the backoff apart", slowest)


def test_any_duration_is_accepted_or_refused_and_nothing_panics(hostile: HostileServer) -> None:
    started = time.monotonic()
    accepted = 0
    for seconds in (float("inf"), 1e300, 1e19, 1e12, 2**63, 1e-9, 0.5):
        try:
            client = mevichat(
                hostile.url("reply-sse"),
                timeout=seconds,
                connect_timeout=seconds,
                idle_timeout=seconds,
            )
        except chatwire.ValidationError:
            continue
        if seconds >= 0.5:
            assert len(list(client.chat_stream(session_id=SESSION, message="hi"))) == 5
            accepted += 1
    assert accepted >= 3
    for bad in (0, -1, -1e300, float("nan"), float("-inf")):
        with pytest.raises(chatwire.ValidationError) as refused:
            mevichat(hostile.url("reply-sse"), idle_timeout=bad)
        assert refused.value.field == "idle_timeout"
    record("extreme-durations", "accepted, or ValidationError", time.monotonic() - started)


# --- Encodings, truncations, lies ------------------------------------------------------------


@pytest.mark.parametrize(
    "case, encoding, call",
    [
        ("gzip-json", "gzip", "json"),
        ("deflate-json", "deflate", "json"),
        ("br-json", "br", "json"),
        ("gzip-sse", "gzip", "stream"),
        ("br-sse", "br", "stream"),
        ("gzip-bomb", "gzip", "stream"),
    ],
)
def test_an_unrequested_encoding_is_refused_naming_it(
    hostile: HostileServer, case: str, encoding: str, call: str
) -> None:
    base = hostile.url(case)
    error, took = raises(lambda: widgetkey_chat(base) if call == "json" else open_stream(base))
    assert isinstance(error, chatwire.DecodeError), repr(error)
    assert f"{encoding}-encoded" in str(error), str(error)
    assert took < 2.0, took
    record(case, "DecodeError naming the encoding", took)


def test_a_gzip_error_body_is_not_read(hostile: HostileServer) -> None:
    error, took = raises(lambda: widgetkey_chat(hostile.url("gzip-error")))
    assert isinstance(error, chatwire.InternalServerError), repr(error)
    assert "gzip" in str(error)
    record("gzip-error-body", "InternalServerError naming gzip", took)


def test_an_oversize_line_is_not_counted_as_an_event(hostile: HostileServer) -> None:
    items, took = timed(lambda: read_all(open_stream(hostile.url("oversize-then-close"))))
    assert isinstance(items[0], mevichat_mod.MetaEvent)
    assert isinstance(items[1], chatwire.DecodeError) and "cap" in str(items[1])
    assert isinstance(items[2], chatwire.StreamEndedError) and items[2].events == 1, items
    assert len(items) == 3
    record("oversize-line-not-counted", "meta, DecodeError, StreamEndedError after 1", took)


@pytest.mark.parametrize(
    "case, scenario, expected",
    [
        ("json-as-html", "json-as-html", chatwire.DecodeError),
        ("content-length-short", "cl-short", chatwire.DecodeError),
        ("content-length-long", "cl-long", chatwire.APIConnectionError),
        ("chunked-truncated", "chunked-truncated", chatwire.APIConnectionError),
        ("huge-headers", "huge-headers", chatwire.APIConnectionError),
        ("not-http", "not-http", chatwire.APIConnectionError),
        ("garbage-status", "garbage-status", chatwire.APIConnectionError),
        ("reset-before-headers", "reset-before-headers", chatwire.APIConnectionError),
        ("reset-mid-json", "reset-mid-json", chatwire.APIConnectionError),
    ],
)
def test_a_lying_or_truncated_answer_is_a_typed_error(
    hostile: HostileServer, case: str, scenario: str, expected: type[BaseException]
) -> None:
    error, took = raises(lambda: widgetkey_chat(hostile.url(scenario)))
    assert isinstance(error, expected), f"{case}: {error!r}"
    assert took < 3.0, took
    record(case, type(error).__name__, took)


def test_a_refused_connection_and_a_stream_of_the_wrong_type(hostile: HostileServer) -> None:
    error, took = raises(lambda: widgetkey_chat(hostile.closed))
    assert isinstance(error, chatwire.APIConnectionError), repr(error)
    record("connection-refused", "APIConnectionError", took)
    error, took = raises(lambda: open_stream(hostile.url("sse-as-json")))
    assert isinstance(error, chatwire.DecodeError) and "application/json" in str(error)
    record("sse-as-json", "DecodeError", took)


@pytest.mark.parametrize(
    "case, scenario, before",
    [
        ("sse-chunked-truncated", "sse-chunked-truncated", 1),
        ("reset-mid-stream", "reset-mid-sse", 2),
    ],
)
def test_a_stream_cut_short_ends_after_its_events(
    hostile: HostileServer, case: str, scenario: str, before: int
) -> None:
    items, took = timed(lambda: read_all(open_stream(hostile.url(scenario))))
    assert len(items) == before + 1, items
    assert isinstance(items[-1], chatwire.StreamEndedError) and items[-1].events == before
    record(case, "StreamEndedError", took)


def test_a_64_mib_line_is_skipped_and_the_stream_goes_on(hostile: HostileServer) -> None:
    items, took = timed(lambda: read_all(open_stream(hostile.url("huge-line"))))
    assert isinstance(items[1], chatwire.DecodeError)
    assert [getattr(item, "type", None) for item in items[2:]] == ["token", "done"]
    assert items[2].text == "after"
    record("huge-line", "DecodeError, then the events after it", took)


def test_a_million_events_all_arrive_in_order(hostile: HostileServer) -> None:
    stream = open_stream(hostile.url("million-events"))
    started = time.monotonic()
    kinds: dict[str, int] = {}
    last = None
    for event in stream:
        kinds[event.type] = kinds.get(event.type, 0) + 1
        last = event
    took = time.monotonic() - started
    assert kinds == {"meta": 1, "token": 1_000_000, "done": 1}
    assert isinstance(last, mevichat_mod.DoneEvent)
    record("million-events", "1,000,002 events in order", took)


def test_a_cache_lifetime_past_any_clock_is_held_to_a_day(hostile: HostileServer) -> None:
    client = mevichat(hostile.url("cache-forever"))
    _, took = timed(client.get_widget_config)
    client.get_widget_config()
    assert len(hostile.requests()) == 1, "the second call is answered from the cache"
    record("cache-forever", "cached, no panic", took)


# --- A watcher and a bulk export against it --------------------------------------------------

# What a watcher polls, stalled, lied to, cut short, reset or redirected elsewhere.
WATCH_SCENARIOS = (
    "stall-headers",
    "slow-json-body",
    "json-as-html",
    "garbage-status",
    "not-http",
    "cl-short",
    "reset-mid-json",
    "huge-error-body",
    "gzip-json",
    "redirect-302-host",
    "redirect-307-port",
    "redirect-loop",
)
# Where a bulk export reads a lie (a body that is no export, one cut short) or a redirect.
EXPORT_SCENARIOS = ("json-as-html", "reply-json", "cl-short", "redirect-302-port")


def test_a_watcher_ends_with_a_typed_error_whatever_its_server_does(hostile: HostileServer) -> None:
    slowest = 0.0
    for scenario in WATCH_SCENARIOS:
        client = chatwire.Vexar(VEXAR_KEY, base_url=hostile.url(scenario))
        watch = client.watch(
            session_id="sess_hostile", interval=0.03, max_failures=1, poll_timeout=TIMEOUT
        )
        with watch:
            error, took = raises(lambda: next(watch))
            assert isinstance(error, chatwire.ChatwireError), f"{scenario}: {error!r}"
            assert not any(secret in f"{error} {error!r}" for secret in SECRETS), scenario
            assert next(watch, None) is None, f"{scenario}: it ends after the error"
        # A poll timeout and one back-off (0.5 s, with its jitter) at the most, per request.
        assert took < 2 * TIMEOUT + SLACK + 1.0, f"{scenario}: {took:.2f} s"
        slowest = max(slowest, took)
    assert hostile.trap_requests() == [], "the key reached another origin"
    record("watch-hostile-server", "a typed error, then the end; nothing to the other origin", slowest)


def test_a_bulk_export_reports_each_lie_and_writes_nothing(
    hostile: HostileServer, tmp_path: Path
) -> None:
    slowest = 0.0
    for scenario in EXPORT_SCENARIOS:
        summary, took = timed(lambda: mevichat(hostile.url(scenario)).export_all([SESSION], tmp_path))
        assert (len(summary.written), len(summary.failed)) == (0, 1), scenario
        error = summary.failed[0].error
        assert isinstance(error, chatwire.ChatwireError), f"{scenario}: {error!r}"
        assert not any(secret in f"{error} {error!r}" for secret in SECRETS), scenario
        assert took < TIMEOUT + SLACK, f"{scenario}: {took:.2f} s"
        slowest = max(slowest, took)
    assert list(tmp_path.iterdir()) == [], "no file written"
    assert hostile.trap_requests() == [], "the token reached another origin"
    outcome = "each session failed, no file written, nothing to the other origin"
    record("export-hostile-server", outcome, slowest)


# --- Ctrl-C ----------------------------------------------------------------------------------

INTERRUPTS = 20


def interrupt_latencies(hostile: HostileServer, block: Callable[[], Any]) -> list[float]:
    """Seconds from SIGINT to the KeyboardInterrupt that `block()` raised, INTERRUPTS times;
    the signal comes from another thread while `block()` waits on the network."""
    latencies = []
    for _ in range(INTERRUPTS):
        sent: list[float] = []

        def send() -> None:
            time.sleep(0.15)
            sent.append(time.monotonic())
            os.kill(os.getpid(), signal.SIGINT)

        sender = threading.Thread(target=send)
        sender.start()
        try:
            block()
        except KeyboardInterrupt:
            latencies.append(time.monotonic() - sent[0])
        else:
            raise AssertionError("the call ended before the signal")
        finally:
            sender.join()
    return latencies


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def silent_stream(hostile: HostileServer) -> chatwire.ChatStream[Any]:
    """A stream that sends meta and a token, then goes quiet; none of it read yet."""
    return mevichat(hostile.url("stall-sse-silent"), idle_timeout=30.0).chat_stream(
        session_id=SESSION, message="hi"
    )


def stalled_stream(hostile: HostileServer) -> chatwire.ChatStream[Any]:
    """A stream that sent meta and a token, then went quiet."""
    stream = mevichat(hostile.url("stall-sse-silent"), idle_timeout=30.0).chat_stream(
        session_id=SESSION, message="hi"
    )
    assert [next(stream).type, next(stream).type] == ["meta", "token"]
    return stream


@pytest.mark.parametrize("point", ["connect", "headers", "body", "next", "text"])
def test_ctrl_c_interrupts_every_blocking_point_within_100_ms(
    hostile: HostileServer, point: str
) -> None:
    def patient_chat(base: str) -> Callable[[], Any]:
        client = widgetkey(base, timeout=30.0, connect_timeout=30.0)
        return lambda: client.chat(session_id="u", message="hi")

    blocks: dict[str, tuple[str, Callable[[], Any]]] = {
        "connect": ("", patient_chat(hostile.blackhole)),
        "headers": ("stall-headers", patient_chat(hostile.url("stall-headers"))),
        "body": ("stall-json-body", patient_chat(hostile.url("stall-json-body"))),
        "next": ("stall-sse-silent", lambda: next(stalled_stream(hostile))),
        "text": ("stall-sse-silent", lambda: silent_stream(hostile).text()),
    }
    scenario, block = blocks[point]
    latencies = interrupt_latencies(hostile, block)
    worst = p99(latencies)
    assert worst <= 0.100, f"{point}: p99 {worst * 1000:.1f} ms of {sorted(latencies)}"
    if scenario:
        # Each interrupted call closed its connection.
        assert closed_by_client(hostile, scenario)
        assert len([c for c in hostile.connections() if c["scenario"] == scenario]) == INTERRUPTS
    outcome = f"KeyboardInterrupt, p99 {worst * 1000:.1f} ms of {INTERRUPTS}"
    record(f"ctrl-c-{point}", outcome, worst)


# --- Free-form JSON that would crash a recursive converter -----------------------------------


def contains_itself() -> dict[str, Any]:
    metadata: dict[str, Any] = {}
    metadata["self"] = metadata
    return metadata


def nested_5000_deep() -> dict[str, Any]:
    metadata: dict[str, Any] = {}
    for _ in range(4999):
        metadata = {"a": metadata}
    return metadata


@pytest.mark.parametrize(
    "case, metadata",
    [
        ("metadata-contains-itself", contains_itself()),
        ("metadata-nested-5000-deep", nested_5000_deep()),
    ],
)
async def test_metadata_that_would_crash_a_converter_is_refused(
    hostile: HostileServer, case: str, metadata: dict[str, Any]
) -> None:
    client = mevichat(hostile.url("reply-sse"))
    error, took = raises(
        lambda: client.chat_stream(session_id=SESSION, message="hi", visitor_metadata=metadata)
    )
    assert isinstance(error, chatwire.ValidationError), repr(error)
    assert error.field == "visitor_metadata"
    async_client = amevichat(hostile.url("reply-sse"))
    error, _ = await araises(
        lambda: async_client.chat_stream(session_id=SESSION, message="hi", visitor_metadata=metadata)
    )
    assert isinstance(error, chatwire.ValidationError) and error.field == "visitor_metadata"
    assert hostile.requests() == [], "nothing was sent"
    record(case, f"ValidationError: {error.reason}", took)
