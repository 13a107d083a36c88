"""Checks every request the SDK sent during the test runs against its operation in the specs,
with openapi-core: path, method, parameters, headers, security and body.

    python tests/contract/check_request_log.py DIR

DIR holds the mock servers' request files (`requests-<pid>.jsonl`, written when
CHATWIRE_MOCK_REQUEST_LOG names DIR). A request is the SDK's when its User-Agent is chatwire's
(`chatwire-rust/`, `chatwire-python/` or `chatwire-node/`, then the version); the others come
from tests that speak HTTP themselves, often wrongly on purpose. Any SDK request that matches no
operation, or breaks its operation, fails the check, and so does a log without requests from
each of the three languages.
"""

from __future__ import annotations

import base64
import collections
import json
import pathlib
import re
import sys
from typing import Any
from urllib.parse import parse_qs

import yaml
from openapi_core import OpenAPI
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
from openapi_core.testing import MockRequest

SPECS = ["mevichat", "vexar", "devapi", "widgetkey"]
HOST = "http://127.0.0.1"
LANGUAGES = ["rust", "python", "node"]
SDK_AGENT = re.compile(r"chatwire-(rust|python|node)/(\S+) \(")
SECRET_HEADERS = ["authorization", "x-api-key", "x-widget-api-key"]
SECRET_FIELDS = ["public_key", "site_key", "api_key"]


def load_specs(folder: pathlib.Path) -> dict[str, OpenAPI]:
    apis = {}
    for name in SPECS:
        spec = yaml.safe_load((folder / f"{name}.yaml").read_text())
        # The mock serves every API at its root; the specs' paths are whole.
        spec["servers"] = [{"url": HOST}]
        apis[name] = OpenAPI.from_dict(spec)
    return apis


def as_request(entry: dict[str, Any]) -> MockRequest:
    headers = entry["headers"]
    return MockRequest(
        HOST,
        entry["method"].lower(),
        entry["path"],
        headers=headers,
        args={key: values[-1] for key, values in parse_qs(entry["query"]).items()},
        data=base64.b64decode(entry["body_base64"]),
        content_type=headers.get("content-type", "application/json"),
    )


def check(entry: dict[str, Any], apis: dict[str, OpenAPI]) -> tuple[str, list[str]]:
    """The operation the request matched (`spec METHOD path`), and what is wrong with it."""
    request = as_request(entry)
    for name, api in apis.items():
        result = api.unmarshal_request(request)
        found = [e for e in result.errors if not isinstance(e, (PathNotFound, OperationNotFound))]
        if result.errors and not found:
            continue  # not this spec's operation
        operation = f"{name} {entry['method']} {entry['path']}"
        return operation, [describe(error) for error in found]
    return f"? {entry['method']} {entry['path']}", ["no operation of any spec"]


def secrets_of(entry: dict[str, Any]) -> list[str]:
    """The credentials a request carries, so that no report line repeats them."""
    found = [entry["headers"][name] for name in SECRET_HEADERS if name in entry["headers"]]
    found += [value for name, values in parse_qs(entry["query"]).items() if name in SECRET_FIELDS for value in values]
    try:
        body = json.loads(base64.b64decode(entry["body_base64"]))
    except ValueError:
        body = None
    if isinstance(body, dict):
        found += [str(body[name]) for name in SECRET_FIELDS if name in body]
    bearer = [value.split(" ", 1)[1] for value in found if value.lower().startswith("bearer ")]
    return [secret for secret in found + bearer if secret]


def redact(text: str, secrets: list[str]) -> str:
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, "<redacted>")
    return text


def describe(error: Exception) -> str:
    causes = []
    while error.__cause__ is not None:
        error = error.__cause__  # type: ignore[assignment]
        causes.append(str(error).splitlines()[0])
    return f"{type(error).__name__}: {'; '.join(causes) or error}"


def self_check(apis: dict[str, OpenAPI]) -> None:
    """A request as the docs give it must pass and one with a wrong type must fail, or the
    check itself is broken (a spec it cannot read, say)."""
    body = {"public_key": "k", "session_id": "5f3e8c7c-5d4a-4a91-9a4e-c9a7e6d2b0f1", "message": "hi"}
    entry = {
        "method": "POST",
        "path": "/api/chat/",
        "query": "",
        "headers": {"origin": "https://example.com", "content-type": "application/json"},
        "body_base64": base64.b64encode(json.dumps(body).encode()).decode(),
    }
    assert check(entry, apis) == ("mevichat POST /api/chat/", []), check(entry, apis)
    wrong = dict(entry, body_base64=base64.b64encode(json.dumps({**body, "message": 5}).encode()).decode())
    assert check(wrong, apis)[1], "a message that is not a string passed the check"


def main() -> int:
    folder = pathlib.Path(sys.argv[1])
    apis = load_specs(pathlib.Path(__file__).resolve().parents[2] / "openapi")
    self_check(apis)
    checked: collections.Counter[str] = collections.Counter()
    by_language: collections.Counter[str] = collections.Counter()
    agents = set()
    others = 0
    failures = []
    for file in sorted(folder.glob("requests-*.jsonl")):
        for line in file.read_text().splitlines():
            entry = json.loads(line)
            agent = entry["headers"].get("user-agent", "")
            sdk = SDK_AGENT.match(agent)
            if not sdk:
                others += 1
                continue
            by_language[sdk.group(1)] += 1
            agents.add(agent)
            operation, problems = check(entry, apis)
            checked[operation] += 1
            if problems:
                failures.append(redact(f"{operation}: {'; '.join(problems)}", secrets_of(entry)))
    for operation, count in sorted(checked.items()):
        print(f"{count:>6}  {operation}")
    total = sum(checked.values())
    print(f"{total} SDK requests checked against the specs; {others} others (not the SDK's) left out")
    for agent in sorted(agents):
        print(f"User-Agent: {agent}")
    print(", ".join(f"{by_language[language]} from {language}" for language in LANGUAGES))
    for failure in sorted(set(failures)):
        print(f"FAIL {failure}")
    if failures:
        print(f"{len(failures)} SDK requests do not match their spec")
        return 1
    silent = [language for language in LANGUAGES if not by_language[language]]
    if silent:
        print(f"no request from chatwire-{', chatwire-'.join(silent)} in the log")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
