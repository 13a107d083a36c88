"""Runs each benchmark beside its reference, prints what it prints, and writes docs/benchmarks.md
(the command, the machine, the medians, the ratios and every bench's output as printed) and
docs/benchmarks.svg (the ratios). Started by `scripts/bench`, which builds what it measures.

Each bench ends its output with `RESULT {...}`, its numbers as JSON; every figure written here
comes from those lines, so the document holds the numbers the run printed.
"""

from __future__ import annotations

import datetime
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

BENCHES: list[tuple[str, list[str]]] = [
    ("decoder", ["cargo", "bench", "-q", "-p", "chatwire", "--bench", "sse_decoder"]),
    ("throughput-python", [PYTHON, "bindings-python/benches/stream_throughput.py", "--tokens", "100000", "--rounds", "5"]),
    ("throughput-node", ["node", "bindings-node/benches/stream_throughput.mjs", "--tokens", "100000", "--rounds", "5"]),
    ("unary-python", [PYTHON, "bindings-python/benches/unary_calls.py", "--calls", "2000", "--rounds", "5"]),
    ("unary-node", ["node", "bindings-node/benches/unary_calls.mjs", "--calls", "2000", "--rounds", "5"]),
    ("load-rust", ["cargo", "bench", "-q", "-p", "chatwire", "--bench", "load", "--", "--streams", "10000", "--rounds", "3", "--one-at-a-time", "200", "--cancellations", "200"]),
    ("load-python", [PYTHON, "bindings-python/benches/load.py", "--streams", "1000", "--rounds", "3", "--cancellations", "200"]),
    ("load-node", ["node", "bindings-node/benches/load.mjs", "--streams", "1000", "--rounds", "3", "--cancellations", "200"]),
]


def run(name: str, command: list[str]) -> tuple[dict[str, Any], str]:
    """Runs one bench, echoing its output, and answers its RESULT and its output."""
    shown = " ".join(c if c != PYTHON else "python" for c in command)
    print(f"== {name}: {shown}", flush=True)
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    lines = []
    for line in process.stdout:
        print(line, end="", flush=True)
        lines.append(line.rstrip("\n"))
    if process.wait() != 0:
        sys.exit(f"{name} failed (exit {process.returncode})")
    results = [json.loads(line[len("RESULT "):]) for line in lines if line.startswith("RESULT ")]
    if len(results) != 1:
        sys.exit(f"{name} printed {len(results)} RESULT lines, not one")
    printed = [line for line in lines if not line.startswith("RESULT ")]
    seconds = time.monotonic() - started
    return results[0], f"$ {shown}\n" + "\n".join(printed) + f"\n({seconds:.0f} s)"


def machine() -> str:
    meminfo = Path("/proc/meminfo").read_text()
    kib = int(next(line.split()[1] for line in meminfo.splitlines() if line.startswith("MemTotal")))
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    versions = []
    versions.append(subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip())
    versions.append("Node " + subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip())
    versions.append(f"Python {platform.python_version()}")
    return (
        f"{os.cpu_count()} cores ({model}), {kib / 1024 / 1024:.0f} GiB of memory, "
        f"{platform.system()} {platform.release()}; {', '.join(versions)}"
    )


def median_of(rounds: list[dict[str, Any]], side: str, key: str) -> float:
    return float(statistics.median(r[side][key] for r in rounds))


def fmt_ratio(value: float) -> str:
    return f"{value:,.0f}×" if value >= 100 else f"{value:.1f}×"


def decoder_section(result: dict[str, Any], ratios: list[tuple[str, float]]) -> list[str]:
    lines = [
        "| case | chatwire, borrowed events MB/s | chatwire, owned events MB/s | eventsource-stream MB/s | ratio (borrowed) |",
        "|---|---:|---:|---:|---:|",
    ]
    for case in result["cases"]:
        ratio = case["borrowed_mb_s"] / case["eventsource_stream_mb_s"]
        ratios.append((f"decoder: {case['case']}", ratio))
        lines.append(
            f"| {case['case']} | {case['borrowed_mb_s']:,.0f} | {case['owned_mb_s']:,.0f} | "
            f"{case['eventsource_stream_mb_s']:,.1f} | {fmt_ratio(ratio)} |"
        )
    return lines


def figures(median: dict[str, Any], reader: str) -> tuple[float, float, float]:
    """A reader's CPU µs per item, items/s and peak RSS MiB, whichever language printed them."""
    r = median[reader]
    if "cpu_us" in r:
        return r["cpu_us"], r["per_s"], r["peak_rss_mib"]
    return r["cpuUs"], r["perS"], r["peakRssMib"]


def cpu_section(
    result: dict[str, Any],
    pairs: dict[str, str],
    unit: str,
    language: str,
    ratios: list[tuple[str, float]],
) -> list[str]:
    """The CPU table of a throughput or unary bench: every reader beside the reference it is
    compared with (`pairs`), then the references and floors, which compare with nothing."""
    median = result["median"]
    per = "events" if unit == "event" else "calls"
    lines = [
        f"| reader | CPU µs per {unit} | less CPU than the reference | {per}/s | {per}/s vs the reference | peak RSS MiB |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for reader in median:
        cpu, per_s, rss = figures(median, reader)
        against = pairs.get(reader)
        if against is None:
            lines.append(f"| {reader} | {cpu:.3f} | | {per_s:,.0f} | | {rss:.1f} |")
            continue
        ref_cpu, ref_per_s, _ = figures(median, against)
        ratios.append((f"{language}: CPU per {unit}, {against} / {reader}", ref_cpu / cpu))
        lines.append(
            f"| {reader} (vs {against}) | {cpu:.3f} | {fmt_ratio(ref_cpu / cpu)} | {per_s:,.0f} | "
            f"{fmt_ratio(per_s / ref_per_s)} | {rss:.1f} |"
        )
    lines.append("")
    runs = "; ".join(
        f"{reader} " + ", ".join(f"{value:.3f}" for value in median[reader].get("cpu_us_runs", median[reader].get("cpuUsRuns", [])))
        for reader in median
    )
    lines.append(f"CPU µs per {unit} in each round: {runs}.")
    if "import_ms" in result:
        lines += ["", f"Loading the package: {result['import_ms']:.1f} ms (median of 7 fresh processes)."]
    return lines


def load_section(result: dict[str, Any], reference: str, language: str, ratios: list[tuple[str, float]]) -> list[str]:
    rounds = result["rounds"]
    lines = [
        f"{result['streams']:,} concurrent streams, {len(rounds)} rounds. Times are medians of the rounds; "
        "the RSS is the first round's, as later rounds reuse the memory the first one freed:",
        "",
        "| client | completed (each round) | errors (each round) | RSS per open stream KiB | first event p50 ms | p99 ms |",
        "|---|---|---|---:|---:|---:|",
    ]
    for side, label in (("chatwire", "chatwire"), ("raw", reference)):
        completed = ", ".join(str(r[side]["completed"]) for r in rounds)
        errors = ", ".join(str(r[side]["errors"]) for r in rounds)
        lines.append(
            f"| {label} | {completed} | {errors} | {rounds[0][side]['rss_kib_per_stream']:.1f} | "
            f"{median_of(rounds, side, 'first_event_p50_ms'):.2f} | {median_of(rounds, side, 'first_event_p99_ms'):.2f} |"
        )
    difference = statistics.median(
        r["chatwire"]["first_event_p50_ms"] - r["raw"]["first_event_p50_ms"] for r in rounds
    )
    ratio = median_of(rounds, "raw", "first_event_p50_ms") / median_of(rounds, "chatwire", "first_event_p50_ms")
    ratios.append((f"{language}: first event p50, {reference} / chatwire", ratio))
    lines += ["", f"chatwire's first event minus {reference}'s, p50 (median of the rounds): {difference:+.2f} ms.", ""]
    if "one_at_a_time" in result:
        alone = result["one_at_a_time"]
        ours, raw = alone["chatwire"], alone["raw"]
        lines += [
            f"One stream at a time ({ours['completed']} each, alternating), the SDK's own cost without the queueing: "
            f"first event p50 {ours['first_event_p50_ms']:.3f} ms against {raw['first_event_p50_ms']:.3f} ms "
            f"({ours['first_event_p50_ms'] - raw['first_event_p50_ms']:+.3f} ms), p99 {ours['first_event_p99_ms']:.3f} "
            f"against {raw['first_event_p99_ms']:.3f} ms.",
            "",
        ]
    lines += ["| cancellation | seen | p50 ms | p99 ms |", "|---|---:|---:|---:|"]
    cancellation = result["cancellation"]
    for mode, figures in cancellation.items():
        if isinstance(figures, dict):
            lines.append(f"| {mode} | {figures['seen']} of {cancellation['trials']} | {figures['p50_ms']:.2f} | {figures['p99_ms']:.2f} |")
    return lines


def chart(ratios: list[tuple[str, float]]) -> str:
    """A horizontal bar per ratio, on a log scale, with 1× (parity) marked."""
    label_width, bar_width, row = 420, 420, 22
    top = 40
    height = top + row * len(ratios) + 40
    top_ratio = max(max(r for _, r in ratios), 10)
    decades = math.ceil(math.log10(top_ratio))
    low = 0.1

    def x(value: float) -> float:
        span = math.log10(top_ratio * 1.0) - math.log10(low)
        return label_width + bar_width * (math.log10(max(value, low)) - math.log10(low)) / max(span, 1e-9)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_width + bar_width + 90}" height="{height}" '
        'font-family="sans-serif" font-size="12">',
        f'<text x="10" y="20" font-size="14">chatwire against the reference, ratio (higher is better for chatwire; log scale)</text>',
    ]
    for decade in range(-1, decades + 1):
        value = 10.0**decade
        if value > top_ratio * 1.0001:
            break
        out.append(f'<line x1="{x(value):.1f}" y1="{top - 6}" x2="{x(value):.1f}" y2="{height - 30}" stroke="#ddd"/>')
        out.append(f'<text x="{x(value):.1f}" y="{height - 14}" text-anchor="middle">{value:g}×</text>')
    for index, (name, ratio) in enumerate(ratios):
        y = top + index * row
        colour = "#2b7bb9" if ratio >= 1 else "#c0504d"
        start, end = sorted((x(1), x(ratio)))
        out.append(f'<text x="{label_width - 8}" y="{y + 14}" text-anchor="end">{escape(name)}</text>')
        out.append(f'<rect x="{start:.1f}" y="{y + 3}" width="{max(end - start, 1):.1f}" height="{row - 8}" fill="{colour}"/>')
        out.append(f'<text x="{max(end, x(1)) + 4:.1f}" y="{y + 14}">{fmt_ratio(ratio)}</text>')
    out.append(f'<line x1="{x(1):.1f}" y1="{top - 6}" x2="{x(1):.1f}" y2="{height - 30}" stroke="#333"/>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def goals(results: dict[str, dict[str, Any]]) -> list[str]:
    rust = results["load-rust"]
    rounds = rust["rounds"]
    decoder = {c["case"]: c for c in results["decoder"]["cases"]}
    small = [decoder[c]["borrowed_mb_s"] for c in decoder if c.startswith("40,000") and "1-byte" not in c]
    line_whole = decoder["4 MiB line, 1 chunk"]["borrowed_mb_s"]
    line_split = decoder["4 MiB line, 4096 chunks"]["borrowed_mb_s"]
    python = results["throughput-python"]["median"]
    node = results["throughput-node"]["median"]
    unary_python = results["unary-python"]["median"]
    unary_node = results["unary-node"]["median"]

    def less_cpu(median: dict[str, Any], reader: str, reference: str) -> float:
        return figures(median, reference)[0] / figures(median, reader)[0]

    def faster(median: dict[str, Any], reader: str, reference: str) -> float:
        return figures(median, reader)[1] / figures(median, reference)[1]

    cpu_goals = [
        ("Python sync: ≥ 10× less CPU per event than httpx-sse", less_cpu(python, "chatwire-sync", "httpx-sse"), 10),
        ("Python async: ≥ 5× less CPU per event than httpx-sse", less_cpu(python, "chatwire-async", "httpx-sse"), 5),
        ("Node: ≥ 2× less CPU per event than fetch + eventsource-parser", less_cpu(node, "chatwire", "fetch+eventsource-parser"), 2),
        ("Node: events/s ≥ 1.7× fetch + eventsource-parser", faster(node, "chatwire", "fetch+eventsource-parser"), 1.7),
        ("Python sync: events/s ≥ 5× httpx-sse", faster(python, "chatwire-sync", "httpx-sse"), 5),
        ("Python unary calls: ≥ 5× less CPU per call than httpx", less_cpu(unary_python, "chatwire-sync", "httpx"), 5),
        ("Node unary calls: ≥ 4× less CPU per call than fetch", less_cpu(unary_node, "chatwire", "fetch"), 4),
    ]
    difference = statistics.median(
        r["chatwire"]["first_event_p50_ms"] - r["raw"]["first_event_p50_ms"] for r in rounds
    )
    cancel_p99 = [
        (f"{language} {mode}", figures["p99_ms"])
        for language, bench in (("Rust", "load-rust"), ("Python", "load-python"), ("Node", "load-node"))
        for mode, figures in results[bench]["cancellation"].items()
        if isinstance(figures, dict)
    ]
    alone = rust["one_at_a_time"]
    alone_difference = alone["chatwire"]["first_event_p50_ms"] - alone["raw"]["first_event_p50_ms"]
    errors = sum(r["chatwire"]["errors"] for r in rounds)
    completed = [r["chatwire"]["completed"] for r in rounds]
    rows = [
        ("Decoder: small events ≥ 1,000 MB/s (1460-byte and 64 KiB chunks)", f"{min(small):,.0f} and {max(small):,.0f} MB/s", min(small) >= 1000),
        ("Decoder: a 4 MiB line in 4096 chunks at most 2× slower than whole", f"{line_whole / line_split:.2f}× slower", line_whole / line_split <= 2),
        *[(goal, fmt_ratio(ratio), ratio >= floor) for goal, ratio, floor in cpu_goals],
        (f"{rust['streams']:,} concurrent Rust streams complete with zero errors", f"completed {', '.join(map(str, completed))}; {errors} errors", errors == 0 and all(c == rust["streams"] for c in completed)),
        ("RSS per open Rust stream ≤ 32 KiB (first round)", f"{rounds[0]['chatwire']['rss_kib_per_stream']:.1f} KiB", rounds[0]["chatwire"]["rss_kib_per_stream"] <= 32),
        ("Rust first event p50 ≤ 0.5 ms over raw reqwest, one stream at a time", f"{alone_difference:+.3f} ms", alone_difference <= 0.5),
        (f"Rust first event p50 ≤ 0.5 ms over raw reqwest, {rust['streams']:,} at once", f"{difference:+.2f} ms (median of the rounds)", difference <= 0.5),
        *[(f"Cancellation p99 ≤ 100 ms: {name}", f"{p99:.2f} ms", p99 <= 100) for name, p99 in cancel_p99],
    ]
    return ["| goal | measured | met |", "|---|---|---|"] + [f"| {g} | {m} | {'yes' if ok else '**no**'} |" for g, m, ok in rows]


SECTIONS = {
    "decoder": (
        "SSE decoder",
        "The decoder against `eventsource-stream` 0.2.3, in the same process: 40,000 small events "
        "(`event: token`, `data: {\"t\":\"1\"}`, 1.2 MB) in 1-byte, 1460-byte and 64 KiB chunks, and one "
        "4 MiB `data` line whole and in 4096 chunks. *Borrowed* is `Decoder::feed`, the path the SDK's "
        "streams take (events handed out borrowed from reused buffers); *owned* is `Decoder::feed_owned`, "
        "one owned `Event` per event. Each figure is the median of 7 runs.",
    ),
    "throughput-python": (
        "Python: CPU per streamed event",
        "One Mevichat stream of small `token` events (no pause between them) read to its end by "
        "chatwire's sync and async clients and by httpx + httpx-sse + `json.loads`, from the mock in a "
        "process of its own. Each reader reads a stream of 100,000 events and one of 10,000, each in a "
        "fresh interpreter, and measures the user + system CPU time of its whole process (every thread) "
        "around the read, with `getrusage`; its CPU per event is the slope between the two, so that what "
        "every stream pays once cancels out. Events/s and the peak RSS are the long run's. The floor is "
        "the same consuming loop over event objects built before the clock starts, with no I/O: the least "
        "a loop of that shape can cost. Each figure is the median of 5 interleaved rounds.",
    ),
    "throughput-node": (
        "Node: CPU per streamed event",
        "The same streams read by chatwire's `for await` and by `fetch` + eventsource-parser + `JSON.parse`, "
        "measured the same way with `process.cpuUsage()`, each run in a child process. The floor is a "
        "`for await` loop over the cheapest async iterator (an `async next()` that answers the next of the "
        "events built before the clock starts). Each figure is the median of 5 interleaved rounds.",
    ),
    "unary-python": (
        "Python: CPU per small call",
        "Sequential `DevApi.get_usage()` calls on one client, against the mock in a process of its own: "
        "chatwire's sync and async clients beside httpx (sync and async) and requests, each reading the "
        "JSON answer. Each caller makes 2,000 calls and 200, each in a fresh interpreter; its CPU per call "
        "is the slope between the two, measured as for the streams. Each figure is the median of 5 "
        "interleaved rounds.",
    ),
    "unary-node": (
        "Node: CPU per small call",
        "The same calls from chatwire's `DevApi.getUsage()` and from `fetch` + `response.json()`, measured "
        "the same way with `process.cpuUsage()`. Each figure is the median of 5 interleaved rounds.",
    ),
    "load-rust": (
        "Load and cancellation: Rust, against raw reqwest",
        "Concurrent Mevichat streams from one process against the mock in another (5 ms between tokens), "
        "beside a raw `reqwest` client that finds the first event by hand, in the same run. Every stream "
        "is opened (at most 256 connecting at once), its first event read, and it waits until all are "
        "open; the RSS is read then, and every stream is read to its end. Time to first event runs from "
        "sending the request. It is measured again with one stream at a time, raw and chatwire alternating, "
        "which shows the SDK's own cost without thousands of streams queueing for two cores. "
        "Cancellation: a stream dropped after its third event, one at a time; the "
        "latency runs from the drop until the mock saw the connection close (its request log's "
        "`ended_at_us`, on the same clock).",
    ),
    "load-python": (
        "Load and cancellation: Python (asyncio), against httpx + httpx-sse",
        "The same load from one asyncio process with `AsyncMevichat`, beside httpx + httpx-sse. "
        "Cancellation by `break` out of a sync loop over the stream, and by `break` inside `async with`.",
    ),
    "load-node": (
        "Load and cancellation: Node, against fetch + eventsource-parser",
        "The same load from one Node process, beside `fetch` + eventsource-parser. Cancellation by "
        "`break` out of `for await`, and by aborting the call's `AbortSignal`.",
    ),
}


def quick(command: list[str]) -> list[str]:
    """The command at a tenth of its size or less, to check this script in a minute or two."""
    smaller = {
        "--tokens": "10000",
        "--calls": "500",
        "--rounds": "2",
        "--streams": "200",
        "--cancellations": "20",
        "--one-at-a-time": "20",
    }
    return [smaller.get(command[i - 1], arg) if i else arg for i, arg in enumerate(command)]


def main() -> None:
    if "--quick" in sys.argv:
        BENCHES[:] = [(name, quick(command)) for name, command in BENCHES]
    started = time.monotonic()
    date = datetime.date.today().isoformat()
    results: dict[str, dict[str, Any]] = {}
    outputs: dict[str, str] = {}
    for name, command in BENCHES:
        results[name], outputs[name] = run(name, command)
    ratios: list[tuple[str, float]] = []
    bodies = {
        "decoder": decoder_section(results["decoder"], ratios),
        "throughput-python": cpu_section(
            results["throughput-python"],
            {"chatwire-sync": "httpx-sse", "chatwire-async": "httpx-sse"},
            "event",
            "Python",
            ratios,
        ),
        "throughput-node": cpu_section(
            results["throughput-node"],
            {"chatwire": "fetch+eventsource-parser"},
            "event",
            "Node",
            ratios,
        ),
        "unary-python": cpu_section(
            results["unary-python"],
            {"chatwire-sync": "httpx", "chatwire-async": "httpx-async"},
            "call",
            "Python",
            ratios,
        ),
        "unary-node": cpu_section(results["unary-node"], {"chatwire": "fetch"}, "call", "Node", ratios),
        "load-rust": load_section(results["load-rust"], "raw reqwest", "Rust load", ratios),
        "load-python": load_section(results["load-python"], "httpx-sse", "Python load", ratios),
        "load-node": load_section(results["load-node"], "fetch + eventsource-parser", "Node load", ratios),
    }
    minutes = (time.monotonic() - started) / 60
    doc = [
        "# Benchmarks",
        "",
        "Written by `scripts/bench`, which runs every benchmark beside the reference a user would "
        "otherwise pick, in the same run, and takes every figure below from what the benches printed "
        "(each bench's output is quoted in full at the end). This machine is shared and noisy: "
        "absolute speeds move between runs, the ratios much less.",
        "",
        f"- Command: `scripts/bench`, on {date}, {minutes:.1f} minutes in all.",
        f"- Machine: {machine()}.",
        "",
        "![chatwire against each reference, as a ratio](benchmarks.svg)",
        "",
        "## Goals",
        "",
        *goals(results),
        "",
    ]
    for name, _ in BENCHES:
        title, method = SECTIONS[name]
        doc += [f"## {title}", "", method, "", *bodies[name], ""]
    doc += ["## What each bench printed", ""]
    for name, _ in BENCHES:
        doc += [f"### {SECTIONS[name][0]}", "", "```", outputs[name], "```", ""]
    (ROOT / "docs" / "benchmarks.md").write_text("\n".join(doc))
    (ROOT / "docs" / "benchmarks.svg").write_text(chart(ratios))
    print(f"wrote docs/benchmarks.md and docs/benchmarks.svg in {minutes:.1f} minutes")


if __name__ == "__main__":
    main()
