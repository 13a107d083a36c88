"""The neutral one-shot ``reply()`` of the four clients, and conversations (``client.conversation()``),
sync and async: the mock's request log shows every turn in one session (the Developer API's
second turn in the session its server assigned), the ids the replies carry are kept, the
history comes back where the API keeps one, and a conversation resumes from its ids."""

from __future__ import annotations

import json
import re
from typing import Any, Callable

import pytest

import chatwire
from chatwire.testing import MockServer
from conftest import requests_to

REFUND = "Our refund policy is 30 days from purchase."
HOURS = "Our business hours are Monday through Friday, 9 AM to 5 PM EST."

# Each provider's chat paths: (the stream's, the one-shot call's).
PATHS = {
    "mevichat": ("/api/chat/", "/api/chat/"),
    "vexar": ("/api/v1/chat/stream", "/api/v1/chat/stream"),
    "devapi": ("/api/v1/chat", "/api/v1/chat"),
    "widgetkey": ("/v1/chat/stream", "/v1/chat"),
}
PROVIDERS = list(PATHS)


def client_of(mock: MockServer, provider: str, prefix: str = "") -> Any:
    made: dict[str, Callable[[], Any]] = {
        "mevichat": lambda: getattr(chatwire, prefix + "Mevichat")(
            mock.MEVICHAT_PUBLIC_KEY, mock.ORIGIN, export_token=mock.EXPORT_JWT, base_url=mock.base_url
        ),
        "vexar": lambda: getattr(chatwire, prefix + "Vexar")(mock.VEXAR_SITE_KEY, base_url=mock.base_url),
        "devapi": lambda: getattr(chatwire, prefix + "DevApi")(mock.DEVAPI_KEY, base_url=mock.base_url),
        "widgetkey": lambda: getattr(chatwire, prefix + "WidgetKey")(mock.WIDGET_KEY, base_url=mock.base_url),
    }
    return made[provider]()


def session_for(mock: MockServer, provider: str) -> str:
    return mock.SEEDED_SESSION_ID if provider == "mevichat" else "sess_reply_1"


def bodies(mock: MockServer, path: str) -> list[dict[str, Any]]:
    return [json.loads(r["body"]) for r in requests_to(mock, path) if r["method"] == "POST"]


def session_of(body: dict[str, Any]) -> Any:
    return body.get("session_id", body.get("sessionId"))


# --- reply() --------------------------------------------------------------------------------


@pytest.mark.parametrize("provider", PROVIDERS)
def test_reply_answers_the_whole_reply(mock: MockServer, provider: str) -> None:
    client = client_of(mock, provider)
    session_id = session_for(mock, provider)
    reply = client.reply(session_id=session_id, message="refund policy")
    assert isinstance(reply, chatwire.FinalMessage)
    assert reply.text.startswith(REFUND)
    sent = bodies(mock, PATHS[provider][1])
    assert len(sent) == 1 and session_of(sent[0]) == session_id and sent[0]["message"] == "refund policy"
    if provider == "devapi":
        assert sent[0]["stream"] is False, "the Developer API's one-shot call, not its stream"


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_async_reply_answers_the_whole_reply(mock: MockServer, provider: str) -> None:
    client = client_of(mock, provider, "Async")
    session_id = session_for(mock, provider)
    reply = await client.reply(session_id=session_id, message="business hours")
    assert isinstance(reply, chatwire.FinalMessage) and reply.text.startswith(HOURS)
    sent = bodies(mock, PATHS[provider][1])
    assert len(sent) == 1 and session_of(sent[0]) == session_id


def test_reply_arguments_are_checked(mock: MockServer) -> None:
    client = client_of(mock, "widgetkey")
    with pytest.raises(chatwire.ValidationError) as raised:
        client.reply(session_id="has space", message="hi")
    assert raised.value.field == "session_id"
    with pytest.raises(chatwire.ValidationError) as missing:
        client.reply(session_id="s")
    assert missing.value.field == "message"
    assert mock.requests() == []


# --- conversations ----------------------------------------------------------------------------


def test_mevichat_conversation_keeps_one_session(mock: MockServer) -> None:
    conversation = client_of(mock, "mevichat").conversation()
    assert isinstance(conversation, chatwire.Conversation)
    session_id = conversation.session_id
    assert session_id is not None and re.fullmatch(r"[0-9a-f-]{36}", session_id)
    stream = conversation.send("refund")
    assert isinstance(stream, chatwire.ChatStream)
    assert stream.text().startswith(REFUND)
    assert conversation.reply("hours").text.startswith(HOURS)
    assert [session_of(b) for b in bodies(mock, "/api/chat/")] == [session_id, session_id]
    history = conversation.history()
    assert [(h.role, h.text[:10]) for h in history] == [
        ("user", "refund"), ("assistant", REFUND[:10]), ("user", "hours"), ("assistant", HOURS[:10])
    ]
    assert all(isinstance(h, chatwire.HistoryEntry) and h.created_at for h in history)


def test_vexar_conversation_captures_its_conversation_id(mock: MockServer) -> None:
    conversation = client_of(mock, "vexar").conversation()
    session_id = conversation.session_id
    assert session_id is not None and session_id.startswith("sess_")
    assert conversation.conversation_id is None
    events = list(conversation.send("refund"))
    assert events[-1].type == "done"
    conversation_id = conversation.conversation_id
    assert conversation_id == str(events[-1].meta.conversation_id)
    conversation.reply("hours")
    assert [session_of(b) for b in bodies(mock, "/api/v1/chat/stream")] == [session_id, session_id]
    assert [h.role for h in conversation.history()] == ["user", "assistant", "user", "assistant"]


def test_devapi_second_turn_carries_the_session_the_server_assigned(mock: MockServer) -> None:
    conversation = client_of(mock, "devapi").conversation()
    assert conversation.session_id is None
    assert conversation.history() == [], "no session yet, so no history"
    conversation.send("refund").text()
    assigned = conversation.session_id
    assert assigned is not None
    conversation.reply("hours")
    sent = bodies(mock, "/api/v1/chat")
    assert "session_id" not in sent[0] and sent[1]["session_id"] == assigned
    assert [h.text[:10] for h in conversation.history()] == [
        "refund", REFUND[:10], "hours", HOURS[:10]
    ]


def test_widgetkey_conversation_has_no_history(mock: MockServer) -> None:
    conversation = client_of(mock, "widgetkey").conversation()
    session_id = conversation.session_id
    assert session_id is not None and session_id.startswith("chatwire-")
    conversation.reply("refund")
    conversation_id = conversation.conversation_id
    assert conversation_id
    conversation.send("hours").text()
    assert session_of(bodies(mock, "/v1/chat")[0]) == session_id
    assert session_of(bodies(mock, "/v1/chat/stream")[0]) == session_id
    with pytest.raises(chatwire.ValidationError) as raised:
        conversation.history()
    assert raised.value.field == "history"


def test_a_conversation_resumes_from_its_ids(mock: MockServer) -> None:
    client = client_of(mock, "vexar")
    first = client.conversation(session_id="sess_resume_1")
    first.reply("refund")
    resumed = client.conversation(session_id=first.session_id, conversation_id=first.conversation_id)
    assert (resumed.session_id, resumed.conversation_id) == ("sess_resume_1", first.conversation_id)
    resumed.reply("hours")
    assert [session_of(b) for b in bodies(mock, "/api/v1/chat/stream")] == ["sess_resume_1"] * 2
    assert len(resumed.history()) == 4, "the resumed conversation sees the first one's turns"


def test_a_turn_stream_goes_neutral_and_to_its_final_message(mock: MockServer) -> None:
    conversation = client_of(mock, "mevichat").conversation()
    neutral = [event.type for event in conversation.send("refund").neutral()]
    assert neutral[0] == "started" and neutral[-1] == "finished"
    final = conversation.send("hours").final_message()
    assert final.text.startswith(HOURS) and final.finish.finish_reason == "stop"


def test_conversation_arguments_are_checked(mock: MockServer) -> None:
    client = client_of(mock, "mevichat")
    with pytest.raises(chatwire.ValidationError) as raised:
        client.conversation(session_id=1)
    assert raised.value.field == "session_id"
    conversation = client.conversation()
    with pytest.raises(chatwire.ValidationError) as text:
        conversation.send(b"hi")
    assert text.value.field == "text"
    with pytest.raises(chatwire.ValidationError) as unknown:
        conversation.reply(txt="hi")
    assert "did you mean text?" in str(unknown.value)
    assert mock.requests() == []


async def test_async_mevichat_conversation_keeps_one_session(mock: MockServer) -> None:
    conversation = client_of(mock, "mevichat", "Async").conversation()
    assert isinstance(conversation, chatwire.AsyncConversation)
    session_id = conversation.session_id
    stream = await conversation.send("refund")
    assert isinstance(stream, chatwire.AsyncChatStream)
    assert (await stream.text()).startswith(REFUND)
    assert (await conversation.reply("hours")).text.startswith(HOURS)
    assert [session_of(b) for b in bodies(mock, "/api/chat/")] == [session_id, session_id]
    assert len(await conversation.history()) == 4


async def test_async_vexar_conversation_captures_its_conversation_id(mock: MockServer) -> None:
    conversation = client_of(mock, "vexar", "Async").conversation()
    events = [event async for event in await conversation.send("refund")]
    assert conversation.conversation_id == str(events[-1].meta.conversation_id)
    await conversation.reply("hours")
    sent = bodies(mock, "/api/v1/chat/stream")
    assert [session_of(b) for b in sent] == [conversation.session_id] * 2
    assert [h.role for h in await conversation.history()] == ["user", "assistant", "user", "assistant"]


async def test_async_devapi_second_turn_carries_the_session_the_server_assigned(mock: MockServer) -> None:
    conversation = client_of(mock, "devapi", "Async").conversation()
    await (await conversation.send("refund")).text()
    assigned = conversation.session_id
    assert assigned is not None
    await conversation.reply("hours")
    sent = bodies(mock, "/api/v1/chat")
    assert "session_id" not in sent[0] and sent[1]["session_id"] == assigned
    assert len(await conversation.history()) == 4


async def test_async_widgetkey_conversation_and_resume(mock: MockServer) -> None:
    client = client_of(mock, "widgetkey", "Async")
    conversation = client.conversation()
    await conversation.reply("refund")
    assert conversation.conversation_id
    resumed = client.conversation(session_id=conversation.session_id, conversation_id=conversation.conversation_id)
    await resumed.reply("hours")
    assert [session_of(b) for b in bodies(mock, "/v1/chat")] == [conversation.session_id] * 2
    with pytest.raises(chatwire.ValidationError):
        await resumed.history()
