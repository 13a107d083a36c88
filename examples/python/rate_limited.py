"""Rate limits that wait: with ``rate_limit="wait"`` a call waits for a free slot instead of
drawing a 429. Here exports are held to 3 a second, so the 4th and 5th wait for the next one;
``with_options`` copies share the same budget."""

import time

from chatwire import Mevichat
from _server import server

with server(token_delay=0) as at, Mevichat(
    at.mevichat_key,
    at.origin,
    export_token=at.export_token,
    base_url=at.base_url,
    rate_limit="wait",
    rate_limits={"export_conversation": (3, 1.0)},
) as client:
    patient = client.with_options(timeout=30)
    started = time.monotonic()
    for call in range(5):
        export = (client if call % 2 else patient).export_conversation(at.session_id)
        print(f"export {call + 1} at {time.monotonic() - started:.2f} s: {len(export.messages)} messages")
