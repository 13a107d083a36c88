"""The CPU each streamed event costs: one Mevichat stream of many small token events, read by
chatwire (sync and async) and by httpx + httpx-sse + json.loads, in the same run, beside the
floor (the same loop over events already built, with no I/O).

    python bindings-python/benches/stream_throughput.py [--tokens 100000] [--rounds 5]

The mock serves from a process of its own. Each reader reads streams of `--tokens` and of a
tenth as many events, each in a fresh interpreter; its CPU per event is the slope between the
two (see harness.py), and its events/s and peak RSS are the long run's. Each figure is the
median of the rounds, which interleave the readers. Also measures `import chatwire`. The last
line, `RESULT {...}`, is the same numbers as JSON, for `scripts/bench`.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
from typing import AsyncIterator, Callable

import harness

READERS = ["chatwire-sync", "chatwire-async", "httpx-sse", "floor-sync", "floor-async"]
REFERENCE = {"chatwire-sync": "httpx-sse", "chatwire-async": "httpx-sse", "httpx-sse": "httpx-sse"}


def read_chatwire_sync(mock: dict[str, str], tokens: int) -> Callable[[], int]:
    import chatwire

    client = chatwire.Mevichat(mock["mevichat_public_key"], mock["origin"], base_url=mock["base_url"])

    def read() -> int:
        count = 0
        for event in client.chat_stream(session_id=mock["seeded_session_id"], message="go"):
            if event.type == "token":
                count += 1
        return count

    return read


def read_chatwire_async(mock: dict[str, str], tokens: int) -> Callable[[], int]:
    import chatwire

    async def run() -> int:
        count = 0
        async with chatwire.AsyncMevichat(
            mock["mevichat_public_key"], mock["origin"], base_url=mock["base_url"]
        ) as client:
            async for event in await client.chat_stream(session_id=mock["seeded_session_id"], message="go"):
                if event.type == "token":
                    count += 1
        return count

    return lambda: asyncio.run(run())


def read_httpx_sse(mock: dict[str, str], tokens: int) -> Callable[[], int]:
    import httpx
    from httpx_sse import connect_sse

    body = {"public_key": mock["mevichat_public_key"], "session_id": mock["seeded_session_id"], "message": "go"}
    client = httpx.Client(timeout=60)

    def read() -> int:
        count = 0
        url = mock["base_url"] + "/api/chat/"
        with connect_sse(client, "POST", url, json=body, headers={"Origin": mock["origin"]}) as source:
            for sse in source.iter_sse():
                data = json.loads(sse.data)
                if sse.event == "token" and data["text"]:
                    count += 1
        return count

    return read


class BuiltEvent:
    __slots__ = ("type", "text")

    def __init__(self, text: str) -> None:
        self.type = "token"
        self.text = text


def floor_sync(mock: dict[str, str], tokens: int) -> Callable[[], int]:
    """The sync loop over events built before the clock starts: no I/O, no decoding."""
    events = [BuiltEvent("word ") for _ in range(tokens)]

    def read() -> int:
        count = 0
        for event in events:
            if event.type == "token":
                count += 1
        return count

    return read


def floor_async(mock: dict[str, str], tokens: int) -> Callable[[], int]:
    """The `async for` loop over events built before the clock starts."""
    events = [BuiltEvent("word ") for _ in range(tokens)]

    async def each() -> AsyncIterator[BuiltEvent]:
        for event in events:
            yield event

    async def run() -> int:
        count = 0
        async for event in each():
            if event.type == "token":
                count += 1
        return count

    return lambda: asyncio.run(run())


def run_one(reader: str, tokens: int) -> None:
    """In a child process: one measured stream, printed as JSON."""
    mock = harness.mock_from_env()
    setup = {
        "chatwire-sync": read_chatwire_sync,
        "chatwire-async": read_chatwire_async,
        "httpx-sse": read_httpx_sse,
        "floor-sync": floor_sync,
        "floor-async": floor_async,
    }[reader]
    read = setup(mock, tokens)
    if not reader.startswith("floor"):
        harness.push_fault(mock["base_url"], fault="long_reply", tokens=tokens, path="/api/chat/")
    result = harness.measure(read)
    assert result["items"] == tokens, f"{reader} read {result['items']} token events, not {tokens}"
    print(json.dumps(result))


def import_time() -> float:
    """The median wall time of `import chatwire` in a fresh interpreter, in milliseconds."""
    code = "import time; t = time.perf_counter(); import chatwire; print(time.perf_counter() - t)"
    runs = [float(subprocess.check_output([sys.executable, "-c", code])) for _ in range(7)]
    return statistics.median(runs) * 1000


def main() -> None:
    measured = harness.bench_main(__file__, READERS, "tokens", 100_000, run_one)
    if measured is None:
        return
    median, short, tokens, rounds = measured.median, measured.short, measured.long, measured.rounds
    print(
        f"CPU per event: the slope between {short} and {tokens} token events; median of "
        f"{rounds} rounds, python {sys.version.split()[0]}"
    )
    print(
        f"{'reader':<16}{'CPU µs/event':>14}{'less CPU than httpx-sse':>25}{'events/s':>12}"
        f"{'vs httpx-sse':>14}{'peak RSS MiB':>14}"
    )
    reference = median["httpx-sse"]
    for reader in READERS:
        r = median[reader]
        versus = "" if reader.startswith("floor") else f"{reference['cpu_us'] / r['cpu_us']:.1f}x"
        speed = "" if reader.startswith("floor") else f"{r['per_s'] / reference['per_s']:.1f}x"
        print(
            f"{reader:<16}{r['cpu_us']:>14.3f}{versus:>25}{r['per_s']:>12,.0f}{speed:>14}"
            f"{r['peak_rss_mib']:>14.1f}"
        )
    import_ms = import_time()
    print(f"import chatwire: {import_ms:.1f} ms (median of 7 fresh interpreters)")
    result = {"bench": "throughput-python", "tokens": tokens, "short": short, "median": median}
    print("RESULT " + json.dumps({**result, "import_ms": import_ms}))


if __name__ == "__main__":
    main()
