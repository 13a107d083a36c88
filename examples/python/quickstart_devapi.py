"""Developer API, sync: a whole answer, a streamed one, usage (with its HTTP response) and
sessions."""

from chatwire import DevApi
from _server import server

with server() as at, DevApi(at.devapi_key, base_url=at.base_url) as client:
    answer = client.chat(message="Hello!")
    print(answer.content, "| session", answer.session_id, "| request", answer.request_id)
    for event in client.chat_stream(message="Do you ship abroad?", session_id=answer.session_id):
        if event.type == "message":
            print(event.content, end="", flush=True)
    print()
    usage = client.with_raw_response.get_usage()
    print("tokens used:", usage.parse().usage.total_tokens, end=" ")
    print("| HTTP", usage.status_code, usage.headers["content-type"], usage.request_id)
    print("first page of sessions:", len(client.list_sessions(per_page=10).sessions))
    # Every session, page after page: each page is fetched when the loop reaches it.
    for session in client.sessions(per_page=2):
        print("session", session.session_id, "last at", session.last_at)
