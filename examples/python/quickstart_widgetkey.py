"""Widget-key API, sync: a whole answer, then a streamed one as sent."""

from chatwire import WidgetKey
from _server import server

with server() as at, WidgetKey(at.widget_key, base_url=at.base_url) as client:
    answer = client.chat(session_id="visitor-1", message="Hello!")
    print(answer.message, "| conversation", answer.conversation_id)
    for event in client.chat_stream(session_id="visitor-1", message="Do you ship abroad?"):
        print(f"{event.event}: {event.data}")
