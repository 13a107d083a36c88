"""Widget-key API, async: the reply as provider-neutral text."""

import asyncio

from chatwire import AsyncWidgetKey
from _server import server


async def main() -> None:
    with server() as at:
        async with AsyncWidgetKey(at.widget_key, base_url=at.base_url) as client:
            stream = await client.chat_stream(session_id="visitor-1", message="Do you ship abroad?")
            print(await stream.text())


asyncio.run(main())
