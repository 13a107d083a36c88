"""Free-form JSON (Mevichat's ``visitor_metadata``) follows Python's own rules: what is sent is what
``json.dumps(value, allow_nan=False)`` writes, and whatever it refuses is a ValidationError naming
``visitor_metadata``, with nothing sent. Values no JSON can hold (a container inside itself,
nesting deeper than serde_json reads, more values than a request should carry) are refused by a
walk without recursion, so that no value crashes the process or exhausts its memory."""

from __future__ import annotations

import collections
import json
import math
import time
import types
from typing import Any

import pytest

import chatwire
from chatwire.testing import MockServer
from conftest import requests_to


def sent_metadata(mock: MockServer, mevichat: chatwire.Mevichat, value: Any) -> Any:
    mock.reset()
    mevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hi", visitor_metadata=value).text()
    return json.loads(requests_to(mock, "/api/chat/")[-1]["body"])["visitor_metadata"]


def refused(mock: MockServer, mevichat: chatwire.Mevichat, value: Any) -> chatwire.ValidationError:
    mock.reset()
    with pytest.raises(chatwire.ValidationError) as raised:
        mevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hi", visitor_metadata=value)
    error = raised.value
    assert error.field == "visitor_metadata", str(error)
    assert mock.requests() == [], "a refused value was sent"
    return error


class Plan(dict[str, Any]):
    """A dict subclass: JSON as any dict."""


ACCEPTED: list[Any] = [
    {},
    {"plan": "pro", "n": 3, "ratio": 0.25, "ok": True, "none": None},
    {"tuple": (1, 2, (3,)), "list": [1, [2, [3]]]},
    {1: "int key", 2.5: "float key", True: "bool key", None: "none key"},
    {"big": 2**63 - 1, "small": -(2**63), "unsigned": 2**64 - 1},
    {"float": 1e300, "tiny": 5e-324, "negative zero": -0.0},
    {"unicode": "héllo ✓ 𝄞", "escapes": "\"\\\n\t\u0000"},
    {"nested": {"a": {"b": {"c": [{"d": None}]}}}},
    {"shared": [[1, 2]] * 3},
    Plan(kind="subclass"),
    collections.OrderedDict([("b", 1), ("a", 2)]),
]


@pytest.mark.hostile_case("json-follows-the-language")
@pytest.mark.parametrize("value", ACCEPTED, ids=range(len(ACCEPTED)))
def test_what_is_sent_is_what_json_dumps_writes(
    mock: MockServer, mevichat: chatwire.Mevichat, value: Any
) -> None:
    expected = json.loads(json.dumps(value, allow_nan=False))
    assert sent_metadata(mock, mevichat, value) == expected


def test_the_order_of_keys_is_kept(mock: MockServer, mevichat: chatwire.Mevichat) -> None:
    sent = sent_metadata(mock, mevichat, {"z": 1, "a": 2, "m": 3})
    assert list(sent) == ["z", "a", "m"]


def test_nesting_up_to_the_limit_is_sent(mock: MockServer, mevichat: chatwire.Mevichat) -> None:
    value: Any = "leaf"
    for _ in range(99):
        value = {"a": value}
    sent = sent_metadata(mock, mevichat, value)
    depth = 0
    while isinstance(sent, dict):
        sent, depth = sent["a"], depth + 1
    assert (depth, sent) == (99, "leaf")


def _contains_itself() -> dict[str, Any]:
    value: dict[str, Any] = {}
    value["self"] = value
    return value


def _list_in_itself() -> dict[str, Any]:
    items: list[Any] = [1]
    items.append(items)
    return {"items": items}


def _deep_cycle() -> dict[str, Any]:
    top: dict[str, Any] = {}
    inner = top
    for _ in range(50):
        inner["next"] = {}
        inner = inner["next"]
    inner["back"] = top
    return top


def _nested(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = {}
    for _ in range(depth - 1):
        value = {"a": value}
    return value


def _nested_lists(depth: int) -> dict[str, Any]:
    value: Any = []
    for _ in range(depth - 1):
        value = [value]
    return {"a": value}


REFUSED: list[tuple[str, Any, str]] = [
    ("contains itself", _contains_itself(), "contains itself"),
    ("list in itself", _list_in_itself(), "contains itself"),
    ("cycle 50 deep", _deep_cycle(), "contains itself"),
    ("5000 deep", _nested(5000), "deeper than 127"),
    ("128 deep", _nested(128), "deeper than 127"),
    ("lists 5000 deep", _nested_lists(5000), "deeper than 127"),
    ("set", {"a": {1, 2}}, "set"),
    ("frozenset", {"a": frozenset()}, "frozenset"),
    ("bytes", {"a": b"x"}, "bytes"),
    ("bytearray", {"a": bytearray(b"x")}, "bytearray"),
    ("object", {"a": object()}, "object"),
    ("complex", {"a": 1j}, "complex"),
    ("NaN", {"a": math.nan}, "Out of range float"),
    ("infinity", {"a": [math.inf]}, "Out of range float"),
    ("minus infinity", {"a": {"b": -math.inf}}, "Out of range float"),
    ("NaN key", {math.nan: 1}, "Out of range float"),
    ("tuple key", {(1, 2): "x"}, "keys must be"),
    ("object key", {object(): "x"}, "keys must be"),
    ("lone surrogate", {"a": "\ud800"}, "lone surrogate"),
    ("lone surrogate key", {"\udc80": 1}, "lone surrogate"),
    ("int beyond 64 bits", {"a": 2**64}, "beyond 64 bits"),
    ("negative int beyond 64 bits", {"a": [-(2**63) - 1]}, "beyond 64 bits"),
    ("a list", [1, 2], "must be a dict"),
    ("a str", "{}", "must be a dict"),
    ("a mapping proxy", types.MappingProxyType({"a": 1}), "must be a dict"),
]


@pytest.mark.hostile_case("json-follows-the-language")
@pytest.mark.parametrize(("label", "value", "word"), REFUSED, ids=[r[0] for r in REFUSED])
def test_what_json_cannot_hold_is_refused(
    mock: MockServer, mevichat: chatwire.Mevichat, label: str, value: Any, word: str
) -> None:
    error = refused(mock, mevichat, value)
    assert word in error.reason, error.reason


def test_a_value_that_would_expand_without_end_is_refused_at_once(
    mock: MockServer, mevichat: chatwire.Mevichat
) -> None:
    # 2**60 leaves for json.dumps to write: the walk stops at its cap instead.
    value: Any = []
    for _ in range(60):
        value = [value, value]
    started = time.monotonic()
    error = refused(mock, mevichat, {"a": value})
    assert "more than 1000000 values" in error.reason
    assert time.monotonic() - started < 5


def test_a_huge_but_flat_value_is_sent(mock: MockServer, mevichat: chatwire.Mevichat) -> None:
    value = {"numbers": list(range(100_000))}
    assert sent_metadata(mock, mevichat, value) == value


def test_async_refuses_the_same(mock: MockServer) -> None:
    client = chatwire.AsyncMevichat(mock.MEVICHAT_PUBLIC_KEY, mock.ORIGIN, base_url=mock.base_url)
    with pytest.raises(chatwire.ValidationError) as raised:
        # Refused when called, before there is anything to await.
        client.chat_stream(  # type: ignore[unused-coroutine]
            session_id=mock.SEEDED_SESSION_ID, message="hi", visitor_metadata=_contains_itself()
        )
    assert raised.value.field == "visitor_metadata"
    assert mock.requests() == []
