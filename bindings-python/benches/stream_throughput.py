"""One stream of many small token events from the bundled mock server, consumed by chatwire
(sync and async) and by httpx + httpx-sse + json.loads, in the same run.

    python bindings-python/benches/stream_throughput.py [--tokens 100000] [--rounds 3]

Each reader runs in its own process (so that its peak RSS is its own), against its own mock
server; each figure is the median of the rounds. Also measures `import chatwire`. The last
line, `RESULT {...}`, is the same numbers as JSON, for `scripts/bench`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import subprocess
import sys
import time
from typing import Callable

READERS = ["chatwire-sync", "chatwire-async", "httpx-sse"]


def read_chatwire_sync(base_url: str, key: str, origin: str, session: str) -> int:
    import chatwire

    count = 0
    with chatwire.Mevichat(key, origin, base_url=base_url) as client:
        for event in client.chat_stream(session_id=session, message="go"):
            if event.type == "token":
                count += 1
    return count


def read_chatwire_async(base_url: str, key: str, origin: str, session: str) -> int:
    import chatwire

    async def run() -> int:
        count = 0
        async with chatwire.AsyncMevichat(key, origin, base_url=base_url) as client:
            async for event in await client.chat_stream(session_id=session, message="go"):
                if event.type == "token":
                    count += 1
        return count

    return asyncio.run(run())


def read_httpx_sse(base_url: str, key: str, origin: str, session: str) -> int:
    import httpx
    from httpx_sse import connect_sse

    count = 0
    body = {"public_key": key, "session_id": session, "message": "go"}
    with httpx.Client(timeout=60) as client:
        with connect_sse(
            client, "POST", base_url + "/api/chat/", json=body, headers={"Origin": origin}
        ) as source:
            for sse in source.iter_sse():
                data = json.loads(sse.data)
                if sse.event == "token" and data["text"]:
                    count += 1
    return count


def run_one(reader: str, tokens: int) -> None:
    """In a child process: one stream, then a JSON line with events/s and peak RSS."""
    from chatwire.testing import MockServer

    read: Callable[[str, str, str, str], int] = {
        "chatwire-sync": read_chatwire_sync,
        "chatwire-async": read_chatwire_async,
        "httpx-sse": read_httpx_sse,
    }[reader]
    with MockServer(relaxed_rate_limits=True) as mock:
        mock.push_fault("long_reply", tokens=tokens, path="/api/chat/")
        started = time.perf_counter()
        count = read(mock.base_url, mock.MEVICHAT_PUBLIC_KEY, mock.ORIGIN, mock.SEEDED_SESSION_ID)
        elapsed = time.perf_counter() - started
    assert count == tokens, f"{reader} read {count} token events, not {tokens}"
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"events_per_s": count / elapsed, "seconds": elapsed, "peak_rss_mib": peak_kib / 1024}))


def import_time() -> float:
    """The median wall time of `import chatwire` in a fresh interpreter, in milliseconds."""
    code = "import time; t = time.perf_counter(); import chatwire; print(time.perf_counter() - t)"
    runs = [float(subprocess.check_output([sys.executable, "-c", code])) for _ in range(7)]
    return statistics.median(runs) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tokens", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--one", choices=READERS)
    args = parser.parse_args()
    if args.one:
        run_one(args.one, args.tokens)
        return
    runs: dict[str, list[dict[str, float]]] = {reader: [] for reader in READERS}
    for _ in range(args.rounds):
        for reader in READERS:  # interleaved, so that machine noise falls on all alike
            out = subprocess.check_output(
                [sys.executable, __file__, "--one", reader, "--tokens", str(args.tokens)]
            )
            runs[reader].append(json.loads(out))
    median = {
        reader: {key: statistics.median(r[key] for r in results) for key in results[0]}
        for reader, results in runs.items()
    }
    baseline = median["httpx-sse"]["events_per_s"]
    print(f"{args.tokens} token events, median of {args.rounds} rounds, python {sys.version.split()[0]}")
    print(f"{'reader':<16}{'events/s':>12}{'seconds':>10}{'vs httpx-sse':>14}{'peak RSS MiB':>14}")
    for reader in READERS:
        r = median[reader]
        print(
            f"{reader:<16}{r['events_per_s']:>12,.0f}{r['seconds']:>10.3f}"
            f"{r['events_per_s'] / baseline:>13.1f}x{r['peak_rss_mib']:>14.1f}"
        )
    import_ms = import_time()
    print(f"import chatwire: {import_ms:.1f} ms (median of 7 fresh interpreters)")
    result = {"bench": "throughput-python", "tokens": args.tokens, "median": median, "runs": runs}
    print("RESULT " + json.dumps({**result, "import_ms": import_ms}))

if __name__ == "__main__":
    main()
