"""Mevichat, sync: stream a reply, read the widget config, export the conversation."""

from chatwire import Mevichat
from _server import server

with server() as at, Mevichat(
    at.mevichat_key, at.origin, export_token=at.export_token, base_url=at.base_url
) as client:
    for event in client.chat_stream(session_id=at.session_id, message="Do you ship abroad?"):
        match event.type:
            case "token":
                print(event.text, end="", flush=True)
            case "done":
                print(f"\n({event.tokens_out} tokens, {event.finish_reason})")
    print("bot:", client.get_widget_config().bot.name)
    export = client.export_conversation(at.session_id)
    print("export:", export.file_name, len(export.messages), "messages")
