"""Watch a Vexar session, async: operator messages, mode changes, nudges and blocking as they
happen. Against the bundled mock, the session is scripted first: an operator takes over, writes,
and hands back to the AI. The loop breaks after those events, which stops the polling."""

import asyncio
import json
import os
import urllib.request
from typing import Any

from chatwire import AsyncVexar
from _server import Server, server

SESSION = "sess_watch_example"


def script(at: Server, path: str, **body: Any) -> None:
    """A change the mock makes to the session, through its control API."""
    request = urllib.request.Request(
        at.base_url + path,
        data=json.dumps({"site_key": at.vexar_key, "session_id": SESSION, **body}).encode(),
        method="POST",
        headers={"content-type": "application/json"},
    )
    urllib.request.urlopen(request, timeout=10).close()


async def main() -> None:
    with server() as at:
        if not os.environ.get("CHATWIRE_BASE_URL"):
            script(at, "/__mock/vexar/operator-messages", mode="operator", after_ms=100)
            script(at, "/__mock/vexar/operator-messages", messages=[{"content": "Hi, Sam here."}], after_ms=200)
            script(at, "/__mock/vexar/operator-messages", mode="ai", after_ms=300)
        async with AsyncVexar(at.vexar_key, base_url=at.base_url) as client:
            seen = 0
            async for event in client.watch(session_id=SESSION, interval=0.05):
                match event.type:
                    case "mode_changed":
                        print(f"mode: {event.from_} -> {event.to}")
                    case "operator_message":
                        print("operator:", event.message.content)
                    case other:
                        print(other)
                seen += 1
                if seen == 3:
                    break


asyncio.run(main())
