"""The vendors' pages against the specs: every path, method, field, SSE event, error code, header
and limit the pages name is in the right `openapi/*.yaml`, and every example in the specs validates
against its schema (Draft 2020-12, `$ref`s resolved inside the same file; SSE examples event by
event against the `itemSchema`, with `contentSchema` applied to the JSON in `data`).

The pages are read from `<repo>/../shared/api-docs` (or `$CHATWIRE_API_DOCS`). What the pages leave
open is fixed by `tests/mock/README.md`; the last group of tests holds the specs to that too.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import jsonschema
import pytest
import referencing
import referencing.jsonschema
import yaml

from sse_items import sse_items
from jsonschema.exceptions import ValidationError

ROOT = Path(__file__).resolve().parents[2]
DOCS = Path(os.environ.get("CHATWIRE_API_DOCS", ROOT.parent / "shared" / "api-docs"))
MOCK_README = ROOT / "tests" / "mock" / "README.md"
SPECS = ("mevichat", "vexar", "devapi", "widgetkey")
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace", "query")
# How the docs' README names each API, and the spec that models it.
API_NAMES = {"mevichat": "mevichat", "vexar": "vexar", "developer api": "devapi", "widget key": "widgetkey"}


# --- the specs -------------------------------------------------------------------------------


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def _content_schema(validator: Any, content_schema: Any, instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    """`contentSchema` as an assertion: the JSON in a string with `contentMediaType: application/json`
    must validate (JSON Schema itself treats the keyword as an annotation)."""
    if schema.get("contentMediaType") != "application/json" or not isinstance(instance, str):
        return
    try:
        parsed = json.loads(instance)
    except ValueError as error:
        yield ValidationError(f"data is not JSON: {error}")
        return
    yield from validator.descend(parsed, content_schema)


ContentValidator = jsonschema.validators.extend(
    jsonschema.Draft202012Validator, {"contentSchema": _content_schema}
)


class Spec:
    """One OpenAPI file, addressable by JSON pointer, with `$ref`s resolved inside it."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.document: dict[str, Any] = yaml.safe_load((ROOT / "openapi" / f"{name}.yaml").read_text())
        self.uri = f"urn:chatwire:{name}"
        resource = referencing.jsonschema.DRAFT202012.create_resource(self.document)
        self.registry: referencing.Registry[Any] = referencing.Registry().with_resource(self.uri, resource)

    def get(self, pointer: str) -> Any:
        node: Any = self.document
        for token in pointer.split("/")[1:]:
            token = unescape(token)
            node = node[int(token)] if isinstance(node, list) else node[token]
        return node

    def deref(self, pointer: str) -> str:
        """The pointer after following Reference Objects (and schema-only `$ref`s) from `pointer`."""
        node = self.get(pointer)
        while isinstance(node, dict) and "$ref" in node:
            pointer = node["$ref"].removeprefix("#")
            node = self.get(pointer)
        return pointer

    def validator(self, pointer: str, *, formats: bool = True) -> jsonschema.protocols.Validator:
        return ContentValidator(
            {"$ref": f"{self.uri}#{pointer}"},
            registry=self.registry,
            format_checker=ContentValidator.FORMAT_CHECKER if formats else None,
        )

    def errors(self, pointer: str, instance: Any, *, formats: bool = True) -> list[ValidationError]:
        return sorted(self.validator(pointer, formats=formats).iter_errors(instance), key=str)

    def operations(self) -> Iterator[tuple[str, str, str]]:
        """(method, path, pointer) of every operation."""
        for path, item in self.document["paths"].items():
            for method in item:
                if method in METHODS:
                    yield method, path, f"/paths/{escape(path)}/{method}"

    def operation(self, method: str, path: str) -> str | None:
        item = self.document["paths"].get(path)
        if item is None or method not in item:
            return None
        return f"/paths/{escape(path)}/{method}"

    def response(self, operation: str, status: int | str) -> str | None:
        responses = self.get(operation)["responses"]
        if str(status) not in responses:
            return None
        return self.deref(f"{operation}/responses/{status}")

    def media(self, owner: str, media_type: str) -> str | None:
        """The Media Type Object of a request body or response, if it has that media type."""
        content = self.get(owner).get("content", {})
        if media_type not in content:
            return None
        return f"{owner}/content/{escape(media_type)}"

    def request_schema(self, operation: str, media_type: str = "application/json") -> str | None:
        if "requestBody" not in self.get(operation):
            return None
        media = self.media(self.deref(f"{operation}/requestBody"), media_type)
        return None if media is None else f"{media}/schema"

    def response_schema(self, operation: str, status: int | str) -> str | None:
        response = self.response(operation, status)
        media = None if response is None else self.media(response, "application/json")
        return None if media is None else f"{media}/schema"

    def security(self, operation: str) -> list[dict[str, list[str]]]:
        op = self.get(operation)
        return op["security"] if "security" in op else self.document.get("security", [])

    def scheme(self, name: str) -> dict[str, Any]:
        return self.document["components"]["securitySchemes"][name]

    def parameters(self, operation: str) -> list[dict[str, Any]]:
        """The parameters of an operation and of its path item."""
        found = []
        for owner in (operation.rsplit("/", 1)[0], operation):
            for index, _ in enumerate(self.get(owner).get("parameters", [])):
                found.append(self.get(self.deref(f"{owner}/parameters/{index}")))
        return found

    def parameter(self, operation: str, location: str, name: str) -> dict[str, Any] | None:
        for parameter in self.parameters(operation):
            if parameter["in"] == location and parameter["name"].lower() == name.lower():
                return parameter
        return None

    # Schema views.

    def schema_parts(self, pointer: str) -> Iterator[str]:
        """The schema at `pointer` and every schema it is made of (`$ref`, allOf/anyOf/oneOf)."""
        seen: set[str] = set()
        stack = [pointer]
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            node = self.get(current)
            if not isinstance(node, dict):
                continue
            yield current
            if "$ref" in node:
                stack.append(node["$ref"].removeprefix("#"))
            for keyword in ("allOf", "anyOf", "oneOf"):
                for index, _ in enumerate(node.get(keyword, [])):
                    stack.append(f"{current}/{keyword}/{index}")

    def properties(self, pointer: str) -> dict[str, str]:
        """Declared property names of the schema at `pointer`, with the pointer of each one's schema."""
        found: dict[str, str] = {}
        for part in self.schema_parts(pointer):
            for name in self.get(part).get("properties", {}):
                found.setdefault(name, f"{part}/properties/{escape(name)}")
        return found

    def required(self, pointer: str) -> set[str]:
        return {name for part in self.schema_parts(pointer) for name in self.get(part).get("required", [])}

    def keyword(self, pointer: str, keyword: str) -> Any:
        """The first value of `keyword` in the schema at `pointer` or the schemas it is made of."""
        for part in self.schema_parts(pointer):
            node = self.get(part)
            if keyword in node:
                return node[keyword]
        return None

    def known_values(self, pointer: str) -> set[Any]:
        """The values an enum (closed, or open with known values) names."""
        values: set[Any] = set()
        for part in self.schema_parts(pointer):
            node = self.get(part)
            values.update(node.get("enum", []))
            if "const" in node:
                values.add(node["const"])
        return values

    def free_map(self, pointer: str) -> str | None:
        """For an object schema with no declared properties that takes any names, the pointer of the
        schema its values follow (`""` for any value); None otherwise."""
        if self.properties(pointer) or self.required(pointer):
            return None
        for part in self.schema_parts(pointer):
            additional = self.get(part).get("additionalProperties")
            if additional is True or additional == {}:
                return ""
            if isinstance(additional, dict):
                return f"{part}/additionalProperties"
        return None

    def undeclared(self, pointer: str, instance: Any, where: str = "") -> list[str]:
        """Every key of `instance`, at any depth, that the schema at `pointer` does not declare."""
        missing: list[str] = []
        if isinstance(instance, dict):
            properties = self.properties(pointer)
            free = self.free_map(pointer)
            for key, value in instance.items():
                if key in properties:
                    missing += self.undeclared(properties[key], value, f"{where}.{key}")
                elif free is not None:
                    if free:
                        missing += self.undeclared(free, value, f"{where}.{key}")
                else:
                    missing.append(f"{where}.{key}")
        elif isinstance(instance, list):
            items = next((f"{p}/items" for p in self.schema_parts(pointer) if "items" in self.get(p)), None)
            for index, value in enumerate(instance):
                if items is not None:
                    missing += self.undeclared(items, value, f"{where}[{index}]")
        return missing

    def sse_branch(self, item_schema: str, item: dict[str, Any]) -> str:
        """The branch of an SSE `itemSchema` that `item` validates against; asserts it is exactly one
        for a `oneOf`."""
        resolved = self.deref(item_schema)
        node = self.get(resolved)
        keyword = "oneOf" if "oneOf" in node else "anyOf" if "anyOf" in node else None
        if keyword is None:
            errors = self.errors(resolved, item)
            assert not errors, f"{self.name}: event {item} does not validate: {errors[0].message}"
            return resolved
        matching = [
            self.deref(f"{resolved}/{keyword}/{index}")
            for index, _ in enumerate(node[keyword])
            if not self.errors(f"{resolved}/{keyword}/{index}", item)
        ]
        assert matching, f"{self.name}: event {item} matches no branch of {resolved}"
        if keyword == "oneOf":
            assert len(matching) == 1, f"{self.name}: event {item} matches {matching}"
        return matching[0]


@pytest.fixture(scope="module")
def specs() -> dict[str, Spec]:
    return {name: Spec(name) for name in SPECS}


# --- the docs --------------------------------------------------------------------------------


def doc_pages() -> dict[str, str]:
    """Each doc page's file name, mapped to its spec by the docs' README table."""
    pages: dict[str, str] = {}
    readme = (DOCS / "README.md").read_text()
    for line in readme.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and cells[0].endswith(".txt"):
            api = cells[1].lower()
            matches = {spec for key, spec in API_NAMES.items() if key in api}
            assert len(matches) == 1, f"docs README row {line!r} names no single API of {API_NAMES}"
            pages[cells[0]] = matches.pop()
    return pages


def read_doc(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


HEADING = re.compile(r"(?<![A-Za-z])(GET|POST|PUT|PATCH|DELETE)[ \t]*\n?[ \t]*(/(?:[\w.:{}-]+/?)+)")
FETCH = re.compile(r"fetch\('(/[^']*)',\s*\{\s*method:\s*'(\w+)'")
MENTION = re.compile(r"(?<![\w/.:~-])/[A-Za-z][\w.-]*(?:/(?:[\w.-]+|:\w+))*/?")
LABEL = re.compile(
    r"(?P<status>\b[1-5]\d\d(?: [A-Z][a-z]+)+)"
    r"|Success Response \((?P<ok>\d{3})\)"
    r"|(?P<request>\b(?:Request body|Request Body|Request)\b)"
    r"|(?P<response>\b(?:Response body|Response)\b)"
)


def template(path: str) -> str:
    """`/a/:id/b` as the spec writes it, `/a/{id}/b`."""
    return re.sub(r":(\w+)", r"{\1}", path)


@dataclass(frozen=True)
class Heading:
    position: int
    method: str
    path: str


def headings(text: str) -> list[Heading]:
    """Where the page names an operation: `METHOD /path`, or a `fetch('/path', {method: ...})`."""
    found = [Heading(m.start(), m.group(1).lower(), template(m.group(2))) for m in HEADING.finditer(text)]
    found += [Heading(m.start(), m.group(2).lower(), template(m.group(1))) for m in FETCH.finditer(text)]
    return sorted(found, key=lambda h: h.position)


def mentions(text: str) -> set[str]:
    """Every path the page mentions, method or not (a base URL on its own line excepted)."""
    found = set()
    for match in MENTION.finditer(text):
        line_start = text.rfind("\n", 0, match.start())
        previous_line = text[text.rfind("\n", 0, max(line_start, 0)) + 1 : line_start].strip()
        if previous_line.lower() == "base url":
            continue
        found.add(template(match.group(0)))
    return found


def section(heads: list[Heading], position: int) -> Heading | None:
    """The operation a position of the page belongs to: the last heading before it, or for text
    before any heading, the first one after it."""
    before = [h for h in heads if h.position < position]
    if before:
        return before[-1]
    return heads[0] if heads else None


@dataclass(frozen=True)
class Block:
    """One JSON object of a page, and what the page says it is."""

    page: str
    spec: str
    line: int
    method: str
    path: str
    role: str  # request, response, event, unknown
    status: int | None
    event: str | None
    raw: str
    value: Any

    @property
    def id(self) -> str:
        what = {"response": f"response {self.status}", "event": f"event {self.event or 'data'}"}.get(self.role, self.role)
        return f"{self.page[:3]}:{self.line} {self.method.upper()} {self.path} {what}"


def json_objects(text: str) -> Iterator[tuple[int, int, Any]]:
    """(start, end, value) of each top-level JSON object in the text. The docs' elided lists, `[ … ]`,
    read as empty lists."""
    decoder = json.JSONDecoder()
    position = 0
    while (start := text.find("{", position)) != -1:
        try:
            value, end = decoder.raw_decode(text, start)
        except ValueError:
            position = start + 1
            continue
        if isinstance(value, dict):
            yield start, end, value
            position = end
        else:
            position = start + 1


def normalized(text: str) -> str:
    """The page with elided lists spelled as empty ones; same length is not kept, so positions are
    taken on this text."""
    return re.sub(r"\[\s*…\s*\]", "[]", text)


def classify(text: str, start: int, head: Heading | None) -> tuple[str, int | None, str | None]:
    before = text[:start]
    if before.rstrip().endswith("data:"):
        event = re.search(r"event:\s*(\w+)\s*data:\s*$", before)
        return "event", None, event.group(1) if event else None
    if re.search(r"(?:-d|--data)\s+'\s*$", before):
        return "request", None, None
    line = text[text.rfind("\n", 0, start) + 1 : start]
    row = re.match(r"\|\s*(\d{3})\s*\|", line)
    if row:
        return "response", int(row.group(1)), None
    section_start = head.position if head and head.position < start else 0
    labels = list(LABEL.finditer(text, section_start, start))
    if not labels:
        return "unknown", None, None
    label = labels[-1]
    if label.group("status"):
        return "response", int(label.group("status")[:3]), None
    if label.group("ok"):
        return "response", int(label.group("ok")), None
    if label.group("request"):
        return "request", None, None
    return "response", 200, None


def doc_blocks() -> list[Block]:
    blocks = []
    for page, spec in doc_pages().items():
        text = normalized(read_doc(page))
        heads = headings(text)
        for start, end, value in json_objects(text):
            head = section(heads, start)
            assert head is not None, f"{page}: JSON at {start} with no operation on the page"
            role, status, event = classify(text, start, head)
            line = text.count("\n", 0, start) + 1
            blocks.append(Block(page, spec, line, head.method, head.path, role, status, event, text[start:end], value))
    return blocks


def docs_available() -> bool:
    return (DOCS / "README.md").is_file()


def collect(function: Any) -> list[Any]:
    """Parametrization data from the docs; empty when they are missing (a test then fails on that)."""
    return function() if docs_available() else []


def test_docs_are_present() -> None:
    assert docs_available(), f"no API docs at {DOCS} (set CHATWIRE_API_DOCS)"
    pages = doc_pages()
    on_disk = {p.name for p in DOCS.glob("*.txt")}
    assert on_disk and set(pages) == on_disk, f"docs README maps {sorted(pages)}, folder has {sorted(on_disk)}"
    assert set(pages.values()) == set(SPECS), "every spec has a doc page"


def page_sections(spec: str) -> list[tuple[str, str]]:
    """(page, text) of the pages of one spec."""
    return [(page, read_doc(page)) for page, name in doc_pages().items() if name == spec]


def section_text(text: str, method: str, path: str) -> str:
    """The text of the page between the heading of an operation and the next heading."""
    heads = headings(text)
    for index, head in enumerate(heads):
        if (head.method, head.path) == (method, path):
            end = next((h.position for h in heads[index + 1 :] if (h.method, h.path) != (method, path)), len(text))
            return text[head.position : end]
    raise AssertionError(f"no heading for {method.upper()} {path}")


# --- paths and methods -----------------------------------------------------------------------


def documented_operations() -> list[tuple[str, str, str]]:
    found = set()
    for page, spec in doc_pages().items():
        for head in headings(read_doc(page)):
            found.add((spec, head.method, head.path))
    return sorted(found)


def documented_paths() -> list[tuple[str, str]]:
    return sorted({(spec, path) for page, spec in doc_pages().items() for path in mentions(read_doc(page))})


@pytest.mark.parametrize(("spec", "method", "path"), collect(documented_operations))
def test_documented_operation_is_in_spec(specs: dict[str, Spec], spec: str, method: str, path: str) -> None:
    operation = specs[spec].operation(method, path)
    assert operation is not None, f"{spec}.yaml has no {method.upper()} {path}"
    operation_id = specs[spec].get(operation).get("operationId", "")
    assert re.fullmatch(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*", operation_id), f"{method.upper()} {path}: operationId {operation_id!r}"


@pytest.mark.parametrize(("spec", "path"), collect(documented_paths))
def test_mentioned_path_is_in_spec(specs: dict[str, Spec], spec: str, path: str) -> None:
    assert path in specs[spec].document["paths"], f"the docs mention {path}; {spec}.yaml has no such path"


def test_every_spec_operation_is_documented(specs: dict[str, Spec]) -> None:
    named = {(spec, path) for page, spec in doc_pages().items() for path in mentions(read_doc(page))}
    named |= {(spec, path) for spec, _, path in documented_operations()}
    for name, spec in specs.items():
        for method, path, _ in spec.operations():
            assert (name, path) in named, f"{name}.yaml: {method.upper()} {path} is named by no doc page"


def test_operation_ids_are_unique_snake_case(specs: dict[str, Spec]) -> None:
    for name, spec in specs.items():
        ids = [spec.get(pointer).get("operationId") for _, _, pointer in spec.operations()]
        assert all(isinstance(i, str) and re.fullmatch(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*", i) for i in ids), f"{name}: {ids}"
        assert len(ids) == len(set(ids)), f"{name}: duplicate operationIds {ids}"


# --- JSON examples of the docs: every field declared, every value valid -------------------------


def is_placeholder(value: Any) -> bool:
    """The docs' own placeholders, such as `"<string>"`, stand for a value rather than being one."""
    return isinstance(value, str) and re.fullmatch(r"<[^<>]+>", value) is not None


def real_errors(spec: Spec, pointer: str, instance: Any) -> list[str]:
    """Validation errors, formats as annotations, placeholder values excepted."""
    return [
        f"{e.message} at {list(e.absolute_path)}"
        for e in spec.errors(pointer, instance, formats=False)
        if not is_placeholder(e.instance)
    ]


def block_schema(spec: Spec, block: Block) -> list[str]:
    """The schema pointers a doc block may be an instance of."""
    operation = spec.operation(block.method, block.path)
    assert operation is not None, f"{block.id}: {spec.name}.yaml has no such operation"
    if block.role == "request":
        schema = spec.request_schema(operation)
        assert schema is not None, f"{block.id}: no application/json request body"
        return [schema]
    if block.role == "response":
        assert spec.response(operation, block.status) is not None, f"{block.id}: status {block.status} is not listed"
        schema = spec.response_schema(operation, block.status)
        assert schema is not None, f"{block.id}: response {block.status} has no application/json body"
        return [schema]
    candidates = [spec.request_schema(operation)]
    candidates += [spec.response_schema(operation, status) for status in spec.get(operation)["responses"]]
    return [c for c in candidates if c is not None]


@pytest.mark.parametrize("block", collect(doc_blocks), ids=lambda b: b.id)
def test_doc_json_example_is_in_spec(specs: dict[str, Spec], block: Block) -> None:
    spec = specs[block.spec]
    if block.role == "event":
        operation = spec.operation(block.method, block.path)
        assert operation is not None, f"{block.id}: no such operation"
        media = spec.media(spec.response(operation, 200), "text/event-stream")
        assert media is not None and "itemSchema" in spec.get(media), f"{block.id}: no text/event-stream itemSchema"
        item = {"data": block.raw} if block.event is None else {"event": block.event, "data": block.raw}
        branch = spec.sse_branch(f"{media}/itemSchema", item)
        data_schema = spec.properties(branch)["data"]
        content = f"{data_schema}/contentSchema"
        assert "contentSchema" in spec.get(data_schema), f"{block.id}: {branch} gives `data` no contentSchema"
        assert not real_errors(spec, content, block.value), f"{block.id}: {real_errors(spec, content, block.value)}"
        assert not spec.undeclared(content, block.value), f"{block.id}: undeclared {spec.undeclared(content, block.value)}"
        return
    outcomes = []
    for schema in block_schema(spec, block):
        errors = real_errors(spec, schema, block.value)
        undeclared = spec.undeclared(schema, block.value)
        if not errors and not undeclared:
            return
        outcomes.append(f"{schema}: errors {errors}, undeclared {undeclared}")
    raise AssertionError(f"{block.id} {block.raw[:120]}: {outcomes}")


def test_doc_blocks_were_found() -> None:
    """The extraction itself: requests, responses and events of every page."""
    blocks = doc_blocks()
    for page in doc_pages():
        roles = {b.role for b in blocks if b.page == page}
        assert {"request", "response"} <= roles, f"{page}: {roles}"
    assert {b.spec for b in blocks if b.role == "event"} == {"mevichat", "vexar", "devapi"}
    assert len(blocks) >= 60


# --- field tables: required flags, types, limits -----------------------------------------------

FORMAT_OF = {"uuid string": ("string", "uuid"), "string": ("string", None), "object": ("object", None)}


def mevichat_field_rows() -> list[tuple[str, str, str, str, str]]:
    rows = []
    for page, text in page_sections("mevichat"):
        for match in re.finditer(r"^(\w+) \| ([^|]+?) \| (yes|no) \| (.*?)\s*\|?$", text, re.M):
            head = section(headings(text), match.start())
            assert head is not None
            rows.append((f"{head.method} {head.path}", *match.groups()))
    return rows


@pytest.mark.parametrize(("operation", "field", "kind", "required", "notes"), collect(mevichat_field_rows))
def test_mevichat_request_table(specs: dict[str, Spec], operation: str, field: str, kind: str, required: str, notes: str) -> None:
    spec = specs["mevichat"]
    method, path = operation.split(" ", 1)
    schema = spec.request_schema(spec.operation(method, path))
    properties = spec.properties(schema)
    assert field in properties, f"{field} is not a property of {schema}"
    assert (field in spec.required(schema)) == (required == "yes"), f"{field}: required should be {required}"
    json_type, json_format = FORMAT_OF[kind.lower()]
    assert spec.keyword(properties[field], "type") == json_type, f"{field}: type"
    if json_format:
        assert spec.keyword(properties[field], "format") == json_format, f"{field}: format"
        if json_format == "uuid":
            pattern = spec.keyword(properties[field], "pattern")
            assert pattern and re.fullmatch(pattern, "5f3e8c7c-5d4a-4a91-9a4e-c9a7e6d2b0f1"), f"{field}: UUID pattern"
            assert not re.search(pattern, "5f3e8c7c-5d4a-4a91-9a4e"), f"{field}: UUID pattern too loose"
    limit = re.search(r"Max (\d+) characters", notes)
    if limit:
        assert spec.keyword(properties[field], "maxLength") == int(limit.group(1)), f"{field}: maxLength"


def widgetkey_field_lists() -> list[tuple[str, str, str, bool, str]]:
    """(where, field, type, required, description) from the page's `Request Body` and `Response` lists."""
    rows = []
    for page, text in page_sections("widgetkey"):
        for where, start, stop in (("request", "\nRequest Body\n", "\nExample Request Body"), ("response", "\nResponse\n", "\nSuccess Response")):
            part = text[text.index(start) : text.index(stop)]
            for match in re.finditer(r"^(\w+)\n(string|integer|number|boolean|object|array)\n(required\n)?(.*)$", part, re.M):
                rows.append((where, match.group(1), match.group(2), bool(match.group(3)), match.group(4)))
    return rows


@pytest.mark.parametrize(("where", "field", "kind", "required", "description"), collect(widgetkey_field_lists))
def test_widgetkey_field_list(specs: dict[str, Spec], where: str, field: str, kind: str, required: bool, description: str) -> None:
    spec = specs["widgetkey"]
    operation = spec.operation("post", "/v1/chat")
    schema = spec.request_schema(operation) if where == "request" else spec.response_schema(operation, 200)
    properties = spec.properties(schema)
    assert field in properties, f"{where}: {field} missing"
    assert spec.keyword(properties[field], "type") == kind
    assert (field in spec.required(schema)) == required, f"{where}: {field} required should be {required}"
    pattern = re.search(r"regex pattern (\^.*?\$)", description)
    if pattern:
        assert spec.keyword(properties[field], "pattern") == pattern.group(1)
    length = re.search(r"between (\d+) and (\d+) characters", description)
    if length:
        assert spec.keyword(properties[field], "minLength") == int(length.group(1))
        assert spec.keyword(properties[field], "maxLength") == int(length.group(2))


def test_widgetkey_stream_takes_the_chat_request(specs: dict[str, Spec]) -> None:
    spec = specs["widgetkey"]
    chat = spec.request_schema(spec.operation("post", "/v1/chat"))
    stream = spec.request_schema(spec.operation("post", "/v1/chat/stream"))
    assert spec.deref(chat) == spec.deref(stream)


# --- error codes -------------------------------------------------------------------------------


def mevichat_error_rows() -> list[tuple[str, int, str, str]]:
    rows = []
    for page, text in page_sections("mevichat"):
        for match in re.finditer(r"^\| (\d{3}) \| ([a-z_]+) \| (.*?) \|$", text, re.M):
            head = section(headings(text), match.start())
            assert head is not None
            rows.append((f"{head.method} {head.path}", int(match.group(1)), match.group(2), match.group(3)))
    return rows


@pytest.mark.parametrize(("operation", "status", "code", "cause"), collect(mevichat_error_rows))
def test_mevichat_error_table(specs: dict[str, Spec], operation: str, status: int, code: str, cause: str) -> None:
    spec = specs["mevichat"]
    method, path = operation.split(" ", 1)
    pointer = spec.operation(method, path)
    schema = spec.response_schema(pointer, status)
    assert schema is not None, f"{operation}: no JSON {status} response"
    body = {"error": code, "message": cause}
    assert not spec.errors(schema, body), f"{operation} {status}: {code} is not a valid error: {spec.errors(schema, body)[0].message}"


def test_mevichat_error_codes_are_the_table(specs: dict[str, Spec]) -> None:
    spec = specs["mevichat"]
    documented = {code for _, _, code, _ in mevichat_error_rows()}
    assert len(documented) == 8
    error = spec.properties("/components/schemas/ErrorResponse")["error"]
    assert spec.known_values(error) == documented


def test_widget_config_uses_the_chat_error_codes(specs: dict[str, Spec]) -> None:
    spec = specs["mevichat"]
    (page, text), = page_sections("mevichat")
    part = section_text(text, "get", "/api/widget/config/")
    named = re.search(r"same error codes as (/\S+) \(([^)]*)\)", part)
    assert named, "the config section names its error codes"
    codes = [c.strip() for c in named.group(2).split(",") if re.fullmatch(r"[a-z_]+", c.strip())]
    assert codes
    config = spec.operation("get", "/api/widget/config/")
    for code in codes:
        statuses = [s for s in spec.get(config)["responses"] if spec.response_schema(config, s)
                    and not spec.errors(spec.response_schema(config, s), {"error": code})]
        assert statuses, f"get_widget_config: no response takes error {code}"


def export_error_rows() -> list[tuple[int, str, str]]:
    rows = []
    for page, text in page_sections("mevichat"):
        part = section_text(text, "get", "/api/conversations/{session_id}/export.json")
        for match in re.finditer(r"^\| (\d{3}) \| (\{.*\}|—) \| (.*?) \|$", part, re.M):
            rows.append((int(match.group(1)), match.group(2), match.group(3)))
    return rows


@pytest.mark.parametrize(("status", "body", "cause"), collect(export_error_rows))
def test_export_error_table(specs: dict[str, Spec], status: int, body: str, cause: str) -> None:
    spec = specs["mevichat"]
    operation = spec.operation("get", "/api/conversations/{session_id}/export.json")
    response = spec.response(operation, status)
    assert response is not None, f"export: {status} not listed"
    if body == "—":
        assert not spec.get(response).get("content"), f"export {status} has no body"
        return
    schema = spec.response_schema(operation, status)
    assert schema is not None and not spec.errors(schema, json.loads(body)), f"export {status}: {body}"


def test_export_detail_codes_are_the_table(specs: dict[str, Spec]) -> None:
    spec = specs["mevichat"]
    operation = spec.operation("get", "/api/conversations/{session_id}/export.json")
    documented = {json.loads(b)["detail"] for s, b, _ in export_error_rows() if s == 401}
    assert documented == {"authentication_required", "no_workspace"}
    detail = spec.properties(spec.response_schema(operation, 401))["detail"]
    assert spec.known_values(detail) == documented


def test_widgetkey_error_strings(specs: dict[str, Spec]) -> None:
    spec = specs["widgetkey"]
    documented = {b.value["error"] for b in doc_blocks() if b.spec == "widgetkey" and b.role == "response" and b.status and b.status >= 400}
    assert len(documented) == 4
    error = spec.properties("/components/schemas/ErrorResponse")["error"]
    assert spec.known_values(error) == documented
    for _, _, operation in spec.operations():
        for block in (b for b in doc_blocks() if b.spec == "widgetkey" and b.role == "response" and b.status and b.status >= 400):
            schema = spec.response_schema(operation, block.status)
            assert schema and not spec.errors(schema, block.value), f"{operation} {block.status}: {block.value}"


# --- events ----------------------------------------------------------------------------------


def stream_items(spec: Spec, method: str, path: str) -> str:
    operation = spec.operation(method, path)
    media = spec.media(spec.response(operation, 200), "text/event-stream")
    assert media is not None, f"{method.upper()} {path}: no text/event-stream response"
    assert "itemSchema" in spec.get(media) and "schema" not in spec.get(media), "SSE is described with itemSchema"
    return f"{media}/itemSchema"


def branch_events(spec: Spec, item_schema: str) -> set[str]:
    node = spec.get(spec.deref(item_schema))
    names = set()
    for index, _ in enumerate(node.get("oneOf", [])):
        event = spec.properties(f"{spec.deref(item_schema)}/oneOf/{index}").get("event")
        if event:
            names |= spec.known_values(event)
    return names


def test_event_names(specs: dict[str, Spec]) -> None:
    documented: dict[tuple[str, str, str], set[str]] = {}
    for block in doc_blocks():
        if block.role == "event" and block.event:
            documented.setdefault((block.spec, block.method, block.path), set()).add(block.event)
    assert documented, "the docs name events"
    for (name, method, path), events in documented.items():
        spec = specs[name]
        assert branch_events(spec, stream_items(spec, method, path)) == events, f"{name} {path}"
    mevichat = read_doc(next(p for p, s in doc_pages().items() if s == "mevichat"))
    for event in documented[("mevichat", "post", "/api/chat/")]:
        assert re.search(rf"\b{event}—", mevichat), f"{event} is described on the page"


def test_vexar_data_types(specs: dict[str, Spec]) -> None:
    spec = specs["vexar"]
    documented = {b.value["type"] for b in doc_blocks() if b.spec == "vexar" and b.role == "event"}
    assert documented == {"chunk", "done"}
    item_schema = spec.deref(stream_items(spec, "post", "/api/v1/chat/stream"))
    found = set()
    for index, _ in enumerate(spec.get(item_schema)["oneOf"]):
        branch = f"{item_schema}/oneOf/{index}"
        assert "event" not in spec.properties(branch), "Vexar events are data-only"
        content = f"{spec.properties(branch)['data']}/contentSchema"
        found |= spec.known_values(spec.properties(content)["type"])
        assert "type" in spec.required(content)
    assert found == documented
    done = [b.value for b in doc_blocks() if b.spec == "vexar" and b.role == "event" and b.value["type"] == "done"]
    page = read_doc(next(p for p, s in doc_pages().items() if s == "vexar"))
    assert "final event carries conversation_id" in page and all("conversation_id" in d["meta"] for d in done)
    done_data = spec.properties(f"{spec.properties(spec.sse_branch(item_schema, {'data': json.dumps(done[0])}))['data']}/contentSchema")
    assert "conversation_id" in spec.required(done_data["meta"])


def test_finish_reasons(specs: dict[str, Spec]) -> None:
    (page, text), = page_sections("mevichat")
    documented = set(re.findall(r'finish_reason === "(\w+)"', text))
    listed = re.search(r"finish_reason is ([\w, ]+?)\.", text)
    assert listed
    documented |= {w for w in re.split(r",\s*(?:or\s+)?|\s+or\s+", listed.group(1)) if w}
    documented |= {b.value["finish_reason"] for b in doc_blocks() if "finish_reason" in b.value}
    assert documented == {"stop", "error", "blocked", "quota_exceeded"}
    spec = specs["mevichat"]
    assert spec.known_values("/components/schemas/FinishReason") == documented
    assert spec.keyword("/components/schemas/FinishReason", "enum") is not None, "finish_reason is a closed set"


def test_done_carries_metering(specs: dict[str, Spec]) -> None:
    """"The done event carries metering even when finish_reason is error, blocked, or quota_exceeded.\""""
    spec = specs["mevichat"]
    done = next(b for b in doc_blocks() if b.spec == "mevichat" and b.event == "done")
    branch = spec.sse_branch(stream_items(spec, "post", "/api/chat/"), {"event": "done", "data": done.raw})
    content = f"{spec.properties(branch)['data']}/contentSchema"
    assert {"finish_reason", "tokens_in", "tokens_out", "latency_ms"} <= spec.required(content)


def test_in_stream_error_codes(specs: dict[str, Spec]) -> None:
    spec = specs["mevichat"]
    documented = {b.value["code"] for b in doc_blocks() if b.spec == "mevichat" and b.event == "error"}
    assert documented == {"quota_exceeded"}
    code = spec.properties("/components/schemas/ErrorData")["code"]
    assert documented <= spec.known_values(code)
    assert not spec.errors(code, "some_code_the_docs_do_not_list"), "the in-stream code is an open set"


# --- headers, auth, query parameters -----------------------------------------------------------


def test_origin_header(specs: dict[str, Spec]) -> None:
    spec = specs["mevichat"]
    (page, text), = page_sections("mevichat")
    checked = 0
    for method, path, operation in spec.operations():
        part = section_text(text, method, path)
        if re.search(r"Origin\s*header|Originheader", part):
            origin = spec.parameter(operation, "header", "Origin")
            assert origin is not None and origin.get("required") is True, f"{path}: Origin header parameter"
            checked += 1
    assert checked == 2
    devapi = specs["devapi"]
    (page, text), = page_sections("devapi")
    assert "allowed origins" in text
    for method, path, operation in devapi.operations():
        assert devapi.parameter(operation, "header", "Origin") is not None, f"devapi {path}: Origin header"


def bearer_schemes(spec: Spec, operation: str) -> list[dict[str, Any]]:
    return [spec.scheme(n) for requirement in spec.security(operation) for n in requirement
            if spec.scheme(n).get("type") == "http" and spec.scheme(n).get("scheme") == "bearer"]


def test_authorization_bearer(specs: dict[str, Spec]) -> None:
    for name in ("mevichat", "devapi"):
        spec = specs[name]
        for page, text in page_sections(name):
            for method, path, operation in spec.operations():
                try:
                    part = section_text(text, method, path)
                except AssertionError:
                    continue
                if "Authorization: Bearer" in part or "Bearer $API_KEY" in text and name == "devapi":
                    schemes = bearer_schemes(spec, operation)
                    assert schemes, f"{name} {path}: an http bearer security scheme"
                    if "JWT" in part:
                        assert schemes[0].get("bearerFormat") == "JWT"
    for method, path, operation in specs["devapi"].operations():
        assert bearer_schemes(specs["devapi"], operation), f"devapi {path}: Bearer key"


def test_widget_key_headers(specs: dict[str, Spec]) -> None:
    spec = specs["widgetkey"]
    (page, text), = page_sections("widgetkey")
    headers = re.findall(r"^\s*•\s*(x-[\w-]+):", text, re.M)
    assert headers == ["x-api-key", "x-widget-api-key"]
    for method, path, operation in spec.operations():
        alternatives = [requirement for requirement in spec.security(operation)]
        names = []
        for requirement in alternatives:
            assert len(requirement) == 1, f"{path}: each header is an alternative on its own"
            scheme = spec.scheme(next(iter(requirement)))
            assert scheme["type"] == "apiKey" and scheme["in"] == "header"
            names.append(scheme["name"])
        assert names == headers, f"{path}: {names}"


def test_documented_query_parameters(specs: dict[str, Spec]) -> None:
    """`GET /path?name=value&...` in the docs (and `?public_key=` of the widget config)."""
    checked = 0
    for page, name in doc_pages().items():
        spec = specs[name]
        text = read_doc(page)
        found = [(m.group(1), m.group(2)) for m in re.finditer(r"GET (/[\w/.-]+)\?(\S+)", text)]
        config = re.search(r"\?(public_key)=\S+query parameter", text)
        if config:
            found.append(("/api/widget/config/", f"{config.group(1)}=x"))
        for path, query in found:
            operation = spec.operation("get", path)
            assert operation is not None
            for pair in query.split("&"):
                parameter = pair.split("=", 1)[0]
                in_query = spec.parameter(operation, "query", parameter) is not None
                in_scheme = any(
                    spec.scheme(n).get("in") == "query" and spec.scheme(n).get("name") == parameter
                    for requirement in spec.security(operation) for n in requirement
                )
                assert in_query or in_scheme, f"{name} GET {path}: query parameter {parameter}"
                checked += 1
    assert checked >= 5


def test_devapi_api_key_in_body(specs: dict[str, Spec]) -> None:
    spec = specs["devapi"]
    chat = spec.operation("post", "/api/v1/chat")
    assert "api_key" in spec.properties(spec.request_schema(chat))
    assert {} in spec.security(chat), "a chat with api_key in the body sends no auth header"


def test_response_headers(specs: dict[str, Spec]) -> None:
    spec = specs["mevichat"]
    (page, text), = page_sections("mevichat")
    export = spec.operation("get", "/api/conversations/{session_id}/export.json")
    disposition = re.search(r"Content-Disposition: (attachment; filename=\"session-<uuid>\.json\")", text)
    assert disposition
    header = spec.get(spec.response(export, 200))["headers"]["Content-Disposition"]
    pattern = spec.keyword(spec.deref(f"{spec.response(export, 200)}/headers/Content-Disposition") + "/schema", "pattern")
    value = disposition.group(1).replace("<uuid>", "5f3e8c7c-5d4a-4a91-9a4e-c9a7e6d2b0f1")
    assert header.get("required") and re.search(pattern, value)
    cache = re.search(r"Cache:\s*(public, max-age=\d+)", text)
    assert cache
    config = spec.operation("get", "/api/widget/config/")
    header = spec.get(spec.response(config, 200))["headers"]["Cache-Control"]
    assert header.get("required") and header.get("example") == cache.group(1)
    for match in re.finditer(r"Response:\s*Content-Type:\s*([\w/-]+)", text):
        head = section(headings(text), match.start())
        operation = spec.operation(head.method, head.path)
        assert spec.media(spec.response(operation, 200), match.group(1)), f"{head.path}: 200 as {match.group(1)}"


# --- limits ------------------------------------------------------------------------------------


def test_rate_limits(specs: dict[str, Spec]) -> None:
    checked = 0
    for page, name in doc_pages().items():
        spec = specs[name]
        text = read_doc(page)
        for match in re.finditer(r"Rate limit: (\d+ requests/minute per (?:client IP|user))", text):
            head = section(headings(text), match.start())
            operation = spec.operation(head.method, head.path)
            assert match.group(1) in spec.get(operation)["description"], f"{head.path}: {match.group(1)}"
            assert spec.response(operation, 429) is not None
            checked += 1
        if "rate limited per client IP address" in text:
            for method, path, operation in spec.operations():
                assert "per client IP address" in spec.get(operation)["description"], f"{path}"
                assert spec.response(operation, 429) is not None
                checked += 1
    assert checked == 4


def test_every_429_has_retry_after(specs: dict[str, Spec]) -> None:
    for name, spec in specs.items():
        for method, path, operation in spec.operations():
            response = spec.response(operation, 429)
            assert response is not None, f"{name} {path}: a limit can be set, so 429 is listed"
            assert "Retry-After" in spec.get(response).get("headers", {}), f"{name} {path}: Retry-After"


def test_vexar_score_range(specs: dict[str, Spec]) -> None:
    spec = specs["vexar"]
    for page, text in page_sections("vexar"):
        part = section_text(normalized(text), "post", "/api/v1/chat/rate")
        low, high = map(int, re.search(r"\((\d+)[–-](\d+)\)", part).groups())
        score = spec.properties(spec.request_schema(spec.operation("post", "/api/v1/chat/rate")))["score"]
        assert (spec.keyword(score, "type"), spec.keyword(score, "minimum"), spec.keyword(score, "maximum")) == ("integer", low, high)


def test_vexar_mode(specs: dict[str, Spec]) -> None:
    spec = specs["vexar"]
    (page, text), *_ = page_sections("vexar")
    modes = set(re.search(r"current mode \((\w+) \| (\w+)\)", text).groups())
    operation = spec.operation("get", "/api/v1/chat/operator-messages")
    mode = spec.properties(spec.response_schema(operation, 200))["mode"]
    assert spec.known_values(mode) == modes and spec.keyword(mode, "enum") is not None


def test_upload_image_is_multipart(specs: dict[str, Spec]) -> None:
    spec = specs["vexar"]
    (page, text), *_ = page_sections("vexar")
    field = re.search(r"\(multipart field (\w+)\)", text).group(1)
    operation = spec.operation("post", "/api/v1/chat/upload-image")
    schema = spec.request_schema(operation, "multipart/form-data")
    assert schema is not None
    part = spec.properties(schema)[field]
    assert field in spec.required(schema)
    assert str(spec.keyword(part, "contentMediaType")).startswith("image/")
    assert {"site_key", "session_id"} <= spec.required(schema)


# --- what the mock README fixes ----------------------------------------------------------------


def readme_part(title: str) -> str:
    """A `### title` section of the mock README, with line breaks inside paragraphs as spaces."""
    text = MOCK_README.read_text()
    start = text.index(f"### {title}\n")
    ends = [e for e in (text.find("\n### ", start + 1), text.find("\n## ", start + 1)) if e != -1]
    part = text[start : min(ends) if ends else len(text)]
    return re.sub(r"(?<=\S)\n(?=\S)", " ", part)


@pytest.mark.parametrize(("title", "spec_name"), [("Mevichat", "mevichat"), ("Vexar", "vexar"), ("Developer API", "devapi")])
def test_mock_error_codes(specs: dict[str, Spec], title: str, spec_name: str) -> None:
    spec = specs[spec_name]
    part = readme_part(title)
    codes = re.findall(r"`(\d{3})\s+([a-z_]+)`", part)
    assert codes
    for status, code in codes:
        body = {"error": code, "message": "x"} if spec_name == "mevichat" else {"success": False, "error": code, "message": "x"}
        takers = [path for _, path, op in spec.operations()
                  if spec.response_schema(op, status) and not spec.errors(spec.response_schema(op, status), body)]
        assert takers, f"{spec_name}: no operation answers {status} {code}"


def test_mock_widgetkey_errors_and_stream(specs: dict[str, Spec]) -> None:
    spec = specs["widgetkey"]
    part = readme_part("Widget-key API")
    bodies = re.findall(r"`(\d{3}) (\{.*?\})`", part)
    assert len(bodies) == 4
    for _, _, operation in spec.operations():
        for status, body in bodies:
            schema = spec.response_schema(operation, status)
            assert schema and not spec.errors(schema, json.loads(body)), f"{operation}: {status} {body}"
    events = set(re.findall(r"`event: (\w+)`", part))
    assert events == {"delta", "done"}
    item = spec.deref(stream_items(spec, "post", "/v1/chat/stream"))
    example_events = {e.get("event") for e in spec.get(item).get("examples", [])}
    assert events <= example_events
    assert not spec.errors(item, {"event": "anything", "data": "not json"}), "the stream's events are open"


def test_mock_in_stream_codes(specs: dict[str, Spec]) -> None:
    codes = set(re.findall(r'"code":"(\w+)"', readme_part("Mevichat")))
    assert codes == {"quota_exceeded", "provider_auth_failed"}
    spec = specs["mevichat"]
    assert codes <= spec.known_values(spec.properties("/components/schemas/ErrorData")["code"])


def test_mock_mevichat_405_everywhere(specs: dict[str, Spec]) -> None:
    assert "`405 method_not_allowed` (any method but the documented one)" in readme_part("Mevichat")
    spec = specs["mevichat"]
    for _, path, operation in spec.operations():
        schema = spec.response_schema(operation, 405)
        assert schema and not spec.errors(schema, {"error": "method_not_allowed", "message": "x"}), path


def test_mock_vexar_query_parameters(specs: dict[str, Spec]) -> None:
    names = re.search(r"The GET endpoints take ((?:`\w+`(?: and )?)+) as query parameters", readme_part("Vexar"))
    assert names
    spec = specs["vexar"]
    gets = [(path, op) for method, path, op in spec.operations() if method == "get"]
    assert len(gets) == 4
    for name in re.findall(r"`(\w+)`", names.group(1)):
        for path, operation in gets:
            parameter = spec.parameter(operation, "query", name)
            assert parameter is not None and parameter.get("required"), f"{path}: {name}"


def test_mock_devapi_paging_and_reply(specs: dict[str, Spec]) -> None:
    part = readme_part("Developer API")
    spec = specs["devapi"]
    sessions = spec.operation("get", "/api/v1/sessions")
    paging = re.search(r"`page` \(from (\d+)\) and `per_page` \((\d+)–(\d+), default (\d+)\)", part)
    assert paging
    first, low, high, default = map(int, paging.groups())
    page = spec.parameter(sessions, "query", "page")["schema"]
    per_page = spec.parameter(sessions, "query", "per_page")["schema"]
    assert page["minimum"] == first
    assert (per_page["minimum"], per_page["maximum"], per_page["default"]) == (low, high, default)
    reply = re.search(r"one JSON object `(\{.*?\})`", part)
    assert reply
    value = json.loads(reply.group(1).replace("…", "null"))
    chat = spec.response_schema(spec.operation("post", "/api/v1/chat"), 200)
    assert not spec.undeclared(chat, value)
    assert spec.media(spec.response(spec.operation("post", "/api/v1/chat"), 200), "text/event-stream")


# --- every example in the specs validates ------------------------------------------------------


@dataclass(frozen=True)
class Example:
    spec: str
    schema: str  # pointer of the schema (or itemSchema) it must validate against
    location: str  # pointer of the example
    value: Any
    stream: bool = False

    @property
    def id(self) -> str:
        return f"{self.spec}:{self.location}"


def spec_examples() -> list[Example]:
    found: list[Example] = []
    for name in SPECS:
        spec = Spec(name)

        def walk(node: Any, pointer: str) -> None:
            if isinstance(node, dict):
                if pointer.count("/") >= 2 and pointer.rsplit("/", 2)[1] == "content":
                    media_type = unescape(pointer.rsplit("/", 1)[1])
                    for example_name in node.get("examples", {}):
                        location = spec.deref(f"{pointer}/examples/{escape(example_name)}")
                        example = spec.get(location)
                        if "itemSchema" in node and "serializedValue" in example and media_type == "text/event-stream":
                            found.append(Example(name, f"{pointer}/itemSchema", location, sse_items(example["serializedValue"]), True))
                        elif "schema" in node:
                            if "value" in example or "dataValue" in example:
                                found.append(Example(name, f"{pointer}/schema", location, example.get("value", example.get("dataValue"))))
                            elif "serializedValue" in example and media_type == "application/json":
                                found.append(Example(name, f"{pointer}/schema", location, json.loads(example["serializedValue"])))
                    if "example" in node and "schema" in node:
                        found.append(Example(name, f"{pointer}/schema", f"{pointer}/example", node["example"]))
                elif "schema" in node and "example" in node and ("in" in node or "/headers/" in pointer):
                    found.append(Example(name, f"{pointer}/schema", f"{pointer}/example", node["example"]))
                if pointer.startswith("/components/schemas/") and isinstance(node.get("examples"), list):
                    for index, value in enumerate(node["examples"]):
                        found.append(Example(name, pointer, f"{pointer}/examples/{index}", value))
                for key, value in node.items():
                    walk(value, f"{pointer}/{escape(key)}")
            elif isinstance(node, list):
                for index, value in enumerate(node):
                    walk(value, f"{pointer}/{index}")

        walk(spec.document, "")
    return found


def test_specs_have_examples() -> None:
    examples = spec_examples()
    for name in SPECS:
        assert [e for e in examples if e.spec == name and not e.stream], f"{name}: JSON examples"
        assert [e for e in examples if e.spec == name and e.stream], f"{name}: SSE examples"


@pytest.mark.parametrize("example", spec_examples(), ids=lambda e: e.id)
def test_spec_example_validates(specs: dict[str, Spec], example: Example) -> None:
    spec = specs[example.spec]
    if example.stream:
        assert example.value, f"{example.id}: no events"
        for index, item in enumerate(example.value):
            errors = spec.errors(example.schema, item)
            assert not errors, f"{example.id} event {index} {item}: {errors[0].message}"
            spec.sse_branch(example.schema, item)
        return
    errors = spec.errors(example.schema, example.value)
    assert not errors, f"{example.id}: {errors[0].message} at {list(errors[0].absolute_path)}"
