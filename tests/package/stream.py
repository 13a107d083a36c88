"""Streams one reply with the sync client and one with the async client, against the mock server
of chatwire-testing: what a user of the installed wheels runs first."""

from __future__ import annotations

import asyncio

import chatwire
from chatwire.testing import MockServer


def main() -> None:
    with MockServer() as mock:
        sync_client = chatwire.Mevichat(mock.MEVICHAT_PUBLIC_KEY, mock.ORIGIN, base_url=mock.base_url)
        sync_text = sync_client.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="refund").text()
        assert sync_text.startswith("Our refund policy"), sync_text
        print(f"python sync:  {sync_text}")

        async def read() -> str:
            async with chatwire.AsyncMevichat(
                mock.MEVICHAT_PUBLIC_KEY, mock.ORIGIN, base_url=mock.base_url
            ) as client:
                stream = await client.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="canada")
                return "".join([event.text async for event in stream if event.type == "token"])

        async_text = asyncio.run(read())
        assert async_text.startswith("Yes, we ship to Canada"), async_text
        print(f"python async: {async_text}")


if __name__ == "__main__":
    main()
