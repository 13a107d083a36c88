"""Vexar, sync: stream an answer, then read the history and save the visitor's email."""

from chatwire import Vexar
from _server import server

with server() as at, Vexar(at.vexar_key, base_url=at.base_url) as client:
    session = "sess_quickstart"
    print(client.chat_stream(session_id=session, message="What are your opening hours?").text())
    history = client.get_history(session_id=session)
    print("history:", [message.role for message in history.messages])
    print("saved:", client.save_email(session_id=session, email="ada@example.com").success)
    print("rated:", client.rate_conversation(session_id=session, score=5).success)
