"""The vexar models and events (typed in ``vexar.pyi``)."""

from typing import Union

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
)

# Every event the stream can yield; match on `event.type`.
ChatEvent = Union[ChunkEvent, DoneEvent, UnknownEvent]

__all__ = ['ChunkEvent', 'DoneMeta', 'DoneEvent', 'UnknownEvent', 'HistoryMessage', 'OperatorMessage', 'HistoryResponse', 'SaveResponse', 'OperatorMessagesResponse', 'BlockStatusResponse', 'PendingProactiveResponse', 'UploadImageResponse', 'SuccessResponse', 'ChatEvent']
