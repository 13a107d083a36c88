"""Test code that uses chatwire with no network: ``MockServer`` runs the mock server of all four
APIs on 127.0.0.1, with their fixture keys and scriptable faults.

Install it with ``pip install "chatwire[testing]"``; ``chatwire.testing`` re-exports it.
"""

from __future__ import annotations

import json
import urllib.request
from typing import Any, Optional

from chatwire_testing._native import MockServer as _NativeMockServer
from chatwire_testing._native import __version__

__all__ = ["MockServer", "__version__"]


class MockServer(_NativeMockServer):
    """The mock server, on a free port unless ``port`` is given.

    >>> with MockServer() as mock:
    ...     client = Mevichat(mock.MEVICHAT_PUBLIC_KEY, mock.ORIGIN, base_url=mock.base_url)
    """

    def push_fault(
        self,
        fault: str,
        *,
        times: int = 1,
        path: Optional[str] = None,
        key: Optional[str] = None,
        **params: Any,
    ) -> int:
        """Queues a fault for the next matching requests, as ``POST /__mock/faults`` does:
        ``push_fault("status", status=503)``, ``push_fault("close_after_events", events=2)`` …
        Answers the fault's id."""
        script = {**params, "fault": fault, "times": times, "path": path, "key": key}
        return self._push_fault(json.dumps(script, allow_nan=False))

    def requests(self) -> list[dict[str, Any]]:
        """The request log, oldest first: method, path, headers, body, status, outcome …"""
        entries: list[dict[str, Any]] = json.loads(self._requests())
        return entries

    def stats(self) -> dict[str, int]:
        """Open and total connections."""
        stats: dict[str, int] = json.loads(self._stats())
        return stats

    def control(self, method: str, path: str, body: Optional[Any] = None) -> Any:
        """Calls the mock's control API (``/__mock/…``) and answers its JSON, if any."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.base_url + path,
            data=data,
            method=method,
            headers={"content-type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            payload = response.read()
        return json.loads(payload) if payload else None
