"""Streams a chat reply token by token, from any of the four APIs.

    python examples/python/chat.py "What is your refund policy?" [--provider vexar]

It talks to the bundled mock server unless CHATWIRE_BASE_URL names a real one.
"""

from __future__ import annotations

import argparse
import sys

import chatwire
from _server import Server, server


def open_stream(provider: str, at: Server, message: str) -> chatwire.ChatStream[chatwire.ChatEvent]:
    """The reply as provider-neutral events, whichever API answers."""
    if provider == "mevichat":
        mevichat = chatwire.Mevichat(at.mevichat_key, at.origin, base_url=at.base_url)
        return mevichat.chat_stream(session_id=at.session_id, message=message).neutral()
    if provider == "vexar":
        vexar = chatwire.Vexar(at.vexar_key, base_url=at.base_url)
        return vexar.chat_stream(session_id="sess_cli", message=message).neutral()
    if provider == "devapi":
        devapi = chatwire.DevApi(at.devapi_key, base_url=at.base_url)
        return devapi.chat_stream(message=message).neutral()
    widget = chatwire.WidgetKey(at.widget_key, base_url=at.base_url)
    return widget.chat_stream(session_id="cli", message=message).neutral()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("message", nargs="?", default="What is your refund policy?")
    parser.add_argument(
        "--provider", choices=["mevichat", "vexar", "devapi", "widgetkey"], default="mevichat"
    )
    args = parser.parse_args()
    with server() as at:
        try:
            with open_stream(args.provider, at, args.message) as stream:
                for event in stream:
                    if isinstance(event, chatwire.DeltaEvent):
                        print(event.text, end="", flush=True)
                    elif isinstance(event, chatwire.BlockedEvent):
                        print(event.fallback, end="")
                    elif isinstance(event, chatwire.FailedEvent):
                        print(f"\n[error {event.code}: {event.message}]", file=sys.stderr)
                    elif isinstance(event, chatwire.FinishedEvent):
                        print(f"\n[{event.finish.finish_reason or 'done'}]")
        except chatwire.ChatwireError as error:
            print(f"chat failed: {error}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
