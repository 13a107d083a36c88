"""No key or JWT shows in what chatwire hands a program: an exception's ``str``, ``repr`` and
traceback, nor the ``repr`` of a client, a stream or an answer. Each text is also printed, so that
it is in the suite's output when pytest shows it."""

from __future__ import annotations

import traceback
from typing import Callable

import pytest

import chatwire
from chatwire.testing import MockServer


def credentials(mock: MockServer) -> list[str]:
    """Every fixture that is a credential: the keys and the JWTs."""
    names = [name for name in dir(MockServer) if name.endswith("_KEY") or "_JWT" in name]
    return [str(getattr(mock, name)) for name in names]


def assert_no_credential(mock: MockServer, label: str, texts: list[str]) -> None:
    for text in texts:
        print(f"{label}: {text}")
        for secret in credentials(mock):
            assert secret not in text, f"{label} shows a credential"


def test_the_fixture_credentials_are_what_is_looked_for(mock: MockServer) -> None:
    assert len(credentials(mock)) >= 9


def test_errors_of_every_kind_show_no_credential(
    mock: MockServer,
    vexar: chatwire.Vexar,
    devapi: chatwire.DevApi,
    widgetkey: chatwire.WidgetKey,
    mevichat: chatwire.Mevichat,
) -> None:
    revoked = chatwire.Mevichat(mock.MEVICHAT_REVOKED_KEY, mock.ORIGIN, base_url=mock.base_url)
    other_workspace = chatwire.Mevichat(
        mock.MEVICHAT_PUBLIC_KEY,
        mock.ORIGIN,
        export_token=mock.EXPORT_JWT_OTHER_WORKSPACE,
        base_url=mock.base_url,
    )
    wrong_bearer = chatwire.DevApi(mock.DEVAPI_KEY + "x", base_url=mock.base_url, max_retries=0)

    def reset() -> None:
        mock.push_fault("reset")
        vexar.get_history(session_id="s")

    def stall() -> None:
        mock.push_fault("stall_before_headers", ms=500)
        devapi.get_usage(timeout=0.1)

    def cut() -> None:
        mock.push_fault("close_after_events", events=2)
        mevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hi").text()

    calls: dict[str, Callable[[], object]] = {
        "authentication": lambda: revoked.chat_stream(
            session_id=mock.SEEDED_SESSION_ID, message="hi"
        ).text(),
        "permission": lambda: other_workspace.export_conversation(mock.SEEDED_SESSION_ID),
        "bearer": lambda: wrong_bearer.chat(message="hi"),
        "validation": lambda: widgetkey.chat(session_id="has space", message="hi"),
        "connection": reset,
        "timeout": stall,
        "ended": cut,
    }
    for label, call in calls.items():
        with pytest.raises(chatwire.ChatwireError) as caught:
            call()
        error = caught.value
        shown = [str(error), repr(error), "".join(traceback.format_exception(error)), repr(vars(error))]
        assert_no_credential(mock, label, shown)


def test_clients_streams_and_answers_show_no_credential(
    mock: MockServer,
    mevichat: chatwire.Mevichat,
    vexar: chatwire.Vexar,
    devapi: chatwire.DevApi,
    widgetkey: chatwire.WidgetKey,
) -> None:
    for client in (mevichat, vexar, devapi, widgetkey):
        assert_no_credential(mock, "client", [repr(client), str(client)])
    stream = mevichat.chat_stream(session_id=mock.SEEDED_SESSION_ID, message="hi")
    assert_no_credential(mock, "stream", [repr(stream)])
    assert_no_credential(mock, "final message", [repr(stream.final_message())])
    assert_no_credential(
        mock, "export", [repr(mevichat.export_conversation(mock.SEEDED_SESSION_ID))]
    )
    assert_no_credential(mock, "chat answer", [repr(devapi.chat(message="hi"))])
