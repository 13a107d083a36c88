"""Test your code against chatwire with no network: ``MockServer`` runs the bundled mock server
of all four APIs on 127.0.0.1, with its fixture keys and scriptable faults."""

from __future__ import annotations

import json
import urllib.request
from typing import Any, Optional

from chatwire._native import MockServer as _NativeMockServer

__all__ = ["MockServer"]


class MockServer(_NativeMockServer):
    """The mock server, on a free port unless ``port`` is given.

    >>> with MockServer() as mock:
    ...     client = Mevichat(mock.MEVICHAT_PUBLIC_KEY, mock.ORIGIN, base_url=mock.base_url)
    """

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
