"""Fixtures for the contract checks: the specs, the vendors' docs, and a running mock server."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def mock_url() -> Iterator[str]:
    """Starts the mock (built by `cargo build -p chatwire-mock`) on a free port."""
    subprocess.run(
        ["cargo", "build", "--quiet", "--locked", "-p", "chatwire-mock"], cwd=ROOT, check=True
    )
    # scripts/lib.sh builds for the host triple named in CARGO_BUILD_TARGET, into CARGO_TARGET_DIR
    # when that is set.
    target_dir = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    binary = target_dir / os.environ.get("CARGO_BUILD_TARGET", "") / "debug" / "chatwire-mock"
    process = subprocess.Popen(
        [str(binary), "--port", "0", "--relaxed-rate-limits"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    assert url.startswith("http://127.0.0.1:"), f"mock printed {url!r}"
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
