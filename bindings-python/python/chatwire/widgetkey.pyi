"""The widget-key API's models and events: what ``chatwire.WidgetKey`` and
``chatwire.AsyncWidgetKey`` answer, and the events of their streams, each as sent
(``StreamEvent``)."""

from typing_extensions import Self, final
from enum import Enum
from typing import Any, Literal, Optional, Union

__all__ = ['ChatResponse', 'StreamEvent', 'ErrorCode']

@final
class ChatResponse:
    """`chat`'s answer."""
    __match_args__ = ('conversation_id', 'message', 'extra')
    @property
    def conversation_id(self) -> str:
        """Identifies the conversation thread."""
    @property
    def message(self) -> str:
        """The assistant's reply."""
    @property
    def extra(self) -> dict[str, Any]:
        """Fields the docs do not name, kept as sent."""
    @property
    def request_id(self) -> Optional[str]:
        """The id of the request that answered this (``x-request-id``), to quote to support."""
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

@final
class StreamEvent:
    """One event of the stream as sent (the docs give no event schema)."""
    __match_args__ = ('event', 'data', 'last_event_id')
    @property
    def event(self) -> str:
        """The event type (`"message"` when the event named none)."""
    @property
    def data(self) -> str:
        """The data, as text."""
    @property
    def last_event_id(self) -> str:
        """The last event ID in force (`""` when none)."""
    def to_dict(self) -> dict[str, Any]:
        """The attributes as plain Python values."""

class ErrorCode(str, Enum):
    """``ErrorCode``: the documented error texts, which serve as codes. A ``str`` equal to
    the value the API sends; ``str()`` of a member is that value."""
    INVALID_REQUEST_PAYLOAD = "Invalid request payload"
    """``400``: missing fields, a bad ``sessionId``, or a bad ``message``."""
    UNAUTHORIZED = "Unauthorized"
    """``401``: the key is missing or invalid."""
    TOO_MANY_REQUESTS = "Too many requests"
    """``429``: the rate limit is exceeded."""
    INTERNAL_SERVER_ERROR = "Internal server error"
    """``500``: an unexpected error."""
