"""The vexar models and events (typed in ``vexar.pyi``)."""

from typing import Union

from chatwire import _native
from chatwire._codes import code_enum
from chatwire._native.vexar import (
    ChunkEvent,
    DoneMeta,
    DoneEvent,
    UnknownEvent,
    HistoryMessage,
    OperatorMessage,
    HistoryResponse,
    SaveResponse,
    OperatorMessagesResponse,
    BlockStatusResponse,
    PendingProactiveResponse,
    UploadImageResponse,
    SuccessResponse,
    OperatorMessageEvent,
    ModeChangedEvent,
    ProactiveMessageEvent,
    VisitorBlockedEvent,
    VisitorUnblockedEvent,
    Watch,
    AsyncWatch,
)

# Every event the stream can yield; match on `event.type`.
ChatEvent = Union[ChunkEvent, DoneEvent, UnknownEvent]

# Every event a watcher (`Vexar.watch`) can yield; match on `event.type`.
WatchEvent = Union[
    OperatorMessageEvent,
    ModeChangedEvent,
    ProactiveMessageEvent,
    VisitorBlockedEvent,
    VisitorUnblockedEvent,
]

# The provider's codes, from the core's lists.
ErrorCode = code_enum("ErrorCode", __name__, _native.vexar._ErrorCode_VALUES)

__all__ = ['ChunkEvent', 'DoneMeta', 'DoneEvent', 'UnknownEvent', 'HistoryMessage', 'OperatorMessage', 'HistoryResponse', 'SaveResponse', 'OperatorMessagesResponse', 'BlockStatusResponse', 'PendingProactiveResponse', 'UploadImageResponse', 'SuccessResponse', 'OperatorMessageEvent', 'ModeChangedEvent', 'ProactiveMessageEvent', 'VisitorBlockedEvent', 'VisitorUnblockedEvent', 'Watch', 'AsyncWatch', 'ChatEvent', 'WatchEvent', 'ErrorCode']
