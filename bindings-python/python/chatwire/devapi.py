"""The devapi models and events (typed in ``devapi.pyi``)."""

from typing import Union

from chatwire import _native
from chatwire._codes import code_enum
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

# The provider's codes, from the core's lists.
ErrorCode = code_enum("ErrorCode", __name__, _native.devapi._ErrorCode_VALUES)

__all__ = ['ChatResponse', 'MessageEvent', 'EndEvent', 'UnknownEvent', 'Usage', 'ModelUsage', 'UsageResponse', 'SessionMessage', 'Session', 'PageMeta', 'SessionsResponse', 'ChatEvent', 'ErrorCode']
