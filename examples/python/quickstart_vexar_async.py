"""Vexar, async: stream an answer, then check the visitor's block status."""

import asyncio

from chatwire import AsyncVexar
from _server import server


async def main() -> None:
    with server() as at:
        async with AsyncVexar(at.vexar_key, base_url=at.base_url) as client:
            session = "sess_quickstart"
            stream = await client.chat_stream(session_id=session, message="What are your opening hours?")
            print(await stream.text())
            status = await client.get_block_status(session_id=session)
            print("blocked:", status.blocked)


asyncio.run(main())
