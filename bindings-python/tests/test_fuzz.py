"""The randomized argument test (``fuzz_arguments.py``), run in a process of its own so that a crash
(a segfault, an abort, a stack overflow) is seen as an exit status: the process must live and exit
0, having met nothing but successes and ChatwireErrors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("fuzz_arguments.py")


@pytest.mark.hostile_case("bad-arguments")
@pytest.mark.parametrize("seed", [20261201, 7])
def test_random_arguments_never_crash_nor_raise_anything_else(seed: int) -> None:
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--seed", str(seed), "--count", "2500", "--seconds", "9"],
        cwd=SCRIPT.parent,
        env={**os.environ, "PYTHONFAULTHANDLER": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    print(run.stdout)
    print(run.stderr[-4000:], file=sys.stderr)
    assert run.returncode == 0, f"exit status {run.returncode}:\n{run.stdout[-4000:]}\n{run.stderr[-4000:]}"
    summary = run.stdout.splitlines()[0]
    assert summary.startswith(f"fuzz: seed {seed},") and summary.endswith(", 0 failures"), summary
    cases = int(summary.split(", ")[1].split()[0])
    assert cases >= 500, f"only {cases} cases ran: {summary}"
