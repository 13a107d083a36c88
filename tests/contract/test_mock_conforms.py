"""The mock answers as the specs say: every operation, called with the fixture credentials and with
bad input, gets a status the spec lists, a body that validates against that response's schema, and,
for streams, events that each validate against the `itemSchema` (with `contentSchema` applied to
the JSON in `data`, which JSON Schema itself treats as an annotation only).

schemathesis runs the same four checks with generated input; this module makes sure the success
paths and every SSE event are judged too.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import httpx
import jsonschema
import pytest
import referencing
import referencing.jsonschema
import yaml

from sse_items import sse_items

ROOT = Path(__file__).resolve().parents[2]
SPECS = ("mevichat", "vexar", "devapi", "widgetkey")

MEVICHAT_KEY = "mvc_pk_test_chatwire"
ORIGIN = "https://example.com"
EXPORT_JWT = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTE4NDIiLCJ3b3Jrc3BhY2UiOiJ3c19kZW1vIn0"
    ".Y2hhdHdpcmUtbW9jay1kZW1v"
)
EXPORT_JWT_NO_WORKSPACE = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLW5vd3MifQ.Y2hhdHdpcmUtbW9jay1ub3dz"
)
SEEDED_SESSION = "5f3e8c7c-5d4a-4a91-9a4e-c9a7e6d2b0f1"
SITE_KEY = "sk_test_chatwire"
DEVAPI_KEY = "dk_test_chatwire"
WIDGET_KEY = "wk_test_chatwire"


class Spec:
    """One OpenAPI file, with `$ref`s resolved inside it."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.document: dict[str, Any] = yaml.safe_load((ROOT / "openapi" / f"{name}.yaml").read_text())
        self.uri = f"urn:chatwire:{name}"
        resource = referencing.jsonschema.DRAFT202012.create_resource(self.document)
        self.registry: referencing.Registry[Any] = referencing.Registry().with_resource(self.uri, resource)

    def resolve(self, node: Any) -> Any:
        while isinstance(node, dict) and "$ref" in node and len(node) == 1:
            pointer = node["$ref"].removeprefix("#")
            node = self.registry.resolver(self.uri).lookup(f"{self.uri}#{pointer}").contents
        return node

    def operations(self) -> Iterator[tuple[str, str]]:
        for path, item in self.document["paths"].items():
            for method in item:
                if method in {"get", "post", "put", "patch", "delete"}:
                    yield method, path

    def response(self, method: str, path: str, status: int) -> dict[str, Any]:
        responses = self.document["paths"][path][method]["responses"]
        found = responses.get(str(status)) or responses.get(f"{str(status)[0]}XX") or responses.get("default")
        assert found is not None, f"{self.name} {method.upper()} {path}: status {status} is not in the spec"
        return self.resolve(found)

    def validate(self, schema: Any, instance: Any, where: str) -> None:
        """Validates against a schema taken from this spec; its `$ref`s resolve in the spec."""
        validator = jsonschema.Draft202012Validator(
            schema,
            registry=self.registry,
            format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
            _resolver=self.registry.resolver(self.uri),
        )
        errors = sorted(validator.iter_errors(instance), key=str)
        assert not errors, f"{where}: {errors[0].message} at {list(errors[0].absolute_path)}"


@pytest.fixture(scope="module")
def specs() -> dict[str, Spec]:
    return {name: Spec(name) for name in SPECS}


@dataclass
class Call:
    """One request to the mock, and the spec operation it exercises."""

    spec: str
    method: str
    path: str  # the spec's path template
    url: str = ""  # the concrete path, when it differs from the template
    params: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    json_body: Any = None
    content: bytes | None = None
    files: dict[str, tuple[str, bytes, str]] | None = None
    data: dict[str, str] | None = None
    expect: int = 200

    def send(self, client: httpx.Client) -> httpx.Response:
        return client.request(
            self.method.upper(),
            self.url or self.path,
            params=self.params or None,
            headers=self.headers,
            json=self.json_body,
            content=self.content,
            files=self.files,
            data=self.data,
        )


def check_sse_item(spec: Spec, item_schema: Any, item: dict[str, Any], where: str) -> str:
    """Validates one event against the itemSchema, applying each branch's `contentSchema` to the JSON
    in `data`; answers the name of the branch that matched."""
    schema = spec.resolve(item_schema)
    branches = schema.get("oneOf") or schema.get("anyOf") or [item_schema]
    reasons = []
    for branch in branches:
        name = branch.get("$ref", "inline").rsplit("/", 1)[-1]
        resolved = spec.resolve(branch)
        try:
            spec.validate(resolved, item, where)
            data_schema = spec.resolve(resolved.get("properties", {}).get("data", {}))
            content_schema = data_schema.get("contentSchema")
            if content_schema is not None:
                assert data_schema.get("contentMediaType") == "application/json", where
                spec.validate(content_schema, json.loads(item["data"]), f"{where} data")
            return name
        except (AssertionError, json.JSONDecodeError) as failure:
            reasons.append(f"{name}: {failure}")
    raise AssertionError(f"{where}: event {item} matches no branch of the itemSchema: {reasons}")


def check(specs: dict[str, Spec], client: httpx.Client, call: Call) -> tuple[httpx.Response, list[str]]:
    """Sends `call` and checks status, content type, headers and body against the spec; answers the
    response and, for streams, the event component each event matched."""
    spec = specs[call.spec]
    response = call.send(client)
    where = f"{call.spec} {call.method.upper()} {call.path} -> {response.status_code}"
    assert response.status_code == call.expect, f"{where}: {response.text[:300]}"
    declared = spec.response(call.method, call.path, response.status_code)
    for name, header in declared.get("headers", {}).items():
        header = spec.resolve(header)
        if header.get("required"):
            assert name.lower() in response.headers, f"{where}: header {name} missing"
    content = declared.get("content")
    if not content:
        assert response.content == b"", f"{where}: the spec declares no body"
        return response, []
    media_type = response.headers.get("content-type", "").split(";")[0].strip()
    assert media_type in content, f"{where}: content type {media_type!r} not in {list(content)}"
    media = content[media_type]
    if media_type == "text/event-stream":
        assert "itemSchema" in media, f"{where}: SSE content without itemSchema"
        items = sse_items(response.text)
        assert items, f"{where}: no events"
        matched = [check_sse_item(spec, media["itemSchema"], item, f"{where} event {i}") for i, item in enumerate(items)]
        return response, matched
    spec.validate(spec.resolve(media["schema"]), response.json(), where)
    return response, []


def mevichat_chat(message: str = "What is your refund policy?", key: str = MEVICHAT_KEY, **overrides: Any) -> Call:
    body = {"public_key": key, "session_id": str(uuid.uuid4()), "message": message, **overrides}
    return Call("mevichat", "post", "/api/chat/", headers={"Origin": ORIGIN}, json_body=body)


def vexar(method: str, path: str, expect: int = 200, **body: Any) -> Call:
    scope = {"site_key": SITE_KEY, "session_id": "sess_conform", **body}
    if method == "get":
        return Call("vexar", "get", path, params=scope, expect=expect)
    return Call("vexar", "post", path, json_body=scope, expect=expect)


def calls() -> list[Call]:
    """Every operation of every spec, on its success path and on its documented failures."""
    bearer_export = {"Authorization": f"Bearer {EXPORT_JWT}"}
    dev = {"Authorization": f"Bearer {DEVAPI_KEY}"}
    wk = {"x-api-key": WIDGET_KEY}
    export_path = "/api/conversations/{session_id}/export.json"
    return [
        # Mevichat chat: success, the three in-stream outcomes, and each pre-stream code.
        mevichat_chat(visitor_id="v-1", visitor_metadata={"plan": "enterprise"}),
        mevichat_chat("Tell me something forbidden"),
        mevichat_chat(key="mvc_pk_test_quota"),
        mevichat_chat(key="mvc_pk_test_llm_error"),
        Call("mevichat", "post", "/api/chat/", headers={"Origin": ORIGIN}, content=b"{", expect=400),
        Call("mevichat", "post", "/api/chat/", headers={"Origin": ORIGIN}, json_body={"public_key": MEVICHAT_KEY}, expect=400),
        Call("mevichat", "post", "/api/chat/", headers={"Origin": ORIGIN},
             json_body={"public_key": MEVICHAT_KEY, "session_id": SEEDED_SESSION, "message": "x" * 4001}, expect=400),
        Call("mevichat", "post", "/api/chat/", headers={"Origin": ORIGIN},
             json_body={"public_key": MEVICHAT_KEY, "session_id": "nope", "message": "hi"}, expect=400),
        Call("mevichat", "post", "/api/chat/", headers={"Origin": ORIGIN},
             json_body={"public_key": "mvc_pk_test_revoked", "session_id": SEEDED_SESSION, "message": "hi"}, expect=401),
        Call("mevichat", "post", "/api/chat/", headers={"Origin": "https://evil.example"},
             json_body={"public_key": MEVICHAT_KEY, "session_id": SEEDED_SESSION, "message": "hi"}, expect=403),
        # Widget config.
        Call("mevichat", "get", "/api/widget/config/", params={"public_key": MEVICHAT_KEY}, headers={"Origin": ORIGIN}),
        Call("mevichat", "get", "/api/widget/config/", params={"public_key": "nope"}, headers={"Origin": ORIGIN}, expect=401),
        Call("mevichat", "get", "/api/widget/config/", params={"public_key": MEVICHAT_KEY}, headers={"Origin": "https://x.example"}, expect=403),
        # Export.
        Call("mevichat", "get", export_path, url=f"/api/conversations/{SEEDED_SESSION}/export.json", headers=bearer_export),
        Call("mevichat", "get", export_path, url=f"/api/conversations/{SEEDED_SESSION}/export.json", expect=401),
        Call("mevichat", "get", export_path, url=f"/api/conversations/{SEEDED_SESSION}/export.json",
             headers={"Authorization": f"Bearer {EXPORT_JWT_NO_WORKSPACE}"}, expect=401),
        Call("mevichat", "get", export_path, url=f"/api/conversations/{uuid.uuid4()}/export.json", headers=bearer_export, expect=404),
        # Vexar: all ten endpoints, and their failures.
        vexar("post", "/api/v1/chat/stream", message="Do you ship to Canada?", lang="en", message_id="m_abc"),
        vexar("post", "/api/v1/chat/stream", expect=400),
        Call("vexar", "post", "/api/v1/chat/stream", json_body={"site_key": "sk_nope", "session_id": "s", "message": "hi"}, expect=401),
        Call("vexar", "post", "/api/v1/chat/stream", json_body={"site_key": SITE_KEY, "session_id": "sess_blocked", "message": "hi"}, expect=403),
        vexar("get", "/api/v1/chat/history"),
        Call("vexar", "get", "/api/v1/chat/history", params={"site_key": SITE_KEY}, expect=400),
        vexar("post", "/api/v1/chat/email", email="jane@example.com"),
        vexar("post", "/api/v1/chat/contact", email="jane@example.com", phone="+15550100", name="Jane"),
        vexar("get", "/api/v1/chat/operator-messages"),
        vexar("get", "/api/v1/chat/block-status"),
        vexar("get", "/api/v1/chat/pending-proactive"),
        Call("vexar", "post", "/api/v1/chat/upload-image",
             files={"image": ("a.png", b"\x89PNG\r\n\x1a\n", "image/png")}, data={"site_key": SITE_KEY, "session_id": "sess_conform"}),
        Call("vexar", "post", "/api/v1/chat/upload-image", data={"site_key": SITE_KEY, "session_id": "sess_conform"},
             files={"other": ("a.txt", b"x", "text/plain")}, expect=400),
        vexar("post", "/api/v1/chat/rate", score=5),
        vexar("post", "/api/v1/chat/rate", score=6, expect=400),
        vexar("post", "/api/v1/chat/rate/comment", comment="Great!"),
        # Developer API.
        Call("devapi", "post", "/api/v1/chat", headers=dev, json_body={"message": "Summarize the outage playbook", "session_id": "sess_9Rna21", "stream": True}),
        Call("devapi", "post", "/api/v1/chat", json_body={"message": "Hey!", "api_key": DEVAPI_KEY}),
        Call("devapi", "post", "/api/v1/chat", json_body={"message": "Hey!"}, expect=401),
        Call("devapi", "post", "/api/v1/chat", headers={**dev, "Origin": "https://evil.example"}, json_body={"message": "Hey!"}, expect=403),
        Call("devapi", "post", "/api/v1/chat", headers=dev, json_body={"stream": True}, expect=400),
        Call("devapi", "get", "/api/v1/usage", params={"api_key": DEVAPI_KEY, "start_date": "2024-01-01"}),
        Call("devapi", "get", "/api/v1/usage", headers=dev, params={"start_date": "01/01/2024"}, expect=400),
        Call("devapi", "get", "/api/v1/sessions", params={"api_key": DEVAPI_KEY, "include_all": "true"}),
        Call("devapi", "get", "/api/v1/sessions", headers=dev, params={"page": "2", "per_page": "1"}),
        Call("devapi", "get", "/api/v1/sessions", params={"per_page": "5"}, expect=401),
        # Widget-key API.
        Call("widgetkey", "post", "/v1/chat", headers=wk, json_body={"sessionId": "user-123", "message": "What are your business hours?"}),
        Call("widgetkey", "post", "/v1/chat", headers={"x-widget-api-key": WIDGET_KEY}, json_body={"sessionId": "user-123", "message": "hi"}),
        Call("widgetkey", "post", "/v1/chat", headers=wk, json_body={"sessionId": "bad id!", "message": "hi"}, expect=400),
        Call("widgetkey", "post", "/v1/chat", json_body={"sessionId": "user-123", "message": "hi"}, expect=401),
        Call("widgetkey", "post", "/v1/chat/stream", headers=wk, json_body={"sessionId": "user-123", "message": "hours?"}),
        Call("widgetkey", "post", "/v1/chat/stream", headers=wk, json_body={"sessionId": "user-123", "message": ""}, expect=400),
    ]


@pytest.fixture(scope="module")
def client(mock_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=mock_url, timeout=10) as client:
        yield client


@pytest.mark.parametrize("call", calls(), ids=lambda c: f"{c.spec}-{c.method}-{c.path}-{c.expect}")
def test_response_conforms(specs: dict[str, Spec], client: httpx.Client, call: Call) -> None:
    check(specs, client, call)


def test_every_operation_is_called(specs: dict[str, Spec]) -> None:
    called = {(c.spec, c.method, c.path) for c in calls()}
    every = {(name, method, path) for name, spec in specs.items() for method, path in spec.operations()}
    assert every - called == set(), "operations with no conformance call"
    assert called - every == set(), "calls to operations the specs do not have"


def test_each_stream_outcome_matches_its_event_components(specs: dict[str, Spec], client: httpx.Client) -> None:
    """Mevichat's four outcomes, event by event, name the components they match."""
    _, events = check(specs, client, mevichat_chat())
    assert events[0].lower().startswith("meta") and events[-1].lower().startswith("done")
    assert {e.lower()[:5] for e in events[1:-1]} == {"token"}
    for call, middle in [
        (mevichat_chat("forbidden"), "blocked"),
        (mevichat_chat(key="mvc_pk_test_quota"), "error"),
        (mevichat_chat(key="mvc_pk_test_llm_error"), "error"),
    ]:
        _, events = check(specs, client, call)
        assert [e.lower() for e in events][1].startswith(middle), events


def test_rate_limited_answers_conform(specs: dict[str, Spec], client: httpx.Client) -> None:
    limits = {name: {"limit": 1, "window_ms": 60000} for name in ("mevichat_chat", "mevichat_export", "widgetkey_chat", "vexar", "devapi")}
    assert client.put("/__mock/rate-limits", json=limits).status_code == 200
    try:
        for call in [
            mevichat_chat(),
            Call("mevichat", "get", "/api/conversations/{session_id}/export.json",
                 url=f"/api/conversations/{SEEDED_SESSION}/export.json", headers={"Authorization": f"Bearer {EXPORT_JWT}"}),
            vexar("get", "/api/v1/chat/history"),
            Call("devapi", "get", "/api/v1/usage", headers={"Authorization": f"Bearer {DEVAPI_KEY}"}),
            Call("widgetkey", "post", "/v1/chat", headers={"x-api-key": WIDGET_KEY}, json_body={"sessionId": "a", "message": "hi"}),
        ]:
            call.send(client)
            call.expect = 429
            response, _ = check(specs, client, call)
            assert "retry-after" in response.headers
    finally:
        client.post("/__mock/reset")
