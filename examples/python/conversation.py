"""A conversation, sync: two turns in one Vexar session; the client makes the session id and
keeps the conversation id the first reply names. The ids are all it takes to resume later."""

from chatwire import Vexar
from _server import server

with server(token_delay=0) as at, Vexar(at.vexar_key, base_url=at.base_url) as client:
    conversation = client.conversation()
    print("first:", conversation.send("Do you ship abroad?").text())
    print("second:", conversation.reply("And your opening hours?").text)
    print("session_id:", conversation.session_id)
    print("conversation_id:", conversation.conversation_id)

    resumed = client.conversation(
        session_id=conversation.session_id, conversation_id=conversation.conversation_id
    )
    print("messages so far:", len(resumed.history()))
