"""The mevichat models and events (typed in ``mevichat.pyi``)."""

from typing import Union

from chatwire._native.mevichat import (
    MetaEvent,
    TokenEvent,
    BlockedEvent,
    ErrorEvent,
    DoneEvent,
    UnknownEvent,
    Bot,
    WidgetConfigResponse,
    ExportSession,
    ExportMessage,
    ExportResponse,
)

# Every event the stream can yield; match on `event.type`.
ChatEvent = Union[MetaEvent, TokenEvent, BlockedEvent, ErrorEvent, DoneEvent, UnknownEvent]

__all__ = ['MetaEvent', 'TokenEvent', 'BlockedEvent', 'ErrorEvent', 'DoneEvent', 'UnknownEvent', 'Bot', 'WidgetConfigResponse', 'ExportSession', 'ExportMessage', 'ExportResponse', 'ChatEvent']
