"""The CPU each small call costs: sequential `DevApi.get_usage()` calls on one client, by
chatwire (sync and async) and by httpx and requests + json, in the same run.

    python bindings-python/benches/unary_calls.py [--calls 2000] [--rounds 5]

The mock serves from a process of its own. Each caller makes `--calls` and a tenth as many calls,
each in a fresh interpreter; its CPU per call is the slope between the two (see harness.py), and
its calls/s and peak RSS are the long run's. Each figure is the median of the rounds, which
interleave the callers. The last line, `RESULT {...}`, is the same numbers as JSON, for
`scripts/bench`.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Callable

import harness

CALLERS = ["chatwire-sync", "chatwire-async", "httpx", "httpx-async", "requests"]


def call_chatwire_sync(mock: dict[str, str], calls: int) -> Callable[[], int]:
    import chatwire

    client = chatwire.DevApi(mock["devapi_key"], base_url=mock["base_url"])

    def run() -> int:
        done = 0
        for _ in range(calls):
            done += client.get_usage().usage.total_requests >= 0
        return done

    return run


def call_chatwire_async(mock: dict[str, str], calls: int) -> Callable[[], int]:
    import chatwire

    async def run() -> int:
        done = 0
        async with chatwire.AsyncDevApi(mock["devapi_key"], base_url=mock["base_url"]) as client:
            for _ in range(calls):
                done += (await client.get_usage()).usage.total_requests >= 0
        return done

    return lambda: asyncio.run(run())


def call_httpx(mock: dict[str, str], calls: int) -> Callable[[], int]:
    import httpx

    client = httpx.Client(base_url=mock["base_url"], headers={"authorization": f"Bearer {mock['devapi_key']}"})

    def run() -> int:
        done = 0
        for _ in range(calls):
            response = client.get("/api/v1/usage")
            response.raise_for_status()
            done += response.json()["usage"]["total_requests"] >= 0
        return done

    return run


def call_httpx_async(mock: dict[str, str], calls: int) -> Callable[[], int]:
    import httpx

    async def run() -> int:
        done = 0
        headers = {"authorization": f"Bearer {mock['devapi_key']}"}
        async with httpx.AsyncClient(base_url=mock["base_url"], headers=headers) as client:
            for _ in range(calls):
                response = await client.get("/api/v1/usage")
                response.raise_for_status()
                done += response.json()["usage"]["total_requests"] >= 0
        return done

    return lambda: asyncio.run(run())


def call_requests(mock: dict[str, str], calls: int) -> Callable[[], int]:
    import requests

    session = requests.Session()
    session.headers["authorization"] = f"Bearer {mock['devapi_key']}"
    url = mock["base_url"] + "/api/v1/usage"

    def run() -> int:
        done = 0
        for _ in range(calls):
            response = session.get(url)
            response.raise_for_status()
            done += response.json()["usage"]["total_requests"] >= 0
        return done

    return run


def run_one(caller: str, calls: int) -> None:
    """In a child process: the measured calls, printed as JSON."""
    setup = {
        "chatwire-sync": call_chatwire_sync,
        "chatwire-async": call_chatwire_async,
        "httpx": call_httpx,
        "httpx-async": call_httpx_async,
        "requests": call_requests,
    }[caller]
    result = harness.measure(setup(harness.mock_from_env(), calls))
    assert result["items"] == calls, f"{caller} made {result['items']} calls, not {calls}"
    print(json.dumps(result))


def main() -> None:
    measured = harness.bench_main(__file__, CALLERS, "calls", 2000, run_one)
    if measured is None:
        return
    median, short, calls, rounds = measured.median, measured.short, measured.long, measured.rounds
    print(
        f"CPU per call: the slope between {short} and {calls} sequential get_usage() calls "
        f"on one client; median of {rounds} rounds, python {sys.version.split()[0]}"
    )
    print(f"{'caller':<16}{'CPU µs/call':>13}{'less CPU than httpx':>21}{'calls/s':>10}{'peak RSS MiB':>14}")
    reference = {"chatwire-sync": "httpx", "chatwire-async": "httpx-async"}
    for caller in CALLERS:
        r = median[caller]
        versus = median[reference.get(caller, caller)]["cpu_us"] / r["cpu_us"]
        shown = f"{versus:.1f}x" if caller in reference else ""
        print(f"{caller:<16}{r['cpu_us']:>13.1f}{shown:>21}{r['per_s']:>10,.0f}{r['peak_rss_mib']:>14.1f}")
    print("RESULT " + json.dumps({"bench": "unary-python", "calls": calls, "short": short, "median": median}))


if __name__ == "__main__":
    main()
