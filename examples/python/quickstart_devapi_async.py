"""Developer API, async: a whole answer and a streamed one, concurrently; then usage with its
HTTP response."""

import asyncio

from chatwire import AsyncDevApi
from _server import server


async def main() -> None:
    with server() as at:
        async with AsyncDevApi(at.devapi_key, base_url=at.base_url) as client:
            answer, stream = await asyncio.gather(
                client.chat(message="Hello!"), client.chat_stream(message="Do you ship abroad?")
            )
            print(answer.content, "| request", answer.request_id)
            print(await stream.text(), "| request", stream.request_id)
            usage = await client.with_raw_response.get_usage()
            print("HTTP", usage.status_code, usage.request_id, usage.parse().usage.total_tokens)


asyncio.run(main())
