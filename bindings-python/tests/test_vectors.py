"""The conformance vectors of tests/vectors/, each replayed by the mock and read through the sync
and the async streaming API. What a stream yields, in the canonical form of the folder's README,
must be the vector's `expect`, as in the Rust and Node suites; a vector with `text_after_events`
is read that far, then its `text()` must answer `text_expect`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, AsyncIterator, Callable, Iterator, Optional

import pytest

import chatwire
from chatwire.testing import MockServer

VECTORS = Path(__file__).resolve().parents[2] / "tests" / "vectors"
FILES = sorted(VECTORS.glob("*.json"))


def test_the_folder_holds_the_vectors() -> None:
    assert len(FILES) >= 40, f"{VECTORS} holds {len(FILES)} vectors"


def wire_form(fields: dict[str, Any]) -> dict[str, Any]:
    """A model's fields as on the wire: `extra` beside the named fields, absent ones left out.
    `data` is an unknown event's payload, kept as it came."""
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "extra" or value is None:
            continue
        out[key] = wire_form(value) if isinstance(value, dict) and key != "data" else value
    out.update(fields.get("extra") or {})
    return out


def event_form(event: Any) -> dict[str, Any]:
    kind = getattr(event, "type", None)
    typed = {} if kind is None else {"type": kind}
    return {"event": {**typed, **wire_form(event.to_dict())}}


def error_form(error: chatwire.ChatwireError) -> dict[str, Any]:
    shared = {
        "DecodeError": ("what", "raw"),
        "StreamEndedError": ("events",),
        "APIError": ("status",),
        "ValidationError": ("field",),
    }
    name = type(error).__name__
    fields = {field: getattr(error, field) for field in shared.get(name, ())}
    return {"error": {"type": name, **fields}}


def sync_items(stream: Any, limit: Optional[int]) -> list[dict[str, Any]]:
    """What `stream` yields, in the canonical form: all of it, or its first `limit` items."""
    events: Iterator[Any] = iter(stream)
    items: list[dict[str, Any]] = []
    while limit is None or len(items) < limit:
        try:
            event = next(events)
        except StopIteration:
            break
        except chatwire.ChatwireError as error:
            items.append(error_form(error))  # a bad event: the stream reads on
            continue
        items.append(event_form(event))
    return items


async def async_items(stream: Any, limit: Optional[int]) -> list[dict[str, Any]]:
    events: AsyncIterator[Any] = stream.__aiter__()
    items: list[dict[str, Any]] = []
    while limit is None or len(items) < limit:
        try:
            event = await events.__anext__()
        except StopAsyncIteration:
            break
        except chatwire.ChatwireError as error:
            items.append(error_form(error))
            continue
        items.append(event_form(event))
    return items


def sync_text(stream: Any) -> dict[str, Any]:
    """`text()`'s answer in the form of `text_expect`."""
    try:
        return {"text": stream.text()}
    except chatwire.ChatwireError as error:
        return error_form(error)


async def async_text(stream: Any) -> dict[str, Any]:
    try:
        return {"text": await stream.text()}
    except chatwire.ChatwireError as error:
        return error_form(error)


def stream_opener(client: Any, provider: str, mock: MockServer) -> Callable[[], Any]:
    """How each provider's stream is opened; the mock answers it with the queued vector."""
    if provider == "mevichat":
        return lambda: client.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hi")
    if provider == "devapi":
        return lambda: client.chat_stream(message="hi")
    return lambda: client.chat_stream(session_id="sess_vectors", message="hi")


def client_of(provider: str, mock: MockServer, asynchronous: bool) -> Any:
    name, credentials = {
        "mevichat": ("Mevichat", (mock.MEVICHAT_PUBLIC_KEY, mock.ORIGIN)),
        "vexar": ("Vexar", (mock.VEXAR_SITE_KEY,)),
        "devapi": ("DevApi", (mock.DEVAPI_KEY,)),
        "widgetkey": ("WidgetKey", (mock.WIDGET_KEY,)),
    }[provider]
    client_class = getattr(chatwire, ("Async" if asynchronous else "") + name)
    return client_class(*credentials, base_url=mock.base_url, max_retries=0)


def replay(mock: MockServer, path: Path) -> dict[str, Any]:
    vector: dict[str, Any] = json.loads(path.read_text())
    mock.control("POST", "/__mock/replay", vector)
    return vector


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_vector_sync(mock: MockServer, path: Path) -> None:
    vector = replay(mock, path)
    client = client_of(vector["provider"], mock, asynchronous=False)
    limit: Optional[int] = vector.get("text_after_events")
    try:
        stream = stream_opener(client, vector["provider"], mock)()
    except chatwire.ChatwireError as error:
        assert [error_form(error)] == vector["expect"]
        return
    assert sync_items(stream, limit) == vector["expect"]
    if limit is not None:
        assert sync_text(stream) == vector["text_expect"]


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
async def test_vector_async(mock: MockServer, path: Path) -> None:
    vector = replay(mock, path)
    client = client_of(vector["provider"], mock, asynchronous=True)
    limit: Optional[int] = vector.get("text_after_events")
    try:
        stream = await stream_opener(client, vector["provider"], mock)()
    except chatwire.ChatwireError as error:
        assert [error_form(error)] == vector["expect"]
        return
    assert await async_items(stream, limit) == vector["expect"]
    if limit is not None:
        assert await async_text(stream) == vector["text_expect"]
