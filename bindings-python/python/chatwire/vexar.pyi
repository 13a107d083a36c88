"""Vexar's models and events: what ``chatwire.Vexar`` and ``chatwire.AsyncVexar`` answer, and
each event of their streams (``ChatEvent``; match on ``event.type``)."""

from typing_extensions import Self, final
from enum import Enum
from types import TracebackType
from typing import Any, Iterator, AsyncIterator, Literal, Optional, Union

__all__ = ['ChunkEvent', 'DoneMeta', 'DoneEvent', 'UnknownEvent', 'HistoryMessage', 'OperatorMessage', 'HistoryResponse', 'SaveResponse', 'OperatorMessagesResponse', 'BlockStatusResponse', 'PendingProactiveResponse', 'UploadImageResponse', 'SuccessResponse', 'OperatorMessageEvent', 'ModeChangedEvent', 'ProactiveMessageEvent', 'VisitorBlockedEvent', 'VisitorUnblockedEvent', 'Watch', 'AsyncWatch', 'ChatEvent', 'WatchEvent', 'ErrorCode']

@final
class ChunkEvent:
    """`chunk`: the next piece of the answer."""
    __match_args__ = ('content', 'extra')
    @property
    def type(self) -> Literal["chunk"]:
        """The event's kind, `"chunk"`, to match on."""
    @property
    def content(self) -> str:
        """The next piece of the answer's text."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the docs do not name, kept as sent."""
        ...
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class DoneMeta:
    """What the final event carries."""
    __match_args__ = ('conversation_id', 'extra')
    @property
    def conversation_id(self) -> int:
        """The conversation the exchange belongs to."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the docs do not name, kept as sent."""
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class DoneEvent:
    """`done`: the last event."""
    __match_args__ = ('meta', 'extra')
    @property
    def type(self) -> Literal["done"]:
        """The event's kind, `"done"`, to match on."""
    @property
    def meta(self) -> DoneMeta:
        """What the stream ends with."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the docs do not name, kept as sent."""
        ...
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class UnknownEvent:
    """An event whose `type` the docs do not name, kept whole."""
    __match_args__ = ('data',)
    @property
    def type(self) -> Literal["unknown"]:
        """The event's kind, `"unknown"`, to match on."""
    @property
    def data(self) -> Any:
        """The event's JSON."""
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

ChatEvent = Union[ChunkEvent, DoneEvent, UnknownEvent]
"""Every event a Vexar stream yields; match on `event.type`."""

@final
class HistoryMessage:
    """One message of a conversation."""
    __match_args__ = ('role', 'content', 'created_at', 'extra')
    @property
    def role(self) -> Optional[str]:
        """Who wrote it (`user`, `assistant`)."""
    @property
    def content(self) -> Optional[str]:
        """The text."""
    @property
    def created_at(self) -> Optional[str]:
        """When it was written."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the docs do not name, kept as sent."""
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class OperatorMessage:
    """A message from a human operator (or a proactive nudge, which has the same shape)."""
    __match_args__ = ('content', 'created_at', 'extra')
    @property
    def content(self) -> Optional[str]:
        """The text."""
    @property
    def created_at(self) -> Optional[str]:
        """When it was written."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the docs do not name, kept as sent."""
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class HistoryResponse:
    """`get_history`'s answer."""
    __match_args__ = ('success', 'messages', 'extra')
    @property
    def success(self) -> bool:
        """Always `True` on success."""
    @property
    def messages(self) -> list[HistoryMessage]:
        """The conversation so far."""
    @property
    def request_id(self) -> Optional[str]:
        """The id of the request that answered this (``x-request-id``), to quote to support."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the docs do not name, kept as sent."""
        ...
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class SaveResponse:
    """`save_email` and `save_contact`'s answer."""
    __match_args__ = ('success', 'message', 'extra')
    @property
    def success(self) -> bool:
        """Always `True` on success."""
    @property
    def message(self) -> Optional[str]:
        """What was saved, in words (`Email saved`)."""
    @property
    def request_id(self) -> Optional[str]:
        """The id of the request that answered this (``x-request-id``), to quote to support."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the docs do not name, kept as sent."""
        ...
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class OperatorMessagesResponse:
    """`get_operator_messages`'s answer."""
    __match_args__ = ('success', 'messages', 'mode', 'extra')
    @property
    def success(self) -> bool:
        """Always `True` on success."""
    @property
    def messages(self) -> list[OperatorMessage]:
        """Messages not delivered before."""
    @property
    def mode(self) -> str:
        """Who answers now: `ai`, `operator`, or a value the docs do not name, as sent."""
    @property
    def request_id(self) -> Optional[str]:
        """The id of the request that answered this (``x-request-id``), to quote to support."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the docs do not name, kept as sent."""
        ...
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class BlockStatusResponse:
    """`get_block_status`'s answer."""
    __match_args__ = ('success', 'blocked', 'extra')
    @property
    def success(self) -> bool:
        """Always `True` on success."""
    @property
    def blocked(self) -> bool:
        """Whether the visitor is blocked."""
    @property
    def request_id(self) -> Optional[str]:
        """The id of the request that answered this (``x-request-id``), to quote to support."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the docs do not name, kept as sent."""
        ...
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class PendingProactiveResponse:
    """`get_pending_proactive`'s answer."""
    __match_args__ = ('success', 'messages', 'extra')
    @property
    def success(self) -> bool:
        """Always `True` on success."""
    @property
    def messages(self) -> list[OperatorMessage]:
        """Nudges waiting for the visitor."""
    @property
    def request_id(self) -> Optional[str]:
        """The id of the request that answered this (``x-request-id``), to quote to support."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the docs do not name, kept as sent."""
        ...
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class UploadImageResponse:
    """`upload_image`'s answer."""
    __match_args__ = ('success', 'url', 'extra')
    @property
    def success(self) -> bool:
        """Always `True` on success."""
    @property
    def url(self) -> str:
        """Where the image is now."""
    @property
    def request_id(self) -> Optional[str]:
        """The id of the request that answered this (``x-request-id``), to quote to support."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the docs do not name, kept as sent."""
        ...
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class SuccessResponse:
    """`rate_conversation` and `comment_rating`'s answer."""
    __match_args__ = ('success', 'extra')
    @property
    def success(self) -> bool:
        """Always `True` on success."""
    @property
    def request_id(self) -> Optional[str]:
        """The id of the request that answered this (``x-request-id``), to quote to support."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the docs do not name, kept as sent."""
        ...
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class OperatorMessageEvent:
    """A watcher's event: a message from a human operator, each once, in the order the server
    gave them."""
    __match_args__ = ('message',)
    @property
    def type(self) -> Literal["operator_message"]:
        """The event's kind, `"operator_message"`, to match on."""
    @property
    def message(self) -> OperatorMessage:
        """The message."""
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class ModeChangedEvent:
    """A watcher's event: who answers the visitor changed. A watcher starts from ``ai``, so a
    session already in operator mode yields ``ai`` → ``operator`` first. The mode it changed
    from is ``from_`` (``from`` is a Python keyword; ``to_dict()`` names it ``from_`` too)."""
    __match_args__ = ('from_', 'to')
    @property
    def type(self) -> Literal["mode_changed"]:
        """The event's kind, `"mode_changed"`, to match on."""
    @property
    def from_(self) -> Union[Literal["ai", "operator"], str]:
        """Who answered before (``ai`` or ``operator``)."""
    @property
    def to(self) -> Union[Literal["ai", "operator"], str]:
        """Who answers now (``ai`` or ``operator``)."""
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class ProactiveMessageEvent:
    """A watcher's event: a proactive (nudge) message for the visitor, each once."""
    __match_args__ = ('message',)
    @property
    def type(self) -> Literal["proactive_message"]:
        """The event's kind, `"proactive_message"`, to match on."""
    @property
    def message(self) -> OperatorMessage:
        """The message (the same shape as an operator's)."""
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class VisitorBlockedEvent:
    """A watcher's event: the visitor was blocked (also first, when already blocked as the
    watcher starts)."""
    __match_args__ = ()
    @property
    def type(self) -> Literal["visitor_blocked"]:
        """The event's kind, `"visitor_blocked"`, to match on."""
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class VisitorUnblockedEvent:
    """A watcher's event: the visitor was unblocked."""
    __match_args__ = ()
    @property
    def type(self) -> Literal["visitor_unblocked"]:
        """The event's kind, `"visitor_unblocked"`, to match on."""
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

WatchEvent = Union[
    OperatorMessageEvent,
    ModeChangedEvent,
    ProactiveMessageEvent,
    VisitorBlockedEvent,
    VisitorUnblockedEvent,
]
"""Every event a watcher (``Vexar.watch``) yields; match on `event.type`."""

@final
class Watch:
    """A Vexar session's events as they happen (``for event in vexar.watch(...)``). It polls
    while the loop waits for the next event; ``break``, ``close()`` or the end of a ``with``
    block stops it. Ctrl-C during a wait ends it. It ends with the error that stopped it."""
    def __iter__(self) -> Iterator[WatchEvent]: ...
    def __next__(self) -> WatchEvent: ...
    def close(self) -> None:
        """Stops watching: nothing more is sent, and iteration ends."""
    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        kind: Optional[type[BaseException]],
        value: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None: ...

@final
class AsyncWatch:
    """A Vexar session's events as they happen (``async for event in vexar.watch(...)``). It
    polls while the loop awaits the next event; ``break``, ``close()`` or the end of an
    ``async with`` block stops it, and cancelling the task that awaits it abandons the poll in
    flight. It ends with the error that stopped it."""
    def __aiter__(self) -> AsyncIterator[WatchEvent]: ...
    async def __anext__(self) -> WatchEvent: ...
    def close(self) -> None:
        """Stops watching at once: nothing more is sent, and iteration ends."""
    async def aclose(self) -> None:
        """Stops watching, as ``close()``."""
    async def __aenter__(self) -> Self: ...
    async def __aexit__(
        self,
        kind: Optional[type[BaseException]],
        value: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None: ...

class ErrorCode(str, Enum):
    """``ErrorCode``: the ``error`` of a Vexar error body. A ``str`` equal to the value the
    API sends; ``str()`` of a member is that value."""
    INVALID_REQUEST = "invalid_request"
    """A field is missing, of the wrong type, or out of range."""
    INVALID_SITE_KEY = "invalid_site_key"
    """The site key is unknown."""
    VISITOR_BLOCKED = "visitor_blocked"
    """The visitor is blocked."""
    RATE_LIMITED = "rate_limited"
    """Too many requests."""
