"""The hostile server (`tests/hostile/`, the `chatwire-hostile` binary) from Python: it is run as
a child process, which ends when this process closes its stdin, and read through its control API.
Results of the cases that held go to the file `tests/hostile/report.py` reads."""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any, Optional

ROOT = Path(__file__).resolve().parents[2]


def binary() -> Path:
    """The server's binary: `CHATWIRE_HOSTILE_BIN`, else cargo's debug build of it (for the host,
    or for a target triple)."""
    named = os.environ.get("CHATWIRE_HOSTILE_BIN")
    candidates = [Path(named)] if named else []
    candidates += [ROOT / "target" / "debug" / "chatwire-hostile"]
    candidates += sorted(ROOT.glob("target/*/debug/chatwire-hostile"))
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise RuntimeError(
        "the hostile server is not built: run `cargo build -p chatwire-hostile` "
        "(or set CHATWIRE_HOSTILE_BIN)"
    )


class HostileServer:
    """A running hostile server; `url(scenario)` is a base URL for a client."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            [str(binary())], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self._process.stdout is not None
        addresses = json.loads(self._process.stdout.readline())
        self.base: str = addresses["base"]
        self.trap: str = addresses["trap"]
        self.blackhole: str = addresses["blackhole"]
        self.closed: str = addresses["closed"]
        # `base` over TLS, with a certificate of the CA `tls_ca_pem` (PEM text) made at start.
        self.tls: str = addresses["tls"]
        self.tls_ca_pem: str = addresses["tls_ca_pem"]
        # A forward proxy (CONNECT and absolute-form) to 127.0.0.1, which records each request.
        self.proxy: str = addresses["proxy"]

    def url(self, scenario: str) -> str:
        return f"{self.base}/{scenario}/"

    def _control(self, path: str, method: str = "GET") -> Any:
        request = urllib.request.Request(f"{self.base}/__hostile/{path}", method=method)
        with urllib.request.urlopen(request, timeout=5) as response:
            return json.load(response)

    def requests(self) -> list[dict[str, Any]]:
        """The requests the scenarios received, oldest first."""
        return list(self._control("requests"))

    def trap_requests(self) -> list[dict[str, Any]]:
        """The requests that reached the other origin (the trap): a correct client sends none."""
        return list(self._control("trap"))

    def connections(self) -> list[dict[str, Any]]:
        """One record per scenario connection: when it opened and closed, and who closed it."""
        return list(self._control("connections"))

    def tls_handshakes(self, at_least: int = 0) -> list[dict[str, Any]]:
        """One record per TLS connection: `handshake` ("ok" or "failed") and its `error`. A
        refused handshake is recorded when the server reads the client's alert, which can be
        after the client has given up: this waits (up to 5 s) for `at_least` records."""
        deadline = time.monotonic() + 5
        records = list(self._control("tls"))
        while len(records) < at_least and time.monotonic() < deadline:
            time.sleep(0.01)
            records = list(self._control("tls"))
        return records

    def proxy_requests(self) -> list[dict[str, Any]]:
        """One record per proxy request: `method`, `target` (`127.0.0.1:P` for CONNECT, the
        absolute URL otherwise) and whether `proxy_authorization` came."""
        return list(self._control("proxy"))

    def now_ms(self) -> int:
        return int(self._control("now")["now_ms"])

    def reset(self) -> None:
        self._control("reset", method="POST")

    def close(self) -> None:
        assert self._process.stdin is not None
        self._process.stdin.close()
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()


def results_file() -> Path:
    default = ROOT / "target" / "hostile-results"
    directory = Path(os.environ.get("CHATWIRE_HOSTILE_RESULTS", default))
    directory.mkdir(parents=True, exist_ok=True)
    return directory / "python.jsonl"


def record(case: str, outcome: str, seconds: float, *, variant: Optional[str] = None) -> None:
    """Records that `case` held (its outcome, and the time it took) for the report."""
    line = {"case": case, "outcome": outcome, "ms": seconds * 1000}
    if variant:
        line["variant"] = variant
    with results_file().open("a") as results:
        results.write(json.dumps(line) + "\n")
