from typing_extensions import Self, final
from typing import Any, Literal, Optional, Union

__all__ = ['ChatResponse', 'StreamEvent']

@final
class ChatResponse:
    __match_args__ = ('conversation_id', 'message', 'extra')
    @property
    def conversation_id(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def extra(self) -> dict[str, Any]: ...
    @property
    def request_id(self) -> Optional[str]:
        """The id of the request that answered this (``x-request-id``), to quote to support."""
    def to_dict(self) -> dict[str, Any]: ...

@final
class StreamEvent:
    """One event of the stream as sent (the docs give no event schema)."""
    __match_args__ = ('event', 'data', 'last_event_id')
    @property
    def event(self) -> str: ...
    @property
    def data(self) -> str: ...
    @property
    def last_event_id(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
