"""Every HTTP operation the docs name is one the provider has. Each `METHOD /path` in a doc
comment (Rust `///` and `//!`, JS and Python comments and docstrings), a typing (`.pyi`, `.d.ts`)
or a Markdown page must be an operation of the spec of the provider the text is about; a `/__mock/`
path must be one of the mock's control API, and a `/__hostile/` path one of the hostile server's.

The provider comes from the file's name when it names one (`sdk-core/src/devapi.rs`,
`quickstart_vexar.py`). In a file about several providers, it comes from the nearest line at or
before the mention that names exactly one provider (`impl DevApi`, `export declare class Vexar`, a
log line's `provider=devapi`); a mention with no such line may be an operation of any spec. Path
parameters (`{session_id}`, `:session_id`, `<uuid>`) match a templated segment, and so does a
concrete value.
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PROVIDERS = ("mevichat", "vexar", "devapi", "widgetkey")
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
METHOD = "|".join(METHODS)
# How text names each provider: identifiers (`DevApi`, `dev_api`, `WIDGETKEY_API_KEY`) and prose.
PROVIDER_NAMES = {
    "mevichat": re.compile(r"mevichat", re.IGNORECASE),
    "vexar": re.compile(r"vexar", re.IGNORECASE),
    "devapi": re.compile(r"dev[_ -]?api|developer api", re.IGNORECASE),
    "widgetkey": re.compile(r"widget[_ -]?key", re.IGNORECASE),
}
# The test servers' own control APIs, by the path prefix that selects them.
MOCK = "mock"
HOSTILE = "hostile"
CONTROL_PREFIXES = {"/__mock/": MOCK, "/__hostile/": HOSTILE}
CONTROL_SOURCES = {
    MOCK: ROOT / "tests" / "mock" / "src" / "control.rs",
    HOSTILE: ROOT / "tests" / "hostile" / "src" / "control.rs",
}

# `POST /api/chat/`, `GET /api/conversations/{session_id}/export.json`; a query, a fragment,
# closing punctuation or a backtick ends the path.
MENTION = re.compile(rf"\b({METHOD})\s+(/[A-Za-z0-9._~%@:{{}}<>/-]*)")
# A log line's `method=POST path=/api/v1/chat`, whose `provider=` names the provider.
LOG_MENTION = re.compile(rf"\bmethod=({METHOD})\s+path=(/[A-Za-z0-9._~%@:{{}}<>/-]*)")
LOG_PROVIDER = re.compile(r"\bprovider=(\w+)")
PARAMETER = re.compile(r"^(\{[^/{}]+\}|:[A-Za-z_][A-Za-z0-9_]*|<[^/<>]+>)$")


# --- what the providers serve -----------------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    method: str
    path: str

    @property
    def segments(self) -> list[str]:
        return self.path.split("/")


def spec_operations(provider: str) -> set[Operation]:
    document = yaml.safe_load((ROOT / "openapi" / f"{provider}.yaml").read_text())
    return {
        Operation(method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if method.upper() in METHODS
    }


def mock_operations() -> set[Operation]:
    """The mock's control routes, as its `control.rs` declares them with axum:
    `.route("/__mock/faults", post(push_fault).get(list_faults))`."""
    source = CONTROL_SOURCES[MOCK].read_text()
    operations = set()
    route_pattern = r'\.route\(\s*"(/__mock/[^"]*)",\s*(.*?)\)\s*(?=\.route\(|\n\})'
    for route in re.finditer(route_pattern, source, re.DOTALL):
        for method in re.findall(r"\b(get|post|put|patch|delete)\(", route.group(2)):
            operations.add(Operation(method.upper(), route.group(1)))
    return operations


def hostile_operations() -> set[Operation]:
    """The hostile server's control endpoints, as its `control.rs` matches them:
    `("GET", "requests") =>`."""
    source = CONTROL_SOURCES[HOSTILE].read_text()
    return {
        Operation(method, f"/__hostile/{endpoint}")
        for method, endpoint in re.findall(rf'\("({METHOD})", "([a-z_-]+)"\) =>', source)
    }


OPERATIONS: dict[str, set[Operation]] = {name: spec_operations(name) for name in PROVIDERS}
OPERATIONS[MOCK] = mock_operations()
OPERATIONS[HOSTILE] = hostile_operations()


def segment_matches(named: str, served: str) -> bool:
    if PARAMETER.match(served):
        # A templated segment takes a parameter of any spelling, or a concrete value.
        return named != ""
    return named == served


def is_operation(method: str, path: str, operations: Iterable[Operation]) -> bool:
    named = path.split("/")
    return any(
        operation.method == method
        and len(operation.segments) == len(named)
        and all(segment_matches(a, b) for a, b in zip(named, operation.segments))
        for operation in operations
    )


# --- what the docs say ------------------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    file: str
    line: int
    method: str
    path: str
    provider: str | None
    why: str

    def __str__(self) -> str:
        spec = f"openapi/{self.provider}.yaml" if self.provider in PROVIDERS else "any spec"
        if self.provider in CONTROL_SOURCES:
            source = CONTROL_SOURCES[self.provider].relative_to(ROOT)
            spec = f"the {self.provider}'s control API ({source})"
        operation = f"`{self.method} {self.path}`"
        return f"{self.file}:{self.line}: {operation} is not an operation of {spec} ({self.why})"


def providers_named(text: str) -> set[str]:
    return {provider for provider, name in PROVIDER_NAMES.items() if name.search(text)}


def blank(text: str, keep: list[tuple[int, int]]) -> str:
    """`text` with everything outside the `keep` spans turned to spaces, lines kept in place."""
    out = [c if c == "\n" else " " for c in text]
    for start, end in keep:
        out[start:end] = text[start:end]
    return "".join(out)


def rust_docs(text: str) -> str:
    lines = text.split("\n")
    return "\n".join(line if line.lstrip().startswith(("///", "//!")) else "" for line in lines)


def js_comments(text: str) -> str:
    """The comments of JS or TS source; strings (where `//` is often a URL) are skipped."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end == -1 else end
            spans.append((i, end))
            i = end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end == -1 else end + 2
            spans.append((i, end))
            i = end
        elif c in "'\"`":
            i += 1
            while i < n and text[i] != c and (c == "`" or text[i] != "\n"):
                i += 2 if text[i] == "\\" else 1
            i += 1
        else:
            i += 1
    return blank(text, spans)


def python_docs(text: str) -> str:
    """The comments and docstrings of Python source."""
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    spans: list[tuple[int, int]] = []
    statement_start = True
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        at = (starts[token.start[0] - 1] + token.start[1], starts[token.end[0] - 1] + token.end[1])
        if token.type == tokenize.COMMENT or (token.type == tokenize.STRING and statement_start):
            spans.append(at)
        if token.type not in (tokenize.COMMENT, tokenize.NL):
            statement_start = token.type in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT)
    return blank(text, spans)


def whole(text: str) -> str:
    return text


def documents() -> Iterator[tuple[Path, str, str]]:
    """Each file of docs: its text, and the part of it that is prose (the rest blanked)."""
    sources = [
        ("sdk-core/src", "**/*.rs", rust_docs),
        ("bindings-python/src", "**/*.rs", rust_docs),
        ("bindings-python/testing/src", "**/*.rs", rust_docs),
        ("bindings-node/src", "**/*.rs", rust_docs),
        ("bindings-node/testing/src", "**/*.rs", rust_docs),
        ("bindings-python", "**/*.pyi", whole),
        ("bindings-python/python", "**/*.py", python_docs),
        ("bindings-python/testing/python", "**/*.py", python_docs),
        ("bindings-node", "*.d.ts", whole),
        ("bindings-node/testing", "*.d.ts", whole),
        ("bindings-node", "*.js", js_comments),
        ("bindings-node", "*.mjs", js_comments),
        ("bindings-node/testing", "*.js", js_comments),
        ("bindings-node/testing", "*.mjs", js_comments),
        ("examples", "**/*.py", python_docs),
        ("examples", "**/*.mjs", js_comments),
        ("examples", "**/*.cjs", js_comments),
        ("examples", "**/*.ts", js_comments),
        ("docs", "*.md", whole),
        (".", "**/README.md", whole),
    ]
    seen: set[Path] = set()
    for folder, pattern, prose in sources:
        for path in sorted((ROOT / folder).glob(pattern)):
            relative = path.relative_to(ROOT)
            if path in seen or {"node_modules", "target", ".venv", ".git"} & set(relative.parts):
                continue
            seen.add(path)
            text = path.read_text()
            yield relative, text, prose(text)


def file_provider(path: Path) -> str | None:
    named = providers_named(path.name)
    return named.pop() if len(named) == 1 else None


def mentions(path: Path, text: str, prose: str) -> Iterator[Mention]:
    """Each `METHOD /path` of the prose, with the provider it is about (from the file's name, or
    from the text around it, code included)."""
    source = text.split("\n")
    lines = prose.split("\n")
    by_file = file_provider(path)
    for number, line in enumerate(lines, start=1):
        for match in LOG_MENTION.finditer(line):
            logged = LOG_PROVIDER.search(line)
            named = logged.group(1) if logged and logged.group(1) in PROVIDERS else None
            method, mentioned = match.group(1), clean(match.group(2))
            yield Mention(str(path), number, method, mentioned, named, "the log line's provider=")
        for match in MENTION.finditer(line):
            method, mentioned = match.group(1), clean(match.group(2))
            if mentioned == "/":
                continue
            control = control_server(mentioned)
            if control is not None:
                why = f"a control path of the {control} server"
                yield Mention(str(path), number, method, mentioned, control, why)
            elif by_file is not None:
                yield Mention(str(path), number, method, mentioned, by_file, "from the file's name")
            else:
                provider, why = context_provider(source, number)
                yield Mention(str(path), number, method, mentioned, provider, why)


def control_server(path: str) -> str | None:
    """The test server whose control API `path` is under, if any."""
    servers = (name for prefix, name in CONTROL_PREFIXES.items() if path.startswith(prefix))
    return next(servers, None)


def context_provider(source: list[str], number: int) -> tuple[str | None, str]:
    """The provider named by the nearest line at or before `number` that names exactly one."""
    for at in range(number, 0, -1):
        named = providers_named(source[at - 1])
        if len(named) == 1:
            provider = named.pop()
            return provider, f"about {provider}, as line {at} says"
    return None, "no provider named before it"


def clean(path: str) -> str:
    """The path without the punctuation that ends a sentence or a code span around it."""
    return path.rstrip(".,:;)")


def wrong(mention: Mention) -> bool:
    if mention.provider is None:
        specs = [OPERATIONS[provider] for provider in PROVIDERS]
        return not any(is_operation(mention.method, mention.path, spec) for spec in specs)
    return not is_operation(mention.method, mention.path, OPERATIONS[mention.provider])


# --- the checks -------------------------------------------------------------------------------


def all_mentions() -> list[Mention]:
    return [mention for path, text, prose in documents() for mention in mentions(path, text, prose)]


def test_every_operation_the_docs_name_is_in_its_providers_spec() -> None:
    found = all_mentions()
    # The docs name every operation of every spec; far fewer found means the scan lost its way.
    assert len(found) >= sum(len(OPERATIONS[provider]) for provider in PROVIDERS), found
    bad = [str(mention) for mention in found if wrong(mention)]
    summary = f"{len(bad)} of {len(found)} mentions name no such operation"
    assert not bad, summary + ":\n" + "\n".join(bad)


def test_the_control_routes_of_the_test_servers_are_read() -> None:
    assert Operation("POST", "/__mock/faults") in OPERATIONS[MOCK]
    assert Operation("PUT", "/__mock/rate-limits") in OPERATIONS[MOCK]
    assert Operation("GET", "/__mock/uploads/{number}") in OPERATIONS[MOCK]
    assert Operation("GET", "/__hostile/requests") in OPERATIONS[HOSTILE]
    assert Operation("POST", "/__hostile/reset") in OPERATIONS[HOSTILE]


@pytest.mark.parametrize(
    ("method", "path", "provider", "is_one"),
    [
        ("POST", "/api/v1/chat", "devapi", True),
        ("POST", "/v1/chat", "devapi", False),
        ("POST", "/v1/chat", "widgetkey", True),
        ("GET", "/v1/usage", None, False),
        ("GET", "/api/v1/chat/pending-proactive", "vexar", True),
        ("GET", "/api/v1/chat/proactive/pending", "vexar", False),
        ("POST", "/api/chat", "mevichat", False),
        ("GET", "/api/conversations/{sessionId}/export.json", "mevichat", True),
        ("GET", "/api/conversations/:session_id/export.json", "mevichat", True),
        ("GET", "/api/conversations/<uuid>/export.json", "mevichat", True),
        ("GET", "/api/conversations/export.json", "mevichat", False),
        ("POST", "/api/conversations/{session_id}/export.json", "mevichat", False),
        ("GET", "/__mock/uploads/3", MOCK, True),
        ("GET", "/__mock/nothing", MOCK, False),
        ("POST", "/__hostile/requests", HOSTILE, False),
    ],
)
def test_an_operation_matches_by_method_and_segments(
    method: str, path: str, provider: str | None, is_one: bool
) -> None:
    assert wrong(Mention("probe", 1, method, path, provider, "probe")) == (not is_one)


def test_the_provider_comes_from_the_file_name_or_the_nearest_line_naming_one() -> None:
    text = (
        "/// `POST /v1/chat`: the whole answer.\n"
        "impl WidgetKey {\n"
        "    /// `POST /v1/chat`: the whole answer.\n"
        "}\n"
        "impl DevApi {\n"
        "    /// `POST /v1/chat` with `stream: true`.\n"
        "}\n"
    )
    found = list(mentions(Path("bindings-x/src/clients.rs"), text, rust_docs(text)))
    assert [(m.line, m.provider) for m in found] == [(1, None), (3, "widgetkey"), (6, "devapi")]
    assert [wrong(m) for m in found] == [False, False, True]
    assert file_provider(Path("sdk-core/src/devapi.rs")) == "devapi"
    assert file_provider(Path("examples/python/quickstart_widgetkey_async.py")) == "widgetkey"
    assert file_provider(Path("bindings-node/native.d.ts")) is None


def test_comments_are_read_and_code_is_not() -> None:
    js = "const url = 'http://x/ GET /nope'\n// GET /yes\n/* POST /also */ fetch('POST /no')\n"
    assert MENTION.findall(js_comments(js)) == [("GET", "/yes"), ("POST", "/also")]
    python = '"""GET /doc."""\nx = "GET /code"  # POST /comment\n'
    assert MENTION.findall(python_docs(python)) == [("GET", "/doc."), ("POST", "/comment")]
