"""Every operation of the four providers through the blocking clients, against the mock."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import chatwire
from chatwire import devapi as devapi_mod
from chatwire import mevichat as mevichat_mod
from chatwire import vexar as vexar_mod
from chatwire import widgetkey as widgetkey_mod
from chatwire.testing import MockServer
from conftest import PNG_BYTES, requests_to

REFUND = "Our refund policy is 30 days from purchase."
CANADA = "Yes, we ship to Canada"
HOURS = "Our business hours are Monday through Friday, 9 AM to 5 PM EST."


# --- Mevichat -------------------------------------------------------------------------------


def test_mevichat_stream_events_in_order(mock: MockServer, mevichat: chatwire.Mevichat) -> None:
    events = list(mevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="refund policy"))
    first, last = events[0], events[-1]
    assert isinstance(first, mevichat_mod.MetaEvent)
    assert first.type == "meta" and first.session_id == mock.SEEDED_SESSION_ID
    assert isinstance(first.message_id, int)
    tokens = [e for e in events if isinstance(e, mevichat_mod.TokenEvent)]
    assert all(e.type == "token" for e in tokens) and len(tokens) == len(events) - 2
    assert "".join(t.text for t in tokens).startswith(REFUND)
    assert isinstance(last, mevichat_mod.DoneEvent)
    assert (last.finish_reason, last.model) == ("stop", mock.MODEL)
    assert last.tokens_out == len(tokens)
    assert last.to_dict()["type"] == "done" and last.to_dict()["model"] == mock.MODEL
    assert repr(tokens[0]) == f"TokenEvent(type='token', text={tokens[0].text!r}, extra={{}})"
    sent = requests_to(mock, "/api/chat/")[0]
    assert sent["method"] == "POST" and sent["headers"]["origin"] == mock.ORIGIN
    body = json.loads(sent["body"])
    assert body["public_key"] == mock.MEVICHAT_PUBLIC_KEY and body["message"] == "refund policy"



def test_mevichat_text_and_final_message(mock: MockServer, mevichat: chatwire.Mevichat) -> None:
    text = mevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="refund").text()
    assert text.startswith(REFUND)
    final = mevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="refund").final_message()
    assert isinstance(final, chatwire.FinalMessage)
    assert final.text == text
    assert final.message_id is not None and final.message_id.isdigit()
    assert final.blocked_reason is None
    assert final.finish.finish_reason == "stop" and final.finish.model == mock.MODEL
    assert final.finish.usage is not None and final.finish.usage.tokens_in == 1
    assert final.to_dict()["text"] == text


def test_mevichat_neutral_events(mock: MockServer, mevichat: chatwire.Mevichat) -> None:
    events = list(
        mevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="refund").neutral()
    )
    first, last = events[0], events[-1]
    assert isinstance(first, chatwire.StartedEvent) and first.type == "started"
    assert first.session_id == mock.SEEDED_SESSION_ID
    deltas = [e for e in events if isinstance(e, chatwire.DeltaEvent)]
    assert "".join(d.text for d in deltas).startswith(REFUND)
    assert isinstance(last, chatwire.FinishedEvent) and last.type == "finished"
    assert last.finish.finish_reason == "stop"
    assert last.finish.usage is not None and last.finish.usage.tokens_out == len(deltas)


def test_mevichat_blocked_message(mock: MockServer, mevichat: chatwire.Mevichat) -> None:
    events = list(
        mevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message=f"a {mock.BLOCKED_WORD} x")
    )
    assert [e.type for e in events] == ["meta", "blocked", "done"]
    blocked = events[1]
    assert isinstance(blocked, mevichat_mod.BlockedEvent)
    assert (blocked.reason, blocked.fallback) == ("blocked_pattern", "I can't help with that.")
    done = events[2]
    assert isinstance(done, mevichat_mod.DoneEvent) and done.finish_reason == "blocked"
    final = mevichat.chat_stream(
        session_id=mock.SEEDED_SESSION_ID, message=mock.BLOCKED_WORD.upper()
    ).final_message()
    assert (final.text, final.blocked_reason) == ("I can't help with that.", "blocked_pattern")
    neutral = list(
        mevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message=mock.BLOCKED_WORD).neutral()
    )
    assert [e.type for e in neutral] == ["started", "blocked", "finished"]


def test_mevichat_error_events(mock: MockServer) -> None:
    quota = chatwire.Mevichat(mock.MEVICHAT_QUOTA_KEY, mock.ORIGIN, base_url=mock.base_url)
    events = list(quota.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hi"))
    error = events[1]
    assert isinstance(error, mevichat_mod.ErrorEvent) and error.type == "error"
    assert (error.code, error.plan, error.used, error.cap) == ("quota_exceeded", "free", 100, 100)
    done = events[2]
    assert isinstance(done, mevichat_mod.DoneEvent) and done.finish_reason == "quota_exceeded"
    neutral = list(quota.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hi").neutral())
    failed = neutral[1]
    assert isinstance(failed, chatwire.FailedEvent) and failed.code == "quota_exceeded"
    llm = chatwire.Mevichat(mock.MEVICHAT_LLM_ERROR_KEY, mock.ORIGIN, base_url=mock.base_url)
    events = list(llm.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hi"))
    assert isinstance(events[1], mevichat_mod.ErrorEvent)
    assert events[1].code == "provider_auth_failed"
    assert isinstance(events[2], mevichat_mod.DoneEvent) and events[2].finish_reason == "error"


def test_mevichat_widget_config(mock: MockServer, mevichat: chatwire.Mevichat) -> None:
    config = mevichat.get_widget_config()
    assert isinstance(config, mevichat_mod.WidgetConfigResponse)
    bot = config.bot
    assert bot.name == "Support" and bot.border_radius == 12
    assert bot.quick_replies == ["Talk to a human", "Return an item"]
    assert bot.custom_css_vars == {"--mvc-bg": "#ffffff"}
    assert config.to_dict()["bot"]["primary_color"] == "#4F46E5"
    logged = requests_to(mock, "/api/widget/config/")
    assert len(logged) == 1 and mock.MEVICHAT_PUBLIC_KEY in logged[0]["query"]


def test_mevichat_export(mock: MockServer, mevichat: chatwire.Mevichat) -> None:
    seeded = mevichat.export_conversation(mock.SEEDED_SESSION_ID)
    assert isinstance(seeded, mevichat_mod.ExportResponse)
    assert seeded.file_name == f"session-{mock.SEEDED_SESSION_ID}.json"
    assert seeded.session.id == mock.SEEDED_SESSION_ID
    assert [m.role for m in seeded.messages] == ["user", "assistant"]
    assert seeded.messages[1].rag_chunks_used == [41, 42]
    mevichat.chat_stream(
        session_id=mock.SEEDED_SESSION_ID, message="Do you ship to Canada?"
    ).text()
    after = mevichat.export_conversation(mock.SEEDED_SESSION_ID)
    assert len(after.messages) == 4
    assert after.messages[2].content == "Do you ship to Canada?"
    assert after.messages[3].content.startswith(CANADA)
    sent = requests_to(mock, f"/api/conversations/{mock.SEEDED_SESSION_ID}/export.json")[0]
    assert sent["headers"]["authorization"] == f"Bearer {mock.EXPORT_JWT}"


def test_mevichat_visitor_fields_are_sent(mock: MockServer, mevichat: chatwire.Mevichat) -> None:
    mevichat.chat_stream(
        session_id=mock.SEEDED_SESSION_ID,
        message="hi",
        visitor_id="v-9",
        visitor_metadata={"plan": "pro", "n": 3},
        extra_headers={"x-test": "yes"},
    ).text()
    sent = requests_to(mock, "/api/chat/")[0]
    body = json.loads(sent["body"])
    assert body["visitor_id"] == "v-9"
    assert body["visitor_metadata"] == {"plan": "pro", "n": 3}
    assert sent["headers"]["x-test"] == "yes"


def test_with_options_and_default_headers(mock: MockServer) -> None:
    client = chatwire.Mevichat(
        mock.MEVICHAT_PUBLIC_KEY,
        mock.ORIGIN,
        base_url=mock.base_url,
        default_headers={"x-default": "d"},
    )
    other = client.with_options(extra_headers={"x-opt": "o"}, max_retries=0)
    assert isinstance(other, chatwire.Mevichat)
    other.get_widget_config()
    headers = requests_to(mock, "/api/widget/config/")[0]["headers"]
    assert headers["x-opt"] == "o" and headers["x-default"] == "d"


def test_client_context_manager(mock: MockServer) -> None:
    with chatwire.Mevichat(mock.MEVICHAT_PUBLIC_KEY, mock.ORIGIN, base_url=mock.base_url) as c:
        assert c.get_widget_config().bot.name == "Support"


# --- Vexar ----------------------------------------------------------------------------------


def test_vexar_stream(mock: MockServer, vexar: chatwire.Vexar) -> None:
    events = list(
        vexar.chat_stream(
            session_id="sess_1", message="Do you ship to Canada?", lang="en", message_id="m_abc"
        )
    )
    chunks = [e for e in events if isinstance(e, vexar_mod.ChunkEvent)]
    assert all(c.type == "chunk" for c in chunks)
    assert "".join(c.content for c in chunks).startswith(CANADA)
    done = events[-1]
    assert isinstance(done, vexar_mod.DoneEvent) and done.type == "done"
    assert done.meta.conversation_id == 50
    assert done.to_dict() == {
        "type": "done", "meta": {"conversation_id": 50, "extra": {}}, "extra": {}
    }
    sent = json.loads(requests_to(mock, "/api/v1/chat/stream")[0]["body"])
    assert sent == {
        "session_id": "sess_1",
        "message": "Do you ship to Canada?",
        "lang": "en",
        "message_id": "m_abc",
        "site_key": mock.VEXAR_SITE_KEY,
    }



def test_vexar_text_final_neutral(vexar: chatwire.Vexar) -> None:
    assert vexar.chat_stream(session_id="sess_1", message="hours?").text() == HOURS
    final = vexar.chat_stream(session_id="sess_1", message="hours?").final_message()
    assert final.text == HOURS and final.finish.conversation_id == "50"
    neutral = list(vexar.chat_stream(session_id="sess_1", message="hours?").neutral())
    assert neutral[-1].type == "finished"
    assert "".join(e.text for e in neutral if isinstance(e, chatwire.DeltaEvent)) == HOURS


def test_vexar_history(vexar: chatwire.Vexar) -> None:
    assert vexar.get_history(session_id="sess_2").messages == []
    vexar.chat_stream(session_id="sess_2", message="When are you open?").text()
    history = vexar.get_history(session_id="sess_2")
    assert history.success is True
    assert [m.role for m in history.messages] == ["user", "assistant"]
    assert history.messages[0].content == "When are you open?"
    assert history.messages[1].content == HOURS


def test_vexar_email_contact_rate_comment(mock: MockServer, vexar: chatwire.Vexar) -> None:
    saved = vexar.save_email(session_id="sess_2", email="jane@example.com")
    assert (saved.success, saved.message) == (True, "Email saved")
    contact = vexar.save_contact(session_id="sess_2", phone="+15550100", name="Jane")
    assert (contact.success, contact.message) == (True, "Contact saved")
    assert vexar.rate_conversation(session_id="sess_2", score=4).success is True
    assert vexar.comment_rating(session_id="sess_2", comment="Great!").success is True
    stored = mock.control(
        "GET", f"/__mock/vexar/conversation?site_key={mock.VEXAR_SITE_KEY}&session_id=sess_2"
    )
    assert stored["email"] == "jane@example.com"
    assert stored["contact"] == {"email": None, "phone": "+15550100", "name": "Jane"}
    assert (stored["score"], stored["comment"]) == (4, "Great!")


def test_vexar_operator_messages(mock: MockServer, vexar: chatwire.Vexar) -> None:
    empty = vexar.get_operator_messages(session_id="sess_3")
    assert (empty.messages, empty.mode) == ([], "ai")
    mock.control(
        "POST",
        "/__mock/vexar/operator-messages",
        {
            "site_key": mock.VEXAR_SITE_KEY,
            "session_id": "sess_3",
            "messages": [{"content": "Hi, Sam here.", "operator": "Sam"}],
            "mode": "operator",
        },
    )
    new = vexar.get_operator_messages(session_id="sess_3")
    assert new.mode == "operator"
    assert new.messages[0].content == "Hi, Sam here."
    assert new.messages[0].extra["operator"] == "Sam"


def test_vexar_pending_proactive(mock: MockServer, vexar: chatwire.Vexar) -> None:
    assert vexar.get_pending_proactive(session_id="sess_3").messages == []
    mock.control(
        "POST",
        "/__mock/vexar/pending-proactive",
        {
            "site_key": mock.VEXAR_SITE_KEY,
            "session_id": "sess_3",
            "messages": [{"content": "Need help?"}],
        },
    )
    pending = vexar.get_pending_proactive(session_id="sess_3")
    assert pending.success and [m.content for m in pending.messages] == ["Need help?"]


def test_vexar_block_status(mock: MockServer, vexar: chatwire.Vexar) -> None:
    assert vexar.get_block_status(session_id="sess_3").blocked is False
    assert vexar.get_block_status(session_id=mock.VEXAR_BLOCKED_SESSION).blocked is True
    mock.control(
        "POST",
        "/__mock/vexar/block",
        {"site_key": mock.VEXAR_SITE_KEY, "session_id": "sess_3", "blocked": True},
    )
    status = vexar.get_block_status(session_id="sess_3")
    assert status.success and status.blocked is True


def _fetch(url: str) -> bytes:
    import urllib.request

    with urllib.request.urlopen(url, timeout=5) as response:
        data: bytes = response.read()
    return data


def test_vexar_upload_bytes(mock: MockServer, vexar: chatwire.Vexar) -> None:
    uploaded = vexar.upload_image(
        session_id="sess_4", image=PNG_BYTES, file_name="a.png", content_type="image/png"
    )
    assert uploaded.success is True and uploaded.url.startswith(mock.base_url)
    assert _fetch(uploaded.url) == PNG_BYTES
    sent = requests_to(mock, "/api/v1/chat/upload-image")[0]
    assert sent["body"].startswith("<multipart")
    assert sent["headers"]["content-type"].startswith("multipart/form-data")


def test_vexar_upload_path(mock: MockServer, vexar: chatwire.Vexar, tmp_path: Path) -> None:
    path = tmp_path / "pixel.png"
    path.write_bytes(PNG_BYTES)
    uploaded = vexar.upload_image(session_id="sess_4", image=path)
    assert uploaded.success and _fetch(uploaded.url) == PNG_BYTES
    as_str = vexar.upload_image(session_id="sess_4", image=str(path))
    assert as_str.url != uploaded.url and _fetch(as_str.url) == PNG_BYTES


# --- Developer API --------------------------------------------------------------------------


def test_devapi_chat(mock: MockServer, devapi: chatwire.DevApi) -> None:
    reply = devapi.chat(message="refund please", session_id="sess_9Rna21")
    assert isinstance(reply, devapi_mod.ChatResponse)
    assert reply.success is True and reply.session_id == "sess_9Rna21"
    assert reply.content is not None and reply.content.startswith(REFUND)
    sent = requests_to(mock, "/api/v1/chat")[0]
    assert sent["headers"]["authorization"] == f"Bearer {mock.DEVAPI_KEY}"
    fresh = devapi.chat(message="hi")
    assert fresh.session_id is not None and fresh.session_id.startswith("sess_")
    assert len(fresh.session_id) == len("sess_") + 6



def test_devapi_stream(devapi: chatwire.DevApi) -> None:
    events = list(devapi.chat_stream(message="hours?"))
    messages = [e for e in events if isinstance(e, devapi_mod.MessageEvent)]
    assert all(m.type == "message" for m in messages)
    assert "".join(m.content for m in messages) == HOURS
    end = events[-1]
    assert isinstance(end, devapi_mod.EndEvent) and end.type == "end"
    assert end.session_id.startswith("sess_")
    assert devapi.chat_stream(message="hours?", session_id="sess_x").text() == HOURS
    final = devapi.chat_stream(message="hours?", session_id="sess_x").final_message()
    assert final.text == HOURS and final.finish.session_id == "sess_x"
    neutral = list(devapi.chat_stream(message="hours?").neutral())
    assert neutral[-1].type == "finished"


def test_devapi_usage(mock: MockServer, devapi: chatwire.DevApi) -> None:
    devapi.chat(message="one two")
    usage = devapi.get_usage()
    assert usage.success is True
    assert usage.usage.total_requests == 1 and usage.usage.total_input_tokens == 2
    assert usage.usage.total_tokens == usage.usage.total_input_tokens + usage.usage.total_output_tokens
    assert usage.by_model[0].model == mock.MODEL
    assert devapi.get_usage(start_date="2999-01-01").usage.total_requests == 0


def test_devapi_sessions(devapi: chatwire.DevApi) -> None:
    for i in range(5):
        devapi.chat(message=f"message {i}", session_id=f"sess_{i}")
    first = devapi.list_sessions(per_page=2)
    assert [s.session_id for s in first.sessions] == ["sess_4", "sess_3"]
    assert (first.meta.current_page, first.meta.per_page, first.meta.has_more) == (1, 2, True)
    last = devapi.list_sessions(per_page=2, page=3, include_all=True)
    assert [s.session_id for s in last.sessions] == ["sess_0"] and last.meta.has_more is False
    messages = last.sessions[0].messages
    assert messages is not None and messages[0].content == "message 0"
    assert first.sessions[0].messages is None


# --- Widget-key API -------------------------------------------------------------------------


def test_widgetkey_chat(mock: MockServer, widgetkey: chatwire.WidgetKey) -> None:
    reply = widgetkey.chat(session_id="abc", message="refund")
    assert isinstance(reply, widgetkey_mod.ChatResponse)
    assert reply.message.startswith(REFUND) and reply.conversation_id
    sent = requests_to(mock, "/v1/chat")[0]
    assert sent["headers"]["x-api-key"] == mock.WIDGET_KEY
    assert json.loads(sent["body"]) == {"sessionId": "abc", "message": "refund"}



def test_widgetkey_alternative_header(mock: MockServer) -> None:
    client = chatwire.WidgetKey(
        mock.WIDGET_KEY, key_header="x-widget-api-key", base_url=mock.base_url
    )
    assert client.chat(session_id="abc", message="hours").message == HOURS
    headers = requests_to(mock, "/v1/chat")[0]["headers"]
    assert headers["x-widget-api-key"] == mock.WIDGET_KEY and "x-api-key" not in headers


def test_widgetkey_stream(widgetkey: chatwire.WidgetKey) -> None:
    events = list(widgetkey.chat_stream(session_id="abc", message="hours"))
    assert all(isinstance(e, widgetkey_mod.StreamEvent) for e in events)
    assert {e.event for e in events[:-1]} == {"delta"}
    done = events[-1]
    assert done.event == "done"
    payload = json.loads(done.data)
    assert payload["message"] == HOURS and payload["conversationId"]
    assert "".join(json.loads(e.data)["content"] for e in events[:-1]) == HOURS
    assert done.to_dict()["event"] == "done"
    assert widgetkey.chat_stream(session_id="abc", message="hours").text() == HOURS
    final = widgetkey.chat_stream(session_id="abc", message="hours").final_message()
    assert final.text == HOURS and final.finish.conversation_id == payload["conversationId"]
    neutral = list(widgetkey.chat_stream(session_id="abc", message="hours").neutral())
    assert neutral[-1].type == "finished"


def test_stream_iterates_once(mock: MockServer, mevichat: chatwire.Mevichat) -> None:
    stream = mevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hi")
    assert len(list(stream)) > 2
    assert list(stream) == []
    with pytest.raises(StopIteration):
        next(stream)


def test_module_version() -> None:
    assert chatwire.__version__ == "0.1.0"
