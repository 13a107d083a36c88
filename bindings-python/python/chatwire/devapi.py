"""The devapi models and events (typed in ``devapi.pyi``)."""

from typing import Union

from chatwire._native.devapi import (
    ChatResponse,
    MessageEvent,
    EndEvent,
    UnknownEvent,
    Usage,
    ModelUsage,
    UsageResponse,
    SessionMessage,
    Session,
    PageMeta,
    SessionsResponse,
)

# Every event the stream can yield; match on `event.type`.
ChatEvent = Union[MessageEvent, EndEvent, UnknownEvent]

__all__ = ['ChatResponse', 'MessageEvent', 'EndEvent', 'UnknownEvent', 'Usage', 'ModelUsage', 'UsageResponse', 'SessionMessage', 'Session', 'PageMeta', 'SessionsResponse', 'ChatEvent']
