"""Networks as users have them, against the hostile server (tests/hostile): its TLS listener,
whose certificate comes from a CA made at its start, is reached through ``ca_file`` and through the
system store (``SSL_CERT_FILE``, ``SSL_CERT_DIR``), and refused without either; its logging proxy sees the requests
of a client given ``proxy`` (and none of one whose ``no_proxy`` names the host), and those sent
through ``HTTPS_PROXY`` and ``HTTP_PROXY``."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pytest

import chatwire
from hostile import HostileServer

ENVIRONMENT = (
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
)


@pytest.fixture(scope="module")
def hostile_process() -> Iterator[HostileServer]:
    server = HostileServer()
    yield server
    server.close()


@pytest.fixture
def hostile(hostile_process: HostileServer, monkeypatch: pytest.MonkeyPatch) -> HostileServer:
    """The server with its records cleared, and no proxy or CA setting in the environment."""
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    hostile_process.reset()
    return hostile_process


@pytest.fixture
def ca_file(hostile: HostileServer, tmp_path: Path) -> Path:
    path = tmp_path / "ca.pem"
    path.write_text(hostile.tls_ca_pem)
    return path


def widgetkey(base_url: str, **options: object) -> chatwire.WidgetKey:
    return chatwire.WidgetKey("wk_test_tls", base_url=base_url, max_retries=0, timeout=5, **options)  # type: ignore[arg-type]


def reply(client: chatwire.WidgetKey) -> str:
    return client.chat(session_id="sess_tls_1", message="hi").conversation_id


def port_of(url: str) -> int:
    port = urlsplit(url).port
    assert port is not None, url
    return port


def test_tls_needs_the_test_ca(hostile: HostileServer) -> None:
    with pytest.raises(chatwire.APIConnectionError, match="certificate"):
        reply(widgetkey(f"{hostile.tls}/reply-json/"))
    [handshake] = hostile.tls_handshakes(at_least=1)
    assert handshake["handshake"] == "failed", handshake
    assert hostile.requests() == []


def test_tls_through_ca_file(hostile: HostileServer, ca_file: Path) -> None:
    assert reply(widgetkey(f"{hostile.tls}/reply-json/", ca_file=ca_file)) == "conv_hostile"
    assert reply(widgetkey(f"{hostile.tls}/reply-json/", ca_file=str(ca_file))) == "conv_hostile"
    client = chatwire.Mevichat(
        "mvc_pk_test_tls", "https://example.com", base_url=f"{hostile.tls}/reply-sse/", ca_file=ca_file
    )
    session = "5f3e8c7c-5d4a-4a91-9a4e-c9a7e6d2b0f1"
    assert client.chat_stream(session_id=session, message="hi").text() == "abc"
    assert [h["handshake"] for h in hostile.tls_handshakes()] == ["ok", "ok", "ok"]


async def test_tls_through_ca_file_async(hostile: HostileServer, ca_file: Path) -> None:
    client = chatwire.AsyncDevApi(
        "dk_test_tls", base_url=f"{hostile.tls}/reply-json/", ca_file=ca_file, max_retries=0
    )
    answer = await client.with_raw_response.chat(message="hi")
    assert answer.status_code == 200
    assert [h["handshake"] for h in hostile.tls_handshakes()] == ["ok"]


def test_tls_through_ssl_cert_file(
    hostile: HostileServer, ca_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Read when the client is built: the system store, which SSL_CERT_FILE replaces.
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
    trusting = widgetkey(f"{hostile.tls}/reply-json/")
    monkeypatch.delenv("SSL_CERT_FILE")
    assert reply(trusting) == "conv_hostile"
    with pytest.raises(chatwire.APIConnectionError):
        reply(widgetkey(f"{hostile.tls}/reply-json/"))
    assert [h["handshake"] for h in hostile.tls_handshakes(at_least=2)] == ["ok", "failed"]


def test_tls_through_ssl_cert_dir(
    hostile: HostileServer, ca_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "certs"
    store.mkdir()
    (store / "test-ca.pem").write_text(ca_file.read_text())
    monkeypatch.setenv("SSL_CERT_DIR", str(store))
    assert reply(widgetkey(f"{hostile.tls}/reply-json/")) == "conv_hostile"
    assert [h["handshake"] for h in hostile.tls_handshakes()] == ["ok"]


def test_a_bad_ca_file_or_proxy_is_refused_before_sending(hostile: HostileServer, tmp_path: Path) -> None:
    not_pem = tmp_path / "notes.txt"
    not_pem.write_text("not a certificate")
    for path in (not_pem, tmp_path / "missing.pem"):
        with pytest.raises(chatwire.ValidationError) as refused:
            widgetkey(f"{hostile.tls}/reply-json/", ca_file=path)
        assert refused.value.field == "ca_file" and str(path) in str(refused.value)
    for proxy in ("localhost:3128", "ftp://127.0.0.1:21"):
        with pytest.raises(chatwire.ValidationError) as refused:
            widgetkey(f"{hostile.base}/reply-json/", proxy=proxy)
        assert refused.value.field == "proxy", str(refused.value)
    assert hostile.tls_handshakes() == [] and hostile.proxy_requests() == []


def test_a_proxy_sees_the_requests(hostile: HostileServer) -> None:
    base = f"{hostile.base}/reply-json/"
    assert reply(widgetkey(base, proxy=hostile.proxy)) == "conv_hostile"
    [seen] = hostile.proxy_requests()
    assert (seen["method"], seen["proxy_authorization"]) == ("POST", False)
    assert seen["target"] == f"{base}v1/chat"
    # Proxy credentials go in the URL.
    user = hostile.proxy.replace("http://", "http://user:pass@")
    assert reply(widgetkey(base, proxy=user)) == "conv_hostile"
    assert hostile.proxy_requests()[-1]["proxy_authorization"] is True
    # The hosts of no_proxy are reached directly.
    assert reply(widgetkey(base, proxy=hostile.proxy, no_proxy="127.0.0.1")) == "conv_hostile"
    assert len(hostile.proxy_requests()) == 2
    assert len(hostile.requests()) == 3


def test_a_proxy_tunnels_tls(hostile: HostileServer, ca_file: Path) -> None:
    client = widgetkey(f"{hostile.tls}/reply-json/", proxy=hostile.proxy, ca_file=ca_file)
    assert reply(client) == "conv_hostile"
    [seen] = hostile.proxy_requests()
    assert (seen["method"], seen["target"]) == ("CONNECT", f"127.0.0.1:{port_of(hostile.tls)}")


async def test_an_async_client_through_a_proxy(hostile: HostileServer) -> None:
    client = chatwire.AsyncVexar(
        "sk_test_proxy", base_url=f"{hostile.base}/reply-json/", proxy=hostile.proxy, max_retries=0
    )
    with pytest.raises(chatwire.DecodeError):
        # The scenario answers a widget-key reply, which is not Vexar's shape.
        await client.get_block_status(session_id="s")
    assert [r["method"] for r in hostile.proxy_requests()] == ["GET"]


def test_the_environment_s_proxies(
    hostile: HostileServer, ca_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", hostile.proxy)
    assert reply(widgetkey(f"{hostile.tls}/reply-json/", ca_file=ca_file)) == "conv_hostile"
    assert [(r["method"], r["target"]) for r in hostile.proxy_requests()] == [
        ("CONNECT", f"127.0.0.1:{port_of(hostile.tls)}")
    ]
    # HTTPS_PROXY is for https URLs only; HTTP_PROXY is for http ones.
    assert reply(widgetkey(f"{hostile.base}/reply-json/")) == "conv_hostile"
    assert len(hostile.proxy_requests()) == 1
    monkeypatch.setenv("HTTP_PROXY", hostile.proxy)
    assert reply(widgetkey(f"{hostile.base}/reply-json/")) == "conv_hostile"
    assert hostile.proxy_requests()[-1]["target"] == f"{hostile.base}/reply-json/v1/chat"
    # A proxy given to the client replaces the environment's, and NO_PROXY bypasses them.
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    assert reply(widgetkey(f"{hostile.base}/reply-json/")) == "conv_hostile"
    assert len(hostile.proxy_requests()) == 2
