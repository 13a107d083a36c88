"""Random arguments for every constructor and method of the eight client classes (sync and async),
and for the streams they open: nested, self-containing, huge and oddly typed values, unknown
keywords, missing arguments. Anything but a success or a ``chatwire.ChatwireError`` (a panic
reported as an "internal error" included) is a failure.

    python fuzz_arguments.py [--seed N] [--count N] [--seconds S]

Run in a process of its own by ``test_fuzz.py``, so that a crash is seen as an exit status. Prints
one summary line; exits 0 when nothing failed, 1 otherwise (with the failures, each with the seed
and the case number that reproduce it).
"""

from __future__ import annotations

import argparse
import asyncio
import faulthandler
import inspect
import math
import random
import reprlib
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any, Callable

import chatwire
from chatwire.testing import MockServer
from stub_signatures import Method, Param, stub_methods

faulthandler.enable()

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


class Weird:
    """An object of no JSON, str or number kind, whose methods raise."""

    def __str__(self) -> str:
        raise RuntimeError("str of Weird")

    def __index__(self) -> int:
        raise ValueError("index of Weird")

    def __fspath__(self) -> str:
        raise OSError("fspath of Weird")


class IntLike:
    def __init__(self, value: int) -> None:
        self.value = value

    def __index__(self) -> int:
        return self.value


class Values:
    """Random values, of every kind a caller could pass."""

    def __init__(self, rng: random.Random, mock: MockServer, image: Path) -> None:
        self.rng = rng
        self.mock = mock
        self.image = image

    def text(self) -> str:
        rng = self.rng
        pick = rng.random()
        if pick < 0.3:
            return rng.choice(["", "s", "hi", "sess_1", self.mock.SEEDED_SESSION_ID, "a@b.c"])
        if pick < 0.5:
            alphabet = "abc _-:./@\n\t\"'\\é✓𝄞\u0000\ufeff\ud800\udc80"
            return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        if pick < 0.6:
            return "x" * rng.choice([4000, 4001, 70_000, 1_000_000])
        if pick < 0.7:
            return "".join(chr(rng.randint(0, 0x10FFFF)) for _ in range(rng.randint(1, 20)))
        return rng.choice(["http://127.0.0.1:1", "not a url", "https://u:p@x/", "http://x/?q#f"])

    def number(self) -> Any:
        rng = self.rng
        return rng.choice(
            [
                0, 1, -1, 5, 255, 256, 2**31, 2**32, 2**63, 2**64, 2**70, -(2**70), 10**400,
                0.0, -0.0, 1e-300, 5e-10, 0.001, 0.05, 1.5, 1e19, 1e300, math.inf, -math.inf,
                math.nan, True, False, IntLike(3), IntLike(-1), IntLike(2**70), 1j,
            ]
        )

    def scalar(self) -> Any:
        rng = self.rng
        pick = rng.random()
        if pick < 0.3:
            return self.text()
        if pick < 0.6:
            return self.number()
        return rng.choice(
            [None, b"bytes", bytearray(b"ba"), memoryview(b"mv"), Weird(), object(), {1, 2},
             frozenset(), range(3), print, type, ..., NotImplemented]
        )

    def nested(self, depth: int = 0) -> Any:
        rng = self.rng
        if depth > 4 or rng.random() < 0.4:
            return self.scalar()
        pick = rng.random()
        size = rng.randint(0, 4)
        if pick < 0.4:
            return {self.key(): self.nested(depth + 1) for _ in range(size)}
        if pick < 0.7:
            return [self.nested(depth + 1) for _ in range(size)]
        return tuple(self.nested(depth + 1) for _ in range(size))

    def key(self) -> Any:
        return self.rng.choice(
            [self.text(), self.text(), 1, 2.5, True, None, math.nan, (1, 2), b"k", frozenset()]
        )

    def odd(self) -> Any:
        """A value of any kind at all: cyclic, deep, huge, nested, or plain."""
        rng = self.rng
        pick = rng.random()
        if pick < 0.08:
            cyclic: dict[str, Any] = {"a": [1, 2]}
            cyclic["a"].append(cyclic)
            return cyclic
        if pick < 0.14:
            deep: Any = {}
            for _ in range(rng.choice([126, 127, 128, 129, 1000, 20_000])):
                deep = {"d": deep} if rng.random() < 0.5 else [deep]
            return {"root": deep}
        if pick < 0.18:
            wide: Any = []
            for _ in range(rng.randint(20, 70)):
                wide = [wide, wide]
            return {"dag": wide}
        if pick < 0.22:
            return {"big": list(range(rng.choice([1000, 100_000])))}
        if pick < 0.5:
            return self.nested()
        return self.scalar()

    def valid(self, param: Param) -> Any:
        """A value that fits the argument's kind (its content may still be refused)."""
        rng = self.rng
        kind = param.kind
        if param.name == "base_url":
            return self.mock.base_url
        if param.name == "proxy" and rng.random() < 0.7:
            return "http://127.0.0.1:9"
        if param.name == "session_id" and rng.random() < 0.7:
            return self.mock.SEEDED_SESSION_ID
        if kind == "str":
            return self.text() if rng.random() < 0.3 else "hi"
        if kind == "bool":
            return rng.random() < 0.5
        if kind == "int":
            return rng.choice([0, 1, 3, 5, 100])
        if kind == "seconds":
            return rng.choice([0.2, 1, 2.5, 1e300, math.inf])
        if kind == "headers":
            return rng.choice([{}, {"x-fuzz": "1"}, {"Host": "x"}, {"content-length": "3"}])
        if kind == "json":
            return {"plan": "pro"} if rng.random() < 0.5 else self.nested()
        if kind == "image":
            return rng.choice([PNG, str(self.image), self.image, "missing.png", "notes.txt"])
        if kind == "path":
            # No CA bundle: a file that is not PEM, or none at all, which the core refuses.
            return rng.choice([str(self.image), self.image, "missing.pem"])
        if kind == "choice":
            return rng.choice(["x-api-key", "x-widget-api-key"])
        if kind == "rate_mode":
            return rng.choice(["wait", "off"])
        if kind == "rate_limits":
            return rng.choice([{}, {"*": (1000, 1.0)}, {"chat_stream": (5, 0.5)}])
        if kind == "strings":
            return rng.choice([[], [self.mock.SEEDED_SESSION_ID], ["not-a-uuid"]])
        if kind == "directory":
            return str(self.image.parent / "exports")
        if kind == "callable":
            return rng.choice([print, lambda progress: None])
        raise AssertionError(kind)


def credentials(mock: MockServer, cls: str) -> tuple[str, ...]:
    return {
        "Mevichat": (mock.MEVICHAT_PUBLIC_KEY, mock.ORIGIN),
        "Vexar": (mock.VEXAR_SITE_KEY,),
        "DevApi": (mock.DEVAPI_KEY,),
        "WidgetKey": (mock.WIDGET_KEY,),
    }[cls.removeprefix("Async")]


_CLIENTS: dict[str, Any] = {}


def client_of(mock: MockServer, cls: str) -> Any:
    """A client of ``cls`` built right, made once: the method cases are about their arguments,
    and building a client (which loads the system's CA roots) would take most of their time."""
    if cls not in _CLIENTS:
        _CLIENTS[cls] = getattr(chatwire, cls)(
            *credentials(mock, cls), base_url=mock.base_url, max_retries=0
        )
    return _CLIENTS[cls]


def arguments(values: Values, method: Method) -> dict[str, Any]:
    rng = values.rng
    kwargs: dict[str, Any] = {}
    # A third of the cases give every argument a fitting value, so that calls reach the mock.
    odd, missing = (0.0, 0.0) if rng.random() < 0.35 else (0.3, 0.1)
    for param in method.params:
        pick = rng.random()
        if pick < missing or (not param.required and rng.random() < 0.3):
            continue
        kwargs[param.name] = values.odd() if pick < missing + odd else values.valid(param)
    if rng.random() < 0.08:
        kwargs[rng.choice(["sesion_id", "sessionId", "timout", "extra", "\ud800"])] = values.odd()
    # Short waits and few retries, so that no case takes long (a retry count that is valid
    # but large retries for minutes, as asked; its extraction is test_arguments' to check).
    for name in ("timeout", "connect_timeout", "idle_timeout"):
        if name in kwargs and rng.random() < 0.7:
            kwargs[name] = rng.choice([0.5, 1, 2])
    retries = kwargs.get("max_retries")
    if isinstance(retries, (int, IntLike)) and not isinstance(retries, bool):
        kwargs["max_retries"] = rng.choice([0, 1])
    return kwargs


class CaseTooLong(Exception):
    """Raised by the alarm when one case runs longer than CASE_SECONDS."""


# No case may take longer (the waits it asks for are at most a few seconds).
CASE_SECONDS = 12


def check(error: BaseException) -> str | None:
    """The problem with ``error``, if it is not what a call may end with."""
    if isinstance(error, CaseTooLong):
        return f"the case ran longer than {CASE_SECONDS} s"
    if isinstance(error, chatwire.ChatwireError):
        if "internal error" in str(error):
            return f"a panic: {error}"
        return None
    return f"{type(error).__name__}: {error}\n{''.join(traceback.format_exception(type(error), error, error.__traceback__))}"


async def drain_async(stream: Any, rng: random.Random) -> None:
    pick = rng.random()
    if pick < 0.3:
        await stream.text()
    elif pick < 0.5:
        await stream.final_message()
    elif pick < 0.7:
        async for _ in stream.neutral():
            pass
    else:
        async for _ in stream:
            if rng.random() < 0.2:
                break
        await stream.aclose()


def drain_sync(stream: Any, rng: random.Random) -> None:
    pick = rng.random()
    if pick < 0.3:
        stream.text()
    elif pick < 0.5:
        stream.final_message()
    elif pick < 0.7:
        for _ in stream.neutral():
            pass
    else:
        for _ in stream:
            if rng.random() < 0.2:
                break
        stream.close()


def run_case(values: Values, methods: list[Method], verbose: bool) -> Callable[[], None]:
    """One random call (a constructor, or a method of a client built right), ready to run: the
    calls of an async class are made in a running event loop, and a stream is read."""
    rng = values.rng
    method = rng.choice(methods)
    kwargs = arguments(values, method)
    cls = getattr(chatwire, method.cls)
    if verbose:
        print(method.label, reprlib.repr(kwargs), flush=True)

    def call() -> Any:
        if method.name == "__new__":
            return cls(**kwargs)
        return getattr(client_of(values.mock, method.cls), method.name)(**kwargs)

    def run_sync() -> None:
        answer = call()
        if isinstance(answer, chatwire.ChatStream):
            drain_sync(answer, rng)

    def run_async() -> None:
        async def settle() -> None:
            answer = call()
            if inspect.isawaitable(answer):
                answer = await asyncio.wait_for(answer, 10)
            if isinstance(answer, chatwire.AsyncChatStream):
                await asyncio.wait_for(drain_async(answer, rng), 10)

        asyncio.run(settle())

    return run_async if method.cls.startswith("Async") else run_sync


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--verbose", action="store_true", help="print each case before it runs")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    methods = stub_methods()

    def too_long(signum: int, frame: Any) -> None:
        raise CaseTooLong()

    # A sync wait is interrupted by what a signal handler raises: so is a case that hangs.
    signal.signal(signal.SIGALRM, too_long)
    failures: list[str] = []
    started = time.monotonic()
    outcomes = {"ok": 0, "refused": 0, "other chatwire error": 0}
    with MockServer(relaxed_rate_limits=True) as mock, tempfile.TemporaryDirectory() as folder:
        image = Path(folder) / "fuzz-image.png"
        image.write_bytes(PNG)
        values = Values(rng, mock, image)
        case = 0
        for case in range(args.count):
            if time.monotonic() - started > args.seconds:
                break
            call = run_case(values, methods, args.verbose)
            signal.alarm(CASE_SECONDS)
            try:
                call()
                outcomes["ok"] += 1
            except chatwire.ValidationError:
                outcomes["refused"] += 1
            except BaseException as error:  # noqa: BLE001 - judged by check()
                problem = check(error)
                if problem is None:
                    outcomes["other chatwire error"] += 1
                else:
                    failures.append(f"seed {args.seed}, case {case}: {problem}")
            finally:
                signal.alarm(0)
    took = time.monotonic() - started
    print(
        f"fuzz: seed {args.seed}, {case + 1} cases in {took:.1f} s: "
        + ", ".join(f"{n} {k}" for k, n in outcomes.items())
        + f", {len(failures)} failures"
    )
    for failure in failures[:20]:
        print(failure)
    sys.stdout.flush()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
