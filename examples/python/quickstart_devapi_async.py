"""Developer API, async: a whole answer and a streamed one, concurrently."""

import asyncio

from chatwire import AsyncDevApi
from _server import server


async def main() -> None:
    with server() as at:
        async with AsyncDevApi(at.devapi_key, base_url=at.base_url) as client:
            answer, stream = await asyncio.gather(
                client.chat(message="Hello!"), client.chat_stream(message="Do you ship abroad?")
            )
            print(answer.content)
            print(await stream.text())


asyncio.run(main())
