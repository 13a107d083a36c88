from typing_extensions import Self, final
from typing import Any, Literal, Optional, Union

__all__ = ['ChunkEvent', 'DoneMeta', 'DoneEvent', 'UnknownEvent', 'HistoryMessage', 'OperatorMessage', 'HistoryResponse', 'SaveResponse', 'OperatorMessagesResponse', 'BlockStatusResponse', 'PendingProactiveResponse', 'UploadImageResponse', 'SuccessResponse', 'ChatEvent']

@final
class ChunkEvent:
    """`chunk`: the next piece of the answer."""
    __match_args__ = ('content',)
    @property
    def type(self) -> Literal["chunk"]: ...
    @property
    def content(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class DoneMeta:
    __match_args__ = ('conversation_id', 'extra')
    @property
    def conversation_id(self) -> int: ...
    @property
    def extra(self) -> dict[str, Any]: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class DoneEvent:
    """`done`: the last event."""
    __match_args__ = ('meta',)
    @property
    def type(self) -> Literal["done"]: ...
    @property
    def meta(self) -> DoneMeta: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class UnknownEvent:
    """An event whose `type` the docs do not name, kept whole."""
    __match_args__ = ('data',)
    @property
    def type(self) -> Literal["unknown"]: ...
    @property
    def data(self) -> Any: ...
    def to_dict(self) -> dict[str, Any]: ...

ChatEvent = Union[ChunkEvent, DoneEvent, UnknownEvent]

@final
class HistoryMessage:
    __match_args__ = ('role', 'content', 'created_at', 'extra')
    @property
    def role(self) -> Optional[str]: ...
    @property
    def content(self) -> Optional[str]: ...
    @property
    def created_at(self) -> Optional[str]: ...
    @property
    def extra(self) -> dict[str, Any]: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class OperatorMessage:
    __match_args__ = ('content', 'created_at', 'extra')
    @property
    def content(self) -> Optional[str]: ...
    @property
    def created_at(self) -> Optional[str]: ...
    @property
    def extra(self) -> dict[str, Any]: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class HistoryResponse:
    __match_args__ = ('success', 'messages')
    @property
    def success(self) -> bool: ...
    @property
    def messages(self) -> list[HistoryMessage]: ...
    @property
    def request_id(self) -> Optional[str]:
        """The id of the request that answered this (``x-request-id``), to quote to support."""
    def to_dict(self) -> dict[str, Any]: ...

@final
class SaveResponse:
    __match_args__ = ('success', 'message')
    @property
    def success(self) -> bool: ...
    @property
    def message(self) -> Optional[str]: ...
    @property
    def request_id(self) -> Optional[str]:
        """The id of the request that answered this (``x-request-id``), to quote to support."""
    def to_dict(self) -> dict[str, Any]: ...

@final
class OperatorMessagesResponse:
    __match_args__ = ('success', 'messages', 'mode')
    @property
    def success(self) -> bool: ...
    @property
    def messages(self) -> list[OperatorMessage]: ...
    @property
    def mode(self) -> str: ...
    @property
    def request_id(self) -> Optional[str]:
        """The id of the request that answered this (``x-request-id``), to quote to support."""
    def to_dict(self) -> dict[str, Any]: ...

@final
class BlockStatusResponse:
    __match_args__ = ('success', 'blocked')
    @property
    def success(self) -> bool: ...
    @property
    def blocked(self) -> bool: ...
    @property
    def request_id(self) -> Optional[str]:
        """The id of the request that answered this (``x-request-id``), to quote to support."""
    def to_dict(self) -> dict[str, Any]: ...

@final
class PendingProactiveResponse:
    __match_args__ = ('success', 'messages')
    @property
    def success(self) -> bool: ...
    @property
    def messages(self) -> list[OperatorMessage]: ...
    @property
    def request_id(self) -> Optional[str]:
        """The id of the request that answered this (``x-request-id``), to quote to support."""
    def to_dict(self) -> dict[str, Any]: ...

@final
class UploadImageResponse:
    __match_args__ = ('success', 'url')
    @property
    def success(self) -> bool: ...
    @property
    def url(self) -> str: ...
    @property
    def request_id(self) -> Optional[str]:
        """The id of the request that answered this (``x-request-id``), to quote to support."""
    def to_dict(self) -> dict[str, Any]: ...

@final
class SuccessResponse:
    __match_args__ = ('success',)
    @property
    def success(self) -> bool: ...
    @property
    def request_id(self) -> Optional[str]:
        """The id of the request that answered this (``x-request-id``), to quote to support."""
    def to_dict(self) -> dict[str, Any]: ...
