"""SSE bodies as the OpenAPI 3.2 item objects the specs' `itemSchema`s describe."""

from __future__ import annotations

from typing import Any


def sse_items(body: str) -> list[dict[str, Any]]:
    """The events of an SSE body as items with `event`, `data`, `id` and `retry`; comments and
    blocks without data are skipped. The bodies checked here use LF or CRLF line ends."""
    items = []
    for block in body.replace("\r\n", "\n").split("\n\n"):
        item: dict[str, Any] = {}
        data: list[str] = []
        for line in block.split("\n"):
            if not line or line.startswith(":"):
                continue
            name, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if name == "data":
                data.append(value)
            elif name in ("event", "id"):
                item[name] = value
            elif name == "retry" and value.isdigit():
                item[name] = int(value)
        if data:
            item["data"] = "\n".join(data)
            items.append(item)
    return items
