"""Mevichat, async: the same calls with `await` and `async for`."""

import asyncio

from chatwire import AsyncMevichat, mevichat
from _server import server


async def main() -> None:
    with server() as at:
        async with AsyncMevichat(
            at.mevichat_key, at.origin, export_token=at.export_token, base_url=at.base_url
        ) as client:
            stream = await client.chat_stream(session_id=at.session_id, message="Do you ship abroad?")
            async for event in stream:
                if isinstance(event, mevichat.TokenEvent):
                    print(event.text, end="", flush=True)
            print()
            config = await client.get_widget_config()
            print("bot:", config.bot.name)
            export = await client.export_conversation(at.session_id)
            print("export:", export.file_name, len(export.messages), "messages")


asyncio.run(main())
