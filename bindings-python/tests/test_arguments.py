"""Every argument of every constructor and method of the eight client classes, in turn, with a
value of the wrong type, missing, and out of range: each is a ``chatwire.ValidationError`` whose
``field`` is that argument, raised before anything is sent (the mock's request log stays empty).
An unknown keyword is refused the same way, naming the nearest known one. The methods and their
arguments come from the stubs (``stub_signatures``), which ``test_signatures`` holds to the
runtime, so a method or an argument added later is swept too."""

from __future__ import annotations

import asyncio
import inspect
import math
import reprlib
import tempfile
from typing import Any, Callable

import pytest

import chatwire
from chatwire.testing import MockServer
from stub_signatures import CLIENTS, Method, Param, stub_methods

METHODS = stub_methods()

# A value of the right type, for the arguments not under test (what the core would make of it
# does not matter: the argument under test is refused first).
VALID: dict[str, Any] = {
    "str": "s",
    "bool": True,
    "int": 1,
    "seconds": 1.5,
    "headers": {"x-test": "yes"},
    "json": {"plan": "pro"},
    "image": b"\x89PNG\r\n",
    "path": "ca.pem",
    "choice": "x-api-key",
    "rate_mode": "wait",
    "rate_limits": {"*": (100, 60.0)},
    "strings": ["0b7a3a8e-0f63-4d7e-9a43-6c1f5b2d8e41"],
    "directory": tempfile.gettempdir(),
    "callable": print,
}


def _self_containing() -> dict[str, Any]:
    value: dict[str, Any] = {}
    value["self"] = value
    return value


def _list_holding_a_loop() -> dict[str, Any]:
    loop: list[Any] = []
    loop.append(loop)
    return {"list": [[[]]] * 2, "loop": loop}


def _nested(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = {}
    for _ in range(depth - 1):
        value = {"a": value}
    return value


class Unserializable:
    pass


WRONG_TYPE: dict[str, list[Any]] = {
    "str": [1, 1.5, b"s", ["s"], True, object()],
    "bool": [1, 0, "true", 1.0],
    "int": ["1", 1.5, True, False, b"1", [1]],
    "seconds": ["1", True, b"1", [1], 1j],
    "headers": [[("a", "b")], "a: b", {"a": 1}, {1: "a"}, {"a": b"b"}, {"a": None}],
    "json": [[1], "x", 1, (("a", 1),), {"a": {1, 2}}, {"a": b"x"}, {(1,): 1}, {"a": Unserializable()}],
    "image": [1, ["x"], 1.5, True, object()],
    "path": [1, b"ca.pem", ["ca.pem"], 1.5, True, object()],
    "choice": [1, b"x-api-key", True],
    "rate_mode": [1, b"wait", True],
    "rate_limits": [[("*", (1, 1.0))], "*", 1, {"*": 1}, {"*": (1,)}, {"*": (1, 1.0, 1)}, {1: (1, 1.0)}, {"*": ("1", 1.0)}],
    "strings": [1, "s", b"s", [1], [b"s"], {"s": 1}, object()],
    "directory": [1, b"/tmp", ["/tmp"], 1.5, True, object()],
    "callable": [1, "print", b"x", [print]],
}

OUT_OF_RANGE: dict[str, list[Any]] = {
    "str": ["a\ud800", "\udfff", "x" + "\udc80" * 3],
    "bool": [],
    "int": [-1, 2**64, 2**70, -(2**70)],
    "seconds": [0, 0.0, -1, -0.5, math.nan, -math.inf, 1e-300, -(2**70)],
    "headers": [{"bad header": "x"}, {"x": "a\nb"}, {"": "v"}, {"x\ud800": "v"}, {"x": "\ud800"}],
    "json": [
        {"a": math.nan},
        {"a": [math.inf]},
        {"a": -math.inf},
        _self_containing(),
        _list_holding_a_loop(),
        _nested(5000),
        _nested(128),
        {"a": 2**70},
        {"a": -(2**64)},
        {"a": "\ud800"},
        {"\udc80": 1},
    ],
    "image": ["\ud800.png"],
    # One the file system cannot name, and one with no file (the core reads it at construction).
    "path": ["\ud800.pem", "/nonexistent/ca.pem"],
    "choice": ["x-other", "X-API-KEY", "\ud800"],
    "rate_mode": ["Wait", "on", "\ud800"],
    # No such operation, no request, a span of 0 or below, a lone surrogate in a name.
    "rate_limits": [{"no_such_operation": (1, 1.0)}, {"*": (0, 1.0)}, {"*": (1, 0)}, {"*": (1, -1.0)}, {"*": (-1, 1.0)}, {"*": (2**40, 1.0)}, {"\ud800": (1, 1.0)}],
    "strings": [["\ud800"]],
    "directory": ["\ud800"],
    "callable": [],
}


def client_for(mock: MockServer, cls: str) -> Any:
    credentials: dict[str, tuple[str, ...]] = {
        "Mevichat": (mock.MEVICHAT_PUBLIC_KEY, mock.ORIGIN),
        "Vexar": (mock.VEXAR_SITE_KEY,),
        "DevApi": (mock.DEVAPI_KEY,),
        "WidgetKey": (mock.WIDGET_KEY,),
    }
    return getattr(chatwire, cls)(*credentials[cls.removeprefix("Async")], base_url=mock.base_url)


def target(mock: MockServer, method: Method) -> Callable[..., Any]:
    if method.name == "__new__":
        return getattr(chatwire, method.cls)  # type: ignore[no-any-return]
    return getattr(client_for(mock, method.cls), method.name)  # type: ignore[no-any-return]


def valid_args(mock: MockServer, method: Method) -> dict[str, Any]:
    # A path names a file the core reads (a CA bundle): it is left out unless under test.
    args = {p.name: VALID[p.kind] for p in method.params if p.kind != "path"}
    if "base_url" in args:
        args["base_url"] = mock.base_url
    if "proxy" in args:
        args["proxy"] = "http://127.0.0.1:3128"
    return args


def outcome(call: Callable[..., Any], kwargs: dict[str, Any]) -> BaseException | None:
    """What ``call(**kwargs)`` raised, or None; an awaitable it answered is awaited."""
    try:
        result = call(**kwargs)
        if inspect.isawaitable(result):

            async def wait() -> None:
                await asyncio.wait_for(result, 10)

            asyncio.run(wait())
    except BaseException as error:  # noqa: BLE001 - the test inspects it
        return error
    return None


def check_refused(
    problems: list[str], label: str, error: BaseException | None, field: str, *words: str
) -> None:
    if not isinstance(error, chatwire.ValidationError) or type(error) is not chatwire.ValidationError:
        problems.append(f"{label}: {type(error).__name__}: {error}")
        return
    if error.field != field:
        problems.append(f"{label}: field {error.field!r}, not {field!r} ({error})")
    for word in words:
        if word not in error.reason:
            problems.append(f"{label}: {word!r} not in the reason {error.reason!r}")


def sweep(mock: MockServer, method: Method) -> list[str]:
    """Every argument of ``method`` refused with each bad value; the problems found."""
    problems: list[str] = []
    call = target(mock, method)
    base = valid_args(mock, method)
    for param in method.params:
        cases: list[tuple[str, dict[str, Any], tuple[str, ...]]] = []
        for value in WRONG_TYPE[param.kind]:
            cases.append((f"wrong type {type(value).__name__}", {**base, param.name: value}, ()))
        for value in OUT_OF_RANGE[param.kind]:
            shown = reprlib.repr(value)  # bounded, for nested values
            cases.append((f"out of range {shown}", {**base, param.name: value}, ()))
        if param.required:
            missing = {k: v for k, v in base.items() if k != param.name}
            cases.append(("missing", missing, ("is required",)))
            cases.append(("None", {**base, param.name: None}, ("is required",)))
        for what, kwargs, words in cases:
            error = outcome(call, kwargs)
            check_refused(problems, f"{method.label}({param.name}) {what}", error, param.name, *words)
    return problems


def misspelt(name: str) -> list[str]:
    """Ways a caller may misspell ``name``: two letters swapped, camelCase, a letter dropped."""
    swapped = name[:1] + name[2] + name[1] + name[3:] if len(name) > 3 else name + "s"
    camel = name.split("_")[0] + "".join(part.title() for part in name.split("_")[1:])
    dropped = name[:-1] if len(name) > 4 else name + "x"
    return [v for v in {swapped, camel, dropped} if v != name]


@pytest.mark.hostile_case("bad-arguments")
@pytest.mark.parametrize("cls", CLIENTS)
def test_every_bad_argument_is_a_validation_error_naming_it(mock: MockServer, cls: str) -> None:
    methods = [m for m in METHODS if m.cls == cls]
    assert any(m.name == "__new__" for m in methods) and any(m.name == "with_options" for m in methods)
    problems = [problem for method in methods for problem in sweep(mock, method)]
    assert not problems, "\n".join(problems[:40]) + f"\n({len(problems)} in all)"
    assert mock.requests() == [], "a refused argument reached the server"


@pytest.mark.hostile_case("misspelt-option")
@pytest.mark.parametrize("cls", CLIENTS)
def test_an_unknown_keyword_names_the_nearest_known_one(mock: MockServer, cls: str) -> None:
    problems: list[str] = []
    for method in (m for m in METHODS if m.cls == cls):
        call = target(mock, method)
        base = valid_args(mock, method)
        for param in method.params:
            for typo in misspelt(param.name):
                if typo in base:
                    continue
                error = outcome(call, {**base, typo: VALID[param.kind]})
                check_refused(
                    problems, f"{method.label}({typo})", error, typo, f"did you mean {param.name}?"
                )
        error = outcome(call, {**base, "no_such_argument": 1})
        check_refused(problems, f"{method.label}(no_such_argument)", error, "no_such_argument", "did you mean")
    assert not problems, "\n".join(problems[:40]) + f"\n({len(problems)} in all)"
    assert mock.requests() == []


def test_a_refusal_says_what_was_wrong(mock: MockServer, vexar: chatwire.Vexar) -> None:
    def reason(call: Callable[[], object]) -> str:
        with pytest.raises(chatwire.ValidationError) as raised:
            call()
        return raised.value.reason

    assert reason(lambda: vexar.get_history(session_id=1)) == "must be a str, not int"  # type: ignore[arg-type]
    assert reason(lambda: vexar.get_history()) == "is required"  # type: ignore[call-arg]
    assert "lone surrogate" in reason(lambda: vexar.get_history(session_id="a\ud800"))
    assert reason(lambda: vexar.rate_conversation(session_id="s", score=True)) == (
        "must be an int, not bool"
    )
    assert "1180591620717411303424" in reason(
        lambda: vexar.rate_conversation(session_id="s", score=2**70)
    )
    assert "above 0" in reason(lambda: vexar.get_history(session_id="s", timeout=-1))
    assert reason(lambda: vexar.get_history(sesion_id="s")) == (  # type: ignore[call-arg]
        "is not an argument of Vexar.get_history(); did you mean session_id?"
    )
    assert reason(lambda: chatwire.Vexar(mock.VEXAR_SITE_KEY, baseUrl="x")) == (  # type: ignore[call-arg]
        "is not an argument of Vexar(); did you mean base_url?"
    )
    assert mock.requests() == []


def test_the_error_of_a_conversion_chains_its_cause(mevichat: chatwire.Mevichat) -> None:
    with pytest.raises(chatwire.ValidationError) as raised:
        mevichat.chat_stream(session_id="s", message="hi", visitor_metadata={"a": {1}})
    assert isinstance(raised.value.__cause__, TypeError)


def test_bool_is_not_an_int_but_an_int_is_seconds(mock: MockServer, devapi: chatwire.DevApi) -> None:
    with pytest.raises(chatwire.ValidationError) as raised:
        devapi.list_sessions(page=True)
    assert raised.value.field == "page"
    with pytest.raises(chatwire.ValidationError):
        devapi.list_sessions(include_all=1)  # type: ignore[arg-type]
    assert devapi.get_usage(timeout=5).success
    assert devapi.list_sessions(page=1, per_page=10, include_all=False).success


class Index:
    """An int-like object (as NumPy's integers are): ``__index__`` makes it an int."""

    def __init__(self, value: int) -> None:
        self.value = value

    def __index__(self) -> int:
        return self.value


def test_an_int_like_object_is_an_int(mock: MockServer, devapi: chatwire.DevApi) -> None:
    assert devapi.list_sessions(page=Index(1)).success  # type: ignore[arg-type]
    with pytest.raises(chatwire.ValidationError) as raised:
        devapi.list_sessions(per_page=Index(-3))  # type: ignore[arg-type]
    assert raised.value.field == "per_page"


@pytest.mark.parametrize(
    "seconds", [1e19, 1e300, float("inf"), 2**64, 10**400, 18446744073.709553, 5e-10]
)
def test_extreme_durations_are_accepted_or_refused_never_a_panic(
    mock: MockServer, seconds: float
) -> None:
    options: dict[str, Any]
    for name in ("timeout", "connect_timeout", "idle_timeout"):
        options = {name: seconds}
        try:
            client = chatwire.Mevichat(
                mock.MEVICHAT_PUBLIC_KEY, mock.ORIGIN, base_url=mock.base_url, **options
            )
            text = client.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hours").text()
        except chatwire.ValidationError as error:
            assert error.field == name
            continue
        except chatwire.APITimeoutError:
            assert seconds < 1e-6, "only a sub-microsecond timeout may run out here"
            continue
        assert text.startswith("Our business hours"), name
    for option in ("timeout", "idle_timeout"):
        options = {option: seconds}
        client = chatwire.Mevichat(mock.MEVICHAT_PUBLIC_KEY, mock.ORIGIN, base_url=mock.base_url)
        try:
            client.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hi", **options).text()
            client.with_options(**options).get_widget_config()
        except (chatwire.ValidationError, chatwire.APITimeoutError) as error:
            assert "internal error" not in str(error)


def test_a_header_value_is_never_shown(mevichat: chatwire.Mevichat) -> None:
    secret = "Bearer s3cr3t-value\n"
    with pytest.raises(chatwire.ValidationError) as raised:
        mevichat.get_widget_config(extra_headers={"authorization": secret})
    assert raised.value.field == "extra_headers"
    assert "s3cr3t" not in str(raised.value) and "s3cr3t" not in repr(raised.value)


def test_positional_arguments_still_work(mock: MockServer) -> None:
    client = chatwire.Mevichat(mock.MEVICHAT_PUBLIC_KEY, mock.ORIGIN, base_url=mock.base_url)
    assert client.export_conversation is not None
    with pytest.raises(chatwire.ValidationError) as raised:
        client.export_conversation(1)  # type: ignore[arg-type]
    assert raised.value.field == "session_id"
