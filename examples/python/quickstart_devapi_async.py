"""Developer API, async: a whole answer and a streamed one, concurrently; a call under a
deadline; usage with its HTTP response; and every session, page after page."""

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
            # Every async method answers a coroutine: a task, gather and wait_for all take it.
            later = asyncio.create_task(client.chat(message="What are your hours?"))
            print((await asyncio.wait_for(later, timeout=10)).content)
            usage = await client.with_raw_response.get_usage()
            print("HTTP", usage.status_code, usage.request_id, usage.parse().usage.total_tokens)
            async for session in client.sessions(per_page=2):
                print("session", session.session_id, "last at", session.last_at)


asyncio.run(main())
