"""Each provider's codes as string enums (``chatwire.vexar.ErrorCode.RATE_LIMITED`` …): a member
equals the string the API sends and prints as it, and what the mock really answers matches one."""

from __future__ import annotations

import pickle
from enum import Enum

import pytest

import chatwire
from chatwire import devapi, mevichat, vexar, widgetkey
from chatwire.testing import MockServer

ENUMS: list[type[Enum]] = [
    mevichat.ErrorCode,
    mevichat.ExportErrorCode,
    mevichat.StreamErrorCode,
    mevichat.FinishReason,
    vexar.ErrorCode,
    devapi.ErrorCode,
    widgetkey.ErrorCode,
]


@pytest.mark.parametrize("codes", ENUMS, ids=lambda e: f"{e.__module__}.{e.__name__}")
def test_a_member_is_the_string_the_api_sends(codes: type[Enum]) -> None:
    assert len(codes) >= 2
    for member in codes:
        assert isinstance(member, str)
        assert member == member.value and str(member) == member.value and f"{member}" == member.value
        assert codes(member.value) is member
        assert pickle.loads(pickle.dumps(member)) is member
    assert codes.__module__.startswith("chatwire.")


def test_the_documented_values() -> None:
    sent: str = "rate_limited"
    assert sent == mevichat.ErrorCode.RATE_LIMITED
    assert mevichat.ErrorCode.METHOD_NOT_ALLOWED.value == "method_not_allowed"
    assert mevichat.StreamErrorCode.QUOTA_EXCEEDED.value == "quota_exceeded"
    assert [str(r) for r in mevichat.FinishReason] == ["stop", "error", "blocked", "quota_exceeded"]
    assert vexar.ErrorCode.VISITOR_BLOCKED.value == "visitor_blocked"
    assert devapi.ErrorCode.ORIGIN_NOT_ALLOWED.value == "origin_not_allowed"
    assert widgetkey.ErrorCode.TOO_MANY_REQUESTS.value == "Too many requests"


def test_api_errors_match_their_provider_s_codes(mock: MockServer) -> None:
    with pytest.raises(chatwire.AuthenticationError) as vexar_error:
        chatwire.Vexar("sk_wrong", base_url=mock.base_url, max_retries=0).get_history(session_id="s")
    assert vexar_error.value.code == vexar.ErrorCode.INVALID_SITE_KEY
    with pytest.raises(chatwire.AuthenticationError) as devapi_error:
        chatwire.DevApi("dk_wrong", base_url=mock.base_url, max_retries=0).get_usage()
    assert devapi_error.value.code == devapi.ErrorCode.INVALID_API_KEY
    with pytest.raises(chatwire.AuthenticationError) as widget_error:
        chatwire.WidgetKey("wk_wrong", base_url=mock.base_url, max_retries=0).chat(
            session_id="a", message="hi"
        )
    assert widget_error.value.code == widgetkey.ErrorCode.UNAUTHORIZED
    with pytest.raises(chatwire.AuthenticationError) as export_error:
        chatwire.Mevichat(
            mock.MEVICHAT_PUBLIC_KEY, mock.ORIGIN, export_token="a.b.c", base_url=mock.base_url
        ).export_conversation(mock.SEEDED_SESSION_ID)
    assert export_error.value.code == mevichat.ExportErrorCode.AUTHENTICATION_REQUIRED


def test_stream_codes_and_finish_reasons(mock: MockServer, mevichat: chatwire.Mevichat) -> None:
    done = list(mevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="refund"))[-1]
    assert isinstance(done, chatwire.mevichat.DoneEvent)
    assert done.finish_reason == chatwire.mevichat.FinishReason.STOP
    quota = chatwire.Mevichat(mock.MEVICHAT_QUOTA_KEY, mock.ORIGIN, base_url=mock.base_url)
    events = list(quota.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hi"))
    error = events[1]
    assert isinstance(error, chatwire.mevichat.ErrorEvent)
    assert error.code == chatwire.mevichat.StreamErrorCode.QUOTA_EXCEEDED
    with pytest.raises(chatwire.APIError) as raised:
        quota.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hi").text()
    assert raised.value.code == chatwire.mevichat.StreamErrorCode.QUOTA_EXCEEDED
