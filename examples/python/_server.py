"""Where the examples send their requests: the bundled mock server, unless CHATWIRE_BASE_URL
names a real one (then the keys come from their documented variables too: MEVICHAT_PUBLIC_KEY,
VEXAR_SITE_KEY, DEVAPI_API_KEY, WIDGETKEY_API_KEY …). With CHATWIRE_LOG=info (or debug), chatwire
prints a line per request attempt and per stream's end to stderr."""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from chatwire.testing import MockServer


@dataclass(frozen=True)
class Server:
    base_url: str
    mevichat_key: str
    origin: str
    session_id: str
    export_token: str
    vexar_key: str
    devapi_key: str
    widget_key: str


@contextmanager
def server(token_delay: float = 0.04) -> Iterator[Server]:
    base_url = os.environ.get("CHATWIRE_BASE_URL")
    if base_url:
        env = os.environ.get
        yield Server(
            base_url=base_url,
            mevichat_key=env("MEVICHAT_PUBLIC_KEY", ""),
            origin=env("MEVICHAT_ORIGIN", ""),
            session_id=env("CHATWIRE_SESSION_ID", "5f3e8c7c-5d4a-4a91-9a4e-c9a7e6d2b0f1"),
            export_token=env("MEVICHAT_EXPORT_TOKEN", ""),
            vexar_key=env("VEXAR_SITE_KEY", ""),
            devapi_key=env("DEVAPI_API_KEY", ""),
            widget_key=env("WIDGETKEY_API_KEY", ""),
        )
        return
    with MockServer(token_delay=token_delay) as mock:
        yield Server(
            base_url=mock.base_url,
            mevichat_key=mock.MEVICHAT_PUBLIC_KEY,
            origin=mock.ORIGIN,
            session_id=mock.SEEDED_SESSION_ID,
            export_token=mock.EXPORT_JWT,
            vexar_key=mock.VEXAR_SITE_KEY,
            devapi_key=mock.DEVAPI_KEY,
            widget_key=mock.WIDGET_KEY,
        )
