"""The async mirror of test_sync: every operation of the four providers through the async clients."""

from __future__ import annotations

import asyncio
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


async def test_mevichat_stream_events_in_order(
    mock: MockServer, amevichat: chatwire.AsyncMevichat
) -> None:
    stream = await amevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="refund policy")
    assert isinstance(stream, chatwire.AsyncChatStream)
    events = [e async for e in stream]
    first, last = events[0], events[-1]
    assert isinstance(first, mevichat_mod.MetaEvent) and first.session_id == mock.SEEDED_SESSION_ID
    tokens = [e for e in events if isinstance(e, mevichat_mod.TokenEvent)]
    assert len(tokens) == len(events) - 2
    assert "".join(t.text for t in tokens).startswith(REFUND)
    assert isinstance(last, mevichat_mod.DoneEvent)
    assert (last.finish_reason, last.model, last.tokens_out) == ("stop", mock.MODEL, len(tokens))
    body = json.loads(requests_to(mock, "/api/chat/")[0]["body"])
    assert body["public_key"] == mock.MEVICHAT_PUBLIC_KEY


async def test_mevichat_text_and_final_message(
    mock: MockServer, amevichat: chatwire.AsyncMevichat
) -> None:
    stream = await amevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="refund")
    text = await stream.text()
    assert text.startswith(REFUND)
    stream = await amevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="refund")
    final = await stream.final_message()
    assert final.text == text and final.finish.finish_reason == "stop"
    assert final.finish.usage is not None and final.finish.usage.tokens_in == 1


async def test_mevichat_neutral_events(mock: MockServer, amevichat: chatwire.AsyncMevichat) -> None:
    stream = await amevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="refund")
    events = [e async for e in stream.neutral()]
    assert isinstance(events[0], chatwire.StartedEvent)
    assert events[0].session_id == mock.SEEDED_SESSION_ID
    deltas = [e for e in events if isinstance(e, chatwire.DeltaEvent)]
    assert "".join(d.text for d in deltas).startswith(REFUND)
    last = events[-1]
    assert isinstance(last, chatwire.FinishedEvent) and last.finish.finish_reason == "stop"


async def test_mevichat_blocked_and_error_events(
    mock: MockServer, amevichat: chatwire.AsyncMevichat
) -> None:
    stream = await amevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="forbidden")
    events = [e async for e in stream]
    assert [e.type for e in events] == ["meta", "blocked", "done"]
    blocked = events[1]
    assert isinstance(blocked, mevichat_mod.BlockedEvent)
    assert blocked.fallback == "I can't help with that."
    quota = chatwire.AsyncMevichat(mock.MEVICHAT_QUOTA_KEY, mock.ORIGIN, base_url=mock.base_url)
    events = [e async for e in await quota.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hi")]
    error = events[1]
    assert isinstance(error, mevichat_mod.ErrorEvent)
    assert (error.code, error.plan, error.used, error.cap) == ("quota_exceeded", "free", 100, 100)


async def test_mevichat_widget_config(mock: MockServer, amevichat: chatwire.AsyncMevichat) -> None:
    config = await amevichat.get_widget_config()
    assert config.bot.name == "Support" and config.bot.border_radius == 12
    assert config.bot.quick_replies == ["Talk to a human", "Return an item"]
    assert len(requests_to(mock, "/api/widget/config/")) == 1


async def test_mevichat_export(mock: MockServer, amevichat: chatwire.AsyncMevichat) -> None:
    seeded = await amevichat.export_conversation(mock.SEEDED_SESSION_ID)
    assert seeded.file_name == f"session-{mock.SEEDED_SESSION_ID}.json"
    assert [m.role for m in seeded.messages] == ["user", "assistant"]
    stream = await amevichat.chat_stream(
        session_id=mock.SEEDED_SESSION_ID, message="Do you ship to Canada?", visitor_id="v-9"
    )
    await stream.text()
    after = await amevichat.export_conversation(mock.SEEDED_SESSION_ID)
    assert len(after.messages) == 4 and after.messages[3].content.startswith(CANADA)


async def test_async_context_managers(mock: MockServer) -> None:
    async with chatwire.AsyncMevichat(
        mock.MEVICHAT_PUBLIC_KEY, mock.ORIGIN, base_url=mock.base_url
    ) as client:
        async with await client.chat_stream(
            session_id=mock.SEEDED_SESSION_ID, message="refund"
        ) as stream:
            first = await stream.__anext__()
            assert first.type == "meta"
        with pytest.raises(StopAsyncIteration):
            await stream.__anext__()


async def test_with_options_headers(mock: MockServer, amevichat: chatwire.AsyncMevichat) -> None:
    other = amevichat.with_options(extra_headers={"x-opt": "o"})
    assert isinstance(other, chatwire.AsyncMevichat)
    await other.get_widget_config(extra_headers={"x-call": "c"})
    headers = requests_to(mock, "/api/widget/config/")[0]["headers"]
    assert (headers["x-opt"], headers["x-call"]) == ("o", "c")


async def test_concurrent_streams(mock: MockServer, amevichat: chatwire.AsyncMevichat) -> None:
    async def one(message: str) -> str:
        stream = await amevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message=message)
        return await stream.text()

    texts = await asyncio.gather(one("refund"), one("hours"), one("shipping to Canada"))
    assert texts[0].startswith(REFUND) and texts[1] == HOURS and texts[2].startswith(CANADA)


# --- Vexar ----------------------------------------------------------------------------------


async def test_vexar_stream(mock: MockServer, avexar: chatwire.AsyncVexar) -> None:
    stream = await avexar.chat_stream(
        session_id="sess_1", message="Do you ship to Canada?", lang="en", message_id="m_abc"
    )
    events = [e async for e in stream]
    chunks = [e for e in events if isinstance(e, vexar_mod.ChunkEvent)]
    assert "".join(c.content for c in chunks).startswith(CANADA)
    done = events[-1]
    assert isinstance(done, vexar_mod.DoneEvent) and done.meta.conversation_id == 50
    sent = json.loads(requests_to(mock, "/api/v1/chat/stream")[0]["body"])
    assert (sent["lang"], sent["message_id"]) == ("en", "m_abc")


async def test_vexar_text_final_neutral(avexar: chatwire.AsyncVexar) -> None:
    assert await (await avexar.chat_stream(session_id="sess_1", message="hours?")).text() == HOURS
    final = await (await avexar.chat_stream(session_id="sess_1", message="hours?")).final_message()
    assert final.text == HOURS and final.finish.conversation_id == "50"
    stream = await avexar.chat_stream(session_id="sess_1", message="hours?")
    neutral = [e async for e in stream.neutral()]
    assert neutral[-1].type == "finished"


async def test_vexar_history(avexar: chatwire.AsyncVexar) -> None:
    assert (await avexar.get_history(session_id="sess_2")).messages == []
    await (await avexar.chat_stream(session_id="sess_2", message="When are you open?")).text()
    history = await avexar.get_history(session_id="sess_2")
    assert [m.content for m in history.messages] == ["When are you open?", HOURS]


async def test_vexar_email_contact_rate_comment(
    mock: MockServer, avexar: chatwire.AsyncVexar
) -> None:
    assert (await avexar.save_email(session_id="s2", email="jane@example.com")).message == (
        "Email saved"
    )
    contact = await avexar.save_contact(session_id="s2", email="j@example.com", name="Jane")
    assert contact.message == "Contact saved"
    assert (await avexar.rate_conversation(session_id="s2", score=1)).success
    assert (await avexar.comment_rating(session_id="s2", comment="Meh")).success
    stored = mock.control(
        "GET", f"/__mock/vexar/conversation?site_key={mock.VEXAR_SITE_KEY}&session_id=s2"
    )
    assert stored["contact"] == {"email": "j@example.com", "phone": None, "name": "Jane"}
    assert (stored["email"], stored["score"], stored["comment"]) == ("jane@example.com", 1, "Meh")


async def test_vexar_operator_proactive_block(mock: MockServer, avexar: chatwire.AsyncVexar) -> None:
    mock.control(
        "POST",
        "/__mock/vexar/operator-messages",
        {
            "site_key": mock.VEXAR_SITE_KEY,
            "session_id": "s3",
            "messages": [{"content": "Hi, Sam here."}],
            "mode": "operator",
        },
    )
    ops = await avexar.get_operator_messages(session_id="s3")
    assert ops.mode == "operator" and ops.messages[0].content == "Hi, Sam here."
    mock.control(
        "POST",
        "/__mock/vexar/pending-proactive",
        {"site_key": mock.VEXAR_SITE_KEY, "session_id": "s3", "messages": [{"content": "Psst"}]},
    )
    assert [m.content for m in (await avexar.get_pending_proactive(session_id="s3")).messages] == [
        "Psst"
    ]
    assert (await avexar.get_block_status(session_id="s3")).blocked is False
    assert (await avexar.get_block_status(session_id=mock.VEXAR_BLOCKED_SESSION)).blocked is True


async def test_vexar_upload(mock: MockServer, avexar: chatwire.AsyncVexar, tmp_path: Path) -> None:
    from test_sync import _fetch

    from_bytes = await avexar.upload_image(
        session_id="s4", image=PNG_BYTES, file_name="a.png", content_type="image/png"
    )
    assert from_bytes.success and from_bytes.url.startswith(mock.base_url)
    path = tmp_path / "pixel.png"
    path.write_bytes(PNG_BYTES)
    from_path = await avexar.upload_image(session_id="s4", image=path)
    assert from_path.url != from_bytes.url
    assert await asyncio.to_thread(_fetch, from_path.url) == PNG_BYTES


# --- Developer API --------------------------------------------------------------------------


async def test_devapi_chat_and_stream(mock: MockServer, adevapi: chatwire.AsyncDevApi) -> None:
    reply = await adevapi.chat(message="refund please", session_id="sess_9Rna21")
    assert reply.session_id == "sess_9Rna21"
    assert reply.content is not None and reply.content.startswith(REFUND)
    events = [e async for e in await adevapi.chat_stream(message="hours?")]
    assert "".join(e.content for e in events if isinstance(e, devapi_mod.MessageEvent)) == HOURS
    end = events[-1]
    assert isinstance(end, devapi_mod.EndEvent) and end.session_id.startswith("sess_")
    assert await (await adevapi.chat_stream(message="hours?")).text() == HOURS
    final = await (await adevapi.chat_stream(message="hours?", session_id="sx")).final_message()
    assert final.finish.session_id == "sx"


async def test_devapi_usage_and_sessions(mock: MockServer, adevapi: chatwire.AsyncDevApi) -> None:
    for i in range(3):
        await adevapi.chat(message=f"a b {i}", session_id=f"sess_{i}")
    usage = await adevapi.get_usage()
    assert (usage.usage.total_requests, usage.usage.total_input_tokens) == (3, 9)
    assert usage.by_model[0].model == mock.MODEL
    page = await adevapi.list_sessions(per_page=2, include_all=True)
    assert [s.session_id for s in page.sessions] == ["sess_2", "sess_1"] and page.meta.has_more
    messages = page.sessions[0].messages
    assert messages is not None and messages[0].content == "a b 2"


# --- Widget-key API -------------------------------------------------------------------------


async def test_widgetkey_chat_and_stream(awidgetkey: chatwire.AsyncWidgetKey) -> None:
    reply = await awidgetkey.chat(session_id="abc", message="refund")
    assert reply.message.startswith(REFUND)
    events = [e async for e in await awidgetkey.chat_stream(session_id="abc", message="hours")]
    assert all(isinstance(e, widgetkey_mod.StreamEvent) for e in events)
    assert events[-1].event == "done" and json.loads(events[-1].data)["message"] == HOURS
    assert await (await awidgetkey.chat_stream(session_id="abc", message="hours")).text() == HOURS
    final = await (await awidgetkey.chat_stream(session_id="a", message="hours")).final_message()
    assert final.text == HOURS and final.finish.conversation_id
