#!/usr/bin/env python3
"""The hostile suites' results, case by case: checks that every case of `cases.json` held in
every language it names, and writes the table of `docs/reliability.md`.

    report.py RESULTS_DIR                 # check; exit 1 naming what is missing
    report.py RESULTS_DIR --write DOC     # check, then put the table in DOC between its markers

Each suite appends one JSON line per case it saw hold to `RESULTS_DIR/<language>.jsonl`:
`{"case": "<id>", "outcome": "<what came out>", "ms": <time taken>}`. A case may be recorded
several times (once per status, say): its time is the longest.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

LANGUAGES = ("rust", "python", "node")
CASES_FILE = Path(__file__).with_name("cases.json")
TABLE_START = "<!-- hostile-table: start (written by tests/hostile/report.py) -->"
TABLE_END = "<!-- hostile-table: end -->"


def load_results(results_dir: Path) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """The records of each (case, language)."""
    results: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for language in LANGUAGES:
        path = results_dir / f"{language}.jsonl"
        if not path.exists():
            continue
        for line in path.read_text().splitlines():
            if line.strip():
                record = json.loads(line)
                results.setdefault((record["case"], language), []).append(record)
    return results


def problems(cases: list[dict[str, Any]], results: dict[tuple[str, str], list[Any]]) -> list[str]:
    known = {case["id"] for case in cases}
    found = [
        f"{case['id']}: no result from {language}"
        for case in cases
        for language in case["langs"]
        if (case["id"], language) not in results
    ]
    found += [
        f"{case_id}: recorded by {language}, but cases.json has no such case"
        for case_id, language in sorted(results)
        if case_id not in known
    ]
    return found


def seconds(ms: float) -> str:
    return f"{ms / 1000:.2f} s" if ms >= 100 else f"{ms:.0f} ms"


def table(cases: list[dict[str, Any]], results: dict[tuple[str, str], list[Any]]) -> str:
    rows = [
        "| case | item | Rust | Python | Node | outcome | time taken |",
        "|---|---:|---|---|---|---|---:|",
    ]
    for case in cases:
        cells, slowest = [], 0.0
        for language in LANGUAGES:
            records = results.get((case["id"], language))
            if language not in case["langs"]:
                cells.append("—")
            elif not records:
                cells.append("**missing**")
            else:
                ms = max(record["ms"] for record in records)
                slowest = max(slowest, ms)
                cells.append(f"held, {seconds(ms)}")
        item = "" if case["item"] is None else str(case["item"])
        rows.append(
            f"| `{case['id']}` | {item} | {' | '.join(cells)} | {case['expect']} | {seconds(slowest)} |"
        )
    return "\n".join(rows)


def write_table(doc: Path, text: str) -> None:
    content = doc.read_text()
    start, end = content.index(TABLE_START), content.index(TABLE_END)
    doc.write_text(content[: start + len(TABLE_START)] + "\n" + text + "\n" + content[end:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results_dir", type=Path)
    parser.add_argument("--write", type=Path, metavar="DOC")
    args = parser.parse_args()
    cases = json.loads(CASES_FILE.read_text())["cases"]
    results = load_results(args.results_dir)
    missing = problems(cases, results)
    for problem in missing:
        print(f"hostile: {problem}")
    runs = [(case["id"], language) for case in cases for language in case["langs"]]
    held = sum(run in results for run in runs)
    print(f"hostile: {held} of {len(runs)} case runs held ({len(cases)} cases)")
    if args.write:
        write_table(args.write, table(cases, results))
        print(f"hostile: wrote the table of {args.write}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
