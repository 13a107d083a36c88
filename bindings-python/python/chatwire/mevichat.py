"""The mevichat models and events (typed in ``mevichat.pyi``)."""

from typing import Union

from chatwire import _native
from chatwire._codes import code_enum
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
    ExportProgress,
    ExportedFile,
    ExportFailure,
    ExportSummary,
)

# Every event the stream can yield; match on `event.type`.
ChatEvent = Union[MetaEvent, TokenEvent, BlockedEvent, ErrorEvent, DoneEvent, UnknownEvent]

# The provider's codes, from the core's lists.
ErrorCode = code_enum("ErrorCode", __name__, _native.mevichat._ErrorCode_VALUES)
ExportErrorCode = code_enum("ExportErrorCode", __name__, _native.mevichat._ExportErrorCode_VALUES)
StreamErrorCode = code_enum("StreamErrorCode", __name__, _native.mevichat._StreamErrorCode_VALUES)
FinishReason = code_enum("FinishReason", __name__, _native.mevichat._FinishReason_VALUES)

__all__ = ['MetaEvent', 'TokenEvent', 'BlockedEvent', 'ErrorEvent', 'DoneEvent', 'UnknownEvent', 'Bot', 'WidgetConfigResponse', 'ExportSession', 'ExportMessage', 'ExportResponse', 'ExportProgress', 'ExportedFile', 'ExportFailure', 'ExportSummary', 'ChatEvent', 'ErrorCode', 'ExportErrorCode', 'StreamErrorCode', 'FinishReason']
