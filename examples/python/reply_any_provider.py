"""One code path for every API: ``reply()`` answers a ``chatwire.FinalMessage`` whichever client
answers, chosen here by name (``python reply_any_provider.py devapi``; all four by default)."""

import sys
from typing import Union

from chatwire import DevApi, Mevichat, Vexar, WidgetKey
from _server import Server, server

Client = Union[Mevichat, Vexar, DevApi, WidgetKey]


def client_for(name: str, at: Server) -> Client:
    if name == "mevichat":
        return Mevichat(at.mevichat_key, at.origin, base_url=at.base_url)
    if name == "vexar":
        return Vexar(at.vexar_key, base_url=at.base_url)
    if name == "devapi":
        return DevApi(at.devapi_key, base_url=at.base_url)
    if name == "widgetkey":
        return WidgetKey(at.widget_key, base_url=at.base_url)
    raise SystemExit(f"no provider named {name!r}")


names = sys.argv[1:] or ["mevichat", "vexar", "devapi", "widgetkey"]
with server(token_delay=0) as at:
    for name in names:
        # Mevichat's sessions are UUIDs; the other APIs take any id of their pattern.
        session_id = at.session_id if name == "mevichat" else "sess_any_provider"
        reply = client_for(name, at).reply(session_id=session_id, message="What is your refund policy?")
        print(f"{name}: {reply.text}")
