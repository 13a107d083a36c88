"""What the Python benches share: the mock in a process of its own, one measured child process
per run, and the CPU cost per item as the slope between two run lengths.

A child measures the user + system CPU time of its whole process (every thread, the SDK's
runtime included) around the work only, and its peak RSS. Taking the slope between a long and a
short run cancels what every run pays once (connecting, the first chunk, warming up), so what is
left is the cost of one more event or call.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Optional

MOCK_PROCESS = """
import json, sys
from chatwire.testing import MockServer
with MockServer(relaxed_rate_limits=True) as mock:
    print(json.dumps({
        "base_url": mock.base_url,
        "mevichat_public_key": mock.MEVICHAT_PUBLIC_KEY,
        "origin": mock.ORIGIN,
        "seeded_session_id": mock.SEEDED_SESSION_ID,
        "devapi_key": mock.DEVAPI_KEY,
    }), flush=True)
    sys.stdin.read()  # serves until the bench closes this pipe
"""


@contextmanager
def mock_process() -> Iterator[dict[str, str]]:
    """The mock server in a process of its own, whose CPU no reader's figure includes: its base
    URL and fixture keys."""
    mock = subprocess.Popen(
        [sys.executable, "-c", MOCK_PROCESS], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert mock.stdout is not None
        yield json.loads(mock.stdout.readline())
    finally:
        assert mock.stdin is not None
        mock.stdin.close()
        mock.wait(timeout=10)


def push_fault(base_url: str, **script: Any) -> None:
    """Queues a fault on the mock through its control API."""
    request = urllib.request.Request(
        base_url + "/__mock/faults",
        data=json.dumps(script).encode(),
        headers={"content-type": "application/json"},
        method="POST",
    )
    urllib.request.urlopen(request, timeout=10).close()


def cpu_seconds() -> float:
    """User + system CPU time of this process, all its threads."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(work: Callable[[], int]) -> dict[str, float]:
    """Runs `work` (which answers how many items it handled) and answers its CPU and wall time,
    and this process's peak RSS."""
    cpu, wall = cpu_seconds(), time.perf_counter()
    items = work()
    wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"items": items, "cpu_s": cpu, "wall_s": wall, "peak_rss_mib": peak_kib / 1024}


def run_child(script: str, reader: str, count: int, mock: dict[str, str]) -> dict[str, float]:
    """One measured run in a fresh interpreter: `script --one reader --count N`."""
    out = subprocess.check_output(
        [sys.executable, script, "--one", reader, "--count", str(count)],
        env={**os.environ, "CHATWIRE_BENCH_MOCK": json.dumps(mock)},
    )
    measured: dict[str, float] = json.loads(out)
    return measured


def mock_from_env() -> dict[str, str]:
    """The mock of `mock_process`, as the bench handed it to this child."""
    mock: dict[str, str] = json.loads(os.environ["CHATWIRE_BENCH_MOCK"])
    return mock


def slopes(
    script: str, readers: list[str], short: int, long: int, rounds: int, mock: dict[str, str]
) -> dict[str, dict[str, Any]]:
    """Every reader's CPU µs per item (the slope between `short` and `long` items), wall items/s
    and peak RSS of the long runs, each the median of `rounds` interleaved rounds, so that the
    machine's noise falls on every reader alike."""
    runs: dict[str, list[dict[str, float]]] = {reader: [] for reader in readers}
    for _ in range(rounds):
        for reader in readers:
            small = run_child(script, reader, short, mock)
            big = run_child(script, reader, long, mock)
            runs[reader].append(
                {
                    "cpu_us": (big["cpu_s"] - small["cpu_s"]) / (long - short) * 1e6,
                    "per_s": big["items"] / big["wall_s"],
                    "peak_rss_mib": big["peak_rss_mib"],
                }
            )
    summary: dict[str, dict[str, Any]] = {}
    for reader, results in runs.items():
        summary[reader] = {key: statistics.median(run[key] for run in results) for key in results[0]}
        summary[reader]["cpu_us_runs"] = [run["cpu_us"] for run in results]
    return summary


@dataclass
class Measured:
    """What `bench_main` measured: every name's medians, and the two run lengths."""

    median: dict[str, dict[str, Any]]
    short: int
    long: int
    rounds: int


def bench_main(
    script: str, names: list[str], size: str, default: int, run_one: Callable[[str, int], None]
) -> Optional[Measured]:
    """The command line every bench shares. `--one NAME --count N` is one measured run (in a
    child, which `run_one` prints as JSON), and answers `None`; otherwise `--SIZE N --rounds R`
    measures every name against the mock in a process of its own, at N and at N / 10."""
    parser = argparse.ArgumentParser()
    parser.add_argument(f"--{size}", type=int, default=default, dest="size")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--one", choices=names)
    parser.add_argument("--count", type=int)
    args = parser.parse_args()
    if args.one:
        run_one(args.one, args.count)
        return None
    short = args.size // 10
    with mock_process() as mock:
        median = slopes(script, names, short, args.size, args.rounds, mock)
    return Measured(median, short, args.size, args.rounds)
