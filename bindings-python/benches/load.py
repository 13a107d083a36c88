"""Many concurrent chat streams from one asyncio process, against the mock server in another,
side by side with httpx + httpx-sse; then the cancellation latency of leaving a stream.

    python bindings-python/benches/load.py [--streams 1000] [--rounds 2] [--cancellations 200]

Each round runs httpx-sse, then chatwire: every stream is opened (at most OPENING at a time), its
first event is read, and it waits until all are open; then the process's RSS is read, and every
stream is read to its end. It reports completed streams, errors, RSS per open stream, and the time
from sending the request to the first event (p50, p99). Cancellation: streams left after their
third event, one at a time, by `break` in a sync loop and by leaving `async with` in an async one;
the latency runs until the mock saw the connection close (its log's `ended_at_us`, on the same
clock). The last line, `RESULT {...}`, is the same numbers as JSON, for `scripts/bench`.
A bench, not a test: it stops by itself and is not part of CI.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import time
import urllib.request
from typing import Any, Awaitable, Callable

import chatwire
import httpx
from httpx_sse import aconnect_sse

OPENING = 256
TOKEN_DELAY = 0.005
QUESTION = "What are your hours?"

# The mock runs in a child process, so that its work is not this process's; it ends with its stdin.
MOCK_CHILD = f"""
import sys
from chatwire.testing import MockServer
mock = MockServer(token_delay={TOKEN_DELAY}, relaxed_rate_limits=True)
print(mock.base_url, flush=True)
sys.stdin.read()
"""


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize()


def raise_open_file_limit() -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[round((len(ordered) - 1) * p)] if ordered else 0.0


class Gate:
    """Holds every stream after its first event until all are open (or failed)."""

    def __init__(self) -> None:
        self.settled = 0
        self.all_open = asyncio.Event()

    def settle(self) -> None:
        self.settled += 1

    async def arrive(self) -> None:
        self.settle()
        await self.all_open.wait()


Stream = Callable[[asyncio.Semaphore, Gate], Awaitable[float]]


def chatwire_stream(client: chatwire.AsyncMevichat, session: str) -> Stream:
    async def one(opening: asyncio.Semaphore, gate: Gate) -> float:
        async with opening:
            started = time.perf_counter()
            stream = await client.chat_stream(session_id=session, message=QUESTION)
            events = stream.__aiter__()
            await events.__anext__()
            first_event = time.perf_counter() - started
        await gate.arrive()
        async for _ in events:
            pass
        return first_event

    return one


def httpx_stream(http: httpx.AsyncClient, url: str, body: dict[str, Any], origin: str) -> Stream:
    async def one(opening: asyncio.Semaphore, gate: Gate) -> float:
        await opening.acquire()
        opened = False
        try:
            started = time.perf_counter()
            async with aconnect_sse(http, "POST", url, json=body, headers={"origin": origin}) as source:
                events = source.aiter_sse()
                json.loads((await events.__anext__()).data)
                first_event = time.perf_counter() - started
                opening.release()
                opened = True
                await gate.arrive()
                async for event in events:
                    json.loads(event.data)
                    if event.event == "done":
                        break
                return first_event
        finally:
            if not opened:
                opening.release()

    return one


async def run(streams: int, one: Stream) -> dict[str, Any]:
    opening = asyncio.Semaphore(OPENING)
    gate = Gate()
    errors: list[str] = []

    async def guarded() -> float | None:
        try:
            return await one(opening, gate)
        except Exception as error:  # a bench counts failures rather than stopping at one
            errors.append(f"{type(error).__name__}: {error}")
            gate.settle()
            return None

    started = time.perf_counter()
    before = rss_bytes()
    tasks = [asyncio.create_task(guarded()) for _ in range(streams)]
    deadline = time.monotonic() + 120
    while gate.settled < streams and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
    rss_per_stream = (rss_bytes() - before) / streams
    gate.all_open.set()
    firsts = [t for t in await asyncio.gather(*tasks) if t is not None]
    for error in errors[:3]:
        print(f"stream failed: {error}", file=sys.stderr)
    return {
        "completed": len(firsts),
        "errors": len(errors),
        "rss_kib_per_stream": rss_per_stream / 1024,
        "first_event_p50_ms": percentile(firsts, 0.5) * 1000,
        "first_event_p99_ms": percentile(firsts, 0.99) * 1000,
        "seconds": time.perf_counter() - started,
    }


def report(name: str, outcome: dict[str, Any]) -> None:
    print(
        f"| {name} | {outcome['completed']} | {outcome['errors']} | "
        f"{outcome['rss_kib_per_stream']:.1f} | {outcome['first_event_p50_ms']:.2f} | "
        f"{outcome['first_event_p99_ms']:.2f} | {outcome['seconds']:.1f} |"
    )


def control(base_url: str, method: str, path: str, body: Any = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        base_url + path, data=data, method=method, headers={"content-type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        payload = response.read()
    return json.loads(payload) if payload else None


def now_us() -> int:
    return time.time_ns() // 1000


def prepare_long_stream(base_url: str) -> None:
    control(base_url, "DELETE", "/__mock/requests")
    fault = {"fault": "long_reply", "tokens": 100_000, "path": "/api/chat/"}
    control(base_url, "POST", "/__mock/faults", fault)


def close_seen_after(base_url: str, left_at: int) -> float | None:
    """Milliseconds from `left_at` until the mock saw the stream close, or None within 5 s."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        entries = control(base_url, "GET", "/__mock/requests")["requests"]
        ended: int | None = entries[0].get("ended_at_us") if entries else None
        if ended is not None:
            return max(0, ended - left_at) / 1000
        time.sleep(0.001)
    return None


def cancel_sync(base_url: str, trials: int, key: str, origin: str, session: str) -> list[float]:
    client = chatwire.Mevichat(key, origin, base_url=base_url)
    latencies = []
    for _ in range(trials):
        prepare_long_stream(base_url)
        for count, _event in enumerate(client.chat_stream(session_id=session, message=QUESTION)):
            if count == 2:
                left_at = now_us()
                break  # the loop held the only reference: the stream is closed as it goes
        latency = close_seen_after(base_url, left_at)
        if latency is not None:
            latencies.append(latency)
    return latencies


async def cancel_async(base_url: str, trials: int, key: str, origin: str, session: str) -> list[float]:
    client = chatwire.AsyncMevichat(key, origin, base_url=base_url)
    latencies = []
    for _ in range(trials):
        prepare_long_stream(base_url)
        async with await client.chat_stream(session_id=session, message=QUESTION) as stream:
            count = 0
            async for _event in stream:
                count += 1
                if count == 3:
                    left_at = now_us()
                    break  # leaving `async with` closes the stream
        latency = close_seen_after(base_url, left_at)
        if latency is not None:
            latencies.append(latency)
    return latencies


def start_mock(given: str | None) -> tuple[subprocess.Popen[str] | None, str]:
    if given:
        return None, given
    child = subprocess.Popen(
        [sys.executable, "-c", MOCK_CHILD], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    return child, child.stdout.readline().strip()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--streams", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--cancellations", type=int, default=200)
    parser.add_argument("--mock", help="the base URL of a running mock (default: start one)")
    args = parser.parse_args()
    raise_open_file_limit()
    child, base_url = start_mock(args.mock)
    from chatwire.testing import MockServer  # only for the fixture names

    key, origin, session = MockServer.MEVICHAT_PUBLIC_KEY, MockServer.ORIGIN, MockServer.SEEDED_SESSION_ID
    print(
        f"{args.streams} concurrent streams a round, {args.rounds} rounds, mock at {base_url} "
        f"(another process), token delay {TOKEN_DELAY * 1000:.0f} ms"
    )
    print("| client | completed | errors | RSS per open stream KiB | first event p50 ms | p99 ms | seconds |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    body = {"public_key": key, "session_id": session, "message": QUESTION}
    rounds = []
    for _ in range(args.rounds):
        limits = httpx.Limits(max_connections=None, max_keepalive_connections=None)
        async with httpx.AsyncClient(limits=limits, timeout=60) as http:
            raw = await run(args.streams, httpx_stream(http, base_url + "/api/chat/", body, origin))
        report("httpx + httpx-sse", raw)
        client = chatwire.AsyncMevichat(key, origin, base_url=base_url)
        ours = await run(args.streams, chatwire_stream(client, session))
        report("chatwire (asyncio)", ours)
        rounds.append({"chatwire": ours, "raw": raw})
    for number, r in enumerate(rounds, 1):
        difference = r["chatwire"]["first_event_p50_ms"] - r["raw"]["first_event_p50_ms"]
        print(f"round {number}: chatwire's first event minus httpx-sse's: p50 {difference:+.2f} ms")
    cancellation = {}
    for mode, latencies in [
        ("sync break", cancel_sync(base_url, args.cancellations, key, origin, session)),
        ("async with + break", await cancel_async(base_url, args.cancellations, key, origin, session)),
    ]:
        p50, p99 = percentile(latencies, 0.5), percentile(latencies, 0.99)
        print(
            f"cancellation ({mode} after 3 events, until the mock saw the close), "
            f"{len(latencies)} of {args.cancellations} seen: p50 {p50:.2f} ms, p99 {p99:.2f} ms"
        )
        cancellation[mode] = {"seen": len(latencies), "p50_ms": p50, "p99_ms": p99}
    result = {
        "bench": "load-python",
        "streams": args.streams,
        "rounds": rounds,
        "cancellation": {"trials": args.cancellations, **cancellation},
    }
    print("RESULT " + json.dumps(result))
    if child is not None:
        child.stdin.close()  # type: ignore[union-attr]
        child.wait(timeout=10)


if __name__ == "__main__":
    asyncio.run(main())
